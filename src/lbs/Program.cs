using LinuxBootSharp.Cli.Commands;

if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
{
    Console.WriteLine("usage: lbs COMMAND [ARGS...]");
    foreach (var c in CommandTable.All)
        Console.WriteLine("  lbs " + c.Usage);
    return args.Length == 0 ? 2 : 0;
}
var cmd = CommandTable.All.FirstOrDefault(c => c.Name == args[0]);
if (cmd is null)
{
    Console.Error.WriteLine($"lbs: unknown command '{args[0]}' (try 'lbs help')");
    return 2;
}
return cmd.Run(args[1..]);
