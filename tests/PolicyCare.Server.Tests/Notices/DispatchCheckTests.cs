using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Json;
using PolicyCare.Policies;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Notices;

/// <summary>
/// The data check before dispatch, on reminders the real cycle wrote: a part payment that arrived after the reminder was
/// written, or a mobile number changed since, holds the reminder with its reason instead of sending it; an untouched
/// policy's reminder goes out; an agent cancels a held one and the evidence says so.
/// </summary>
public sealed class DispatchCheckTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private const string Book = """
        {"products":[{"code":"LIFE","currency":"CNY","grace":{"days":30}}],
         "customers":[
           {"id":"C1","name":"王伟","birthDate":"1980-01-01","locale":"zh-CN","mobile":"+8613800000001","email":"c1@example.com"},
           {"id":"C2","name":"李娜","birthDate":"1981-01-01","locale":"zh-CN","mobile":"+8613800000002","email":"c2@example.com"},
           {"id":"C3","name":"张敏","birthDate":"1982-01-01","locale":"zh-CN","mobile":"+8613800000003","email":"c3@example.com"}],
         "policies":[
           {"number":"PAID-PART","product":"LIFE","holder":"C1","start":"2025-01-10","premium":"500.00","frequency":"monthly"},
           {"number":"NEW-MOBILE","product":"LIFE","holder":"C2","start":"2025-01-10","premium":"500.00","frequency":"monthly"},
           {"number":"UNCHANGED","product":"LIFE","holder":"C3","start":"2025-01-10","premium":"500.00","frequency":"monthly"}]}
        """;

    private sealed class Recorder(ConcurrentBag<string> sent) : IChannelAdapter
    {
        public IReadOnlyCollection<Channel> Channels { get; } = Enum.GetValues<Channel>();

        public Task<SendOutcome> SendAsync(NoticeRecord notice, CancellationToken cancel)
        {
            sent.Add(notice.IdempotencyKey);
            return Task.FromResult<SendOutcome>(new Accepted("m-" + notice.Id));
        }
    }

    [Fact]
    public async Task AReminderThatNoLongerMatchesTheBook_IsHeldWithItsReason_NotSent()
    {
        var database = _temp.Sqlite();
        await database.MigrateAsync();
        await using (var db = database.Open())
        {
            await BookSettings.SaveAsync(db, "NONE", null, DebitSettlement.Assumed);
            using var doc = JsonDocument.Parse(Book);
            await PolicyCare.Policies.Book.Parse(new StrictObject(doc.RootElement, "$", "products", "customers", "policies")).LoadAsync(db, new DateOnly(2026, 1, 1));
        }
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero));
        var sent = new ConcurrentBag<string>();
        var dispatcher = new NoticeDispatcher(database, [new Recorder(sent)], time, new DispatchSettings(DailyCapPerRecipient: 10), NullLogger<NoticeDispatcher>.Instance);
        var cycle = new DailyCycleRunner(database, time);

        // The cycle runs and its notices go out each day, until the day it writes the first reminders.
        var day = new DateOnly(2026, 1, 1);
        for (; ; day = day.AddDays(1))
        {
            Assert.True(day < new DateOnly(2026, 4, 1), "the cycle wrote no first reminder");
            time.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero));
            await cycle.RunDayAsync(day);
            await using var db = database.Open();
            if (await db.Notices.AnyAsync(n => n.Stage == Stage.FirstReminder && n.Status == NoticeStatus.Pending)) break;
            while (await dispatcher.DispatchDueAsync() > 0) { }
        }
        Assert.DoesNotContain(sent, k => k.Contains("|first-reminder|", StringComparison.Ordinal));

        // Between writing and sending: a part payment on one policy, a new mobile number for another customer.
        await using (var db = database.Open())
        {
            await Collections.PostPaymentAsync(db, "PAID-PART", day, 100m, "counter", "part-1");
            var c2 = await db.Customers.SingleAsync(c => c.Id == "C2");
            c2.Mobile = "+8613900000002";
            await db.SaveChangesAsync();
        }
        while (await dispatcher.DispatchDueAsync() > 0) { }

        await using (var db = database.Open())
        {
            var reminders = await db.Notices.AsNoTracking().Where(n => n.Stage == Stage.FirstReminder).ToListAsync();
            // The part payment changed the amount owed: every copy is held, none sent.
            var partPaid = reminders.Where(n => n.PolicyNumber == "PAID-PART").ToList();
            Assert.NotEmpty(partPaid);
            Assert.All(partPaid, n =>
            {
                Assert.Equal(NoticeStatus.Held, n.Status);
                Assert.Equal(DispatchChecks.HeldPrefix + DispatchChecks.FactsChanged, n.FailureReason);
            });
            Assert.DoesNotContain(sent, k => k.StartsWith("PAID-PART|", StringComparison.Ordinal) && k.Contains("|first-reminder|", StringComparison.Ordinal));
            // The SMS to the old number is held; the same reminder by email, still the customer's address, goes out.
            var newMobile = reminders.Where(n => n.PolicyNumber == "NEW-MOBILE").ToList();
            Assert.Contains(newMobile, n => n.Channel == Channel.Sms && n.Status == NoticeStatus.Held
                && n.FailureReason == DispatchChecks.HeldPrefix + DispatchChecks.ContactChanged);
            Assert.All(newMobile.Where(n => n.Channel != Channel.Sms), n => Assert.Equal(NoticeStatus.Sent, n.Status));
            // Nothing changed for the third: sent as written.
            var unchanged = reminders.Where(n => n.PolicyNumber == "UNCHANGED").ToList();
            Assert.NotEmpty(unchanged);
            Assert.All(unchanged, n => Assert.Equal(NoticeStatus.Sent, n.Status));
            // Each hold is a line of the evidence chain, with its reason.
            var heldIds = reminders.Where(n => n.Status == NoticeStatus.Held).Select(n => n.Id).ToList();
            Assert.Equal(heldIds.Count, await db.Evidence.CountAsync(e => heldIds.Contains(e.NoticeId) && e.Event == "held"));

            // An agent cancels a held reminder: it never goes out, and the evidence names who.
            Assert.True(await DispatchChecks.CancelAsync(db, partPaid[0].Id, "collections", time.GetUtcNow(), default));
            Assert.False(await DispatchChecks.CancelAsync(db, partPaid[0].Id, "collections", time.GetUtcNow(), default));
            Assert.Equal(NoticeStatus.Cancelled, (await db.Notices.AsNoTracking().SingleAsync(n => n.Id == partPaid[0].Id)).Status);
            Assert.True(await db.Evidence.AnyAsync(e => e.NoticeId == partPaid[0].Id && e.Event == "cancelled" && e.Detail.Contains("collections")));
        }
        // Held notices are not claimed again.
        Assert.Equal(0, await dispatcher.DispatchDueAsync());
    }
}
