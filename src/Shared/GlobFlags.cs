namespace LinuxBootSharp;

/// <summary>Options of <see cref="Glob"/>, named after fnmatch(3)'s flags.</summary>
[Flags]
internal enum GlobFlags
{
    /// <summary>fnmatch(pattern, string, 0): case-sensitive, as systemd-boot's efi_fnmatch for loader.conf <c>default</c>.</summary>
    None = 0,

    /// <summary>
    /// FNM_CASEFOLD (GNU extension, fnmatch(3)): "the pattern is matched case-insensitively".
    /// Pattern characters, bracket members and range ends are folded like the text, so with it
    /// <c>[A-Z]</c> also matches "q". Board DMI match rules use it: vendors change the case of
    /// DMI strings between firmware releases.
    /// </summary>
    CaseFold = 1,
}
