using LinuxBootSharp.Boards;
using LinuxBootSharp.Boot.Kexec;
using LinuxBootSharp.BootConfig;

namespace LinuxBootSharp.Boot.Discovery;

/// <summary>Turns a discovered entry into what the kexec path loads.</summary>
public static class EntryBoot
{
    /// <param name="cmdline">The arguments to use (edited in the menu), or null for the entry's own.
    /// The entry's <see cref="BootEntry.CmdlinePrefix"/> goes in front either way: the config's
    /// parser decided what its loader adds.</param>
    public static BootRequest ToRequest(BootEntry e, string? cmdline, BoardProfile board)
    {
        if (e.NotBootableReason is not null)
            throw new BootLoadException($"{e.Title}: not bootable: {e.NotBootableReason}");
        if (e.Kernel is null)
            throw new BootLoadException($"{e.Title}: no kernel");
        var final = BoardCmdlineEdits.Apply(e.KernelCmdline(cmdline), board);
        return new BootRequest(e.Title, FromRef(e.Kernel), e.Initrds.Select(FromRef).ToList(), final);
    }

    public static BootFile FromRef(FileRef r) =>
        new(r.Display, () =>
        {
            var s = r.Tree.OpenRead(r.Path);
            return r.Length is long len ? new WindowStream(s, r.Offset, len, r.Display) : s;
        });

    /// <summary>A read-only window of another stream (a section of a unified kernel image).</summary>
    private sealed class WindowStream : LinuxBootSharp.Storage.ReadOnlyFileStream
    {
        private readonly Stream _s;
        private readonly long _start;

        public WindowStream(Stream s, long start, long length, string name)
            : base(length)
        {
            if (start < 0 || start + length > s.Length)
            {
                s.Dispose();
                throw new BootLoadException($"{name}: section at {start}+{length} lies outside the {s.Length}-byte file");
            }
            _s = s;
            _start = start;
        }

        protected override int ReadCore(long position, Span<byte> buffer)
        {
            _s.Position = _start + position;
            return _s.Read(buffer);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _s.Dispose();
            base.Dispose(disposing);
        }
    }
}
