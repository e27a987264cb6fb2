using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;
using PolicyCare.Json;

namespace PolicyCare.Policies;

/// <summary>
/// Customers and policies as CSV, one row a record, with the scenario format's field names as
/// columns (lists such as <c>channels</c> and <c>members</c> separated by semicolons). The rows become
/// the JSON book and are validated by the same rules; errors name the line and the column.
/// </summary>
public static partial class BookCsv
{
    private static readonly string[] CustomerColumns =
        ["id", "name", "birthDate", "locale", "nationalId", "mobile", "email", "wechat", "kakao", "push", "address", "channels", "emergencyName", "emergencyMobile"];
    private static readonly string[] PolicyColumns =
        ["number", "product", "holder", "insured", "start", "premium", "frequency", "autoDebit", "employer", "members"];

    /// <summary>Which kind of rows a file holds, told by its header: policies have a <c>number</c> column.</summary>
    public static string KindOf(string header) => header.Split(',').Select(c => c.Trim()).Contains("number") ? "policies" : "customers";

    public static JsonObject ToBook(string text)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim, BadDataFound = null, MissingFieldFound = null };
        using var csv = new CsvReader(new StringReader(text), config);
        if (!csv.Read() || !csv.ReadHeader()) throw new InputException("line 1", "the file is empty; expected a header row");
        var header = csv.HeaderRecord!;
        var kind = header.Contains("number") ? "policies" : "customers";
        var allowed = kind == "policies" ? PolicyColumns : CustomerColumns;
        foreach (var column in header)
        {
            if (!allowed.Contains(column)) throw new InputException("line 1", $"unknown column '{column}'; expected {string.Join(", ", allowed)}");
        }
        var rows = new JsonArray();
        while (csv.Read())
        {
            var row = new JsonObject();
            foreach (var column in header)
            {
                var value = csv.GetField(column) ?? "";
                if (value.Length == 0) continue;
                row[column] = column switch
                {
                    "channels" or "members" => new JsonArray(value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => (JsonNode?)v).ToArray()),
                    "autoDebit" => bool.TryParse(value, out var b) ? b : throw new InputException($"line {csv.Parser.Row}, autoDebit", $"'{value}' is not true or false"),
                    _ => value,
                };
            }
            if (kind == "customers" && (row["emergencyName"] is not null || row["emergencyMobile"] is not null))
            {
                row["emergencyContact"] = new JsonObject { ["name"] = row["emergencyName"]?.DeepClone(), ["mobile"] = row["emergencyMobile"]?.DeepClone() };
                row.Remove("emergencyName");
                row.Remove("emergencyMobile");
            }
            rows.Add(row);
        }
        if (rows.Count == 0) throw new InputException("line 2", "the file has no rows after the header");
        return new JsonObject { [kind] = rows };
    }

    /// <summary>Parses a CSV file into a book, reporting problems by line and column rather than JSON path.</summary>
    public static Book Parse(string text, IReadOnlyDictionary<string, Product> products, Func<string, string>? protect,
        IReadOnlySet<string>? knownCustomers, IReadOnlySet<string>? knownEmployers, DateOnly? latestStart = null)
    {
        var json = ToBook(text);
        using var doc = JsonDocument.Parse(json.ToJsonString());
        try
        {
            return Book.Parse(new StrictObject(doc.RootElement, "$", "customers", "policies"), products, protect, knownCustomers, knownEmployers, latestStart);
        }
        catch (InputException e)
        {
            var m = RowPath().Match(e.Path);
            if (!m.Success) throw;
            var line = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 2;
            var column = m.Groups[2].Value is "emergencyContact" ? "emergencyName" : m.Groups[2].Value;
            throw new InputException($"line {line}, {column}", e.Message[(e.Path.Length + 2)..]);
        }
    }

    [GeneratedRegex(@"^\$\.(?:customers|policies)\[(\d+)\](?:\.(\w+))?")]
    private static partial Regex RowPath();
}
