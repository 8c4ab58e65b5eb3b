using System.Runtime.InteropServices;
using System.Text;

namespace LinuxBootSharp.Interop;

/// <summary>
/// posix_spawn(3) + waitpid(2): runs a program (the recovery shell, kexec-tools in the benchmark)
/// and waits for it, sharing our stdin/stdout/stderr. Used instead of System.Diagnostics.Process,
/// which costs the static binary ~100 KB and reaps children its own way.
/// </summary>
public static unsafe partial class PosixSpawn
{
    // Tmds.LibC 0.5.0 has no posix_spawn (only fork/vfork/execve, which a .NET process must not use).
    [LibraryImport("libc", EntryPoint = "posix_spawn")]
    private static partial int PosixSpawnNative(int* pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    /// <summary>Starts <paramref name="path"/> with argv[0] = path; returns its pid.</summary>
    public static int Start(string path, IReadOnlyList<string> args, IReadOnlyList<string>? env = null)
    {
        var argv = new List<string> { path };
        argv.AddRange(args);
        env ??= ["PATH=/sbin:/bin:/usr/sbin:/usr/bin", "HOME=/", "TERM=linux"];
        var handles = new List<GCHandle>();
        try
        {
            byte* Pin(string s)
            {
                var h = GCHandle.Alloc(Encoding.UTF8.GetBytes(s + "\0"), GCHandleType.Pinned);
                handles.Add(h);
                return (byte*)h.AddrOfPinnedObject();
            }
            var av = new nint[argv.Count + 1];
            for (int i = 0; i < argv.Count; i++)
                av[i] = (nint)Pin(argv[i]);
            var ev = new nint[env.Count + 1];
            for (int i = 0; i < env.Count; i++)
                ev[i] = (nint)Pin(env[i]);
            var p = Pin(path);
            int pid;
            fixed (nint* a = av)
            fixed (nint* e = ev)
            {
                // posix_spawn returns the error number instead of setting errno.
                int r = PosixSpawnNative(&pid, p, null, null, (byte**)a, (byte**)e);
                if (r != 0)
                    throw new ErrnoException("posix_spawn", (Errno)r, path);
            }
            return pid;
        }
        finally
        {
            foreach (var h in handles)
                h.Free();
        }
    }

    /// <summary>Waits for <paramref name="pid"/>; returns its exit status, or 128+signal when killed.</summary>
    public static int Wait(int pid)
    {
        int status;
        while (true)
        {
            int r = WaitPid.Native(pid, &status, 0);
            if (r == pid)
                break;
            if (r == -1 && ErrnoException.LastErrno == Errno.EINTR)
                continue;
            ErrnoException.ThrowLast("waitpid", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG (bits/waitstatus.h).
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
    }

    public static int Run(string path, IReadOnlyList<string> args, IReadOnlyList<string>? env = null) => Wait(Start(path, args, env));
}
