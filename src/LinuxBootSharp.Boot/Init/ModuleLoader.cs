using LinuxBootSharp.Interop;
using Microsoft.Win32.SafeHandles;

namespace LinuxBootSharp.Boot.Init;

/// <summary>
/// Loads the kernel modules the initramfs builder put in the image, in the order it resolved
/// (dependencies first), with finit_module(2). Compressed modules use the kernel's own
/// decompression (MODULE_INIT_COMPRESSED_FILE, Linux 6.4+).
/// </summary>
public static class ModuleLoader
{
    public const string LoadList = "/lib/modules/lbs.load";

    public sealed record Result(int Loaded, int AlreadyPresent, int Failed);

    public static Result LoadAll(BootLog log, string listPath = LoadList)
    {
        if (SysFile.TryReadText(listPath, 1 << 20) is not string list)
        {
            log.Info($"no module list at {listPath}: no modules to load");
            return new(0, 0, 0);
        }
        int loaded = 0, present = 0, failed = 0;
        var lines = list.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        log.Info($"loading {lines.Length} modules");
        foreach (var raw in lines)
        {
            var path = raw.Trim();
            if (path.Length == 0 || path.StartsWith('#'))
                continue;
            var name = Path.GetFileName(path);
            try
            {
                using SafeFileHandle h = FileDescriptor.Open(path, FileDescriptor.ReadOnly);
                int flags = FinitModule.IsCompressed(path) ? FinitModule.CompressedFile : 0;
                FinitModule.Load((int)h.DangerousGetHandle(), "", flags, name);
                loaded++;
            }
            catch (ErrnoException e) when (e.Errno == Errno.EEXIST)
            {
                present++;
            }
            catch (Exception e)
            {
                failed++;
                log.Error($"module {path}: {e.Message}");
            }
        }
        log.Info($"modules: {loaded} loaded, {present} already present, {failed} failed");
        return new(loaded, present, failed);
    }
}
