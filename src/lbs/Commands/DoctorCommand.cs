using System.Globalization;
using System.Text;
using LinuxBootSharp.Boards;
using LinuxBootSharp.Boot.Kexec;
using LinuxBootSharp.CommandLine;

namespace LinuxBootSharp.Cli.Commands;

/// <summary>`lbs doctor [--json] [--board NAME]`: what decides whether kexec works here, and what to do about each (<see cref="KexecDoctor"/>).</summary>
public sealed class DoctorCommand : ICommand
{
    public string Name => "doctor";

    public string Usage => "doctor [--json] [--board NAME]   what decides whether kexec works on this system";

    public int Run(string[] args)
    {
        bool json = false;
        string? boardName = null;
        try
        {
            var r = new ArgReader(args);
            while (!r.Done)
            {
                if (r.TryFlag("--json")) json = true;
                else if (r.TryValue("--board", out var b)) boardName = b;
                else throw new UsageException($"unknown argument '{r.Peek}'");
            }
        }
        catch (UsageException e)
        {
            StandardStreams.Error.WriteLine($"lbs doctor: {e.Message}\nusage: lbs {Usage}");
            return 2;
        }
        var board = boardName is null ? BoardCatalog.Select(BoardCatalog.ReadDmi(LinuxBootSharp.Interop.SysFile.TryReadAttribute)) : BoardCatalog.Find(boardName);
        if (board is null)
        {
            StandardStreams.Error.WriteLine($"lbs doctor: no board profile named '{boardName}'");
            return 2;
        }
        var checks = new KexecDoctor().Run(board);
        string text;
        if (json)
        {
            var j = new JsonText().StartObject().StartArray("checks");
            foreach (var c in checks)
                j.StartObject().String("name", c.Name).String("value", c.Value).String("status", c.Status.ToString().ToLowerInvariant()).String("advice", c.Advice).EndObject();
            j.EndArray().Bool("kexecPossible", checks.All(c => c.Status != DoctorStatus.Fail)).EndObject();
            text = j + "\n";
        }
        else
        {
            var sb = new StringBuilder();
            int w = checks.Max(c => c.Name.Length);
            foreach (var c in checks)
                sb.Append(CultureInfo.InvariantCulture, $"{c.Status.ToString().ToUpperInvariant(),-4}  {c.Name.PadRight(w)}  {c.Value}\n{"",-4}  {"".PadRight(w)}  -> {c.Advice}\n");
            int fails = checks.Count(c => c.Status == DoctorStatus.Fail);
            sb.Append(fails == 0 ? "\nkexec should work here\n" : $"\n{fails} problem(s) stop kexec here: lbs boot reboots through the firmware instead\n");
            text = sb.ToString();
        }
        var o = StandardStreams.OpenOutput();
        o.Write(Encoding.UTF8.GetBytes(text));
        o.Flush();
        return 0;
    }
}
