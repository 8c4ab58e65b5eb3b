namespace LinuxBootSharp.Storage.FileSystems.Xfs;

/// <summary>
/// How this reader treats each superblock feature bit (fs/xfs/libxfs/xfs_format.h,
/// XFS_SB_FEAT_*). Read-only-compatible features never matter to a reader that does not write;
/// an incompatible feature not listed here makes <see cref="XfsFileTree.Open"/> refuse the file
/// system, naming the bit, because its on-disk layout could be misread silently.
/// </summary>
public static class XfsFeatures
{
    public const uint IncompatFtype = 0x1;
    public const uint IncompatSparseInodes = 0x2;
    public const uint IncompatMetaUuid = 0x4;
    public const uint IncompatBigTime = 0x8;
    public const uint IncompatNeedsRepair = 0x10;
    public const uint IncompatNrext64 = 0x20;
    public const uint IncompatExchRange = 0x40;
    public const uint IncompatParent = 0x80;

    /// <summary>Incompatible features this reader understands, with the reason it can read them.</summary>
    public static IReadOnlyDictionary<uint, string> SupportedIncompat { get; } = new Dictionary<uint, string>
    {
        [IncompatFtype] = "ftype: directory entries carry a file-type byte, which the directory parser skips or reads",
        [IncompatSparseInodes] = "sparse inode chunks only change how inodes are allocated; an inode number still maps to the same place",
        [IncompatMetaUuid] = "meta_uuid: metadata headers carry sb_meta_uuid; the identity keeps sb_uuid, as blkid reports it",
        [IncompatBigTime] = "bigtime: per-inode flag selects 64-bit nanosecond timestamps, decoded by XfsInode",
        [IncompatNeedsRepair] = "needsrepair: the kernel refuses to mount, but the last written state is still readable read-only (GRUB reads it too)",
        [IncompatNrext64] = "nrext64: per-inode flag moves the data-fork extent count to di_big_nextents, decoded by XfsInode",
        [IncompatExchRange] = "exchange-range only adds a log item type; the log is never replayed",
        [IncompatParent] = "parent pointers are extended attributes; file data and directories are unchanged",
    };

    /// <summary>
    /// Read-only-compatible features (finobt, rmapbt, reflink, inobtcount) and log-incompatible
    /// features are ignored by design: this reader never writes and never replays the log, so it
    /// sees the last checkpointed metadata, exactly as GRUB does.
    /// </summary>
    public const string IgnoredRoCompatReason = "read-only-compatible features only constrain writers";

    public const string IgnoredLogReason = "the log is never replayed; the reader sees the last checkpointed state";

    public static uint SupportedIncompatMask { get; } = SupportedIncompat.Keys.Aggregate(0u, (m, k) => m | k);

    /// <summary>Names of incompatible bits for error messages (unknown bits are shown in hex).</summary>
    public static string DescribeIncompat(uint bits)
    {
        var names = new List<string>();
        for (int i = 0; i < 32; i++)
        {
            uint b = 1u << i;
            if ((bits & b) == 0)
                continue;
            names.Add(b switch
            {
                0x100 => "metadir",
                0x200 => "zoned",
                _ => $"0x{b:x}",
            });
        }
        return string.Join(", ", names);
    }
}
