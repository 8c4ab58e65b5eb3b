using System.Diagnostics;

namespace LinuxBootSharp.Storage.Tests.Fixtures;

/// <summary>Runs the real image tools (mke2fs, mkfs.vfat, mcopy, sgdisk, sfdisk, blkid, debugfs).</summary>
public static class Tool
{
    public static string Run(string file, params string[] args) => Run(file, args, stdin: null);

    public static string Run(string file, IEnumerable<string> args, string? stdin, IDictionary<string, string>? env = null, int[]? okExitCodes = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C.UTF-8";
        // Keep mtools from reading ~/.mtoolsrc or asking questions.
        psi.Environment["MTOOLS_SKIP_CHECK"] = "1";
        if (env is not null)
            foreach (var (k, v) in env)
                psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + file);
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        var errTask = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish");
        }
        var err = errTask.Result;
        if (p.ExitCode != 0 && !(okExitCodes ?? []).Contains(p.ExitCode))
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {err}{output}");
        return output;
    }

    /// <summary>`blkid -p -o export` as a dictionary (TYPE, UUID, LABEL, VERSION, ...).</summary>
    public static Dictionary<string, string> Blkid(string image, long offset = 0)
    {
        var args = new List<string> { "-p", "-o", "export" };
        if (offset != 0)
            args.AddRange(["-O", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        args.Add(image);
        var d = new Dictionary<string, string>();
        foreach (var line in Run("blkid", args, null).Split('\n'))
        {
            int eq = line.IndexOf('=');
            if (eq > 0)
                d[line[..eq]] = System.Text.RegularExpressions.Regex.Replace(line[(eq + 1)..], @"\\(.)", "$1"); // export format escapes spaces
        }
        return d;
    }

    /// <summary>`dumpe2fs -h` fields ("Filesystem UUID", "Filesystem features", ...).</summary>
    public static Dictionary<string, string> DumpE2fs(string image)
    {
        var d = new Dictionary<string, string>();
        foreach (var line in Run("dumpe2fs", ["-h", image], null).Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon > 0)
                d[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return d;
    }

    /// <summary>Byte offset of an inode on an ext image, from `debugfs -R "imap PATH"`.</summary>
    public static long InodeOffset(string image, string path, int blockSize)
    {
        var o = Run("debugfs", ["-R", $"imap {path}", image], null);
        var m = System.Text.RegularExpressions.Regex.Match(o, @"located at block (\d+), offset 0x([0-9a-f]+)");
        if (!m.Success)
            throw new InvalidOperationException("debugfs imap: " + o);
        return long.Parse(m.Groups[1].Value) * blockSize + Convert.ToInt64(m.Groups[2].Value, 16);
    }
}
