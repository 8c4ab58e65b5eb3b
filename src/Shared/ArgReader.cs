namespace LinuxBootSharp.CommandLine;

/// <summary>Shared by lbs and lbs-mkinitramfs (linked source). Minimal GNU-style option reading: "--name value", "--name=value", flags, positionals.</summary>
public sealed class ArgReader
{
    private readonly string[] _args;
    private int _i;

    public ArgReader(string[] args) => _args = args;

    public bool Done => _i >= _args.Length;

    public string Peek => _args[_i];

    public string Next() => _args[_i++];

    /// <summary>If the current argument is --name or --name=value, consumes it and returns the value.</summary>
    public bool TryValue(string name, out string value)
    {
        value = "";
        var a = _args[_i];
        if (a == name)
        {
            if (_i + 1 >= _args.Length)
                throw new UsageException($"{name} needs a value");
            value = _args[_i + 1];
            _i += 2;
            return true;
        }
        if (a.StartsWith(name + "=", StringComparison.Ordinal))
        {
            value = a[(name.Length + 1)..];
            _i++;
            return true;
        }
        return false;
    }

    public bool TryFlag(string name)
    {
        if (_args[_i] == name)
        {
            _i++;
            return true;
        }
        return false;
    }
}

/// <summary>Bad command-line usage: printed as one line, exit code 2.</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message) : base(message) { }
}
