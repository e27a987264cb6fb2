using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Policies;
using PolicyCare.Storage;

// Times the daily cycle over a generated book: one heavy day on which every policy is reviewed,
// then a month of ordinary days on which only the policies due for review are read.
// Usage: dotnet run -c Release --project bench/PolicyCare.Bench -- --policies 100000 --db "Data Source=/tmp/bench.db"

var policies = 100_000;
string? connection = null;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--policies") policies = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
    if (args[i] == "--db") connection = args[i + 1];
}
var database = Database.FromSetting(connection ?? "Data Source=/tmp/policycare-bench.db");
await database.MigrateAsync();
await using (var db = database.Open())
{
    if (await db.Policies.AnyAsync())
    {
        Console.Error.WriteLine($"{database.Describe()} is not empty; give the benchmark a fresh database");
        return 2;
    }
}

var firstDay = new DateOnly(2026, 6, 1);
var clock = Stopwatch.StartNew();
await GeneratedBook.LoadAsync(database, policies, firstDay);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine($"database: {database.Describe()}");
Console.WriteLine($"load: {policies:N0} policies in {clock.Elapsed.TotalSeconds:0.0}s");

var runner = new DailyCycleRunner(database, TimeProvider.System);
var heavy = await runner.RunDayAsync(firstDay);
Console.WriteLine($"heavy day {heavy.Date:yyyy-MM-dd}: reviewed {heavy.PoliciesReviewed:N0}, {heavy.StatusChanges:N0} status changes, {heavy.NoticesPlanned:N0} notices in {heavy.Elapsed.TotalSeconds:0.00}s ({heavy.PoliciesReviewed / heavy.Elapsed.TotalSeconds:N0} policies/s)");

var month = Stopwatch.StartNew();
var reports = await runner.RunThroughAsync(firstDay.AddDays(30));
var reviewed = reports.Sum(r => r.PoliciesReviewed);
Console.WriteLine($"30 ordinary days: reviewed {reviewed:N0} ({reviewed / 30:N0}/day), {reports.Sum(r => r.NoticesPlanned):N0} notices in {month.Elapsed.TotalSeconds:0.00}s ({month.Elapsed.TotalSeconds / 30:0.00}s/day)");
Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MiB");
return 0;

/// <summary>A book like an insurer's: monthly, quarterly and annual payers in China and Korea; most pay on time, one in ten is behind.</summary>
internal static class GeneratedBook
{
    public static async Task LoadAsync(Database database, int count, DateOnly asOf)
    {
        var products = ProductFile.ReferenceProducts();
        var random = new Random(42);
        await using (var db = database.Open())
        {
            await BookSettings.SaveAsync(db, "CN", null, DebitSettlement.Assumed);
            db.Products.AddRange(products.Select(p => new ProductRecord { Code = p.Code, Definition = ProductJson.Write(p) }));
            await db.SaveChangesAsync();
        }
        const int chunk = 5_000;
        for (var start = 0; start < count; start += chunk)
        {
            await using var db = database.Open();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(count, start + chunk); i++)
            {
                var korean = i % 3 == 0;
                var product = korean ? products.Single(p => p.Code == "KR-LIFE") : i % 10 == 1 ? products.Single(p => p.Code == "HEALTH-1Y") : products.Single(p => p.Code == "CN-LIFE20");
                var id = $"C{i:0000000}";
                db.Customers.Add(new CustomerRecord
                {
                    Id = id, Name = "Customer " + i, BirthDate = new DateOnly(1945 + random.Next(55), 1 + random.Next(12), 1 + random.Next(28)),
                    Locale = korean ? "ko-KR" : "zh-CN", Mobile = $"+86138{i:00000000}", Email = $"c{i}@example.com",
                    Wechat = korean ? null : $"wx{i}", Kakao = korean ? $"k{i}" : null, Address = "Somewhere " + i,
                });
                var frequency = product.Term == PolicyTerm.Short ? "annual" : random.Next(10) < 7 ? "monthly" : random.Next(2) == 0 ? "quarterly" : "annual";
                var record = new PolicyRecord
                {
                    Number = $"P{i:0000000}", ProductCode = product.Code, HolderId = id, InsuredId = id,
                    Start = asOf.AddDays(-random.Next(20, 2000)), Premium = korean ? 10_000m * random.Next(3, 40) : 50m * random.Next(4, 80),
                    Frequency = frequency, Status = "in-force",
                };
                var terms = record.ToTerms(product);
                // One in ten is behind: paid up to some weeks ago, so the first day finds them in grace or lapsed.
                var paidUpTo = random.Next(10) == 0 ? asOf.AddDays(-random.Next(10, 120)) : asOf;
                record.Store(PolicyStanding.PaidUpTo(terms, paidUpTo, autoDebit: random.Next(10) < 7));
                record.NextReviewOn = asOf;
                db.Policies.Add(record);
            }
            await db.SaveChangesAsync();
        }
    }
}
