namespace LinuxBootSharp.Menu.Tests;

public class DisabledTests
{
    [Fact]
    public void Enter_on_a_disabled_entry_shows_the_reason_instead_of_booting()
    {
        var h = new Harness(Fixtures.Model()).Start().Type("3").Press(MenuKey.Enter);
        Assert.Equal(MenuActionKind.Redraw, h.Last.Kind);
        Assert.Equal("Cannot boot 'Fedora Linux 39 (Workstation Edition)': kernel /vmlinuz-6.5.6-30...", h.Status);
        Assert.StartsWith("> 3. Fedora", h.Highlighted);
        h.Press(MenuKey.Up);
        Assert.Equal("", h.Status);
    }

    [Fact]
    public void A_disabled_entry_cannot_be_edited_either()
    {
        var h = new Harness(Fixtures.Model()).Start().Type("3e");
        Assert.Equal(MenuView.List, h.Machine.View);
        Assert.StartsWith("Cannot boot 'Fedora", h.Status);
    }

    [Fact]
    public void Disabled_entries_without_a_reason_still_say_something()
    {
        var item = new MenuItem { Id = "x", Title = "Broken", Enabled = false, Cmdline = "" };
        var h = new Harness(Fixtures.Model(items: [item])).Start().Press(MenuKey.Enter);
        Assert.Equal("Cannot boot 'Broken': unavailable", h.Status);
    }
}
