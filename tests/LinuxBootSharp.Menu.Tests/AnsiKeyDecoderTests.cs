using System.Text;

namespace LinuxBootSharp.Menu.Tests;

public class AnsiKeyDecoderTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(100);

    private static readonly byte[] Interesting = [0x1b, (byte)'[', (byte)'O', (byte)';', (byte)'0', (byte)'1', (byte)'3', (byte)'~', (byte)'A', (byte)'\r', (byte)'\n', 0xc3, 0xe2, 0xf0];

    private static List<MenuKey> Decode(string bytes) => Decode(Encoding.Latin1.GetBytes(bytes));

    private static List<MenuKey> Decode(byte[] bytes)
    {
        var d = new AnsiKeyDecoder();
        var keys = d.Feed(bytes, T0);
        keys.AddRange(d.Flush(T0 + TimeSpan.FromSeconds(1)));
        Assert.False(d.HasPending);
        return keys;
    }

    [Theory]
    [InlineData("\e[A", KeyKind.Up)]
    [InlineData("\e[B", KeyKind.Down)]
    [InlineData("\e[C", KeyKind.Right)]
    [InlineData("\e[D", KeyKind.Left)]
    [InlineData("\eOA", KeyKind.Up)]
    [InlineData("\eOB", KeyKind.Down)]
    [InlineData("\eOC", KeyKind.Right)]
    [InlineData("\eOD", KeyKind.Left)]
    [InlineData("\e[H", KeyKind.Home)]
    [InlineData("\e[F", KeyKind.End)]
    [InlineData("\eOH", KeyKind.Home)]
    [InlineData("\eOF", KeyKind.End)]
    [InlineData("\e[1~", KeyKind.Home)]
    [InlineData("\e[7~", KeyKind.Home)]
    [InlineData("\e[4~", KeyKind.End)]
    [InlineData("\e[8~", KeyKind.End)]
    [InlineData("\e[2~", KeyKind.Insert)]
    [InlineData("\e[3~", KeyKind.Delete)]
    [InlineData("\e[5~", KeyKind.PageUp)]
    [InlineData("\e[6~", KeyKind.PageDown)]
    [InlineData("\e[1;5C", KeyKind.Right)]
    [InlineData("\e[1;2A", KeyKind.Up)]
    [InlineData("\e[5;5~", KeyKind.PageUp)]
    [InlineData("\e[3;2~", KeyKind.Delete)]
    [InlineData("\eOM", KeyKind.Enter)]
    [InlineData("\r", KeyKind.Enter)]
    [InlineData("\n", KeyKind.Enter)]
    [InlineData("\r\n", KeyKind.Enter)]
    [InlineData("\x7f", KeyKind.Backspace)]
    [InlineData("\b", KeyKind.Backspace)]
    [InlineData("\t", KeyKind.Tab)]
    public void Decodes_one_key(string bytes, KeyKind kind) =>
        Assert.Equal([new MenuKey(kind)], Decode(bytes));

    [Theory]
    [InlineData("\eOP", 1)]
    [InlineData("\eOQ", 2)]
    [InlineData("\eOR", 3)]
    [InlineData("\eOS", 4)]
    [InlineData("\e[11~", 1)]
    [InlineData("\e[15~", 5)]
    [InlineData("\e[17~", 6)]
    [InlineData("\e[21~", 10)]
    [InlineData("\e[23~", 11)]
    [InlineData("\e[24~", 12)]
    [InlineData("\e[[A", 1)] // Linux console
    [InlineData("\e[[E", 5)]
    [InlineData("\e[1;2P", 1)] // xterm Shift-F1
    [InlineData("\e[1;5S", 4)]
    public void Decodes_function_keys(string bytes, int n) =>
        Assert.Equal([MenuKey.Function(n)], Decode(bytes));

    [Fact]
    public void Ctrl_letters_and_printable_ascii()
    {
        Assert.Equal(
            [MenuKey.Ctrl('A'), MenuKey.Ctrl('E'), MenuKey.Ctrl('K'), MenuKey.Ctrl('U'), MenuKey.Ctrl('L'), MenuKey.Character('e'), MenuKey.Character(' '), MenuKey.Character('~')],
            Decode("\u0001\u0005\u000b\u0015\u000c" + "e ~"));
    }

    [Fact]
    public void Cr_lf_is_one_enter_even_across_reads_but_repeated_enters_count()
    {
        var d = new AnsiKeyDecoder();
        Assert.Equal([MenuKey.Enter], d.Feed("\r"u8, T0));
        Assert.Empty(d.Feed("\n"u8, T0));
        Assert.Equal([MenuKey.Enter, MenuKey.Enter], Decode("\r\r"));
        Assert.Equal([MenuKey.Enter, MenuKey.Enter], Decode("\n\n"));
        Assert.Equal([MenuKey.Enter, MenuKey.Enter], Decode("\r\n\r\n"));
        Assert.Equal([MenuKey.Enter, MenuKey.Character('x'), MenuKey.Enter], Decode("\rx\n"));
    }

    [Fact]
    public void Nul_and_other_unassigned_controls_are_dropped()
    {
        Assert.Equal([MenuKey.Character('a')], Decode("\0\u001c\u001f" + "a"));
    }

    [Fact]
    public void Utf8_characters_including_ones_split_across_reads()
    {
        Assert.Equal([MenuKey.Character('é'), MenuKey.Character('€')], Decode("é€"u8.ToArray()));
        var d = new AnsiKeyDecoder();
        byte[] emoji = Encoding.UTF8.GetBytes("😀");
        var keys = new List<MenuKey>();
        foreach (byte b in emoji) keys.AddRange(d.Feed([b], T0));
        Assert.Equal([MenuKey.Character(new Rune(0x1F600))], keys);
    }

    [Theory]
    [InlineData(new byte[] { 0xc3, (byte)'a' }, "a")] // lead byte without continuation
    [InlineData(new byte[] { 0xa9, (byte)'b' }, "b")] // stray continuation byte
    [InlineData(new byte[] { 0xe0, 0x80, 0x80, (byte)'c' }, "c")] // overlong
    [InlineData(new byte[] { 0xed, 0xa0, 0x80, (byte)'d' }, "d")] // UTF-16 surrogate
    [InlineData(new byte[] { 0xc2, 0x9b, (byte)'e' }, "e")] // C1 CSI encoded in UTF-8
    [InlineData(new byte[] { 0xff, 0xc0, 0xf5, (byte)'f' }, "f")] // never valid
    public void Invalid_utf8_is_dropped(byte[] bytes, string expected)
    {
        Assert.Equal(expected.Select(MenuKey.Character), Decode(bytes));
    }

    [Fact]
    public void A_lone_escape_is_escape_only_after_the_timeout()
    {
        var d = new AnsiKeyDecoder();
        Assert.Empty(d.Feed("\e"u8, T0));
        Assert.True(d.HasPending);
        Assert.Equal(T0 + AnsiKeyDecoder.DefaultEscapeTimeout, d.PendingDeadline);
        Assert.Empty(d.Flush(T0 + TimeSpan.FromMilliseconds(50)));
        Assert.Equal([MenuKey.Escape], d.Flush(T0 + TimeSpan.FromMilliseconds(100)));
        Assert.False(d.HasPending);
        Assert.Null(d.PendingDeadline);
    }

    [Fact]
    public void A_sequence_split_across_reads_within_the_timeout_is_one_key()
    {
        var d = new AnsiKeyDecoder();
        Assert.Empty(d.Feed("\e"u8, T0));
        Assert.Empty(d.Feed("["u8, T0 + TimeSpan.FromMilliseconds(30)));
        Assert.Empty(d.Flush(T0 + TimeSpan.FromMilliseconds(60)));
        Assert.Empty(d.Feed("6"u8, T0 + TimeSpan.FromMilliseconds(70)));
        Assert.Equal([MenuKey.PageDown], d.Feed("~"u8, T0 + TimeSpan.FromMilliseconds(90)));
    }

    [Fact]
    public void Bytes_after_a_timed_out_escape_are_ordinary_keys_even_without_a_flush()
    {
        var d = new AnsiKeyDecoder();
        d.Feed("\e"u8, T0);
        Assert.Equal([MenuKey.Escape, MenuKey.Character('['), MenuKey.Character('A')], d.Feed("[A"u8, T0 + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Escape_then_a_key_is_two_keys()
    {
        Assert.Equal([MenuKey.Escape, MenuKey.Character('q')], Decode("\eq"));
        Assert.Equal([MenuKey.Escape, MenuKey.Escape], Decode("\e\e"));
        Assert.Equal([MenuKey.Escape, MenuKey.Up], Decode("\e\e[A"));
        Assert.Equal([MenuKey.Escape, MenuKey.Enter], Decode("\e\r"));
    }

    [Fact]
    public void A_cursor_position_report_is_the_screen_size_not_a_key()
    {
        var d = new AnsiKeyDecoder();
        Assert.False(d.TryTakeCursorReport(out _, out _));
        Assert.Equal([MenuKey.Character('x')], d.Feed("\e[50;1"u8, T0).Concat(d.Feed("32Rx"u8, T0)));
        Assert.True(d.TryTakeCursorReport(out int rows, out int columns));
        Assert.Equal((50, 132), (rows, columns));
        Assert.False(d.TryTakeCursorReport(out _, out _));
        Assert.Equal([MenuKey.Function(3)], d.Feed("\e[1;5R"u8, T0)); // xterm Ctrl-F3
        Assert.False(d.TryTakeCursorReport(out _, out _));
    }

    [Fact]
    public void The_size_query_uses_only_vt100_sequences()
    {
        Assert.Equal("\e7\e[999;999H\e[6n\e8", Ansi.QueryScreenSize);
    }

    [Theory]
    [InlineData("\e[?1h")] // private mode sequence
    [InlineData("\e[24;80R")] // cursor position report
    [InlineData("\e[200~")] // bracketed paste start
    [InlineData("\e[99~")]
    [InlineData("\e[Z")] // back-tab
    [InlineData("\e[1 q")] // intermediate byte
    [InlineData("\eOX")]
    [InlineData("\e[[Z")]
    [InlineData("\e[M")]
    [InlineData("\e[1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1A")] // longer than any key
    [InlineData("\e[99999999999~")]
    public void Unknown_and_malformed_sequences_vanish_whole(string garbage)
    {
        Assert.Equal([MenuKey.Character('j'), MenuKey.Down], Decode(garbage + "j\e[B"));
    }

    [Fact]
    public void A_control_byte_inside_a_sequence_ends_it()
    {
        Assert.Equal([MenuKey.Enter, MenuKey.Character('x')], Decode("\e[1\rx"));
        Assert.Equal([MenuKey.Up], Decode("\e[1\e[A"));
    }

    [Fact]
    public void An_unfinished_sequence_is_dropped_at_the_timeout()
    {
        var d = new AnsiKeyDecoder();
        Assert.Empty(d.Feed("\e[1;5"u8, T0));
        Assert.Empty(d.Flush(T0 + TimeSpan.FromSeconds(1)));
        Assert.False(d.HasPending);
        Assert.Equal([MenuKey.Character('A')], d.Feed("A"u8, T0 + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Random_line_noise_never_leaves_the_decoder_stuck()
    {
        var random = new Random(1234);
        for (int round = 0; round < 3000; round++)
        {
            var d = new AnsiKeyDecoder();
            byte[] noise = new byte[random.Next(1, 24)];
            random.NextBytes(noise);
            // Bias towards bytes that start, continue or end sequences.
            for (int i = 0; i < noise.Length; i++)
                if (random.Next(3) == 0) noise[i] = Interesting[random.Next(Interesting.Length)];
            TimeSpan now = T0;
            int at = 0;
            while (at < noise.Length)
            {
                int n = random.Next(1, noise.Length - at + 1);
                d.Feed(noise.AsSpan(at, n), now);
                at += n;
                now += TimeSpan.FromMilliseconds(random.Next(0, 30));
            }
            d.Flush(now + AnsiKeyDecoder.DefaultEscapeTimeout);
            Assert.False(d.HasPending, Convert.ToHexString(noise));
            Assert.Equal([MenuKey.Down], d.Feed("\e[B"u8, now + TimeSpan.FromSeconds(1)));
        }
    }

    [Fact]
    public void A_custom_timeout_is_honoured()
    {
        var d = new AnsiKeyDecoder(TimeSpan.FromMilliseconds(500));
        d.Feed("\e"u8, T0);
        Assert.Empty(d.Flush(T0 + TimeSpan.FromMilliseconds(400)));
        Assert.Equal([MenuKey.Escape], d.Flush(T0 + TimeSpan.FromMilliseconds(500)));
    }
}
