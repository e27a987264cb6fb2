using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Json;
using PolicyCare.Storage;

namespace PolicyCare.Policies;

/// <summary>
/// Reading an uploaded book against what is already stored (products, customers and employers it
/// may name). An upload's dates are plausible for today: a policy starts at most a year ahead, and
/// the as-of date lies between 1900 and a year ahead.
/// </summary>
public static class BookImport
{
    public static async Task<Book> ParseJsonAsync(PolicyCareDb db, JsonElement root, Func<string, string>? protect, DateOnly today, CancellationToken cancel)
    {
        var o = new StrictObject(root, "$", "asOf", "products", "customers", "employers", "policies");
        var (products, customers, employers) = await KnownAsync(db, References(root), cancel);
        var book = Book.Parse(o, products, protect, customers, employers, today.AddYears(1));
        if (book.Products.Count + book.Customers.Count + book.Employers.Count + book.Policies.Count == 0)
            throw new InputException("$", "holds no products, customers, employers or policies: nothing to load");
        return book;
    }

    public static async Task<Book> ParseCsvAsync(PolicyCareDb db, string text, Func<string, string>? protect, DateOnly today, CancellationToken cancel)
    {
        var json = BookCsv.ToBook(text);
        using var doc = JsonDocument.Parse(json.ToJsonString());
        var (products, customers, employers) = await KnownAsync(db, References(doc.RootElement), cancel);
        return BookCsv.Parse(text, products, protect, customers, employers, today.AddYears(1));
    }

    /// <summary>The as-of date of an upload, checked: new policies count every installment due before it as paid.</summary>
    public static DateOnly AsOf(DateOnly? given, DateOnly today, string field)
    {
        if (given is not { } asOf) return today;
        if (asOf < Book.EarliestDate || asOf > today.AddYears(1))
            throw new InputException(field, $"must be between {Book.EarliestDate:yyyy-MM-dd} and {today.AddYears(1):yyyy-MM-dd}", asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return asOf;
    }

    private static async Task<(Dictionary<string, Product>, HashSet<string>, HashSet<string>)> KnownAsync(PolicyCareDb db,
        (List<string> Customers, List<string> Employers) refs, CancellationToken cancel)
    {
        var products = (await db.Products.AsNoTracking().ToListAsync(cancel)).ToDictionary(p => p.Code, p => p.ToProduct());
        var customers = (await db.Customers.AsNoTracking().Where(c => refs.Customers.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancel)).ToHashSet();
        var employers = (await db.Employers.AsNoTracking().Where(e => refs.Employers.Contains(e.Id)).Select(e => e.Id).ToListAsync(cancel)).ToHashSet();
        return (products, customers, employers);
    }

    /// <summary>The customer and employer ids the policies of an upload name, to look up those already stored.</summary>
    private static (List<string> Customers, List<string> Employers) References(JsonElement root)
    {
        var customers = new List<string>();
        var employers = new List<string>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("policies", out var policies) || policies.ValueKind != JsonValueKind.Array)
            return (customers, employers);
        foreach (var p in policies.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object))
        {
            foreach (var field in new[] { "holder", "insured" })
                if (p.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String) customers.Add(v.GetString()!);
            if (p.TryGetProperty("members", out var members) && members.ValueKind == JsonValueKind.Array)
                customers.AddRange(members.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString()!));
            if (p.TryGetProperty("employer", out var e) && e.ValueKind == JsonValueKind.String) employers.Add(e.GetString()!);
        }
        return (customers.Distinct().ToList(), employers.Distinct().ToList());
    }
}
