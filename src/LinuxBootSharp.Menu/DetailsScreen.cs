namespace LinuxBootSharp.Menu;

/// <summary>The details view of <paramref name="Item"/>: <paramref name="Lines"/> from logical line <paramref name="Top"/> on.</summary>
public sealed record DetailsScreen(MenuItem Item, IReadOnlyList<string> Lines, int Top);
