using Microsoft.EntityFrameworkCore;
using PolicyCare.Cases;
using PolicyCare.Delinquency;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Notices;

/// <summary>How the dispatcher paces itself (PolicyCare:Dispatch).</summary>
/// <param name="CheckAgainstBook">Check delinquency notices against the book before sending (<see cref="DispatchChecks"/>); off only where
/// a test drives the transport with notices no cycle wrote.</param>
/// <param name="SendersAtOnce">How many notices are handed to the providers side by side: a send waits on a provider or renders a
/// letter, so one at a time left the machine idle; 16 kept two cores busy where 8 left them waiting on the SMS and mail servers'
/// answers (the dispatch benchmark: 432 → 466–504 notices a second). It also bounds what a process that dies mid-send has sent but
/// not recorded (four times this).</param>
public sealed record DispatchSettings(int BatchSize = 200, int MaxAttempts = 5, int QuietFromHour = 21, int QuietUntilHour = 8, int DailyCapPerRecipient = 3,
    bool CheckAgainstBook = true, int SendersAtOnce = 16)
{
    public static TimeSpan ClaimFor { get; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Sends what is due in the outbox through the channel adapters and records every outcome. A notice
/// claimed by a process that stopped before recording the answer is claimed again and resent with the
/// same idempotency key (at least once; providers that take the key send it at most once): on
/// PostgreSQL as soon as the process's <see cref="WorkerSession"/> ends, on SQLite after a lease.
/// Transient failures are retried with backoff; a refusal fails the notice and falls back to another
/// channel; SMS and calls wait out the night in the
/// customer's time zone, except legal notices; reminders to one person are capped per day. Before anything goes
/// out, a delinquency notice is checked against the book and held if it no longer matches (<see cref="DispatchChecks"/>).
/// </summary>
public sealed class NoticeDispatcher(Database database, IEnumerable<IChannelAdapter> adapters, TimeProvider time, DispatchSettings settings, ILogger<NoticeDispatcher> log)
    : IAsyncDisposable
{
    private readonly ReferenceCache _reference = new();
    private WorkerSession? _session;
    private int _workerKey;

    public async ValueTask DisposeAsync()
    {
        if (_session is not null) await _session.DisposeAsync();
    }

    /// <summary>
    /// This process's key on the notices it claims, held by its session; a new session and key when the
    /// old one has gone (what it claimed is then anyone's, this process's included).
    /// </summary>
    private async Task<int> WorkerKeyAsync(CancellationToken cancel)
    {
        if (_session is not null && await _session.IsAliveAsync(cancel)) return _workerKey;
        if (_session is not null) await _session.DisposeAsync();
        _session = await WorkerSession.OpenAsync(database, cancel);
        _workerKey = await _session.HoldNewWorkerKeyAsync(WorkerSession.Space.Dispatcher, cancel);
        return _workerKey;
    }

    public async Task<int> DispatchDueAsync(CancellationToken cancel = default)
    {
        var now = time.GetUtcNow();
        await using var db = database.Open();
        var claimed = await ClaimAsync(db, now, cancel);
        if (claimed.Count == 0) return 0;
        var reference = await _reference.GetAsync(db, cancel);
        // The batch's policies and customers, and what today's cap has counted for its recipients, each read once for the batch.
        var records = settings.CheckAgainstBook ? await BookRecords.ForAsync(db, claimed, cancel) : null;
        // What today's cap has counted per person, this batch's sends included (a send that fails still counted: the cap errs
        // on the side of fewer messages, and the next batch counts again from what was recorded).
        var capped = await SentTodayAsync(db, claimed, now, reference.Book, cancel);
        var ready = new List<NoticeRecord>();
        foreach (var notice in claimed)
        {
            if (records is not null && await DispatchChecks.HoldReasonAsync(db, notice, reference, records, cancel) is { } reason)
            {
                log.LogWarning("Notice {Id} ({Stage} by {Channel}) held before dispatch: {Reason}", notice.Id, notice.Stage.Code(), notice.Channel.Code(), reason);
                await DispatchChecks.HoldAsync(db, notice, reason, now, cancel);
                continue;
            }
            if (await MayGoNowAsync(db, notice, now, reference.Book, capped, cancel)) ready.Add(notice);
        }
        // The providers get several at once (a new one as soon as one is back); outcomes are recorded in claim order after each
        // group, so a process that dies mid-group leaves at most a group sent and unrecorded, to be resent under the same keys.
        var senders = Math.Max(1, settings.SendersAtOnce);
        foreach (var group in ready.Chunk(senders * 4))
        {
            var outcomes = new SendOutcome[group.Length];
            await Parallel.ForEachAsync(Enumerable.Range(0, group.Length), new ParallelOptions { MaxDegreeOfParallelism = senders, CancellationToken = cancel },
                async (i, token) => outcomes[i] = await SendAsync(group[i], token));
            await RecordOutcomesAsync(db, group, outcomes, now, cancel);
        }
        return claimed.Count;
    }

    private static readonly string ClaimOnPostgres = $$"""
        UPDATE notices SET "Status" = 'sending', "ClaimedBy" = {0}, "ClaimedUntil" = NULL
        WHERE "Id" IN (SELECT "Id" FROM notices
                       WHERE ("Status" = 'pending' AND "SendAfter" <= {1})
                          OR ("Status" = 'sending' AND ("ClaimedBy" IS NULL AND "ClaimedUntil" < {1}
                                                       OR "ClaimedBy" NOT IN ({{WorkerSession.LiveWorkerKeys(WorkerSession.Space.Dispatcher)}})))
                       ORDER BY "Id" LIMIT {2} FOR UPDATE SKIP LOCKED)
        RETURNING *
        """;

    private async Task<List<NoticeRecord>> ClaimAsync(PolicyCareDb db, DateTimeOffset now, CancellationToken cancel)
    {
        if (db.IsPostgres)
        {
            // Several server processes share the outbox: each claims rows the others have not locked, and
            // takes back those still sending for a dispatcher whose session is gone (a notice claimed under a
            // lease before sessions, by its lease).
            var worker = await WorkerKeyAsync(cancel);
            return await db.Notices.FromSqlRaw(ClaimOnPostgres, worker, now, settings.BatchSize).ToListAsync(cancel);
        }
        var until = now + DispatchSettings.ClaimFor;
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        var due = await db.Notices
            .Where(n => (n.Status == NoticeStatus.Pending && n.SendAfter <= now) || (n.Status == NoticeStatus.Sending && n.ClaimedUntil < now))
            .OrderBy(n => n.Id).Take(settings.BatchSize).ToListAsync(cancel);
        foreach (var n in due)
        {
            n.Status = NoticeStatus.Sending;
            n.ClaimedUntil = until;
        }
        await db.SaveChangesAsync(cancel);
        await tx.CommitAsync(cancel);
        return due;
    }

    /// <summary>The stages the daily cap counts (the core's <see cref="Stages.IsCapped"/>).</summary>
    private static readonly Stage[] CappedStages = Enum.GetValues<Stage>().Where(s => s.IsCapped()).ToArray();

    /// <summary>Whether a notice goes out now, or waits out the night or today's cap (then it is postponed here).</summary>
    private async Task<bool> MayGoNowAsync(PolicyCareDb db, NoticeRecord n, DateTimeOffset now, BookSettings book, Dictionary<string, int> capped,
        CancellationToken cancel)
    {
        var formal = n.Stage.IsFormal();
        var local = now.ToOffset(book.UtcOffset);
        if (!formal && n.Channel is Channel.Sms or Channel.Voice or Channel.AgentCall && (local.Hour >= settings.QuietFromHour || local.Hour < settings.QuietUntilHour))
        {
            var morning = new DateTimeOffset(local.Date, book.UtcOffset).AddHours(settings.QuietUntilHour);
            if (morning <= local) morning = morning.AddDays(1);
            await PostponeAsync(db, n, morning.ToUniversalTime(), cancel);
            return false;
        }
        if (n.Stage.IsCapped() && !n.Recipient.StartsWith(NoticePlanner.EmergencyPrefix, StringComparison.Ordinal))
        {
            var dayStart = new DateTimeOffset(local.Date, book.UtcOffset).ToUniversalTime();
            var sentToday = capped.GetValueOrDefault(n.Recipient);
            if (sentToday >= settings.DailyCapPerRecipient)
            {
                await PostponeAsync(db, n, dayStart.AddDays(1).ToOffset(book.UtcOffset).AddHours(9).ToUniversalTime(), cancel);
                return false;
            }
            capped[n.Recipient] = sentToday + 1;
        }
        return true;
    }

    /// <summary>The capped notices sent or delivered today (the book's day) to each person a capped notice of the batch is for.</summary>
    private static async Task<Dictionary<string, int>> SentTodayAsync(PolicyCareDb db, List<NoticeRecord> claimed, DateTimeOffset now, BookSettings book,
        CancellationToken cancel)
    {
        var people = claimed.Where(n => n.Stage.IsCapped() && !n.Recipient.StartsWith(NoticePlanner.EmergencyPrefix, StringComparison.Ordinal))
            .Select(n => n.Recipient).Distinct().ToList();
        if (people.Count == 0) return new(StringComparer.Ordinal);
        var local = now.ToOffset(book.UtcOffset);
        var dayStart = new DateTimeOffset(local.Date, book.UtcOffset).ToUniversalTime();
        // Sent times are stored in UTC, so the comparison holds on SQLite's text column too. The batch's own notices are
        // sending, not sent, so none of them is counted.
        return await db.Notices.AsNoTracking()
            .Where(x => people.Contains(x.Recipient) && (x.Status == NoticeStatus.Sent || x.Status == NoticeStatus.Delivered) && x.SentAt >= dayStart
                && CappedStages.Contains(x.Stage))
            .GroupBy(x => x.Recipient).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, StringComparer.Ordinal, cancel);
    }

    private Task<SendOutcome> SendAsync(NoticeRecord n, CancellationToken cancel) =>
        adapters.FirstOrDefault(a => a.Channels.Contains(n.Channel)) is { } adapter
            ? adapter.SendAsync(n, cancel)
            : Task.FromResult<SendOutcome>(new Refused($"no adapter is configured for {n.Channel.Code()}", false));

    /// <summary>
    /// A group's outcomes in claim order. Sent and to-be-retried notices are recorded together, one transaction and one stretch
    /// of the evidence chain (a save and an evidence append per notice were most of a send's own CPU); a notice that failed for
    /// good is recorded on its own after those before it, since its fallback is planned from what is recorded.
    /// </summary>
    private async Task RecordOutcomesAsync(PolicyCareDb db, NoticeRecord[] group, SendOutcome[] outcomes, DateTimeOffset now, CancellationToken cancel)
    {
        var recorded = new List<EvidenceEvent>(group.Length);
        for (var i = 0; i < group.Length; i++)
        {
            var n = group[i];
            // Putting a call on the agents' list is not a try at reaching the customer: the agent's recorded calls are.
            if (n.Channel != Channel.AgentCall) n.Attempts++;
            switch (outcomes[i])
            {
                case Accepted a:
                    n.Status = NoticeStatus.Sent;
                    n.SentAt = now;
                    n.ProviderMessageId = a.ProviderMessageId;
                    n.ClaimedUntil = null;
                    recorded.Add(new EvidenceEvent(n, "sent", now, a.ProviderMessageId));
                    break;
                case TryAgain t when n.Attempts < settings.MaxAttempts:
                    n.Status = NoticeStatus.Pending;
                    n.ClaimedUntil = null;
                    n.SendAfter = now.AddMinutes(Math.Pow(2, n.Attempts));
                    log.LogWarning("Notice {Id} by {Channel}: attempt {Attempt} failed ({Reason}); retrying at {At}", n.Id, n.Channel.Code(), n.Attempts, t.Reason, n.SendAfter);
                    recorded.Add(new EvidenceEvent(n, "attempt-failed", now, t.Reason));
                    break;
                case var failed:
                    await RecordAsync(db, recorded, cancel);
                    var (reason, contactInvalid) = failed is Refused r ? (r.Reason, r.ContactInvalid) : ($"gave up after {n.Attempts} attempts: {((TryAgain)failed).Reason}", false);
                    await FailAsync(db, n, now, reason, contactInvalid, cancel);
                    break;
            }
        }
        await RecordAsync(db, recorded, cancel);
    }

    private static async Task PostponeAsync(PolicyCareDb db, NoticeRecord n, DateTimeOffset at, CancellationToken cancel)
    {
        n.Status = NoticeStatus.Pending;
        n.ClaimedUntil = null;
        n.SendAfter = at;
        await db.SaveChangesAsync(cancel);
    }

    private static Task RecordAsync(PolicyCareDb db, NoticeRecord n, string what, DateTimeOffset now, string detail, CancellationToken cancel) =>
        RecordAsync(db, [new EvidenceEvent(n, what, now, detail)], cancel);

    /// <summary>The notices' changes and their evidence in one transaction; then the list is emptied.</summary>
    private static async Task RecordAsync(PolicyCareDb db, List<EvidenceEvent> events, CancellationToken cancel)
    {
        if (events.Count == 0) return;
        await using (var tx = await db.Database.BeginTransactionAsync(cancel))
        {
            await db.SaveChangesAsync(cancel);
            await EvidenceLog.AppendAsync(db, events, cancel);
            await tx.CommitAsync(cancel);
        }
        // The outcome metric counts ends of a send (a try that will be repeated, or a fallback planned, is neither).
        foreach (var e in events.Where(e => e.Event is "sent" or "failed")) Insights.DeliveryMetrics.Count(e.Notice, e.Event);
        events.Clear();
    }

    /// <summary>
    /// A notice that failed for good: recorded; a contact that does not work is marked invalid; the
    /// next channel of the stage the person can be reached on takes over; when none is left for the
    /// holder, the emergency contact is told and a tracing case opened.
    /// </summary>
    public static async Task FailAsync(PolicyCareDb db, NoticeRecord n, DateTimeOffset now, string reason, bool contactInvalid, CancellationToken cancel)
    {
        n.Status = NoticeStatus.Failed;
        n.FailureReason = reason;
        n.ClaimedUntil = null;
        await RecordAsync(db, n, "failed", now, reason, cancel);
        var customer = await db.Customers.FindAsync([n.Recipient], cancel);
        if (customer is null) return;
        if (contactInvalid) await Contacts.MarkInvalidAsync(db, customer.Id, n.Channel.Contact(), cancel);
        var policy = await db.Policies.AsNoTracking().FirstOrDefaultAsync(p => p.Number == n.PolicyNumber, cancel);
        if (policy is null) return;
        var product = (await ReferenceData.CurrentAsync(db, cancel)).Products[policy.ProductCode];
        var person = customer.ToCustomer();
        var fallbackKey = n.IdempotencyKey.Split("|fallback:")[0];
        var tried = (await db.Notices.AsNoTracking()
            .Where(x => x.IdempotencyKey == fallbackKey || x.IdempotencyKey.StartsWith(fallbackKey + "|fallback:"))
            .Select(x => x.Channel).ToListAsync(cancel)).ToHashSet();
        var next = DeliveryFallbacks.After(n.Channel, tried, person, isHolder: policy.HolderId == customer.Id,
            elderly: person.IsElderlyOn(n.PlannedOn, product.ElderlyAge), n.PolicyNumber, n.Locale, product.Currency);
        switch (next)
        {
            case SendBy by:
                var fallback = new NoticeRecord
                {
                    IdempotencyKey = $"{fallbackKey}|fallback:{by.Channel.Code()}", PolicyNumber = n.PolicyNumber, Stage = n.Stage, Channel = by.Channel,
                    Recipient = n.Recipient, Address = by.Address, Locale = n.Locale, Text = n.Text, Variables = n.Variables, PlannedOn = n.PlannedOn,
                    SendAfter = now, Status = NoticeStatus.Pending,
                };
                db.Notices.Add(fallback);
                await RecordAsync(db, fallback, "planned", now, $"fallback after {n.Channel.Code()} failed", cancel);
                break;
            case TraceHolder trace:
                if (!await db.Cases.AnyAsync(c => c.Key == trace.Case.Key, cancel))
                {
                    db.Cases.Add(new CaseRecord
                    {
                        Key = trace.Case.Key, Type = trace.Case.Type, PolicyNumber = trace.Case.Policy, CustomerId = trace.Case.Customer,
                        OpenedOn = (await BookSettings.LoadAsync(db, cancel: cancel)).Today(now), Status = "open",
                    });
                }
                var emergencyKey = $"{fallbackKey}|emergency";
                if (trace.EmergencyMobile is { } mobile && !await db.Notices.AnyAsync(x => x.IdempotencyKey == emergencyKey, cancel))
                {
                    var emergency = new NoticeRecord
                    {
                        IdempotencyKey = emergencyKey, PolicyNumber = n.PolicyNumber, Stage = n.Stage, Channel = Channel.Sms, Recipient = NoticePlanner.EmergencyPrefix + customer.Id,
                        Address = mobile, Locale = n.Locale, Text = trace.EmergencyText, PlannedOn = n.PlannedOn, SendAfter = now, Status = NoticeStatus.Pending,
                    };
                    db.Notices.Add(emergency);
                    await RecordAsync(db, emergency, "planned", now, "every channel to the holder failed", cancel);
                }
                else
                {
                    await db.SaveChangesAsync(cancel);
                }
                break;
        }
    }
}
