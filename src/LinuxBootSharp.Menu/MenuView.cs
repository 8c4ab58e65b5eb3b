namespace LinuxBootSharp.Menu;

/// <summary>Which screen the menu shows.</summary>
public enum MenuView
{
    List,
    Details,
    Edit,
}
