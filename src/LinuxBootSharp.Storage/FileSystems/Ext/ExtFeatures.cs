namespace LinuxBootSharp.Storage;

/// <summary>
/// ext2/3/4 feature flags (fs/ext4/ext4.h, EXT4_FEATURE_*) and what this read-only reader does
/// with each. An incompatible feature that is neither supported nor deliberately ignored
/// refuses the file system: reading it anyway would return wrong data. Compatible and
/// read-only-compatible features never stop a reader (that is what those classes mean).
/// </summary>
public static class ExtFeatures
{
    // s_feature_compat
    public const uint CompatHasJournal = 0x4;

    // s_feature_incompat
    public const uint IncompatCompression = 0x1;
    public const uint IncompatFiletype = 0x2;
    public const uint IncompatRecover = 0x4;
    public const uint IncompatJournalDev = 0x8;
    public const uint IncompatMetaBg = 0x10;
    public const uint IncompatExtents = 0x40;
    public const uint Incompat64Bit = 0x80;
    public const uint IncompatMmp = 0x100;
    public const uint IncompatFlexBg = 0x200;
    public const uint IncompatEaInode = 0x400;
    public const uint IncompatDirData = 0x1000;
    public const uint IncompatCsumSeed = 0x2000;
    public const uint IncompatLargeDir = 0x4000;
    public const uint IncompatInlineData = 0x8000;
    public const uint IncompatEncrypt = 0x10000;
    public const uint IncompatCasefold = 0x20000;

    // s_feature_ro_compat
    public const uint RoCompatSparseSuper = 0x1;
    public const uint RoCompatLargeFile = 0x2;
    public const uint RoCompatHugeFile = 0x8;
    public const uint RoCompatGdtCsum = 0x10;
    public const uint RoCompatDirNlink = 0x20;
    public const uint RoCompatExtraIsize = 0x40;
    public const uint RoCompatBigalloc = 0x200;
    public const uint RoCompatMetadataCsum = 0x400;

    // s_feature_compat bit for sparse_super2 (backup superblocks listed in s_backup_bgs).
    public const uint CompatSparseSuper2 = 0x200;

    /// <summary>Incompatible features this reader implements, with how.</summary>
    public static IReadOnlyDictionary<uint, string> SupportedIncompat { get; } = new Dictionary<uint, string>
    {
        [IncompatFiletype] = "filetype: directory entries carry the file type",
        [IncompatMetaBg] = "meta_bg: group descriptors are located per meta group",
        [IncompatExtents] = "extents: extent trees are walked (depth-bounded)",
        [Incompat64Bit] = "64bit: 64-bit block numbers and larger group descriptors",
        [IncompatFlexBg] = "flex_bg: only moves metadata; descriptors give every location",
        [IncompatCsumSeed] = "metadata_csum_seed: checksum seed taken from the superblock",
        [IncompatLargeDir] = "large_dir: directory size read from both halves of i_size",
        [IncompatInlineData] = "inline_data: small files and directories read from the inode and its system.data attribute",
        [IncompatCasefold] = "casefold: lookups in case-folded directories ignore case",
    };

    /// <summary>Incompatible features that do not change what a reader sees, with the reason.</summary>
    public static IReadOnlyDictionary<uint, string> IgnoredIncompat { get; } = new Dictionary<uint, string>
    {
        [IncompatRecover] = "needs_recovery: the journal is never replayed; this reader never writes, so it sees the last checkpointed state",
        [IncompatMmp] = "mmp: multi-mount protection guards writers; a reader needs no lock",
        [IncompatEaInode] = "ea_inode: only large extended attributes live in inodes; file data and inline data do not",
        [IncompatEncrypt] = "encrypt: unencrypted files read normally; an encrypted file is refused when opened",
    };

    /// <summary>
    /// Null when the features can be read; otherwise a message naming every unknown or
    /// unsupported incompatible feature.
    /// </summary>
    public static string? CheckIncompat(uint incompat)
    {
        var bad = new List<string>();
        for (int bit = 0; bit < 32; bit++)
        {
            uint f = 1u << bit;
            if ((incompat & f) == 0 || SupportedIncompat.ContainsKey(f) || IgnoredIncompat.ContainsKey(f))
                continue;
            bad.Add(f switch
            {
                IncompatCompression => "compression (never finished in Linux)",
                IncompatJournalDev => "journal_dev (an external journal device holds no files)",
                IncompatDirData => "dirdata (Lustre directory data)",
                _ => $"unknown incompatible feature 0x{f:x}",
            });
        }
        return bad.Count == 0 ? null : "unsupported: " + string.Join(", ", bad);
    }
}
