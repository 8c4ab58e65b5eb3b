namespace LinuxBootSharp.Storage;

/// <summary>One whole disk as /sys/class/block describes it.</summary>
public sealed record BlockDeviceInfo
{
    /// <summary>Kernel name, e.g. "vda", "sda", "nvme0n1".</summary>
    public required string Name { get; init; }

    /// <summary>"/dev/" + name (devtmpfs names nodes after the kernel name).</summary>
    public required string DevicePath { get; init; }

    /// <summary>Size in bytes (sysfs "size" counts 512-byte units whatever the sector size).</summary>
    public long SizeBytes { get; init; }

    public bool Removable { get; init; }
    public string? Model { get; init; }
    public string? Serial { get; init; }

    /// <summary>queue/logical_block_size, 512 when sysfs does not say.</summary>
    public int LogicalSectorSize { get; init; } = 512;

    /// <summary>True for ram and loop devices.</summary>
    public bool IsVirtual { get; init; }
}
