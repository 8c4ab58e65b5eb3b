namespace LinuxBootSharp.Boot.Kexec;

/// <summary>Stage, describe, load, tear down, execute: the one path every boot takes.</summary>
public sealed class BootRunner
{
    private readonly IKexec _kexec;
    private readonly Action<string> _log;

    public BootRunner(IKexec kexec, Action<string> log, bool measure = false)
    {
        _kexec = kexec;
        _log = log;
        // A dry run exists to show the plan, hashes included.
        Measure = measure || kexec is DryRunKexec;
    }

    /// <summary>Hash every file while staging (lbs.measure / --measure, and every dry run).</summary>
    public bool Measure { get; }

    /// <summary>Steps run after loading and before executing (board quirks, unmounting).</summary>
    public List<Action> Teardown { get; } = [];

    /// <summary>Loads the request; returns the staged image (caller disposes). Throws BootLoadException.</summary>
    public StagedImage Load(BootRequest request, Action<string, long, long>? progress = null)
    {
        var image = StagedImage.Stage(request, progress, Measure);
        try
        {
            foreach (var line in BootPlan.Describe(image).TrimEnd('\n').Split('\n'))
                _log(line);
            _kexec.Load(image);
            _log(_kexec is DryRunKexec ? "dry run: " + request.Title + " would be loaded now" : "loaded " + request.Title);
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    /// <summary>Runs the teardown steps, then executes. Returns only if execution failed or is a dry run.</summary>
    public void Execute()
    {
        foreach (var step in Teardown)
            step();
        _log("executing kexec");
        _kexec.Execute();
    }
}
