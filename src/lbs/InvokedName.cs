namespace LinuxBootSharp.Cli;

/// <summary>
/// The name lbs was started under: the last path component of argv[0], read from
/// /proc/self/cmdline (the first NUL-terminated string) because .NET's `args` leaves argv[0] out
/// and Environment's process path is the resolved binary, not the symlink.
/// </summary>
internal static class InvokedName
{
    public static string Get()
    {
        var text = LinuxBootSharp.Interop.SysFile.TryReadText("/proc/self/cmdline", 4096);
        if (string.IsNullOrEmpty(text))
            return "lbs";
        int nul = text.IndexOf('\0');
        var argv0 = nul < 0 ? text : text[..nul];
        int slash = argv0.LastIndexOf('/');
        return slash < 0 ? argv0 : argv0[(slash + 1)..];
    }
}
