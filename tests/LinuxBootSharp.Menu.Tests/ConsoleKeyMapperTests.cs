namespace LinuxBootSharp.Menu.Tests;

public class ConsoleKeyMapperTests
{
    [Theory]
    [InlineData(ConsoleKey.UpArrow, '\0', KeyKind.Up)]
    [InlineData(ConsoleKey.PageDown, '\0', KeyKind.PageDown)]
    [InlineData(ConsoleKey.Enter, '\r', KeyKind.Enter)]
    [InlineData(ConsoleKey.Escape, '\e', KeyKind.Escape)]
    [InlineData(ConsoleKey.Backspace, '\b', KeyKind.Backspace)]
    [InlineData(ConsoleKey.Delete, '\0', KeyKind.Delete)]
    [InlineData(ConsoleKey.Tab, '\t', KeyKind.Tab)]
    public void Maps_named_keys(ConsoleKey key, char c, KeyKind kind) =>
        Assert.Equal(new MenuKey(kind), ConsoleKeyMapper.Map(new ConsoleKeyInfo(c, key, false, false, false)));

    [Fact]
    public void Maps_function_ctrl_and_printable_keys()
    {
        Assert.Equal(MenuKey.Function(5), ConsoleKeyMapper.Map(new ConsoleKeyInfo('\0', ConsoleKey.F5, false, false, false)));
        Assert.Equal(MenuKey.Ctrl('K'), ConsoleKeyMapper.Map(new ConsoleKeyInfo('\x0b', ConsoleKey.K, false, false, true)));
        Assert.Equal(MenuKey.Ctrl('U'), ConsoleKeyMapper.Map(new ConsoleKeyInfo('\x15', 0, false, false, false)));
        Assert.Equal(MenuKey.Character('E'), ConsoleKeyMapper.Map(new ConsoleKeyInfo('E', ConsoleKey.E, true, false, false)));
        Assert.Equal(MenuKey.Character('é'), ConsoleKeyMapper.Map(new ConsoleKeyInfo('é', 0, false, false, false)));
        Assert.Null(ConsoleKeyMapper.Map(new ConsoleKeyInfo('\0', ConsoleKey.Pause, false, false, false)));
    }
}
