using System.Globalization;
using LinuxBootSharp.Storage;

namespace LinuxBootSharp.BootConfig.Syslinux;

/// <summary>
/// Reads a syslinux/extlinux/isolinux/pxelinux configuration the way syslinux's readconfig.c
/// does: one global parser state across INCLUDEd files ("as if the files had been concatenated"),
/// keywords matched case-insensitively, a LABEL recorded when the next LABEL (or MENU
/// BEGIN/END, or end of input) starts. Relative paths resolve against the working directory,
/// which is the directory of the main config file for every INCLUDE (not the including file's).
/// </summary>
public sealed class SyslinuxConfigReader
{
    /// <summary>INCLUDE nesting limit; syslinux has none, a loop would exhaust its stack.</summary>
    public const int MaxIncludeDepth = 16;

    /// <summary>Config files larger than this are not configs.</summary>
    public const long MaxConfigBytes = 1 << 20;

    private readonly IFileTree _tree;
    private readonly SyslinuxBudget _budget;
    private readonly List<Diagnostic> _diagnostics;
    private readonly SyslinuxConfig _config;
    private readonly List<SyslinuxMenuFrame> _menus;
    private readonly Stack<string> _includeStack = new();
    private readonly List<string> _path = [];
    private readonly string _cwd;
    private readonly int _baseMenus;
    private SyslinuxLabel? _label;

    private SyslinuxConfigReader(IFileTree tree, string cwd, IReadOnlyList<SyslinuxMenuFrame> baseMenus, SyslinuxBudget budget, List<Diagnostic> diagnostics)
    {
        _tree = tree;
        _cwd = cwd;
        _config = new SyslinuxConfig { WorkingDirectory = cwd };
        _menus = [.. baseMenus];
        _baseMenus = _menus.Count;
        _budget = budget;
        _diagnostics = diagnostics;
    }

    /// <summary>Reads <paramref name="path"/> with working directory <paramref name="cwd"/>.</summary>
    public static SyslinuxConfig Read(IFileTree tree, string path, string cwd, IReadOnlyList<SyslinuxMenuFrame> baseMenus,
        SyslinuxBudget budget, List<Diagnostic> diagnostics)
    {
        var r = new SyslinuxConfigReader(tree, cwd, baseMenus, budget, diagnostics);
        r.ReadFile(path, null, 0);
        r.Record();
        return r._config;
    }

    private string Display(string path) => $"{_tree.Identity.Device}:{path}";

    private void ReadFile(string path, string? fromFile, int fromLine)
    {
        if (_includeStack.Contains(path, StringComparer.Ordinal))
        {
            _diagnostics.Add(new Diagnostic(Severity.Error, $"include loop: {path} is already being read", fromFile, fromLine));
            return;
        }
        if (_includeStack.Count >= MaxIncludeDepth)
        {
            _diagnostics.Add(new Diagnostic(Severity.Error, $"includes nested deeper than {MaxIncludeDepth}: {path} not read", fromFile, fromLine));
            return;
        }
        if (!_budget.TakeFile())
        {
            _diagnostics.Add(new Diagnostic(Severity.Error, $"more than {SyslinuxBudget.MaxFiles} config files read: {path} not read", fromFile, fromLine));
            return;
        }
        string text;
        try
        {
            if (fromFile is not null && !_tree.FileExists(path))
            {
                // do_include()/do_include_menu(): open() fails, the line is skipped without a word.
                _diagnostics.Add(new Diagnostic(Severity.Info, $"INCLUDE {path}: no such file, skipped (as syslinux does)", fromFile, fromLine));
                return;
            }
            text = _tree.ReadAllText(path, MaxConfigBytes);
        }
        catch (StorageException e)
        {
            // syslinux skips an INCLUDE it cannot open; a read error is worth more than Info.
            _diagnostics.Add(new Diagnostic(Severity.Warning, $"cannot read {path}: {e.Message}", fromFile ?? Display(path), fromFile is null ? null : fromLine));
            return;
        }
        if (!_budget.ConfigFiles.Contains(Display(path)))
            _budget.ConfigFiles.Add(Display(path));
        _includeStack.Push(path);
        try
        {
            ParseText(text, Display(path));
        }
        finally
        {
            _includeStack.Pop();
        }
    }

    private void ParseText(string text, string file)
    {
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int lineNo = i + 1;
            var line = lines[i].TrimEnd('\r').TrimStart(' ', '\t');
            if (line.Length == 0 || line[0] == '#')
                continue;
            var (kw, rest) = SplitWord(line);
            switch (kw)
            {
                case "menu":
                    Menu(rest, file, lineNo);
                    break;
                case "text":
                    // TEXT HELP ... ENDTEXT: help text, skipped up to the ENDTEXT line.
                    while (i + 1 < lines.Length && SplitWord(lines[i + 1].TrimEnd('\r').TrimStart(' ', '\t')).Keyword != "endtext")
                        i++;
                    i++;
                    break;
                case "include":
                    Include(rest, null, file, lineNo);
                    break;
                case "append":
                    if (_label is not null)
                        _label.Append = rest;
                    else
                        _config.GlobalAppend = rest;
                    break;
                case "initrd":
                    // "INITRD" outside a label is ignored by readconfig.c.
                    // refstrdup(skipspace(p + 6)): kept as written, trailing blanks included.
                    if (_label is not null)
                        _label.Initrd = rest;
                    else
                        _diagnostics.Add(new Diagnostic(Severity.Info, "INITRD outside a LABEL is ignored", file, lineNo));
                    break;
                case "label":
                    Record();
                    var name = rest.Trim();
                    if (!_budget.TakeLabel())
                    {
                        _diagnostics.Add(new Diagnostic(Severity.Error, $"more than {SyslinuxBudget.MaxLabels} labels: the rest are ignored", file, lineNo));
                        return;
                    }
                    _label = new SyslinuxLabel
                    {
                        Name = name,
                        // __refdup_word(): without KERNEL the label runs the file named by its first word.
                        Kernel = SplitWord(name, lower: false).Keyword,
                        Submenu = [.. _menus],
                        WorkingDirectory = _cwd,
                        SearchPath = [.. _path],
                        File = file,
                        Line = lineNo,
                    };
                    break;
                case "timeout":
                    _config.TimeoutTenths = ParseLong(rest, file, lineNo, kw);
                    break;
                case "totaltimeout":
                    _config.TotalTimeoutTenths = ParseLong(rest, file, lineNo, kw);
                    break;
                case "ontimeout":
                    _config.OnTimeout = rest; // refstrdup(skipspace(...)): as written
                    break;
                case "ipappend" or "sysappend":
                    if (_label is not null)
                        _label.IpAppend = rest.Trim();
                    else
                        _config.GlobalIpAppend = rest.Trim();
                    break;
                case "default":
                    _config.Default = rest.Trim();
                    _config.DefaultFile = file;
                    _config.DefaultLine = lineNo;
                    break;
                case "ui":
                    _config.Ui = rest.Trim();
                    break;
                case "prompt":
                    _config.Prompt = (int?)ParseLong(rest, file, lineNo, kw);
                    break;
                case "implicit":
                    _config.AllowImplicit = ParseLong(rest, file, lineNo, kw) != 0;
                    break;
                case "path":
                    // PATH dir1:dir2 (syslinux 5+): where modules and files are also looked for.
                    foreach (var d in rest.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        if (_path.Count < 32)
                            _path.Add(FileTree.Combine(_cwd, d));
                    break;
                default:
                    if (SyslinuxKernelTypes.IsKernelKeyword(kw))
                    {
                        if (_label is null)
                        {
                            _diagnostics.Add(new Diagnostic(Severity.Info, $"{kw.ToUpperInvariant()} outside a LABEL is ignored", file, lineNo));
                            break;
                        }
                        _label.Kernel = rest;
                        _label.ForcedType = SyslinuxKernelTypes.FromKeyword(kw);
                    }
                    else if (!IsKnownIgnored(kw))
                    {
                        _diagnostics.Add(new Diagnostic(Severity.Info, $"unknown keyword '{kw}' ignored", file, lineNo));
                    }
                    break;
            }
        }
    }

    /// <summary>Directives that only affect the console, prompt or help screens.</summary>
    private static bool IsKnownIgnored(string kw) =>
        kw is "say" or "display" or "font" or "kbdmap" or "serial" or "console" or "allowoptions" or "noescape"
            or "nocomplete" or "nohalt" or "onerror" or "pxeretry" or "sendcookies" or "endtext"
        || (kw.Length is 2 or 3 && kw[0] == 'f' && int.TryParse(kw.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 12);

    private void Menu(string rest, string file, int lineNo)
    {
        var (sub, arg) = SplitWord(rest);
        var top = _menus.Count > 0 ? _menus[^1] : null;
        switch (sub)
        {
            case "label":
                if (_label is not null)
                    _label.MenuLabel = arg.Trim();
                else if (top is not null)
                    top.Label = arg.Trim();
                break;
            case "title":
                if (top is not null && _label is null)
                    top.Title = arg.Trim();
                break;
            case "default":
                if (_label is not null)
                    _label.MenuDefault = true;
                break;
            case "hide":
                if (_label is not null)
                    _label.MenuHide = true;
                break;
            case "include":
                {
                    // MENU INCLUDE file [tag]: with a tag, the file's labels form a submenu.
                    var (f, tag) = SplitWord(arg, lower: false);
                    Include(f, tag.Trim().Length > 0 ? tag.Trim() : null, file, lineNo);
                    break;
                }
            case "begin":
                Record();
                if (_menus.Count >= MaxIncludeDepth)
                {
                    _diagnostics.Add(new Diagnostic(Severity.Warning, $"MENU BEGIN nested deeper than {MaxIncludeDepth}; treated as flat", file, lineNo));
                    break;
                }
                _menus.Add(new SyslinuxMenuFrame { Tag = arg.Trim() });
                break;
            case "end":
                // end_submenu(): back to the parent; the top menu (and, after CONFIG, the
                // frames the new config was entered from) has none.
                Record();
                if (_menus.Count > _baseMenus)
                    _menus.RemoveAt(_menus.Count - 1);
                break;
            case "separator":
                Record();
                break;
            case "disable" or "disabled":
                if (_label is not null)
                    _label.Action = SyslinuxLabelAction.Disabled;
                break;
            case "exit":
                if (_label is not null && _menus.Count > 0)
                    _label.Action = SyslinuxLabelAction.Exit;
                break;
            case "goto":
                if (_label is not null)
                    _label.Action = SyslinuxLabelAction.Goto;
                break;
            case "quit":
                if (_label is not null)
                    _label.Action = SyslinuxLabelAction.Quit;
                break;
            default:
                // Colours, geometry, messages, passwords, background: presentation only.
                break;
        }
    }

    private void Include(string arg, string? submenuTag, string file, int lineNo)
    {
        var name = SplitWord(arg, lower: false).Keyword;
        if (name.Length == 0)
        {
            _diagnostics.Add(new Diagnostic(Severity.Warning, "INCLUDE without a file name", file, lineNo));
            return;
        }
        var path = FileTree.Combine(_cwd, name);
        int depth = _menus.Count;
        if (submenuTag is not null)
        {
            Record();
            _menus.Add(new SyslinuxMenuFrame { Tag = submenuTag });
        }
        ReadFile(path, file, lineNo);
        if (submenuTag is not null)
        {
            // Back to the including menu, whatever MENU BEGIN/END the file left unbalanced.
            Record();
            if (_menus.Count > depth)
                _menus.RemoveRange(depth, _menus.Count - depth);
        }
    }

    /// <summary>readconfig.c record(): the label being read is complete; capture the global APPEND now.</summary>
    private void Record()
    {
        if (_label is null)
            return;
        _label.GlobalAppend = _config.GlobalAppend;
        _label.IpAppend ??= _config.GlobalIpAppend;
        _config.Labels.Add(_label);
        _label = null;
    }

    private long? ParseLong(string s, string file, int line, string kw)
    {
        // atoi(): leading digits, anything after ignored.
        var t = s.Trim();
        int n = 0;
        while (n < t.Length && n < 18 && char.IsAsciiDigit(t[n]))
            n++;
        if (n == 0)
        {
            _diagnostics.Add(new Diagnostic(Severity.Warning, $"{kw.ToUpperInvariant()} '{t}' is not a number", file, line));
            return null;
        }
        return long.Parse(t.AsSpan(0, n), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>First whitespace-delimited word (lower-cased for keywords) and the rest after the whitespace.</summary>
    internal static (string Keyword, string Remainder) SplitWord(string s, bool lower = true)
    {
        s = s.TrimStart(' ', '\t');
        int i = 0;
        while (i < s.Length && s[i] is not (' ' or '\t'))
            i++;
        var word = s[..i];
        return (lower ? word.ToLowerInvariant() : word, s[i..].TrimStart(' ', '\t'));
    }
}
