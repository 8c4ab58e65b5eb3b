namespace LinuxBootSharp.Menu;

/// <summary>
/// Digits select the Nth item; a second digit typed within <see cref="Window"/> extends the number
/// (1 then 2 → 12) when the menu has that many items, as syslinux and petitboot do.
/// </summary>
internal sealed class DigitJump
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private int _number;
    private TimeSpan _last;

    /// <summary>Returns the 1-based item number to select, or null when the digits name no item.</summary>
    public int? Push(int digit, TimeSpan now, int count)
    {
        int extended = _number * 10 + digit;
        _number = _number > 0 && now - _last <= Window && extended <= count ? extended : digit;
        _last = now;
        return _number >= 1 && _number <= count ? _number : null;
    }

    public void Reset() => _number = 0;
}
