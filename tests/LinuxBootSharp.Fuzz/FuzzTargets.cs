namespace LinuxBootSharp.Fuzz;

/// <summary>Every fuzz target; add one line per parser.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<IFuzzTarget> All { get; } =
    [
        // targets are added here
        new ExtFuzzTarget(),
        new FatFuzzTarget(),
        new PartitionFuzzTarget(),
        new BlsFuzzTarget(),
        new UkiFuzzTarget(),
        new SyslinuxFuzzTarget(),
        new XfsFuzzTarget(),
        new IsoFuzzTarget(),
        new GrubFuzzTarget(),
        new BoardProfileFuzzTarget(),
        new KeyDecoderFuzzTarget(),
        new KernelCmdlineFuzzTarget(),
        new PosixRegexFuzzTarget(),
    ];
}
