using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Notices;

/// <summary>
/// The outbox of notices: what the cycle planned, waiting for dispatch. Until the channel adapters
/// exist, the development sink "sends" by logging a masked line and marking the notice sent.
/// </summary>
public static class Outbox
{
    public static NoticeRecord ToRecord(PlannedNotice n, DateOnly date, BookSettings book) => new()
    {
        IdempotencyKey = n.Key,
        PolicyNumber = n.Policy,
        Stage = n.Stage,
        Channel = n.Channel,
        Recipient = n.Recipient,
        Address = n.Address,
        Locale = n.Locale,
        Text = n.Text,
        Variables = n.Variables,
        PlannedOn = date,
        SendAfter = book.MorningOf(date),
        Status = n.Failed ? NoticeStatus.Failed : NoticeStatus.Pending,
        FailureReason = n.FailureReason,
    };

    public static JsonObject TimelineData(PlannedNotice n) => new()
    {
        ["stage"] = n.Stage.Code(),
        ["channel"] = n.Channel.Code(),
        ["to"] = n.Recipient,
        ["key"] = n.Key,
        ["text"] = n.Text,
    };

    /// <summary>
    /// Plans the notices of events outside the cycle (a claim's step, a case's answer, a policy change) to the policy's holder:
    /// adds them and their timeline lines (numbered from <paramref name="seq"/>) to the context and returns them, to be
    /// saved and then evidenced with <see cref="EvidencePlannedAsync"/>.
    /// </summary>
    public static List<NoticeRecord> AddPlanned(PolicyCareDb db, string policy, IEnumerable<NoticeOccasion> occasions, Customer holder,
        DateOnly on, Product product, BookSettings book, int seq)
    {
        var parties = new PolicyParties(holder, holder, null, []);
        var planned = new List<NoticeRecord>();
        foreach (var occasion in occasions)
            foreach (var notice in NoticePlanner.Plan(occasion, parties, on, product.ElderlyAge, book.LocaleFor(product)).Notices)
            {
                planned.Add(ToRecord(notice, on, book));
                db.Timeline.Add(Timeline.Entry(policy, on, "notice", seq++, TimelineData(notice)));
            }
        db.Notices.AddRange(planned);
        return planned;
    }

    /// <summary>The evidence of notices just saved: "planned", or "failed" with its reason when no channel could take it.</summary>
    public static Task EvidencePlannedAsync(PolicyCareDb db, IEnumerable<NoticeRecord> saved, DateTimeOffset now, CancellationToken cancel) =>
        EvidenceLog.AppendAsync(db, saved.OrderBy(n => n.Id)
            .Select(n => new EvidenceEvent(n, n.Status == NoticeStatus.Failed ? "failed" : "planned", now, n.FailureReason ?? "")).ToList(), cancel);

    /// <summary>The simulated world of scenarios and the demo's history: every pending notice due by <paramref name="now"/> counts as sent; returns them.</summary>
    public static async Task<IReadOnlyList<NoticeRecord>> SendDueToSinkAsync(PolicyCareDb db, DateTimeOffset now, CancellationToken cancel = default)
    {
        var due = await db.Notices.Where(n => n.Status == NoticeStatus.Pending && n.SendAfter <= now).OrderBy(n => n.Id).ToListAsync(cancel);
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        foreach (var n in due)
        {
            n.Status = NoticeStatus.Sent;
            n.SentAt = now;
            // One try, as the dispatcher counts it (a placed call reads 1 try; a call on the agents' list none until made).
            if (n.Channel != Channel.AgentCall) n.Attempts++;
        }
        await db.SaveChangesAsync(cancel);
        await EvidenceLog.AppendAsync(db, due.Select(n => new EvidenceEvent(n, "sent", now, "simulated")).ToList(), cancel);
        await tx.CommitAsync(cancel);
        return due;
    }

    /// <summary>
    /// Suppression: once nothing is overdue, the reminders still waiting to go out are cancelled, and
    /// each cancellation is a line of the evidence chain (what was not sent, and why). In the caller's transaction.
    /// </summary>
    public static async Task<int> CancelPendingRemindersAsync(PolicyCareDb db, IReadOnlyCollection<string> policies, DateTimeOffset at, CancellationToken cancel = default)
    {
        var reminders = Enum.GetValues<Stage>().Where(s => s.IsPaymentReminder()).ToArray();
        var pending = await db.Notices.Where(n => policies.Contains(n.PolicyNumber) && n.Status == NoticeStatus.Pending && reminders.Contains(n.Stage)).ToListAsync(cancel);
        if (pending.Count == 0) return 0;
        foreach (var n in pending) n.Status = NoticeStatus.Cancelled;
        await db.SaveChangesAsync(cancel);
        await EvidenceLog.AppendAsync(db, pending.OrderBy(n => n.Id).Select(n => new EvidenceEvent(n, "cancelled", at, "nothing overdue any more")).ToList(), cancel);
        return pending.Count;
    }
}
