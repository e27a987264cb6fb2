using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyCare.Delinquency;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Bench;

/// <summary>How a generated policy's holder pays.</summary>
public enum PayingHabit
{
    /// <summary>Paid up; most by auto-debit.</summary>
    OnTime,
    /// <summary>Some weeks behind: in grace on the first day; pays during the month (the bench posts it).</summary>
    Late,
    /// <summary>Months behind: lapses and never pays.</summary>
    Never,
    /// <summary>Lapsed a while ago and asks for reinstatement during the month.</summary>
    Reinstating,
}

/// <summary>
/// A book like an insurer's: monthly, quarterly and annual payers in China and Korea, life and
/// one-year health products; most pay on time, some late, some never, some come back. The same
/// seed gives the same book. It is loaded through the import path a book upload takes (the JSON
/// book format, validated by <see cref="BookImport"/>, written all or nothing per chunk).
/// </summary>
public sealed class GeneratedBook(int count, DateOnly asOf, int seed = 42)
{
    public const int Chunk = 5_000;

    public int Count => count;
    public DateOnly AsOf => asOf;

    public static PayingHabit HabitOf(int i) => (i % 20) switch
    {
        0 or 1 => PayingHabit.Late,
        2 => PayingHabit.Never,
        3 => PayingHabit.Reinstating,
        _ => PayingHabit.OnTime,
    };

    public static string NumberOf(int i) => $"P{i:0000000}";

    /// <summary>Installments due before this date count as paid at load: how far behind the habit is.</summary>
    public DateOnly PaidBefore(int i, Random random) => HabitOf(i) switch
    {
        PayingHabit.Late => asOf.AddDays(-random.Next(5, 40)),
        PayingHabit.Never => asOf.AddDays(-random.Next(60, 120)),
        PayingHabit.Reinstating => asOf.AddDays(-random.Next(120, 300)),
        _ => asOf,
    };

    public async Task LoadAsync(Database database, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        await using (var db = database.Open())
        {
            await BookSettings.SaveAsync(db, "CN", null, DebitSettlement.Assumed, cancel);
            db.Products.AddRange(ProductFile.ReferenceProducts().Select(p => new ProductRecord { Code = p.Code, Definition = ProductJson.Write(p) }));
            await db.SaveChangesAsync(cancel);
        }
        var random = new Random(seed);
        for (var start = 0; start < count; start += Chunk)
        {
            // One upload per paying date, as an insurer migrating arrears would send them.
            var groups = Enumerable.Range(start, Math.Min(Chunk, count - start))
                .Select(i => (Index: i, PaidBefore: PaidBefore(i, random), Seed: random.Next()))
                .GroupBy(p => p.PaidBefore);
            foreach (var group in groups)
            {
                var json = BookJson(group.Select(g => (g.Index, g.Seed)));
                await using var db = database.Open();
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                using var doc = JsonDocument.Parse(json);
                var book = await BookImport.ParseJsonAsync(db, doc.RootElement, null, group.Key, cancel);
                await book.LoadAsync(db, group.Key, cancel);
            }
            progress?.Report(Math.Min(count, start + Chunk));
        }
    }

    private string BookJson(IEnumerable<(int Index, int Seed)> policies)
    {
        var customers = new JsonArray();
        var list = new JsonArray();
        foreach (var (i, s) in policies)
        {
            var r = new Random(s);
            var korean = i % 3 == 0;
            var product = korean ? "KR-LIFE" : i % 10 == 1 ? "HEALTH-1Y" : "CN-LIFE20";
            var id = $"C{i:0000000}";
            var customer = new JsonObject
            {
                ["id"] = id,
                ["name"] = (korean ? "고객 " : "客户 ") + i.ToString(CultureInfo.InvariantCulture),
                ["birthDate"] = new DateOnly(1945 + r.Next(55), 1 + r.Next(12), 1 + r.Next(28)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["locale"] = korean ? "ko-KR" : "zh-CN",
                ["mobile"] = korean ? $"+8210{i:00000000}" : $"+86138{i:00000000}",
                ["email"] = $"c{i}@example.com",
                ["address"] = (korean ? "서울시 " : "上海市 ") + i.ToString(CultureInfo.InvariantCulture),
            };
            if (korean) customer["kakao"] = $"k{i}";
            else customer["wechat"] = $"wx{i}";
            customers.Add(customer);
            var frequency = product == "HEALTH-1Y" ? "annual" : r.Next(10) < 7 ? "monthly" : r.Next(2) == 0 ? "quarterly" : "annual";
            var started = HabitOf(i) == PayingHabit.Reinstating ? asOf.AddDays(-r.Next(400, 2000)) : asOf.AddDays(-r.Next(20, 2000));
            list.Add(new JsonObject
            {
                ["number"] = NumberOf(i),
                ["product"] = product,
                ["holder"] = id,
                ["insured"] = id,
                ["start"] = started.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["premium"] = (korean ? 10_000 * r.Next(3, 40) : 50 * r.Next(4, 80)).ToString(CultureInfo.InvariantCulture),
                ["frequency"] = frequency,
                ["autoDebit"] = HabitOf(i) == PayingHabit.OnTime && r.Next(10) < 7,
            });
        }
        return new JsonObject { ["customers"] = customers, ["policies"] = list }.ToJsonString();
    }
}
