using Microsoft.EntityFrameworkCore;
using PolicyCare.Hosting;
using PolicyCare.Policies;
using PolicyCare.Scenarios;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Storage;

/// <summary>The cycle decides the same on SQLite and on a real PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CrossDatabaseTests(PostgresServer postgres)
{
    [Theory]
    [InlineData("cn-lapse-and-reinstatement")]
    [InlineData("unreachable-holder")]
    [InlineData("group-policy")]
    [InlineData("kr-end-of-following-month")]
    [InlineData("claims-journey")]
    [InlineData("claims-coverage")]
    public async Task Scenario_OnPostgres_GivesTheSameTimelineAsOnSqlite(string name)
    {
        var file = Path.Combine(Repository.Root, "tests", "scenarios", name + ".json");
        var onSqlite = await ScenarioFileTests.RunAsync(file);
        var onPostgres = await ScenarioFileTests.RunAsync(file, Database.FromSetting(await postgres.CreateDatabaseAsync()));
        Assert.NotEmpty(onSqlite);
        Assert.Equal(onSqlite, onPostgres);
    }

    /// <summary>
    /// The policy review's search (anniversaries and birthdays by month and day) is translated alike on both databases:
    /// over two years of dates it finds the same policies on the same days after a renewal scenario.
    /// </summary>
    [Fact]
    public async Task PolicyReviews_FindTheSamePolicies_OnPostgresAsOnSqlite()
    {
        var file = Path.Combine(Repository.Root, "tests", "scenarios", "renewal-cn-price-and-acceptance.json");
        using var folder = new TempFolder();
        var sqlite = folder.Sqlite();
        var pg = Database.FromSetting(await postgres.CreateDatabaseAsync());
        var found = new List<string>();
        foreach (var database in new[] { sqlite, pg })
        {
            await ScenarioFileTests.RunAsync(file, database);
            await using var db = database.Open();
            var days = new List<string>();
            for (var day = new DateOnly(2026, 1, 1); day <= new DateOnly(2027, 12, 31); day = day.AddDays(1))
                if (await Servicing.PolicyReviewer.RunDueAsync(db, day, DateTimeOffset.UnixEpoch, null, default) is > 0 and var n) days.Add($"{day:yyyy-MM-dd}:{n}");
            found.Add(string.Join(",", days));
        }
        Assert.NotEqual("", found[0]);
        Assert.Equal(found[0], found[1]);
    }

    /// <summary>
    /// The trigger that queues the integrator's events works on PostgreSQL as on SQLite: a status line
    /// and a claim's submitted, decided and paid lines are queued — written by EF Core or by the cycle's
    /// COPY — other lines are not, and nothing is queued while outbound webhooks are off.
    /// </summary>
    [Fact]
    public async Task OnPostgres_StatusAndClaimLines_AreQueuedForTheWebhook_ByCopyToo_OnlyWhileWebhooksAreOn()
    {
        var database = Database.FromSetting(await postgres.CreateDatabaseAsync());
        await database.MigrateAsync();
        await using var db = database.Open();
        static TimelineEntry Line(string kind, string data) => new() { PolicyNumber = "P1", On = new DateOnly(2026, 5, 1), Kind = kind, Seq = 1, Data = data };
        db.Timeline.Add(Line("status", """{"from":"grace","to":"lapsed"}"""));
        await db.SaveChangesAsync();
        Assert.Equal(0, await db.OutboundEvents.CountAsync());

        await OutboundWebhooks.SetEnabledAsync(db, true);
        db.Timeline.AddRange(Line("status", """{"from":"lapsed","to":"in-force"}"""), Line("notice", """{"stage":"first-reminder"}"""),
            Line("claim", """{"claim":"C1","stage":"submitted"}"""), Line("claim", """{"claim":"C1","stage":"information-requested"}"""));
        await db.SaveChangesAsync();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await PostgresBulk.InsertAsync(db, new List<TimelineEntry> { Line("status", """{"from":"in-force","to":"grace"}"""), Line("notice", "{}") }, default);
            await tx.CommitAsync();
        }
        var queued = await db.OutboundEvents.AsNoTracking().Join(db.Timeline, e => e.TimelineId, t => t.Id, (e, t) => t.Data).ToListAsync();
        Assert.Equal(3, queued.Count);
        Assert.Contains(queued, d => d.Contains("submitted", StringComparison.Ordinal));
        Assert.Contains(queued, d => d.Contains("\"to\":\"grace\"", StringComparison.Ordinal));
    }
}
