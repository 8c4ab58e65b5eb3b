namespace LinuxBootSharp.Menu;

/// <summary>
/// Screen rows, shared by the machine (page size for PgUp/PgDn) and the composer (where to draw):
/// title, path, separator, N list rows, separator, countdown, status, footer.
/// </summary>
public static class MenuLayout
{
    public const int MinWidth = 20;
    public const int MinHeight = 10;

    public const int TitleRow = 0;
    public const int PathRow = 1;
    public const int TopRuleRow = 2;
    public const int FirstListRow = 3;

    /// <summary>Rows that are not list rows.</summary>
    public const int ChromeRows = 7;

    public static int ListRows(int height) => Math.Max(1, height - ChromeRows);

    public static int BottomRuleRow(int height) => FirstListRow + ListRows(height);

    public static int CountdownRow(int height) => BottomRuleRow(height) + 1;

    public static int StatusRow(int height) => BottomRuleRow(height) + 2;

    public static int FooterRow(int height) => BottomRuleRow(height) + 3;
}
