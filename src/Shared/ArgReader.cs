namespace LinuxBootSharp.CommandLine;

/// <summary>
/// Shared by lbs and lbs-mkinitramfs (linked source). Minimal GNU/POSIX-style option reading:
/// "--name value" and "--name=value", short options with a value ("-b 4096", "-b4096"), flags
/// ("--json") and clusters of one-letter flags ("-la"), operands, and "--", after which every
/// argument is an operand (a file named "-l" stays reachable, POSIX Utility Syntax Guideline 10).
/// </summary>
public sealed class ArgReader
{
    private readonly string[] _args;
    private int _i;
    private bool _optionsEnded;

    public ArgReader(string[] args) => _args = args;

    /// <summary>True when every argument is consumed. Consumes a "--" that ends the options, so
    /// the Try* calls of a loop body never see it.</summary>
    public bool Done
    {
        get
        {
            if (!_optionsEnded && _i < _args.Length && _args[_i] == "--")
            {
                _optionsEnded = true;
                _i++;
            }
            return _i >= _args.Length;
        }
    }

    public string Peek => _args[_i];

    public string Next() => _args[_i++];

    /// <summary>
    /// If the current argument is the option <paramref name="name"/> with a value, consumes it and
    /// returns the value: "--name value" or "--name=value"; for a short name ("-b") "-b value" or "-bvalue".
    /// </summary>
    public bool TryValue(string name, out string value)
    {
        value = "";
        if (!AtOption)
            return false;
        var a = _args[_i];
        if (a == name)
        {
            if (_i + 1 >= _args.Length)
                throw new UsageException($"{name} needs a value");
            value = _args[_i + 1];
            _i += 2;
            return true;
        }
        bool isShort = name.Length == 2 && name[0] == '-' && name[1] != '-';
        // "--append=" is an empty value; "-b" alone is not "-b" with an empty one.
        var glued = isShort ? name : name + "=";
        if (a.StartsWith(glued, StringComparison.Ordinal) && (!isShort || a.Length > glued.Length))
        {
            value = a[glued.Length..];
            _i++;
            return true;
        }
        return false;
    }

    public bool TryFlag(string name)
    {
        if (AtOption && _args[_i] == name)
        {
            _i++;
            return true;
        }
        return false;
    }

    /// <summary>
    /// If the current argument is a cluster of one-letter flags, every one of them in
    /// <paramref name="allowed"/> ("-l", "-la"), consumes it and adds the letters to <paramref name="flags"/>.
    /// </summary>
    public bool TryFlags(string allowed, ISet<char> flags)
    {
        if (!AtOption)
            return false;
        var a = _args[_i];
        if (a.Length < 2 || a[1] == '-')
            return false;
        for (int k = 1; k < a.Length; k++)
            if (!allowed.Contains(a[k]))
                return false;
        for (int k = 1; k < a.Length; k++)
            flags.Add(a[k]);
        _i++;
        return true;
    }

    /// <summary>If the current argument is an operand (no leading '-', just "-", or anything after "--"), consumes it.</summary>
    public bool TryOperand(out string value)
    {
        value = "";
        if (_i >= _args.Length || (AtOption && _args[_i] is { Length: > 1 } a && a[0] == '-'))
            return false;
        value = _args[_i++];
        return true;
    }

    private bool AtOption => !_optionsEnded && _i < _args.Length;
}

/// <summary>Bad command-line usage: printed as one line, exit code 2.</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message) : base(message) { }
}
