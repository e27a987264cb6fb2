using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PolicyCare.Delinquency;
using PolicyCare.Policies;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Notices;

/// <summary>
/// The dispatcher against an SMS provider on loopback that speaks the provider API: it takes an
/// Idempotency-Key and sends a message once per key, refuses dead numbers, and fails on demand.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DispatcherTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private WebApplication? _provider;
    private Database _database = null!;
    private string _providerUrl = "";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero)); // 10:00 in China

    /// <summary>Messages the provider delivered to phones, by idempotency key.</summary>
    private readonly ConcurrentDictionary<string, int> _delivered = new();
    private readonly ConcurrentDictionary<string, string> _ids = new();
    private int _requests;
    private int _failNext;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _provider = builder.Build();
        _provider.MapPost("/messages", async (HttpContext context) =>
        {
            Interlocked.Increment(ref _requests);
            if (context.Request.Headers.Authorization != "Bearer test-key") return Results.Unauthorized();
            using var doc = await JsonDocument.ParseAsync(context.Request.Body);
            var to = doc.RootElement.GetProperty("to").GetString();
            var key = context.Request.Headers["Idempotency-Key"].ToString();
            if (Interlocked.Exchange(ref _failNext, 0) == 1) return Results.StatusCode(503);
            if (to == "+860000000000") return Results.BadRequest(new { error = "invalid-number" });
            var id = _ids.GetOrAdd(key, _ => "msg-" + Guid.NewGuid().ToString("N")[..10]);
            _delivered.AddOrUpdate(key, 1, (_, n) => n);
            return Results.Json(new { id });
        });
        await _provider.StartAsync();
        _providerUrl = _provider.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        _database = await BookAsync(_temp.Sqlite());
    }

    /// <summary>Two customers in China, one with a dead mobile number, each with a policy in grace.</summary>
    private static async Task<Database> BookAsync(Database database)
    {
        await database.MigrateAsync();
        await using var db = database.Open();
        await BookSettings.SaveAsync(db, "CN", null);
        db.Products.Add(new ProductRecord { Code = "L", Definition = ProductJson.Write(Product.WithDefaults("L", PolicyTerm.Long, "CNY")) });
        db.Customers.Add(new CustomerRecord { Id = "C1", Name = "王伟", Locale = "zh-CN", Mobile = "+8613800000001", Email = "wang@example.com" });
        db.Customers.Add(new CustomerRecord { Id = "C2", Name = "李娜", Locale = "zh-CN", Mobile = "+860000000000", Email = "li@example.com",
            EmergencyName = "李强", EmergencyMobile = "+8613900000002" });
        foreach (var (number, holder) in new[] { ("P1", "C1"), ("P2", "C2") })
            db.Policies.Add(new PolicyRecord { Number = number, ProductCode = "L", HolderId = holder, InsuredId = holder, Start = new DateOnly(2025, 1, 10), Premium = 100m, Frequency = PolicyCare.Policies.Frequency.Monthly, Status = PolicyCare.Delinquency.PolicyStatus.Grace });
        await db.SaveChangesAsync();
        return database;
    }

    public async Task DisposeAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
        _temp.Dispose();
    }

    private async Task<long> PlanAsync(string policy, string recipient, string address, string stage = "first-reminder", string channel = "sms")
    {
        await using var db = _database.Open();
        var notice = new NoticeRecord
        {
            IdempotencyKey = $"{policy}|installment-1|{stage}|{channel}|{recipient}", PolicyNumber = policy, Stage = Stages.Table.Parse(stage), Channel = Channels.Table.Parse(channel),
            Recipient = recipient, Address = address, Locale = "zh-CN", Text = $"【PolicyCare】保单{policy}提醒", PlannedOn = new DateOnly(2026, 11, 23),
            SendAfter = _time.GetUtcNow(), Status = NoticeStatus.Pending,
        };
        db.Notices.Add(notice);
        await db.SaveChangesAsync();
        return notice.Id;
    }

    private NoticeDispatcher Dispatcher(params IChannelAdapter[] adapters) =>
        new(_database, adapters, _time, new DispatchSettings(CheckAgainstBook: false), NullLogger<NoticeDispatcher>.Instance);

    private HttpSms Sms() => new(new HttpClient(), new SmsSettings(_providerUrl, "test-key", "PolicyCare"));

    private async Task<NoticeRecord> NoticeAsync(long id)
    {
        await using var db = _database.Open();
        return await db.Notices.AsNoTracking().FirstAsync(n => n.Id == id);
    }

    [Fact]
    public async Task ACallPutOnTheAgentsList_HasNotBeenTriedYet_WhileAnSmsSentHasBeenOnce()
    {
        var call = await PlanAsync("P1", "C1", "+8613800000001", "second-reminder", "agent-call");
        var sms = await PlanAsync("P1", "C1", "+8613800000001", "second-reminder");
        await Dispatcher(Sms(), new AgentCallWorklist()).DispatchDueAsync();
        Assert.Equal((NoticeStatus.Sent, 0), ((await NoticeAsync(call)).Status, (await NoticeAsync(call)).Attempts));
        Assert.Equal((NoticeStatus.Sent, 1), ((await NoticeAsync(sms)).Status, (await NoticeAsync(sms)).Attempts));
    }

    [Fact]
    public async Task TransientFailure_IsRetriedWithBackoff_AndSentOnce()
    {
        var id = await PlanAsync("P1", "C1", "+8613800000001");
        _failNext = 1;
        var dispatcher = Dispatcher(Sms(), new DevelopmentSink(NullLogger<DevelopmentSink>.Instance));
        Assert.Equal(1, await dispatcher.DispatchDueAsync());
        var retrying = await NoticeAsync(id);
        Assert.Equal((NoticeStatus.Pending, 1), (retrying.Status, retrying.Attempts));
        Assert.True(retrying.SendAfter > _time.GetUtcNow());
        Assert.Equal(0, await dispatcher.DispatchDueAsync());
        _time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, await dispatcher.DispatchDueAsync());
        var sent = await NoticeAsync(id);
        Assert.Equal(NoticeStatus.Sent, sent.Status);
        Assert.Equal(1, _delivered[sent.IdempotencyKey]);
        Assert.StartsWith("msg-", sent.ProviderMessageId, StringComparison.Ordinal);
    }

    /// <summary>The process stops after the provider took the message and before the outcome was recorded.</summary>
    [Fact]
    public async Task StoppedBetweenAcceptanceAndRecording_ResendsWithTheSameKey_AndTheCustomerGetsOneMessage()
    {
        var id = await PlanAsync("P1", "C1", "+8613800000001", stage: "second-reminder");
        var crashing = Dispatcher(new CrashAfterSending(Sms()));
        await Assert.ThrowsAsync<ProcessStopped>(() => crashing.DispatchDueAsync());
        var claimed = await NoticeAsync(id);
        Assert.Equal(NoticeStatus.Sending, claimed.Status);

        var restarted = Dispatcher(Sms());
        Assert.Equal(0, await restarted.DispatchDueAsync());
        _time.Advance(DispatchSettings.ClaimFor + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await restarted.DispatchDueAsync());
        var sent = await NoticeAsync(id);
        Assert.Equal(NoticeStatus.Sent, sent.Status);
        Assert.Equal(1, _delivered[sent.IdempotencyKey]);
        Assert.Equal(_ids[sent.IdempotencyKey], sent.ProviderMessageId);
    }

    /// <summary>
    /// On PostgreSQL a dispatcher holds what it claimed by its database session: while the session lives no other
    /// dispatcher takes it; when it ends (as the server sees a process killed with SIGKILL) the next one resends
    /// it at once, not after a lease, with the same key.
    /// </summary>
    [Fact]
    public async Task OnPostgres_AStoppedDispatchersClaim_IsTakenBackAsSoonAsItsSessionEnds()
    {
        _database = await BookAsync(Database.FromSetting(await postgres.CreateDatabaseAsync()));
        var id = await PlanAsync("P1", "C1", "+8613800000001", stage: "second-reminder");
        await using var crashing = Dispatcher(new CrashAfterSending(Sms()));
        await Assert.ThrowsAsync<ProcessStopped>(() => crashing.DispatchDueAsync());
        var claimed = await NoticeAsync(id);
        Assert.Equal(NoticeStatus.Sending, claimed.Status);
        Assert.NotNull(claimed.ClaimedBy);

        await using var restarted = Dispatcher(Sms());
        Assert.Equal(0, await restarted.DispatchDueAsync());
        await using (var db = _database.Open())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_terminate_backend(pid, 5000) FROM pg_locks WHERE locktype = 'advisory' AND classid = {(int)WorkerSession.Space.Dispatcher}::oid AND objid = {claimed.ClaimedBy}::oid");
        }
        Assert.Equal(1, await restarted.DispatchDueAsync());
        var sent = await NoticeAsync(id);
        Assert.Equal(NoticeStatus.Sent, sent.Status);
        Assert.Equal(1, _delivered[sent.IdempotencyKey]);
        Assert.Equal(_ids[sent.IdempotencyKey], sent.ProviderMessageId);

        // A dispatcher whose session the server ended (it lived on) notices, and claims under a new key that is held.
        var later = await PlanAsync("P1", "C1", "+8613800000001", stage: "first-reminder");
        await Assert.ThrowsAsync<ProcessStopped>(() => crashing.DispatchDueAsync());
        var reclaimed = await NoticeAsync(later);
        Assert.NotEqual(claimed.ClaimedBy, reclaimed.ClaimedBy);
        Assert.Equal(0, await restarted.DispatchDueAsync());
    }

    [Fact]
    public async Task DeadNumber_FailsTheNotice_MarksTheContactInvalid_AndEmailTakesOver()
    {
        var id = await PlanAsync("P2", "C2", "+860000000000");
        var dispatcher = Dispatcher(Sms(), new DevelopmentSink(NullLogger<DevelopmentSink>.Instance));
        await dispatcher.DispatchDueAsync();
        var failed = await NoticeAsync(id);
        Assert.Equal(NoticeStatus.Failed, failed.Status);
        Assert.Contains("invalid-number", failed.FailureReason, StringComparison.Ordinal);
        await dispatcher.DispatchDueAsync();
        await using var db = _database.Open();
        Assert.Equal("Mobile", (await db.Customers.AsNoTracking().FirstAsync(c => c.Id == "C2")).InvalidContacts);
        var fallback = await db.Notices.AsNoTracking().SingleAsync(n => n.IdempotencyKey == failed.IdempotencyKey + "|fallback:email");
        Assert.Equal((NoticeStatus.Sent, "li@example.com"), (fallback.Status, fallback.Address));
        Assert.Empty(await EvidenceLog.VerifyAsync(db));
        // The SMS failed, the email was planned as its fallback and sent: each step in the evidence, in order.
        Assert.Equal(["failed", "planned", "sent"], await db.Evidence.AsNoTracking().OrderBy(e => e.Seq).Select(e => e.Event).ToListAsync());
    }

    [Fact]
    public async Task AtNight_SmsWaitsForMorning_ButALegalNoticeGoesOut()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero)); // 23:00 in China
        var reminder = await PlanAsync("P1", "C1", "+8613800000001", stage: "first-reminder");
        var lapse = await PlanAsync("P1", "C1", "+8613800000001", stage: "lapse-notice");
        var dispatcher = Dispatcher(Sms());
        await dispatcher.DispatchDueAsync();
        var waiting = await NoticeAsync(reminder);
        Assert.Equal(NoticeStatus.Pending, waiting.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), waiting.SendAfter); // 08:00 in China
        Assert.Equal(NoticeStatus.Sent, (await NoticeAsync(lapse)).Status);
    }

    private sealed class ProcessStopped : Exception;

    private sealed class CrashAfterSending(IChannelAdapter inner) : IChannelAdapter
    {
        public IReadOnlyCollection<Channel> Channels => inner.Channels;

        public async Task<SendOutcome> SendAsync(NoticeRecord notice, CancellationToken cancel)
        {
            await inner.SendAsync(notice, cancel);
            throw new ProcessStopped();
        }
    }
}
