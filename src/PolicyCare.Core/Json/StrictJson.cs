using System.Globalization;
using System.Text.Json;

namespace PolicyCare.Json;

/// <summary>Bad input, with the JSON path of the offending value (e.g. <c>$.policies[2].premium</c>).</summary>
public sealed class InputException(string path, string problem, string? value = null)
    : Exception(value is null ? $"{path}: {problem}" : $"{path}: {problem} (got {value})")
{
    public string Path { get; } = path;
}

/// <summary>
/// A JSON object read strictly: an unknown field is an error (a typo must not pass silently), every
/// value is checked for its type, and every error names the JSON path and the value.
/// </summary>
public sealed class StrictObject
{
    private readonly JsonElement _element;

    public StrictObject(JsonElement element, string path, params string[] allowed)
    {
        Path = path;
        if (element.ValueKind != JsonValueKind.Object)
            throw new InputException(path, "must be an object", Show(element));
        _element = element;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                throw new InputException($"{path}.{property.Name}", $"unknown field; expected one of {string.Join(", ", allowed)}");
            // Readers disagree on which of two equal keys wins ({"amount":"1.00","amount":"900.00"}): neither is taken.
            if (!seen.Add(property.Name)) throw new InputException($"{path}.{property.Name}", "appears twice in the object");
        }
    }

    public string Path { get; }

    public bool Has(string name) => _element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public string At(string name) => $"{Path}.{name}";

    public JsonElement? Raw(string name) => _element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public string RequiredString(string name) =>
        OptionalString(name) ?? throw new InputException(At(name), "is required");

    public string? OptionalString(string name)
    {
        if (Raw(name) is not { } v) return null;
        if (v.ValueKind != JsonValueKind.String) throw new InputException(At(name), "must be a string", Show(v));
        return CheckText(v.GetString()!, At(name));
    }

    /// <summary>
    /// Text without control characters: they hide what a value really is in a log, a letter or a
    /// CSV (a NUL, an escape sequence, a bare carriage return). Line breaks and tabs are text.
    /// </summary>
    public static string CheckText(string text, string path)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\n' or '\t'))
                throw new InputException(path, $"contains the control character U+{(int)c:X4}");
        }
        return text;
    }

    public DateOnly RequiredDate(string name) =>
        OptionalDate(name) ?? throw new InputException(At(name), "is required");

    public DateOnly? OptionalDate(string name)
    {
        var text = OptionalString(name);
        if (text is null) return null;
        return ParseDate(text, At(name));
    }

    public static DateOnly ParseDate(string text, string path) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new InputException(path, "is not a date of the form YYYY-MM-DD that exists", Quote(text));

    /// <summary>Money is a JSON string with a decimal point: "1200.00".</summary>
    public decimal RequiredMoney(string name)
    {
        var text = RequiredString(name);
        return ParseMoney(text, At(name));
    }

    public static decimal ParseMoney(string text, string path)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
            throw new InputException(path, "is not an amount of money like \"1200.00\"", Quote(text));
        if (Math.Abs(amount) > Billing.Currencies.LargestAmount)
            throw new InputException(path, $"is larger than any amount PolicyCare holds ({Billing.Currencies.LargestAmount})", Quote(text));
        return amount;
    }

    public decimal? OptionalDecimalString(string name)
    {
        if (Raw(name) is not { } v) return null;
        if (v.ValueKind == JsonValueKind.Number) return v.GetDecimal();
        return ParseMoney(OptionalString(name)!, At(name));
    }

    public int? OptionalInt(string name)
    {
        if (Raw(name) is not { } v) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var i))
            throw new InputException(At(name), "must be a whole number", Show(v));
        return i;
    }

    public bool? OptionalBool(string name)
    {
        if (Raw(name) is not { } v) return null;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InputException(At(name), "must be true or false", Show(v)),
        };
    }

    public StrictObject? OptionalObject(string name, params string[] allowed) =>
        Raw(name) is { } v ? new StrictObject(v, At(name), allowed) : null;

    /// <summary>The items of an array field with their paths; an absent field is an empty array.</summary>
    public IEnumerable<(JsonElement Item, string Path)> Array(string name)
    {
        if (Raw(name) is not { } v) yield break;
        if (v.ValueKind != JsonValueKind.Array) throw new InputException(At(name), "must be an array", Show(v));
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            yield return (item, $"{At(name)}[{i}]");
            i++;
        }
    }

    public IReadOnlyList<string> StringArray(string name) =>
        Array(name).Select(x => x.Item.ValueKind == JsonValueKind.String
            ? x.Item.GetString()!
            : throw new InputException(x.Path, "must be a string", Show(x.Item))).ToList();

    public IReadOnlyList<int> IntArray(string name) =>
        Array(name).Select(x => x.Item.ValueKind == JsonValueKind.Number && x.Item.TryGetInt32(out var n)
            ? n
            : throw new InputException(x.Path, "must be a whole number", Show(x.Item))).ToList();

    public static string Show(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length > 60 ? raw[..57] + "..." : raw;
    }

    public static string Quote(string text) => JsonSerializer.Serialize(text);
}
