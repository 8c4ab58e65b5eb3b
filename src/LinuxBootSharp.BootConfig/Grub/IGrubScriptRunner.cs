namespace LinuxBootSharp.BootConfig.Grub;

/// <summary>What the menu builder needs from the evaluator to run an entry or submenu body.</summary>
internal interface IGrubScriptRunner
{
    /// <summary>Runs the statements of <paramref name="script"/> in the current context; returns the last status.</summary>
    int Execute(GrubScript script);

    /// <summary>Forgets a pending <c>break</c>/<c>return</c> once a body has ended (however it ended).</summary>
    void ResetControlFlow();
}
