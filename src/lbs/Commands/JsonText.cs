using System.Globalization;
using System.Text;

namespace LinuxBootSharp.Cli.Commands;

/// <summary>
/// A minimal indented JSON writer (RFC 8259) for `lbs scan --json`. System.Text.Json's
/// Utf8JsonWriter and its escaping encoder cost the flash image 64 KB for this one output.
/// </summary>
internal sealed class JsonText
{
    private readonly StringBuilder _sb = new();
    private readonly Stack<bool> _first = new();
    private bool _afterName;

    public override string ToString() => _sb.ToString();

    private void Indent() => _sb.Append('\n').Append(' ', _first.Count * 2);

    private void BeforeValue()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }
        if (_first.Count == 0)
            return;
        if (!_first.Peek())
            _sb.Append(',');
        _first.Pop();
        _first.Push(false);
        Indent();
    }

    public JsonText StartObject(string? name = null) => Open(name, '{');
    public JsonText StartArray(string? name = null) => Open(name, '[');
    public JsonText EndObject() => Close('}');
    public JsonText EndArray() => Close(']');

    private JsonText Open(string? name, char c)
    {
        if (name is not null)
            Name(name);
        BeforeValue();
        _sb.Append(c);
        _first.Push(true);
        return this;
    }

    private JsonText Close(char c)
    {
        bool empty = _first.Pop();
        if (!empty)
            Indent();
        _sb.Append(c);
        return this;
    }

    public JsonText Name(string name)
    {
        BeforeValue();
        Quote(name);
        _sb.Append(": ");
        _afterName = true;
        return this;
    }

    public JsonText String(string name, string? value) => Name(name).Value(value);
    public JsonText Number(string name, double value) => Name(name).Value(value);
    public JsonText Bool(string name, bool value) => Name(name).Value(value);
    public JsonText Null(string name) => Name(name).Value((string?)null);

    public JsonText Value(string? v)
    {
        BeforeValue();
        if (v is null)
            _sb.Append("null");
        else
            Quote(v);
        return this;
    }

    public JsonText Value(double v)
    {
        BeforeValue();
        _sb.Append(v.ToString("R", CultureInfo.InvariantCulture));
        return this;
    }

    public JsonText Value(bool v)
    {
        BeforeValue();
        _sb.Append(v ? "true" : "false");
        return this;
    }

    /// <summary>RFC 8259 section 7: quote, backslash and control characters are escaped.</summary>
    private void Quote(string s)
    {
        _sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': _sb.Append("\\\""); break;
                case '\\': _sb.Append("\\\\"); break;
                case '\n': _sb.Append("\\n"); break;
                case '\r': _sb.Append("\\r"); break;
                case '\t': _sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || c is '\u2028' or '\u2029')
                        _sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        _sb.Append(c);
                    break;
            }
        }
        _sb.Append('"');
    }
}
