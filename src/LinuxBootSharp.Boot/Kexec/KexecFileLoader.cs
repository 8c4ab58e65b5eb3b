using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Boot.Kexec;

/// <summary>The real thing: kexec_file_load(2), then sync and reboot(LINUX_REBOOT_CMD_KEXEC).</summary>
public sealed class KexecFileLoader : IKexec
{
    public void Load(StagedImage image) => Load(image, 0);

    /// <param name="flags">kexec_file_load flags (KexecFileLoad.FlagOnCrash for a crash kernel).</param>
    public void Load(StagedImage image, ulong flags)
    {
        try
        {
            KexecFileLoad.Load((int)image.Kernel.DangerousGetHandle(), image.Initrd is null ? -1 : (int)image.Initrd.DangerousGetHandle(), image.Request.Cmdline, flags);
        }
        catch (ErrnoException e)
        {
            throw new KexecRefusedException($"kexec_file_load of {image.Request.Kernel.Display} failed: {e.Errno} ({ErrnoText.Describe(e.Errno)}){Explain(e.Errno)}", e.Errno, e);
        }
    }

    /// <summary>What each errno means for kexec_file_load (kernel/kexec_file.c, arch/x86/kernel/kexec-bzimage64.c).</summary>
    public static string Explain(Errno e) => e switch
    {
        Errno.ENOEXEC => ": not a bootable kernel image (no bzImage header, or a format this kernel cannot kexec)",
        Errno.EPERM => ": not permitted (needs CAP_SYS_BOOT; kexec may be disabled by kernel.kexec_load_disabled or lockdown)",
        Errno.EKEYREJECTED or Errno.ENOKEY or Errno.EBADMSG => ": the kernel's signature check rejected the image (KEXEC_SIG enforced)",
        Errno.ENOMEM => ": not enough memory to place the kernel and initrd",
        Errno.ENOSYS => ": this kernel was built without CONFIG_KEXEC_FILE",
        Errno.EBUSY => ": another kexec load is in progress",
        Errno.EINVAL => ": the kernel rejected the arguments (command line too long?)",
        _ => "",
    };

    public void Execute()
    {
        Sync.Invoke();
        try
        {
            Reboot.Invoke(Reboot.CmdKexec);
        }
        catch (ErrnoException e)
        {
            throw new BootLoadException($"reboot(KEXEC) failed: {e.Errno} ({ErrnoText.Describe(e.Errno)})", e);
        }
    }
}
