using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Policies;
using PolicyCare.Storage;
using PolicyCare.Web;

namespace PolicyCare.Notices;

/// <summary>Why a notice no longer says what is true: an English text with its values, translated where it is shown.</summary>
public sealed record OutOfDate(string Text, params object[] Values);

/// <summary>
/// A resend repeats a notice word for word, so it may only go out while every fact in it is still
/// today's: the same standing, the same amount owed, the same deadline. Otherwise the customer would
/// be asked for money already paid, or given a grace end long gone; the agent is told what changed,
/// and the cycle's next notice carries today's facts.
/// </summary>
public static class Resends
{
    public static OutOfDate? WhyOutOfDate(NoticeRecord notice, PortalPolicy policy)
    {
        var said = Said(notice.Variables);
        var status = policy.Status;
        var locale = notice.Locale;
        string Money(decimal amount) => LocalFormat.Money(amount, policy.Currency, locale);
        string Date(DateOnly? date) => date is { } d ? LocalFormat.Date(d, locale) : "";

        if (notice.Recipient.StartsWith("emergency:", StringComparison.Ordinal))
            return status is PolicyStatus.Grace or PolicyStatus.Lapsed ? null : new OutOfDate("Nothing is overdue on this policy any more.");
        switch (notice.Stage)
        {
            case Stage.PreDebitNotice:
                if (!policy.Record.MandateActive) return new OutOfDate("Auto-debit is no longer set up on this policy.");
                if (said.TryGetValue("debitDate", out var debit) && debit != Date(policy.Detail.NextDueDate))
                    return new OutOfDate("The debit this notice announced ({0}) is no longer the next one.", debit);
                return null;
            case Stage.FirstReminder or Stage.SecondReminder:
                if (status != PolicyStatus.Grace) return new OutOfDate("The policy is no longer in its grace period.");
                var owed = Money(Relief.OwedBy(policy.Terms, policy.Record.ToStanding(), policy.Today));
                if (said.TryGetValue("amount", out var amount) && amount != owed)
                    return new OutOfDate("The notice asks for {0}; today {1} is overdue.", amount, owed);
                if (said.TryGetValue("deadline", out var deadline) && deadline != Date(policy.Detail.GraceEndsOn))
                    return new OutOfDate("The notice gives {0} as the last day; today it is {1}.", deadline, Date(policy.Detail.GraceEndsOn));
                return null;
            case Stage.LapseNotice or Stage.ReinstatementFollowUp:
                return status == PolicyStatus.Lapsed ? null : new OutOfDate("The policy is no longer lapsed.");
            default:
                return null;
        }
    }

    private static Dictionary<string, string> Said(string variables)
    {
        try { return JsonSerializer.Deserialize<Dictionary<string, string>>(variables) ?? []; }
        catch (JsonException) { return []; }
    }
}

/// <summary>
/// Calls for an agent whose moment has passed — the debt paid, the grace period over — are closed, so
/// no agent tells a customer about a deadline long gone; the cycle's next notice makes a new call when
/// one is needed. Run by the daily cycle's host, by the worklist before it shows the calls, and before
/// an outcome is recorded.
/// </summary>
public static class CallTasks
{
    public static async Task<int> CloseOutOfDateAsync(PolicyCareDb db, TimeProvider time, CancellationToken cancel, long? onlyId = null)
    {
        var waiting = await db.Notices.Where(n => n.Channel == Channel.AgentCall && n.Status == NoticeStatus.Sent && (onlyId == null || n.Id == onlyId))
            .ToListAsync(cancel);
        if (waiting.Count == 0) return 0;
        var numbers = waiting.Select(n => n.PolicyNumber).Distinct().ToList();
        var policies = await db.Policies.AsNoTracking().Where(p => numbers.Contains(p.Number)).ToDictionaryAsync(p => p.Number, cancel);
        var now = time.GetUtcNow();
        var closed = new List<EvidenceEvent>();
        foreach (var task in waiting)
        {
            if (!policies.TryGetValue(task.PolicyNumber, out var record)) continue;
            if (Resends.WhyOutOfDate(task, await Portal.ViewAsync(db, record, time, cancel)) is not { } why) continue;
            task.Status = NoticeStatus.Cancelled;
            task.FailureReason = "out of date: " + string.Format(System.Globalization.CultureInfo.InvariantCulture, why.Text, why.Values);
            closed.Add(new EvidenceEvent(task, "cancelled", now, task.FailureReason));
        }
        if (closed.Count == 0) return 0;
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        await db.SaveChangesAsync(cancel);
        await EvidenceLog.AppendAsync(db, closed, cancel);
        await tx.CommitAsync(cancel);
        return closed.Count;
    }
}
