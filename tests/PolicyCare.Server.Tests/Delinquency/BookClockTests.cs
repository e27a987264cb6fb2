using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PolicyCare.Billing;
using PolicyCare.Policies;
using PolicyCare.Scenarios;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Delinquency;

/// <summary>
/// One "today": the book's business date in the market's time zone, from the injected clock. The
/// machine runs on UTC; Shanghai and Seoul are 8 and 9 hours ahead, so their midnight falls in the
/// middle of a UTC day. Everything that needs a date must turn at the market's midnight together.
/// </summary>
public sealed class BookClockTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("CN", 16)]
    [InlineData("KR", 15)]
    public async Task AcrossTheMarketsMidnight_TheApiThePaymentsAndTheCycleAgreeOnTheDate(string market, int midnightUtcHour)
    {
        var database = _temp.Sqlite(market + ".db");
        await database.MigrateAsync();
        var scenario = Scenario.Parse($$"""
            {
              "start": "2026-06-01", "end": "2026-07-31", "market": "{{market}}",
              "products": [{ "code": "LIFE", "currency": "CNY" }],
              "customers": [{ "id": "C1", "name": "Wang", "birthDate": "1980-01-01", "locale": "zh-CN", "mobile": "+8613800000001" }],
              "policies": [{ "number": "P1", "product": "LIFE", "holder": "C1", "insured": "C1", "start": "2025-06-10",
                             "premium": "100.00", "frequency": "monthly", "autoDebit": false }]
            }
            """);
        await using (var db = database.Open())
        {
            await BookSettings.SaveAsync(db, market, null, DebitSettlement.Assumed);
            await scenario.Book.LoadAsync(db, scenario.Start);
        }
        // A minute before the market's midnight on 1 July: the UTC date is 1 July too.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, midnightUtcHour - 1, 59, 0, TimeSpan.Zero));
        var cycle = new DailyCycleRunner(database, time);
        await using (var db = database.Open())
        {
            Assert.Equal(new DateOnly(2026, 7, 1), await Access.TodayAsync(db, time, default));
            await cycle.RunThroughAsync(await BookSettings.TodayAsync(db, time));
        }

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(new DateOnly(2026, 7, 1), DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        await using (var db = database.Open())
        {
            var today = await Access.TodayAsync(db, time, default);
            Assert.Equal(new DateOnly(2026, 7, 2), today);
            // The cycle runs the new day; a payment posted now is received on it.
            var reports = await cycle.RunThroughAsync(today);
            Assert.Equal([new DateOnly(2026, 7, 2)], reports.Select(r => r.Date));
            await Collections.PostPaymentAsync(db, "P1", today, 100m, "card", "midnight-1", time.GetUtcNow());
            Assert.Equal(new DateOnly(2026, 7, 2), (await db.Payments.AsNoTracking().SingleAsync()).ReceivedOn);
            // The dispatcher's quiet hours and daily cap follow the same local day: an SMS at 00:01 waits for 08:00 of it.
            var book = await BookSettings.LoadAsync(db);
            Assert.Equal(today, book.Today(time.GetUtcNow()));
            Assert.Equal(new DateTimeOffset(2026, 7, 2, 9, 0, 0, book.UtcOffset), book.MorningOf(today));
        }
    }
}
