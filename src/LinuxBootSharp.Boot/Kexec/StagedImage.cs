using LinuxBootSharp.Interop;
using Microsoft.Win32.SafeHandles;

namespace LinuxBootSharp.Boot.Kexec;

/// <summary>One file as it was staged: size and, when measured, SHA-256 of exactly the bytes handed to the kernel.</summary>
public sealed record StagedFile(string Role, string Display, long Size, string? Sha256);

/// <summary>
/// Kernel and initrds read once into memory files (memfd_create): the kernel into one, every
/// initrd concatenated into another (the kernel unpacks concatenated cpio archives one after
/// the other, init/initramfs.c unpack_to_rootfs). No temporary files on any disk. When measured,
/// the hashes are computed while copying, so what is measured is what is loaded. Unmeasured, a
/// kernel or a single initrd that is a file of the running system is handed over by descriptor
/// without a copy, as kexec-tools does; files read from disks in user space are always copied.
/// </summary>
public sealed class StagedImage : IDisposable
{
    private const int ChunkSize = 1 << 20;

    private StagedImage(BootRequest request, SafeFileHandle kernel, SafeFileHandle? initrd, List<StagedFile> files)
    {
        Request = request;
        Kernel = kernel;
        Initrd = initrd;
        Files = files;
    }

    public BootRequest Request { get; }
    public SafeFileHandle Kernel { get; }
    public SafeFileHandle? Initrd { get; }
    public IReadOnlyList<StagedFile> Files { get; }
    public long InitrdSize => Files.Where(f => f.Role is "initrd" or "cpio").Sum(f => f.Size);

    /// <param name="progress">Called with (bytes done, bytes total) about every MiB.</param>
    /// <param name="measure">Compute the SHA-256 of every file (dry runs, measured boots).</param>
    public static StagedImage Stage(BootRequest request, Action<string, long, long>? progress = null, bool measure = true)
    {
        var files = new List<StagedFile>();
        SafeFileHandle? kernel = null, initrd = null;
        try
        {
            if (!measure && request.Kernel.ExpectedSha256 is null && request.Kernel.HostPath is string kp)
            {
                (kernel, var size) = OpenDirect(kp, "kernel");
                files.Add(new StagedFile("kernel", request.Kernel.Display, size, null));
            }
            else
            {
                kernel = MemfdCreate.Create("lbs-kernel");
                long kpos = 0;
                files.Add(CopyInto(request.Kernel, "kernel", kernel, ref kpos, progress, measure));
            }
            if (files[0].Size == 0)
                throw new BootLoadException($"{request.Kernel.Display}: kernel file is empty");
            if (!measure && request.Handoff is null && request.Initrds is [{ HostPath: string ip, ExpectedSha256: null } single])
            {
                (initrd, var size) = OpenDirect(ip, "initrd");
                files.Add(new StagedFile("initrd", single.Display, size, null));
            }
            else if (request.Initrds.Count > 0 || request.Handoff is not null)
            {
                initrd = MemfdCreate.Create("lbs-initrd");
                long ipos = 0;
                foreach (var f in request.Initrds)
                {
                    files.Add(CopyInto(f, "initrd", initrd, ref ipos, progress, measure));
                    // Pad each archive to 4 bytes so the next cpio header stays aligned
                    // (the kernel skips zero padding between archives).
                    int pad = (int)((4 - ipos % 4) % 4);
                    if (pad > 0)
                    {
                        RandomAccess.Write(initrd, new byte[pad], ipos);
                        ipos += pad;
                    }
                }
                if (request.Handoff is { } handoff)
                {
                    // Generated in memory, written only into the memfd: never to a file system.
                    var archive = handoff.ToArray();
                    RandomAccess.Write(initrd, archive, ipos);
                    ipos += archive.Length;
                    var names = string.Join(", ", handoff.Members.Select(m => "/" + m.Name));
                    files.Add(new StagedFile("cpio", $"(in memory) {names}", archive.Length, measure ? Sha256.HashHex(archive) : null));
                }
            }
            return new StagedImage(request, kernel, initrd, files);
        }
        catch
        {
            kernel?.Dispose();
            initrd?.Dispose();
            throw;
        }
    }

    private static (SafeFileHandle Handle, long Size) OpenDirect(string path, string role)
    {
        try
        {
            var h = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return (h, RandomAccess.GetLength(h));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BootLoadException(e is FileNotFoundException or DirectoryNotFoundException ? $"{path}: no such file" : $"{path}: cannot open {role}: {e.Message}", e);
        }
    }

    private static StagedFile CopyInto(BootFile f, string role, SafeFileHandle dest, ref long pos, Action<string, long, long>? progress, bool measure)
    {
        Stream s;
        try
        {
            s = f.Open();
        }
        catch (BootLoadException)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LinuxBootSharp.Storage.StorageException)
        {
            throw new BootLoadException($"{f.Display}: cannot open {role}: {e.Message}", e);
        }
        using (s)
        {
            long total = s.CanSeek ? s.Length : -1;
            var sha = measure || f.ExpectedSha256 is not null ? new Sha256() : null;
            var buf = new byte[ChunkSize];
            long done = 0;
            while (true)
            {
                int n;
                try
                {
                    n = s.Read(buf, 0, buf.Length);
                }
                catch (Exception e) when (e is IOException or LinuxBootSharp.Storage.StorageException)
                {
                    throw new BootLoadException($"{f.Display}: read error at byte {done}: {e.Message}", e);
                }
                if (n == 0)
                    break;
                sha?.Append(buf.AsSpan(0, n));
                RandomAccess.Write(dest, buf.AsSpan(0, n), pos);
                pos += n;
                done += n;
                progress?.Invoke(f.Display, done, total);
            }
            var hex = sha is null ? null : Convert.ToHexStringLower(sha.Finish());
            // The bytes just hashed are the bytes in the memfd the kernel gets: a mismatch stops here,
            // before kexec_file_load sees anything.
            if (f.ExpectedSha256 is string want && !string.Equals(want, hex, StringComparison.OrdinalIgnoreCase))
                throw new BootLoadException($"{f.Display}: SHA-256 mismatch: expected {want.ToLowerInvariant()}, got {hex}; nothing loaded");
            return new StagedFile(role, f.Display, done, hex);
        }
    }

    public void Dispose()
    {
        Kernel.Dispose();
        Initrd?.Dispose();
    }
}
