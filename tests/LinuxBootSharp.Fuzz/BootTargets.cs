using System.Text;
using LinuxBootSharp.Boards;
using LinuxBootSharp.Boot;
using LinuxBootSharp.BootConfig.Text;
using LinuxBootSharp.Menu;

namespace LinuxBootSharp.Fuzz;

/// <summary>Board profiles: a bad file is an InvalidDataException naming it, nothing else.</summary>
public sealed class BoardProfileFuzzTarget : IFuzzTarget
{
    public string Name => "board-profile";

    public IEnumerable<byte[]> Seeds()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "LinuxBootSharp.sln")))
            d = d.Parent;
        var dir = d is null ? "" : Path.Combine(d.FullName, "boards");
        foreach (var f in Directory.Exists(dir) ? Directory.GetFiles(dir, "*.json") : [])
            yield return File.ReadAllBytes(f);
        yield return "{\"name\":\"x\",\"quirks\":[{\"kind\":\"remove-module\",\"target\":\"a\"}]}"u8.ToArray();
    }

    public void Run(byte[] input) => BoardCatalog.Parse(Encoding.UTF8.GetString(input), "fuzz.json");

    public bool IsExpected(Exception e) => e is InvalidDataException;
}

/// <summary>Serial input: any bytes decode to keys (or nothing); the decoder never throws or sticks.</summary>
public sealed class KeyDecoderFuzzTarget : IFuzzTarget
{
    public string Name => "ansi-keys";

    public IEnumerable<byte[]> Seeds() =>
    [
        "\u001b[A\u001b[B\u001b[5~\u001b[1;5C\u001bOP\r\n\u007f"u8.ToArray(),
        "e\u001b[Fxyz\u0001\u000b\r"u8.ToArray(),
        [0xc3, 0xa9, 0x1b, 0x5b, 0x32, 0x34, 0x3b, 0x31, 0x52],
    ];

    public void Run(byte[] input)
    {
        var d = new AnsiKeyDecoder();
        var t = TimeSpan.Zero;
        for (int i = 0; i < input.Length; i += 3)
        {
            d.Feed(input.AsSpan(i, Math.Min(3, input.Length - i)), t);
            t += TimeSpan.FromMilliseconds(20);
        }
        d.Flush(t + TimeSpan.FromSeconds(1));
        if (d.HasPending)
            throw new InvalidOperationException("decoder still pending after the escape timeout");
    }

    public bool IsExpected(Exception e) => false;
}

/// <summary>Kernel command lines (/proc/cmdline and lbs.* options): never throw.</summary>
public sealed class KernelCmdlineFuzzTarget : IFuzzTarget
{
    public string Name => "kernel-cmdline";

    public IEnumerable<byte[]> Seeds() =>
    [
        "console=ttyS0,115200 lbs.boot=/k lbs.initrd=/a,/b lbs.append=\"root=/dev/sda1 ro\" \"x=y z\""u8.ToArray(),
    ];

    public void Run(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        var c = new KernelCommandLine(text);
        _ = c.Parameters.Count;
        _ = c.GetAll("console");
        _ = KernelCommandLine.Remove(text, ["lbs.*", "BOOT_IMAGE"]);
        _ = KernelCommandLine.Append(text, ["no_timer_check"]);
    }

    public bool IsExpected(Exception e) => false;
}

/// <summary>GRUB regexp patterns: a bad or too costly pattern is a PosixRegexException, nothing else.</summary>
public sealed class PosixRegexFuzzTarget : IFuzzTarget
{
    public string Name => "posix-regex";

    public IEnumerable<byte[]> Seeds() =>
    [
        "^\\(([^,]*),(.*)\\)$\n(hd0,gpt2)"u8.ToArray(),
        "([[:digit:]]+)\\.{1,3}(a|b)*c\n6.10 abababc"u8.ToArray(),
    ];

    public void Run(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        int nl = text.IndexOf('\n');
        var (pattern, subject) = nl < 0 ? (text, text) : (text[..nl], text[(nl + 1)..]);
        PosixRegex.Compile(pattern).Match(subject);
    }

    public bool IsExpected(Exception e) => e is PosixRegexException;
}
