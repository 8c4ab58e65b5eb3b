using System.Text;
using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Boot.Kexec;

/// <summary>
/// systemd-boot's one-shot choice: the EFI variable LoaderEntryOneShot under the Boot Loader
/// Interface vendor GUID (systemd docs/BOOT_LOADER_INTERFACE.md), which systemd-boot reads and
/// deletes at the next boot (what `bootctl set-oneshot ID` writes). In efivarfs a variable is
/// the file NAME-GUID holding a 4-byte little-endian attribute word and then the data
/// (Documentation/filesystems/efivarfs.rst); the data is the entry id in UTF-16LE with its
/// terminating NUL (systemd efivars.c efi_set_variable_string). The whole variable must be
/// written in one write(2), and an existing file is immutable until its flag is cleared.
/// </summary>
public static class LoaderEntryOneShot
{
    public const string VendorGuid = "4a67b082-0a4c-41cf-b6c7-440b29bb8c4f";
    public const string Name = "LoaderEntryOneShot";

    /// <summary>EFI_VARIABLE_NON_VOLATILE | BOOTSERVICE_ACCESS | RUNTIME_ACCESS (UEFI 2.10 section 8.2).</summary>
    public const uint Attributes = 0x7;

    public static string FileIn(string efivarsDir) => Path.Combine(efivarsDir, $"{Name}-{VendorGuid}");

    /// <summary>systemd-boot announces itself by LoaderInfo (BOOT_LOADER_INTERFACE.md): then it reads the one-shot.</summary>
    public static bool LoaderIsSystemdBoot(string efivarsDir) => File.Exists(Path.Combine(efivarsDir, $"LoaderInfo-{VendorGuid}"));

    public static byte[] Encode(string entryId)
    {
        var text = Encoding.Unicode.GetBytes(entryId + "\0");
        var data = new byte[4 + text.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(data, Attributes);
        text.CopyTo(data, 4);
        return data;
    }

    /// <summary>Writes the variable; returns the file written.</summary>
    public static string Write(string efivarsDir, string entryId)
    {
        var file = FileIn(efivarsDir);
        if (File.Exists(file))
            InodeFlags.TryClearImmutable(file);
        var data = Encode(entryId);
        try
        {
            using var h = File.OpenHandle(file, FileMode.Create, FileAccess.Write);
            RandomAccess.Write(h, data, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BootLoadException($"{file}: cannot write the one-shot entry: {e.Message}", e);
        }
        return file;
    }
}
