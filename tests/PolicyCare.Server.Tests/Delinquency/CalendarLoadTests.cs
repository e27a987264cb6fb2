using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Calendars;
using PolicyCare.Json;
using PolicyCare.Scenarios;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Delinquency;

/// <summary>A temporary holiday announced at short notice, loaded while policies are in grace: their deadlines follow it.</summary>
public sealed class CalendarLoadTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly DateOnly Due = new(2026, 6, 10);

    /// <summary>A Korean policy due 10 June 2026 and unpaid, with 30 days of grace: the last day is Friday 10 July.</summary>
    private async Task<Database> BookAsync()
    {
        var database = _temp.Sqlite(Guid.NewGuid().ToString("N") + ".db");
        await database.MigrateAsync();
        var scenario = Scenario.Parse($$"""
            {
              "start": "2026-06-01", "end": "2026-07-31", "market": "KR",
              "products": [{ "code": "KLIFE", "currency": "KRW", "grace": { "days": 30 } }],
              "customers": [{ "id": "C1", "name": "김민준", "birthDate": "1980-01-01", "locale": "ko-KR", "mobile": "+821012345678" }],
              "policies": [{ "number": "K1", "product": "KLIFE", "holder": "C1", "insured": "C1", "start": "2025-06-10",
                             "premium": "50000", "frequency": "monthly", "autoDebit": false }]
            }
            """);
        await using var db = database.Open();
        await BookSettings.SaveAsync(db, "KR", null, DebitSettlement.Assumed);
        await scenario.Book.LoadAsync(db, scenario.Start);
        return database;
    }

    private static string Korea2026With(params string[] extra)
    {
        var shipped = CalendarData.ForMarket("KR");
        var holidays = shipped.Holidays.Where(d => d.Year == 2026).Select(d => d.ToString("yyyy-MM-dd", null)).Concat(extra).Order();
        return new JsonObject
        {
            ["market"] = "KR",
            ["years"] = new JsonArray(new JsonObject
            {
                ["year"] = 2026,
                ["source"] = "임시공휴일 지정 (test)",
                ["holidays"] = new JsonArray(holidays.Select(h => (JsonNode)h).ToArray()),
                ["workdays"] = new JsonArray(),
            }),
        }.ToJsonString();
    }

    private static async Task RunAsync(DailyCycleRunner cycle, DateOnly from, DateOnly to)
    {
        for (var day = from; day <= to; day = day.AddDays(1)) await cycle.RunDayAsync(day);
    }

    private static async Task<(string Status, DateOnly? LapsedOn)> StandingAsync(Database database)
    {
        await using var db = database.Open();
        var p = await db.Policies.AsNoTracking().SingleAsync(p => p.Number == "K1");
        return (p.Status.Code(), p.LapsedOn);
    }

    [Fact]
    public async Task AHolidayLoadedWhileInGrace_MovesTheLastDayOfGrace_FromTheNextCycleOn()
    {
        var control = await BookAsync();
        await RunAsync(new DailyCycleRunner(control, TimeProvider.System), new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 14));
        Assert.Equal(("lapsed", new DateOnly(2026, 7, 11)), await StandingAsync(control));

        var database = await BookAsync();
        var cycle = new DailyCycleRunner(database, TimeProvider.System);
        await RunAsync(cycle, new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 1));
        Assert.Equal("grace", (await StandingAsync(database)).Status);
        await using (var db = database.Open())
        {
            var record = await CalendarLoads.LoadAsync(db, Korea2026With("2026-07-10"), "api:admin", DateTimeOffset.UtcNow, new DateOnly(2026, 7, 1));
            Assert.Equal((1, "api:admin"), (record.Version, record.LoadedBy));
            // The deadline the customer is told moves at once: 10 July is now a day off, so grace runs to Monday 13 July.
            var detail = await Policies.PolicyEndpoints.DetailAsync(db, await db.Policies.SingleAsync(p => p.Number == "K1"), default);
            Assert.Equal(new DateOnly(2026, 7, 13), detail.GraceEndsOn);
        }
        // The same runner, as the server's cycle keeps one: the next day reads the new calendar.
        await cycle.RunThroughAsync(new DateOnly(2026, 7, 13));
        Assert.Equal("grace", (await StandingAsync(database)).Status);
        await cycle.RunThroughAsync(new DateOnly(2026, 7, 14));
        Assert.Equal(("lapsed", new DateOnly(2026, 7, 14)), await StandingAsync(database));
    }

    [Fact]
    public async Task ABadCalendarFile_IsRefusedWithThePath_AndNothingIsLoaded()
    {
        var database = await BookAsync();
        await using var db = database.Open();
        var wrongYear = await Assert.ThrowsAsync<InputException>(() => CalendarLoads.LoadAsync(db,
            Korea2026With("2027-01-04"), "cli:root", DateTimeOffset.UtcNow, Due));
        Assert.StartsWith("$.years[0].holidays[", wrongYear.Path, StringComparison.Ordinal);
        Assert.Contains("is not in 2026", wrongYear.Message, StringComparison.Ordinal);
        var gap = Korea2026With().Replace("2026", "2029", StringComparison.Ordinal);
        var gapError = await Assert.ThrowsAsync<InputException>(() => CalendarLoads.LoadAsync(db, gap, "cli:root", DateTimeOffset.UtcNow, Due));
        Assert.Contains("gap", gapError.Message, StringComparison.Ordinal);
        var both = Korea2026With().Replace("\"workdays\":[]", "\"workdays\":[\"2026-01-01\"]", StringComparison.Ordinal);
        var bothError = await Assert.ThrowsAsync<InputException>(() => CalendarLoads.LoadAsync(db, both, "cli:root", DateTimeOffset.UtcNow, Due));
        Assert.Equal("$.years[0].workdays[0]", bothError.Path);
        Assert.False(await db.CalendarVersions.AnyAsync());
        // A year right after the data extends it; a date in it is no longer an error.
        var next = Korea2026With().Replace("2026", "2028", StringComparison.Ordinal);
        await CalendarLoads.LoadAsync(db, next, "cli:root", DateTimeOffset.UtcNow, Due);
        var book = await BookSettings.LoadAsync(db);
        Assert.True(book.Calendar.Covers(new DateOnly(2028, 3, 1)));
        Assert.Throws<CalendarOutOfRangeException>(() => book.Calendar.IsBusinessDay(new DateOnly(2029, 1, 2)));
    }
}
