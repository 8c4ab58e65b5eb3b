namespace LinuxBootSharp.Storage;

/// <summary>
/// Partition type GUIDs a boot loader cares about (UEFI spec 5.3.3, the Discoverable Partitions
/// Specification, and util-linux's libfdisk/src/parttype list for the names).
/// </summary>
public static class GptPartitionTypes
{
    public const string EfiSystem = "c12a7328-f81f-11d2-ba4b-00a0c93ec93b";
    public const string LinuxFilesystem = "0fc63daf-8483-4772-8e79-3d69d8477de4";
    public const string Xbootldr = "bc13c2ff-59e6-4262-a352-b275fd6f7172";
    public const string BiosBoot = "21686148-6449-6e6f-744e-656564454649";
    public const string LinuxLvm = "e6d6d379-f507-44c2-a23c-238f2a3df928";
    public const string LinuxRaid = "a19d880f-05fc-4d3b-a006-743f0f84911e";
    public const string LinuxSwap = "0657fd6d-a4ab-43c4-84e5-0933c84b4f4f";
    public const string MicrosoftBasicData = "ebd0a0a2-b9e5-4433-87c0-68b6b72699c7";
    public const string MicrosoftReserved = "e3c9e316-0b5c-4db8-817d-f92df00215ae";
    public const string LinuxRootX86_64 = "4f68bce3-e8cd-4db1-96e7-fbcaf984b709";
    public const string LinuxHome = "933ac7e1-2eb4-4f13-b844-0e14e2aef915";

    public static string? NameOf(string typeGuid) => typeGuid switch
    {
        EfiSystem => "EFI System",
        LinuxFilesystem => "Linux filesystem",
        Xbootldr => "XBOOTLDR",
        BiosBoot => "BIOS boot",
        LinuxLvm => "Linux LVM",
        LinuxRaid => "Linux RAID",
        LinuxSwap => "Linux swap",
        MicrosoftBasicData => "Microsoft basic data",
        MicrosoftReserved => "Microsoft reserved",
        LinuxRootX86_64 => "Linux root (x86-64)",
        LinuxHome => "Linux home",
        _ => null,
    };
}
