namespace LinuxBootSharp.Menu;

/// <summary>The command-line editor: the text being edited and the cursor as a char index into it.</summary>
public sealed record EditorScreen(MenuItem Item, string Text, int Cursor);
