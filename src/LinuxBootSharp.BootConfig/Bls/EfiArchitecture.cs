namespace LinuxBootSharp.BootConfig.Bls;

/// <summary>
/// Architecture names of the EFI vocabulary, which the BLS <c>architecture</c> key uses
/// ("IA32, x64, IA64, ARM, AA64, …", compared case-insensitively), and the PE machine
/// types (PE format, "Machine Types") of the same architectures, for UKIs.
/// </summary>
public static class EfiArchitecture
{
    /// <summary>The architecture this build runs on, in EFI spelling.</summary>
    public static string Current => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "x64",
        System.Runtime.InteropServices.Architecture.X86 => "ia32",
        System.Runtime.InteropServices.Architecture.Arm64 => "aa64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.RiscV64 => "riscv64",
        System.Runtime.InteropServices.Architecture.LoongArch64 => "loongarch64",
        _ => "x64",
    };

    public static bool Matches(string entryArchitecture, string current) =>
        string.Equals(entryArchitecture.Trim(), current, StringComparison.OrdinalIgnoreCase);

    /// <summary>EFI name of a PE Machine value, or null for one we do not know.</summary>
    public static string? FromPeMachine(ushort machine) => machine switch
    {
        0x8664 => "x64",
        0x014C => "ia32",
        0xAA64 => "aa64",
        0x01C0 or 0x01C2 or 0x01C4 => "arm",
        0x0200 => "ia64",
        0x5064 => "riscv64",
        0x5032 => "riscv32",
        0x6264 => "loongarch64",
        _ => null,
    };
}
