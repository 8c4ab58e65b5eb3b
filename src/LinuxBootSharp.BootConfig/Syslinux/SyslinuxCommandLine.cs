using System.Text;

namespace LinuxBootSharp.BootConfig.Syslinux;

/// <summary>Kernel command-line handling shared by the syslinux rules.</summary>
public static class SyslinuxCommandLine
{
    /// <summary>
    /// Splits a command line into arguments at unquoted whitespace (the kernel's own rule in
    /// lib/cmdline.c: double quotes group, they do not nest).
    /// </summary>
    public static List<string> Split(string cmdline)
    {
        var args = new List<string>();
        var cur = new StringBuilder();
        bool quoted = false;
        foreach (var c in cmdline)
        {
            if (c == '"')
                quoted = !quoted;
            if (!quoted && c is ' ' or '\t' or '\n' or '\r')
            {
                if (cur.Length > 0)
                {
                    args.Add(cur.ToString());
                    cur.Clear();
                }
                continue;
            }
            cur.Append(c);
        }
        if (cur.Length > 0)
            args.Add(cur.ToString());
        return args;
    }

    /// <summary>
    /// Comparison helper (peers' recorded command lines): removes every <c>initrd=</c> argument,
    /// joins the rest with single spaces and returns the files of the last one. This is not how
    /// syslinux boots; see <see cref="LinuxLoader"/> for that.
    /// </summary>
    public static (string Cmdline, List<string> Initrds) ExtractInitrds(string cmdline)
    {
        var kept = new List<string>();
        string? last = null;
        foreach (var a in Split(cmdline))
        {
            if (a.StartsWith("initrd=", StringComparison.Ordinal))
                last = a["initrd=".Length..];
            else
                kept.Add(a);
        }
        var files = last is null ? [] : last.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return (string.Join(' ', kept), files);
    }

    /// <summary>my_isspace() in ldlinux (cli.h): every control character and the space.</summary>
    public static bool IsSpace(char c) => c <= ' ';

    /// <summary>
    /// What ldlinux's execute() and new_linux_kernel() (com32/elflink/ldlinux/execute.c,
    /// kernel.c) do with a label's command line <c>"kernel args..."</c>: the first word
    /// (up to my_isspace) is the kernel file as written; the rest, after the whitespace that
    /// follows it, is passed verbatim; the kernel receives <c>"BOOT_IMAGE=&lt;kernel&gt; &lt;args&gt;"</c>
    /// (sprintf "BOOT_IMAGE=%s %s"), initrd= arguments included. The initrds are read from the
    /// first "initrd=" anywhere in that line (strstr, not an argument match): names separated by
    /// ',' and ending at a space, a ',' or the end, loaded in order.
    /// </summary>
    public static (string Kernel, string Args, List<string> Initrds) LinuxLoader(string commandLine)
    {
        int i = 0;
        while (i < commandLine.Length && !IsSpace(commandLine[i]))
            i++;
        var kernel = commandLine[..i];
        while (i < commandLine.Length && IsSpace(commandLine[i]))
            i++;
        var args = commandLine[i..];
        var full = $"BOOT_IMAGE={kernel} {args}";
        var initrds = new List<string>();
        int at = full.IndexOf("initrd=", StringComparison.Ordinal);
        if (at >= 0)
        {
            int p = at + "initrd".Length;
            do
            {
                p++; // the '=' or ','
                int start = p;
                while (p < full.Length && full[p] is not (' ' or ','))
                    p++;
                if (initrds.Count < MaxInitrds)
                    initrds.Add(full[start..p]);
            }
            while (p < full.Length && full[p] == ',');
        }
        return (kernel, args, initrds);
    }

    /// <summary>Bound on initrd= names taken from one command line.</summary>
    public const int MaxInitrds = 64;
}
