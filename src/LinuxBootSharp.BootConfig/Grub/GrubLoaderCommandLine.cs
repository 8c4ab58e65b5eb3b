using System.Text;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// Builds the kernel command line from the arguments after the kernel file, as GRUB 2.02+ does
/// (grub-core/lib/cmdline.c, grub_create_loader_cmdline): arguments are joined by one space, an
/// argument containing a space or tab is wrapped in double quotes, and backslash, single and
/// double quotes are escaped with a backslash. An empty argument still contributes its separator.
/// </summary>
public static class GrubLoaderCommandLine
{
    public static string Build(IReadOnlyList<string> args, int start = 0)
    {
        var sb = new StringBuilder();
        for (int i = start; i < args.Count; i++)
        {
            var a = args[i];
            bool quote = a.Contains(' ') || a.Contains('\t');
            if (quote)
                sb.Append('"');
            foreach (var c in a)
            {
                if (c is '\\' or '\'' or '"')
                    sb.Append('\\');
                sb.Append(c);
            }
            if (quote)
                sb.Append('"');
            sb.Append(' ');
        }
        if (sb.Length > 0)
            sb.Length--;
        return sb.ToString();
    }
}
