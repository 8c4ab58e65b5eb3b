using System.Text;
using LinuxBootSharp.Interop;
using Microsoft.Win32.SafeHandles;

namespace LinuxBootSharp.Cli;

/// <summary>
/// stdout and stderr for the host commands, written with write(2). System.Console is not used
/// anywhere in lbs: its terminal setup (terminfo, signal handling, encodings) cost ~70 KB of
/// the binary, which has a 4 MB budget, and PID 1 writes to its consoles directly anyway.
/// </summary>
internal static class StandardStreams
{
    /// <summary>Flushed at every line, as Console.Out is: `lbs boot` prints progress and then the
    /// kernel is replaced by kexec, and stdout and stderr lines must not change order on a terminal.</summary>
    public static TextWriter Out { get; } = new FdWriter(1);

    public static TextWriter Error { get; } = new FdWriter(2);

    /// <summary>stdin as a byte stream (`--append-cpio NAME=-`); read(2) on descriptor 0, not owned.</summary>
    public static Stream OpenInput() => new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, 1, false);

    /// <summary>stdout as a byte stream (file contents, JSON); unbuffered.</summary>
    public static Stream OpenOutput() => new FdStream(1);

    /// <summary>A TextWriter that writes UTF-8 at every line end, on Flush, or at 16 KiB.</summary>
    private sealed class FdWriter(int fd) : TextWriter
    {
        private readonly SafeFileHandle _handle = new(fd, ownsHandle: false);
        private readonly StringBuilder _buf = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            _buf.Append(value);
            if (value == '\n' || _buf.Length >= 16 << 10)
                Flush();
        }

        public override void Write(string? value)
        {
            _buf.Append(value);
            if (_buf.Length >= 16 << 10 || (value is not null && value.Contains('\n')))
                Flush();
        }

        public override void WriteLine(string? value)
        {
            _buf.Append(value).Append('\n');
            Flush();
        }

        public override void Flush()
        {
            if (_buf.Length == 0)
                return;
            var bytes = Encoding.UTF8.GetBytes(_buf.ToString());
            _buf.Clear();
            WriteOrThrow(_handle, bytes, fd);
        }
    }

    /// <summary>
    /// As System.Console does: a reader that went away (EPIPE: `lbs ls ... | head`) silently
    /// ends the output; any other failure (ENOSPC, EIO) is an IOException.
    /// </summary>
    private static void WriteOrThrow(SafeFileHandle handle, ReadOnlySpan<byte> bytes, int fd)
    {
        if (!FileDescriptor.WriteAll(handle, bytes) && ErrnoException.LastErrno is var e && e != Errno.EPIPE)
            throw new IOException($"write to fd {fd} failed: {e}");
    }

    /// <summary>A write-only, unseekable stream on a descriptor.</summary>
    private sealed class FdStream(int fd) : Stream
    {
        private readonly SafeFileHandle _handle = new(fd, ownsHandle: false);

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) => WriteOrThrow(_handle, buffer, fd);

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
