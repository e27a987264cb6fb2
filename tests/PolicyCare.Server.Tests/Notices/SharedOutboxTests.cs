using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PolicyCare.Delinquency;
using PolicyCare.Policies;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Notices;

/// <summary>Several server processes share one PostgreSQL outbox: every notice goes out once, whoever claims it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedOutboxTests(PostgresServer postgres)
{
    private sealed class CountingAdapter(ConcurrentDictionary<string, int> sent, string worker, ConcurrentDictionary<string, int> byWorker) : IChannelAdapter
    {
        public IReadOnlyCollection<Channel> Channels { get; } = [Channel.Sms, Channel.Email];

        public async Task<SendOutcome> SendAsync(NoticeRecord notice, CancellationToken cancel)
        {
            await Task.Delay(2, cancel);
            sent.AddOrUpdate(notice.IdempotencyKey, 1, (_, n) => n + 1);
            byWorker.AddOrUpdate(worker, 1, (_, n) => n + 1);
            return new Accepted($"{worker}-{notice.Id}");
        }
    }

    private static async Task<Database> BookWithNoticesAsync(Database database, int count)
    {
        await database.MigrateAsync();
        await using var db = database.Open();
        await BookSettings.SaveAsync(db, "NONE", null);
        db.Products.Add(new ProductRecord { Code = "L", Definition = ProductJson.Write(Product.WithDefaults("L", PolicyTerm.Long, "CNY")) });
        for (var i = 0; i < count; i++)
        {
            db.Customers.Add(new CustomerRecord { Id = $"C{i}", Name = $"C{i}", Locale = "en-US", Mobile = $"+86138{i:00000000}" });
            db.Policies.Add(new PolicyRecord { Number = $"P{i}", ProductCode = "L", HolderId = $"C{i}", InsuredId = $"C{i}", Start = new DateOnly(2025, 1, 10), Premium = 1m, Frequency = PolicyCare.Policies.Frequency.Monthly, Status = PolicyCare.Delinquency.PolicyStatus.Grace });
            db.Notices.Add(new NoticeRecord
            {
                IdempotencyKey = $"P{i}|installment-12|first-reminder|sms|C{i}", PolicyNumber = $"P{i}", Stage = PolicyCare.Notices.Stage.FirstReminder, Channel = PolicyCare.Notices.Channel.Sms, Recipient = $"C{i}",
                Address = $"+86138{i:00000000}", Locale = "en-US", Text = $"reminder {i}", PlannedOn = new DateOnly(2026, 1, 12),
                SendAfter = new DateTimeOffset(2026, 1, 12, 1, 0, 0, TimeSpan.Zero), Status = NoticeStatus.Pending,
            });
        }
        await db.SaveChangesAsync();
        return database;
    }

    [Fact]
    public async Task FourDispatchers_OnePostgres_SendEveryNoticeExactlyOnce()
    {
        var database = await BookWithNoticesAsync(Database.FromSetting(await postgres.CreateDatabaseAsync()), 300);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 12, 10, 0, 0, TimeSpan.Zero));
        var sent = new ConcurrentDictionary<string, int>();
        var byWorker = new ConcurrentDictionary<string, int>();
        var workers = Enumerable.Range(1, 4).Select(w => new NoticeDispatcher(database, [new CountingAdapter(sent, $"w{w}", byWorker)], time,
            new DispatchSettings(BatchSize: 10, CheckAgainstBook: false), NullLogger<NoticeDispatcher>.Instance)).ToList();
        await Task.WhenAll(workers.Select(async w =>
        {
            while (await w.DispatchDueAsync() > 0) { }
        }));
        Assert.Equal(300, sent.Count);
        Assert.All(sent.Values, n => Assert.Equal(1, n));
        Assert.True(byWorker.Count >= 2, $"only {string.Join(", ", byWorker.Keys)} worked");
        await using var db = database.Open();
        Assert.Equal(300, await db.Notices.CountAsync(n => n.Status == NoticeStatus.Sent));
        Assert.Empty(await EvidenceLog.VerifyAsync(db));
        Assert.Equal(300, await db.Evidence.CountAsync(e => e.Event == "sent"));
    }

    /// <summary>A notice to C0 (the book's one customer) by SMS, due on 12 January 2026.</summary>
    private static NoticeRecord ToC0(string key, PolicyCare.Notices.Stage stage, string text, DateTimeOffset? sentAt = null) => new()
    {
        IdempotencyKey = key, PolicyNumber = "P0", Stage = stage, Channel = PolicyCare.Notices.Channel.Sms, Recipient = "C0",
        Address = "+8613800000000", Locale = "en-US", Text = text, PlannedOn = DateOnly.FromDateTime((sentAt ?? Due).UtcDateTime),
        SendAfter = sentAt ?? Due, SentAt = sentAt, Status = sentAt is null ? NoticeStatus.Pending : NoticeStatus.Sent,
    };

    private static readonly DateTimeOffset Due = new(2026, 1, 12, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Dispatches once at 10:00 on 12 January 2026 with a cap of three a day; what went out, by key.</summary>
    private static async Task<ConcurrentDictionary<string, int>> DispatchWithCapOfThreeAsync(Database database)
    {
        var sent = new ConcurrentDictionary<string, int>();
        var dispatcher = new NoticeDispatcher(database, [new CountingAdapter(sent, "w", new())], new FakeTimeProvider(new DateTimeOffset(2026, 1, 12, 10, 0, 0, TimeSpan.Zero)),
            new DispatchSettings(DailyCapPerRecipient: 3, CheckAgainstBook: false), NullLogger<NoticeDispatcher>.Instance);
        await dispatcher.DispatchDueAsync();
        return sent;
    }

    /// <summary>The cap counts what went out earlier in the day, in earlier batches (the book's day: a reminder sent yesterday does not count).</summary>
    [Fact]
    public async Task DailyCap_CountsWhatEarlierBatchesSentToday()
    {
        using var temp = new TempFolder();
        var database = await BookWithNoticesAsync(temp.Sqlite(), 1);
        await using (var db = database.Open())
        {
            foreach (var (k, sentAt) in new[] { (1, new DateTimeOffset(2026, 1, 12, 8, 0, 0, TimeSpan.Zero)), (2, new DateTimeOffset(2026, 1, 12, 9, 0, 0, TimeSpan.Zero)),
                         (3, new DateTimeOffset(2026, 1, 11, 9, 0, 0, TimeSpan.Zero)) })
                db.Notices.Add(ToC0($"P0|installment-{k}|first-reminder|sms|C0", PolicyCare.Notices.Stage.FirstReminder, $"sent {k}", sentAt));
            db.Notices.Add(ToC0("P0|installment-13|first-reminder|sms|C0", PolicyCare.Notices.Stage.FirstReminder, "reminder 13"));
            await db.SaveChangesAsync();
        }
        var sent = await DispatchWithCapOfThreeAsync(database);
        // Two went out today before this batch: one of its two reminders goes, the other waits for tomorrow morning.
        Assert.Single(sent);
        await using var check = database.Open();
        var waiting = await check.Notices.AsNoTracking().SingleAsync(n => n.Status == NoticeStatus.Pending);
        Assert.Equal(new DateTimeOffset(2026, 1, 13, 9, 0, 0, TimeSpan.Zero), waiting.SendAfter);
    }

    [Fact]
    public async Task DailyCap_HoldsTheFourthReminderToOnePersonUntilTomorrow_ButNeverTheAnswerToAComplaintOrAClaim()
    {
        using var temp = new TempFolder();
        var database = await BookWithNoticesAsync(temp.Sqlite(), 1);
        await using (var db = database.Open())
        {
            for (var k = 1; k <= 3; k++)
                db.Notices.Add(ToC0($"P0|installment-{12 + k}|first-reminder|sms|C0", PolicyCare.Notices.Stage.FirstReminder, $"reminder {k}"));
            // What the customer started is answered the day it is due, whatever reminders went out before it.
            foreach (var stage in new[] { PolicyCare.Notices.Stage.CaseAnswer, PolicyCare.Notices.Stage.ClaimDecision })
                db.Notices.Add(ToC0($"P0|{stage.Code()}|sms|C0", stage, stage.Code()));
            await db.SaveChangesAsync();
        }
        var sent = await DispatchWithCapOfThreeAsync(database);
        Assert.Equal(5, sent.Count);
        await using var check = database.Open();
        Assert.Equal(2, await check.Notices.CountAsync(n => (n.Stage == PolicyCare.Notices.Stage.CaseAnswer || n.Stage == PolicyCare.Notices.Stage.ClaimDecision) && n.Status == NoticeStatus.Sent));
        var held = await check.Notices.AsNoTracking().SingleAsync(n => n.Status == NoticeStatus.Pending);
        Assert.Equal(new DateTimeOffset(2026, 1, 13, 9, 0, 0, TimeSpan.Zero), held.SendAfter);
    }
}
