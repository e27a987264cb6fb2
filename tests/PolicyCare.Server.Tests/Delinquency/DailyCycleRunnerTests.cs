using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Delinquency;

/// <summary>The cycle's shell against real databases: idempotent, catching up, at most once by unique keys.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DailyCycleRunnerTests(PostgresServer postgres) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    // The date the API and browser tests' servers seed the demo through: one seeded copy of the book per provider serves them all.
    private static readonly DateOnly Today = ApiServer.Today;

    /// <summary>A database of its own holding the demo book through today, copied from one seeded once.</summary>
    private Task<Database> SeededFor(string provider) =>
        provider == "sqlite" ? DemoDatabases.SqliteAsync(Path.Combine(_temp.Path, Guid.NewGuid().ToString("N") + ".db"), Today) : DemoDatabases.PostgresAsync(postgres, Today);

    private static async Task<(int Notices, int Timeline, int Cases, string Standings)> CountsAsync(Database database)
    {
        await using var db = database.Open();
        var standings = string.Join("\n", (await db.Policies.AsNoTracking().OrderBy(p => p.Number).ToListAsync())
            .Select(p => $"{p.Number} {p.Status} {p.InstallmentsBilled} {p.Applied:0.00} {p.Credit:0.00} {p.NextReviewOn}"));
        return (await db.Notices.CountAsync(), await db.Timeline.CountAsync(), await db.Cases.CountAsync(), standings);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RunningADateTwice_AddsNothing(string provider)
    {
        // The demo book through today (seeded once per run and copied), then tomorrow run twice.
        var database = await SeededFor(provider);
        var tomorrow = Today.AddDays(1);
        var before = await CountsAsync(database);

        var first = await new DailyCycleRunner(database, TimeProvider.System).RunDayAsync(tomorrow);
        var afterFirst = await CountsAsync(database);
        var second = await new DailyCycleRunner(database, TimeProvider.System).RunDayAsync(tomorrow);
        var afterSecond = await CountsAsync(database);

        Assert.False(first.AlreadyRun);
        Assert.True(first.PoliciesReviewed > 0);
        Assert.True(second.AlreadyRun);
        Assert.NotEqual(before, afterFirst);
        Assert.Equal(afterFirst, afterSecond);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task MissedDays_AreCaughtUpInOrder(string provider)
    {
        // The demo book run through today (seeded once per run and copied); the server then stays down for ten days.
        var database = await SeededFor(provider);
        var back = Today.AddDays(10);
        var reports = await new DailyCycleRunner(database, TimeProvider.System).RunThroughAsync(back);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => Today.AddDays(i)), reports.Select(r => r.Date));
        await using var db = database.Open();
        Assert.Equal(back, await db.CycleRuns.MaxAsync(r => r.BusinessDate));
        Assert.False(await db.Policies.AnyAsync(p => p.NextReviewOn != null && p.NextReviewOn <= back));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task SamePaymentReference_IsPostedAtMostOnce_ByTheDatabase(string provider)
    {
        var database = await SeededFor(provider);
        string number;
        await using (var db = database.Open())
        {
            number = (await db.Policies.OrderBy(p => p.Number).FirstAsync()).Number;
            await Collections.PostPaymentAsync(db, number, Today, 100m, "card", "bank-ref-1");
        }
        decimal applied, credit;
        await using (var db = database.Open())
        {
            var p = await db.Policies.AsNoTracking().FirstAsync(x => x.Number == number);
            (applied, credit) = (p.Applied, p.Credit);
        }
        await using (var db = database.Open())
        {
            await Assert.ThrowsAsync<DbUpdateException>(() => Collections.PostPaymentAsync(db, number, Today, 100m, "card", "bank-ref-1"));
        }
        await using (var db = database.Open())
        {
            var p = await db.Policies.AsNoTracking().FirstAsync(x => x.Number == number);
            Assert.Equal((applied, credit), (p.Applied, p.Credit));
            Assert.Equal(1, await db.Payments.CountAsync(x => x.ExternalReference == "bank-ref-1"));
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task SameNoticeKey_IsStoredAtMostOnce_ByTheDatabase(string provider)
    {
        var database = await SeededFor(provider);
        await using var db = database.Open();
        var existing = await db.Notices.AsNoTracking().FirstAsync();
        existing.Id = 0;
        db.Notices.Add(existing);
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task DemoBook_GivesTheSameDecisionsOnSqliteAndPostgres()
    {
        // Each is the demo book seeded through the real cycle on its own provider (the copies every other test starts from).
        var sqlite = await SeededFor("sqlite");
        var pg = await SeededFor("postgres");
        Assert.Equal(await DecisionsAsync(sqlite), await DecisionsAsync(pg));
        var (notices, timeline, cases, _) = await CountsAsync(sqlite);
        Assert.True(notices > 1000 && timeline > 1000 && cases > 0, $"{notices} notices, {timeline} timeline entries, {cases} cases");
    }

    private static async Task<string> DecisionsAsync(Database database)
    {
        await using var db = database.Open();
        var timeline = (await db.Timeline.AsNoTracking().ToListAsync())
            .OrderBy(t => t.On).ThenBy(t => t.PolicyNumber, StringComparer.Ordinal).ThenBy(t => t.Seq)
            .Select(t => $"{t.On} {t.PolicyNumber} {t.Kind} {t.Data}");
        var notices = (await db.Notices.AsNoTracking().ToListAsync()).OrderBy(n => n.IdempotencyKey, StringComparer.Ordinal)
            .Select(n => $"{n.IdempotencyKey} {n.Status} {n.PlannedOn} {n.Text}");
        var standings = (await db.Policies.AsNoTracking().ToListAsync()).OrderBy(p => p.Number, StringComparer.Ordinal)
            .Select(p => $"{p.Number} {p.Status} {p.StatusSince} {p.InstallmentsBilled} {p.Applied:0.0000} {p.Credit:0.0000} {p.InterestCollected:0.0000} {p.LapsedOn} {p.NextReviewOn}");
        // Every auto-debit the demo's cycle collected is money received: one payment each, in the payment history.
        var debits = (await db.Timeline.AsNoTracking().Where(t => t.Kind == "debit").ToListAsync())
            .Where(t => System.Text.Json.Nodes.JsonNode.Parse(t.Data)!["result"]!.GetValue<string>() == "paid")
            .Select(t => $"{t.PolicyNumber} {t.On} {decimal.Parse(System.Text.Json.Nodes.JsonNode.Parse(t.Data)!["amount"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture):0.00}").Order(StringComparer.Ordinal).ToList();
        var payments = (await db.Payments.AsNoTracking().Where(p => p.Method == "auto-debit").ToListAsync())
            .Select(p => $"{p.PolicyNumber} {p.ReceivedOn} {p.Amount:0.00}").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(debits);
        Assert.Equal(debits, payments);
        return string.Join("\n", timeline.Concat(notices).Concat(standings));
    }
}
