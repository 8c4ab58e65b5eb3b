using System.Diagnostics;
using System.Text;
using LinuxBootSharp.BootConfig.Grub;
using static LinuxBootSharp.BootConfig.Tests.GrubTestSupport;

namespace LinuxBootSharp.BootConfig.Tests;

/// <summary>Bad configs: a diagnostic with file and line, the entries parsed before it kept, and bounded time.</summary>
public sealed class GrubBadInputTests
{
    private const string File = "/dev/vda2:/boot/grub/grub.cfg";

    private static Diagnostic ErrorAt(GrubEvaluation ev, int line) =>
        Assert.Single(ev.Result.Diagnostics, d => d.Severity == Severity.Error && d.Line == line && d.File == File);

    [Theory]
    [InlineData("menuentry 'b { linux /b }\n", "unterminated single-quoted string")]
    [InlineData("menuentry \"b { linux /b }\n", "unterminated double-quoted string")]
    [InlineData("menuentry b {\n  linux /b\n", "missing '}' (opened on line 2, not closed before end of file)")]
    [InlineData("if true; then\n  x=1\n", "expected 'fi' (opened on line 2")]
    [InlineData("echo $\n", "'$' must be followed by a variable name")]
    [InlineData("}\n", "unexpected '}'")]
    [InlineData("linux /a | cat\n", "'|' is not supported")]
    public void Syntax_errors_keep_earlier_entries(string bad, string message)
    {
        var ev = Eval("menuentry a { linux /a }\n" + bad);
        Assert.Equal("a", Assert.Single(ev.Result.Entries).Title);
        Assert.Contains(message, ErrorAt(ev, 2).Message);
    }

    [Fact]
    public void After_an_error_the_next_lines_still_run()
    {
        var ev = Eval("menuentry a { linux /a }\nfi\nmenuentry c { linux /c }\n");
        Assert.Equal(["a", "c"], ev.Result.Entries.Select(e => e.Title));
        ErrorAt(ev, 2);
    }

    [Fact]
    public void Unknown_commands_are_warnings_with_a_line_and_do_not_stop_the_config()
    {
        var ev = Eval("frobnicate --hard\nmenuentry a { linux /a; wibble }\n");
        var w = Assert.Single(ev.Result.Diagnostics, d => d.Message.Contains("frobnicate", StringComparison.Ordinal));
        Assert.Equal((Severity.Warning, 1, File), (w.Severity, w.Line, w.File));
        var e = Assert.Single(ev.Result.Entries);
        Assert.True(e.IsBootable);
        Assert.Contains(e.Diagnostics, d => d.Message.Contains("wibble", StringComparison.Ordinal) && d.Line == 2);
    }

    [Fact]
    public void Mutually_recursive_sources_end_with_a_diagnostic()
    {
        var home = Volume("/dev/vda2", disk: 0, part: 2);
        home.AddFile("/boot/grub/a.cfg", "source /boot/grub/b.cfg\n");
        home.AddFile("/boot/grub/b.cfg", "menuentry b { linux /b }\nsource /boot/grub/a.cfg\n");
        var ev = Eval("source /boot/grub/a.cfg\n", home);
        Assert.Contains(ev.Result.Diagnostics, d => d.Message.Contains("nested deeper", StringComparison.Ordinal) && d.Line is not null);
        Assert.Equal(5, ev.Result.Entries.Count);
    }

    [Theory]
    [InlineData("function f { f; f; }\nf\n", "evaluation stopped after")]
    [InlineData("function g { g; }\ng\n", "function calls nested deeper")]
    [InlineData("x=a\nwhile true; do x=$x$x; done\n", "evaluation stopped after expanding")]
    [InlineData("while true; do while true; do y=1; done; done\n", "evaluation stopped after")]
    public void Runaway_scripts_stop_within_budgets_and_keep_earlier_entries(string runaway, string message)
    {
        var sw = Stopwatch.StartNew();
        var ev = Eval("menuentry before { linux /k $x }\n" + runaway);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(15), $"took {sw.Elapsed}");
        Assert.Contains(ev.Result.Diagnostics, d => d.Message.Contains(message, StringComparison.Ordinal) && d.File == File && d.Line > 1);
        var e = Assert.Single(ev.Result.Entries);
        Assert.Equal("before", e.Title);
        Assert.True(e.Cmdline.Length <= GrubLimits.Default.MaxValueLength);
    }

    [Fact]
    public void Runaway_entry_bodies_are_stopped_per_entry()
    {
        var ev = Eval("menuentry loops { while true; do while true; do y=1; done; done; linux /k }\nmenuentry ok { linux /ok }\n");
        Assert.Contains(ev.Result.Entries[0].Diagnostics, d => d.Message.Contains("evaluation stopped", StringComparison.Ordinal));
        Assert.True(ev.Result.Entries[1].IsBootable);
    }

    [Fact]
    public void Deeply_nested_blocks_are_refused()
    {
        var s = new StringBuilder("menuentry a { linux /a }\n");
        for (int i = 0; i < 5000; i++)
            s.Append("if true; then\n");
        var ev = Eval(s.ToString());
        Assert.Equal("a", Assert.Single(ev.Result.Entries).Title);
        Assert.Contains(ev.Result.Diagnostics, d => d.Message.Contains("nested deeper", StringComparison.Ordinal));
    }

    [Fact]
    public void Ten_megabyte_config_is_read_in_bounded_time()
    {
        var s = new StringBuilder(10 << 20);
        s.Append("set timeout=3\n");
        int n = 0;
        while (s.Length < (10 << 20) - 200)
            s.Append(System.Globalization.CultureInfo.InvariantCulture, $"menuentry 'Linux {n++}' --class os {{\n\tinsmod gzio\n\tlinux /boot/vmlinuz-{n} root=/dev/sda1 ro quiet\n}}\n");
        var sw = Stopwatch.StartNew();
        var ev = Eval(s.ToString());
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(60), $"took {sw.Elapsed}");
        Assert.Equal(GrubMenu.MaxItems, ev.Result.Entries.Count);
        Assert.Equal(TimeSpan.FromSeconds(3), ev.Result.Timeout);
        Assert.Contains(ev.Result.Diagnostics, d => d.Message.Contains($"more than {GrubMenu.MaxItems} entries", StringComparison.Ordinal) && d.Line is not null);
    }

    [Fact]
    public void A_config_over_the_size_limit_is_refused_with_a_diagnostic()
    {
        var home = Volume("/dev/vda2", disk: 0, part: 2);
        home.AddFile("/boot/grub/grub.cfg", new byte[(10 << 20) + 1]);
        var r = new GrubParser().Parse(home, [home]);
        Assert.Empty(r.Entries);
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("more than the limit", StringComparison.Ordinal));
    }

    [Fact]
    public void Binary_garbage_yields_diagnostics_and_keeps_earlier_entries()
    {
        var rng = new Random(1234);
        var garbage = new byte[1 << 20];
        rng.NextBytes(garbage);
        var head = "menuentry first { linux /first }\n"u8.ToArray();
        var home = Volume("/dev/vda2", disk: 0, part: 2);
        home.AddFile("/boot/grub/grub.cfg", [.. head, .. garbage]);
        var sw = Stopwatch.StartNew();
        var r = new GrubParser().Parse(home, [home]);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20), $"took {sw.Elapsed}");
        Assert.Equal("first", r.Entries[0].Title);
        Assert.Contains(r.Diagnostics, d => d.Severity == Severity.Error && d.Line > 1);
    }

    [Fact]
    public void Menuentry_without_block_or_title_is_a_diagnostic()
    {
        var ev = Eval("menuentry notitle\nmenuentry { linux /x }\nmenuentry ok { linux /ok }\n");
        Assert.Equal("ok", Assert.Single(ev.Result.Entries).Title);
        Assert.Contains(ev.Result.Diagnostics, d => d.Line == 1 && d.Message.Contains("no menuentry definition", StringComparison.Ordinal));
        Assert.Contains(ev.Result.Diagnostics, d => d.Line == 2 && d.Message.Contains("missing arguments", StringComparison.Ordinal));
    }
}
