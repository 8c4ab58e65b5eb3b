namespace LinuxBootSharp.Menu.Tests;

public class ConsoleArbiterTests
{
    [Fact]
    public void The_first_console_to_press_a_key_drives_and_the_others_are_ignored()
    {
        var arbiter = new ConsoleArbiter();
        Assert.Null(arbiter.Driver);
        Assert.True(arbiter.Accept(1));
        Assert.Equal(1, arbiter.Driver);
        Assert.False(arbiter.Accept(0));
        Assert.False(arbiter.Accept(2));
        Assert.True(arbiter.Accept(1));
    }

    [Fact]
    public void Release_lets_any_console_claim_again()
    {
        var arbiter = new ConsoleArbiter();
        arbiter.Accept(0);
        arbiter.Release();
        Assert.Null(arbiter.Driver);
        Assert.True(arbiter.Accept(2));
        Assert.False(arbiter.Accept(0));
    }

    [Fact]
    public void Racing_readers_elect_exactly_one_driver()
    {
        for (int round = 0; round < 50; round++)
        {
            var arbiter = new ConsoleArbiter();
            var wins = new int[4];
            Parallel.For(0, 4, i => wins[i] = arbiter.Accept(i) ? 1 : 0);
            Assert.Equal(1, wins.Sum());
            Assert.Equal(1, wins[arbiter.Driver!.Value]);
        }
    }

    [Fact]
    public void Keys_from_two_consoles_drive_one_menu_from_the_first()
    {
        // Host loop shape: one decoder per console, the arbiter filters, one machine.
        var machine = new MenuMachine(Fixtures.Model(TimeSpan.FromSeconds(5)));
        var arbiter = new ConsoleArbiter();
        var decoders = new[] { new AnsiKeyDecoder(), new AnsiKeyDecoder() };
        var now = TimeSpan.FromSeconds(1);
        void Bytes(int console, string s)
        {
            foreach (var key in decoders[console].Feed(System.Text.Encoding.ASCII.GetBytes(s), now))
                if (arbiter.Accept(console)) machine.Press(key);
        }
        Bytes(1, "\e[B\e[B");    // serial console: two Down
        Bytes(0, "\e[A\e[A\e[A"); // VGA console: ignored
        Assert.Equal("fedora", machine.SelectedItem!.Id);
        Assert.False(machine.CountdownRunning);
    }
}
