namespace LinuxBootSharp.Menu;

/// <summary>Which screen the menu shows.</summary>
public enum MenuView
{
    List,
    Details,
    Edit,
    /// <summary>
    /// The menu is not drawn yet (<see cref="CountdownStyle.Countdown"/> or <see cref="CountdownStyle.Hidden"/>):
    /// only <see cref="ScreenModel.Countdown"/>, or nothing, until a key or the end of the countdown.
    /// </summary>
    Waiting,
}
