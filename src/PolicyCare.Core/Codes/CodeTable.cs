namespace PolicyCare.Codes;

/// <summary>
/// The one place an enum meets its stored and published code ("in-force", "first-reminder"):
/// storage converters, the API and scenario files all read the same table, so a code cannot
/// be spelled two ways.
/// </summary>
public sealed class CodeTable<T> where T : struct, Enum
{
    private readonly Dictionary<T, string> _codes;
    private readonly Dictionary<string, T> _values;
    private readonly string _what;

    public CodeTable(string what, params (T Value, string Code)[] rows)
    {
        _what = what;
        _codes = rows.ToDictionary(r => r.Value, r => r.Code);
        _values = rows.ToDictionary(r => r.Code, r => r.Value, StringComparer.Ordinal);
        var missing = Enum.GetValues<T>().Where(v => !_codes.ContainsKey(v)).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"{typeof(T).Name} has no code for {string.Join(", ", missing)}");
    }

    public IReadOnlyCollection<string> Codes => _values.Keys;

    public string Code(T value) =>
        _codes.TryGetValue(value, out var code) ? code : throw new ArgumentOutOfRangeException(nameof(value), value, $"not a {_what}");

    public bool TryParse(string? code, out T value)
    {
        if (code is not null && _values.TryGetValue(code, out value)) return true;
        value = default;
        return false;
    }

    /// <exception cref="FormatException">The code is not one of the table's.</exception>
    public T Parse(string code) => TryParse(code, out var value) ? value : throw new FormatException($"'{code}' is not a {_what}");
}

public static class CodeTable
{
    /// <summary>A table whose codes are the members' names, for enums stored that way before codes were published.</summary>
    public static CodeTable<T> ByName<T>(string what) where T : struct, Enum =>
        new(what, Enum.GetValues<T>().Select(v => (v, v.ToString())).ToArray());
}
