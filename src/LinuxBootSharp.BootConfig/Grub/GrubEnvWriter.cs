using System.Text;

namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>
/// What `grub-editenv FILE set NAME=VALUE...` makes of a grubenv file (util/grub-editenv.c
/// open_envblk_file, set_variables; grub-core/lib/envblk.c grub_envblk_set), as bytes: the
/// existing block edited in place, or, when the file does not exist, the fresh 1024-byte block
/// grub-editenv creates first (signature line, '#' padding). Pure: the caller writes the result,
/// and only ever to the running system's own grubenv on request (`lbs boot --reboot-instead`);
/// nothing writes to a scanned disk. <see cref="NextEntry"/> is grub-reboot's value for an entry.
/// </summary>
public static class GrubEnvWriter
{
    /// <param name="existing">The file's bytes, or null when it does not exist.</param>
    /// <param name="file">Named in errors.</param>
    public static byte[] Set(byte[]? existing, string file, IReadOnlyList<KeyValuePair<string, string>> variables)
    {
        var block = existing is null ? GrubEnvBlock.CreateDefault() : GrubEnvBlock.Open(existing)
            ?? throw new GrubEnvWriteException($"{file}: invalid environment block (no '{GrubEnvBlock.Signature.TrimEnd('\n')}' header); grub-editenv refuses it too");
        foreach (var (name, value) in variables)
        {
            // grub-editenv splits each argument at its first '='; a name cannot hold one.
            if (name.Length == 0 || name.Contains('=') || name.Contains('\n'))
                throw new GrubEnvWriteException($"{file}: invalid variable name '{name}'");
            if (!block.Set(name, value))
                throw new GrubEnvWriteException($"{file}: environment block too small for {name}={value} (or broken: no newline before its '#' padding); nothing written");
        }
        return block.ToArray();
    }

    public static byte[] Set(byte[]? existing, string file, string name, string value) =>
        Set(existing, file, [new KeyValuePair<string, string>(name, value)]);

    /// <summary>
    /// The value grub-reboot stores in next_entry for <paramref name="e"/>: GRUB's menu resolves
    /// it one '>'-separated component per menu level, each component matching an entry's id or
    /// its title (grub-core/normal/menu.c get_entry_number, grub_menu_get_default_entry_index):
    /// the submenu titles, then the entry's own id when it has one (grub-mkconfig gives every entry
    /// one; titles change with every kernel version), else its title. A '>' inside a title is
    /// written as '>>' (menu.c's escape).
    /// </summary>
    public static string NextEntry(BootEntry e)
    {
        var sb = new StringBuilder();
        foreach (var t in e.SubmenuPath)
            sb.Append(t.Replace(">", ">>", StringComparison.Ordinal)).Append('>');
        sb.Append((e.Id ?? e.Title).Replace(">", ">>", StringComparison.Ordinal));
        return sb.ToString();
    }
}

/// <summary>The grubenv could not be edited; the message names the file and why.</summary>
public sealed class GrubEnvWriteException(string message) : Exception(message);
