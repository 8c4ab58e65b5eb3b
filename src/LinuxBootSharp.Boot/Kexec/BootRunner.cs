using LinuxBootSharp.Boards;
using LinuxBootSharp.Boot.Quirks;

namespace LinuxBootSharp.Boot.Kexec;

/// <summary>
/// Stage → describe the plan → load → board quirks (teardown) → execute: the one path every
/// boot takes (`lbs boot`, <c>lbs.boot=</c>, the menu). A dry run is a property of this path,
/// not of the IKexec: it stops after the plan and the quirks' dry listing, so the kernel never
/// sees the image whatever IKexec is passed.
/// </summary>
public sealed class BootRunner
{
    private readonly IKexec _kexec;
    private readonly BoardProfile _board;
    private readonly BootOptions _options;

    public BootRunner(IKexec kexec, BoardProfile board, BootOptions options)
    {
        _kexec = kexec;
        _board = board;
        _options = options;
    }

    /// <summary>
    /// Runs the request as far as the options say. Returns where it stopped; on a real boot it
    /// does not return at all. Throws BootLoadException (the staged files are released either way).
    /// </summary>
    public BootOutcome Run(BootRequest request)
    {
        var log = _options.Log;
        // A dry run exists to show the plan, hashes included.
        using var image = StagedImage.Stage(request, _options.Progress, _options.Measure || _options.DryRun);
        foreach (var line in BootPlan.Describe(image).TrimEnd('\n').Split('\n'))
            log(line);
        if (_options.DryRun)
        {
            new QuirkRunner(log, dryRun: true, _options.SysRoot).Run(_board.Quirks);
            log("dry run: nothing loaded, nothing executed");
            return BootOutcome.Planned;
        }
        _kexec.Load(image);
        log("loaded " + request.Title);
        if (_options.LoadOnly)
            return BootOutcome.Loaded;
        _options.BeforeTeardown?.Invoke();
        new QuirkRunner(log, dryRun: false, _options.SysRoot).Run(_board.Quirks);
        log("executing kexec");
        _kexec.Execute();
        return BootOutcome.ExecuteReturned;
    }
}
