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
    /// Removes every <c>initrd=</c> argument and returns the files of the last one: syslinux's
    /// Linux loader takes the last <c>initrd=</c> (find_argument) and its value is a
    /// comma-separated list of files, loaded in order.
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
}
