using LinuxBootSharp.BootConfig;
using LinuxBootSharp.BootConfig.Grub;
using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Boot.Kexec;

/// <summary>Where the one-shot choice was written, and how.</summary>
public sealed record RebootInsteadResult(string Mechanism, string File, string Value, bool Rebooting);

/// <summary>How <see cref="RebootInstead.Run"/> finds the running system's boot loader state.</summary>
public sealed record RebootInsteadOptions
{
    public required Action<string> Log { get; init; }

    /// <summary>--grubenv FILE: this grubenv instead of the one beside the entry's grub.cfg.</summary>
    public string? GrubEnv { get; init; }

    public string EfiVars { get; init; } = "/sys/firmware/efi/efivars";

    /// <summary>Write the one-shot, then stop: no reboot (--load-only, tests).</summary>
    public bool WriteOnly { get; init; }

    /// <summary>Print what would be written and stop: nothing written, no reboot (--dry-run).</summary>
    public bool DryRun { get; init; }

    public RunningSystem System { get; init; } = new();

    public IReadOnlyList<MountInfo>? Mounts { get; init; }
}

/// <summary>
/// Reboot through the firmware into one entry, once (`lbs boot --reboot-instead`, and the
/// automatic path when kexec is unavailable): the running system's boot loader is told which
/// entry to start next time, then the system reboots the ordinary way. GRUB entries (and BLS
/// entries GRUB's blscfg shows) get grub-reboot's next_entry in grubenv, which the
/// grub-mkconfig header turns into the default once and clears (util/grub.d/00_header.in);
/// BLS and UKI entries under systemd-boot get its LoaderEntryOneShot EFI variable.
/// One function: entry + reason in, result out — the board policy `reboot-instead` calls it too.
/// </summary>
public static class RebootInstead
{
    /// <summary>Throws BootLoadException when the entry has no one-shot mechanism or writing fails.</summary>
    public static RebootInsteadResult Run(BootEntry entry, string reason, RebootInsteadOptions o)
    {
        var log = o.Log;
        log($"reboot instead of kexec: {reason}");
        var (mechanism, file, value) = Choose(entry, o);
        if (o.DryRun)
        {
            log($"dry run: would set {mechanism} = '{value}' in {file}, then reboot");
            return new RebootInsteadResult(mechanism, file, value, false);
        }
        if (mechanism == LoaderEntryOneShot.Name)
            LoaderEntryOneShot.Write(o.EfiVars, value);
        else
            GrubEnvFile.SetNextEntry(file, value);
        log($"set {mechanism} = '{value}' in {file}");
        if (o.WriteOnly)
            return new RebootInsteadResult(mechanism, file, value, false);
        log($"rebooting through the firmware into '{entry.Title}'");
        if (o.System.SystemdRunning)
            o.System.HandOverToSystemd("reboot", log);
        else
            o.System.ShutDownOurselves(Reboot.CmdRestart, log, bringDownNetwork: false);
        return new RebootInsteadResult(mechanism, file, value, true);
    }

    private static (string Mechanism, string File, string Value) Choose(BootEntry e, RebootInsteadOptions o)
    {
        bool sdboot = LoaderEntryOneShot.LoaderIsSystemdBoot(o.EfiVars);
        // systemd-boot ids keep the file's suffix (src/boot/boot.c: the entry id is the file name
        // without the boot-counting part): "debian-6.1.conf", "arch.efi".
        if (sdboot && o.GrubEnv is null && e.Source is "bls" or "uki" && e.Id is string id)
            return (LoaderEntryOneShot.Name, LoaderEntryOneShot.FileIn(o.EfiVars), id + (e.Source == "bls" ? ".conf" : ".efi"));
        if (e.Source is "grub" or "bls")
        {
            // GRUB's blscfg names a BLS entry by its file name without ".conf" (its id).
            var value = GrubEnvWriter.NextEntry(e);
            var file = o.GrubEnv ?? GrubEnvFile.Locate(e, o.Mounts ?? MountTable.ReadCurrent())
                ?? throw new BootLoadException($"{e.Title}: no grubenv of the running system found (looked beside {e.SourceFile} and at {string.Join(", ", GrubEnvFile.DefaultPaths)}); give --grubenv FILE");
            return ("next_entry", file, value);
        }
        throw new BootLoadException(e.Source == "syslinux"
            ? $"{e.Title}: syslinux has no one-shot entry lbs can set (extlinux --once writes the boot sector's ADV, which lbs never writes)"
            : $"{e.Title}: a {e.Source} entry needs systemd-boot (no LoaderInfo in {o.EfiVars}) for a one-shot reboot");
    }
}
