namespace LinuxBootSharp.BootConfig.Syslinux;

/// <summary>What a label does when chosen (menu.c32's MENU EXIT / GOTO / QUIT / SEPARATOR / DISABLE).</summary>
public enum SyslinuxLabelAction
{
    Run,
    Exit,
    Goto,
    Quit,
    Disabled,
}

/// <summary>One LABEL block as read, before paths are resolved.</summary>
public sealed class SyslinuxLabel
{
    /// <summary>The LABEL argument: the rest of the line (menu.c32 takes it whole).</summary>
    public required string Name { get; init; }

    /// <summary>KERNEL/LINUX/... argument as written (the file, then any words after it); a label
    /// without one runs the file named by the label's first word.</summary>
    public required string Kernel { get; set; }
    public SyslinuxKernelType? ForcedType { get; set; }

    /// <summary>Label APPEND, null when the label has none (then the global APPEND applies).</summary>
    public string? Append { get; set; }
    public string? Initrd { get; set; }
    public string? MenuLabel { get; set; }
    public bool MenuHide { get; set; }
    public bool MenuDefault { get; set; }
    public string? IpAppend { get; set; }
    public SyslinuxLabelAction Action { get; set; } = SyslinuxLabelAction.Run;

    /// <summary>The global APPEND in force when the label was recorded (readconfig.c record()).</summary>
    public string? GlobalAppend { get; set; }

    /// <summary>The enclosing MENU BEGIN blocks, outermost first.</summary>
    public required IReadOnlyList<SyslinuxMenuFrame> Submenu { get; init; }

    /// <summary>Working directory at the time (the main config's directory, or a CONFIG target's).</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>PATH entries in force when the label was recorded.</summary>
    public required IReadOnlyList<string> SearchPath { get; init; }

    /// <summary>"device:/path" of the file holding the LABEL line, and that line.</summary>
    public required string File { get; init; }
    public required int Line { get; init; }

    /// <summary>parse_image_type(): from the extension of the command's first word.</summary>
    public SyslinuxKernelType Type => ForcedType ?? SyslinuxKernelTypes.FromFileName(SyslinuxConfigReader.SplitWord(Kernel, lower: false).Keyword);

    /// <summary>Menu text: MENU LABEL, else LABEL, without the '^' hotkey markers (readconfig.c strip_caret).</summary>
    public string DisplayName => Clean(MenuLabel ?? Name);

    /// <summary>Menu text as shown: '^' hotkey markers and control characters (a ^G bell in
    /// Debian's titles) removed.</summary>
    public static string Clean(string? text) =>
        new string((text ?? "").Where(c => c != '^' && !char.IsControl(c)).ToArray()).Trim();
}
