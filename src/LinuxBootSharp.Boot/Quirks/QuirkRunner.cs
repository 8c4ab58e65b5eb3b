using System.Text;
using LinuxBootSharp.Boards;
using LinuxBootSharp.Interop;

namespace LinuxBootSharp.Boot.Quirks;

/// <summary>
/// Runs a board's driver-teardown quirks before kexec, in profile order. Every step is logged;
/// a failing step is logged and the rest still run (a half-torn-down machine is better handed to
/// the next kernel than left in the menu). The sysfs root and module removal are parameters so
/// tests run on a fake /sys.
/// </summary>
public sealed class QuirkRunner
{
    private static readonly HashSet<string> DriverControlFiles = ["bind", "unbind", "uevent", "module", "new_id", "remove_id"];
    private const int PciCommandOffset = 4;
    private const ushort PciCommandBusMaster = 1 << 2; // PCI Local Bus spec 3.0, 6.2.2 Command register bit 2

    private readonly string _sys;
    private readonly Action<string> _removeModule;
    private readonly Action<string> _log;
    private readonly bool _dryRun;

    public QuirkRunner(Action<string> log, bool dryRun = false, string sysRoot = "/sys", Action<string>? removeModule = null)
    {
        _log = log;
        _dryRun = dryRun;
        _sys = sysRoot;
        _removeModule = removeModule ?? (name => DeleteModule.Invoke(name));
    }

    /// <summary>Returns the number of steps that failed.</summary>
    public int Run(IReadOnlyList<BoardQuirk> quirks)
    {
        int failed = 0;
        foreach (var q in quirks)
        {
            var what = $"quirk {q.Kind} {q.Target}{(q.Reason.Length > 0 ? $" ({q.Reason})" : "")}";
            try
            {
                if (_dryRun)
                {
                    _log("dry run: would run " + what);
                    continue;
                }
                _log(what + ": " + Apply(q));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ErrnoException or InvalidDataException)
            {
                failed++;
                _log($"{what}: failed: {e.Message}");
            }
        }
        return failed;
    }

    private string Apply(BoardQuirk q) => q.Kind switch
    {
        "unbind-driver" => UnbindDriver(q.Target),
        "remove-module" => RemoveModule(q.Target),
        "clear-bus-master" => ClearBusMaster(q.Target),
        "disarm-watchdog" => DisarmWatchdog(q.Target),
        "write-sysfs" => WriteSysfs(q.Target, q.Value ?? throw new InvalidDataException("write-sysfs needs a value")),
        _ => throw new InvalidDataException($"unknown quirk kind {q.Kind}"),
    };

    /// <summary>Unbinds every device bound to the driver, on every bus (Documentation/ABI/testing/sysfs-bus-*: drivers/NAME/unbind).</summary>
    private string UnbindDriver(string driver)
    {
        var bus = Path.Combine(_sys, "bus");
        var devices = new List<string>();
        if (Directory.Exists(bus))
        {
            foreach (var b in Directory.GetDirectories(bus).Order(StringComparer.Ordinal))
            {
                var d = Path.Combine(b, "drivers", driver);
                if (!Directory.Exists(d))
                    continue;
                foreach (var dev in Directory.GetFileSystemEntries(d).Select(Path.GetFileName).Order(StringComparer.Ordinal))
                {
                    if (dev is null || DriverControlFiles.Contains(dev) || new FileInfo(Path.Combine(d, dev)).LinkTarget is null)
                        continue;
                    File.WriteAllText(Path.Combine(d, "unbind"), dev);
                    devices.Add(dev);
                }
            }
        }
        return devices.Count == 0 ? "no bound devices" : "unbound " + string.Join(", ", devices);
    }

    private string RemoveModule(string name)
    {
        if (!Directory.Exists(Path.Combine(_sys, "module", name.Replace('-', '_'))))
            return "not loaded";
        _removeModule(name);
        return "removed";
    }

    /// <summary>Clears Bus Master Enable in the device's PCI command register, stopping its DMA.</summary>
    private string ClearBusMaster(string address)
    {
        var config = Path.Combine(_sys, "bus", "pci", "devices", address, "config");
        using var fs = new FileStream(config, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1);
        Span<byte> cmd = stackalloc byte[2];
        fs.Position = PciCommandOffset;
        fs.ReadExactly(cmd);
        ushort v = (ushort)(cmd[0] | (cmd[1] << 8));
        if ((v & PciCommandBusMaster) == 0)
            return "bus mastering already off";
        v &= unchecked((ushort)~PciCommandBusMaster);
        cmd[0] = (byte)v;
        cmd[1] = (byte)(v >> 8);
        fs.Position = PciCommandOffset;
        fs.Write(cmd);
        return $"command register now 0x{v:x4}";
    }

    /// <summary>The "magic close": writing 'V' before closing disarms a watchdog (Documentation/watchdog/watchdog-api.rst).</summary>
    private string DisarmWatchdog(string device)
    {
        if (!File.Exists(device))
            return "no such device";
        using var fs = new FileStream(device, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 0);
        fs.Write("V"u8);
        return "disarmed";
    }

    private string WriteSysfs(string path, string value)
    {
        var full = Path.GetFullPath(path.StartsWith("/sys/", StringComparison.Ordinal) ? Path.Combine(_sys, path[5..]) : path);
        if (!full.StartsWith(Path.GetFullPath(_sys) + "/", StringComparison.Ordinal))
            throw new InvalidDataException($"write-sysfs target {path} is not under /sys");
        File.WriteAllBytes(full, Encoding.ASCII.GetBytes(value));
        return $"wrote '{value}'";
    }
}
