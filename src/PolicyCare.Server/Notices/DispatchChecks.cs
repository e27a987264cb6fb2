using Microsoft.EntityFrameworkCore;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Notices;

/// <summary>
/// The data check before a notice leaves (the lapse-notification seed: "发送前核对数据"). A delinquency notice is
/// written when the cycle plans it and sent minutes or hours later; in between a payment may arrive, a debit be
/// reversed, a contact be changed or found broken. Restated as of the day it was written for
/// (<see cref="Resends.PrepareAsync(PolicyCareDb, NoticeRecord, ReferenceData, DateOnly, CancellationToken)"/>, the same
/// restatement a resend uses), a notice whose stage no longer applies, whose amount or dates are no longer the book's,
/// or whose contact is no longer the customer's working one is held with the reason, not sent: an agent sends
/// today's version or cancels it.
/// </summary>
public static class DispatchChecks
{
    /// <summary>What <see cref="NoticeRecord.FailureReason"/> starts with for a held notice.</summary>
    public const string HeldPrefix = "held: ";

    public const string FactsChanged = "The amount or the dates in the text are no longer the book's.";
    public const string ContactChanged = "The customer's contact for this channel changed after the notice was written.";

    /// <summary>Why the notice may not go out as written (an English sentence the office translates), or null when it may.</summary>
    /// <param name="records">The batch's policies and customers (<see cref="BookRecords.ForAsync"/>).</param>
    public static async Task<string?> HoldReasonAsync(PolicyCareDb db, NoticeRecord n, ReferenceData reference, BookRecords records, CancellationToken cancel)
    {
        if (!n.Stage.IsCheckedBeforeDispatch() || n.PolicyNumber.Length == 0) return null;
        var preview = await Resends.PrepareAsync(db, n, reference, n.PlannedOn, records, cancel);
        if (preview.Why is { } why) return why.Values.Length == 0 ? why.Text : string.Format(System.Globalization.CultureInfo.InvariantCulture, why.Text, why.Values);
        if (preview.Changes.Count > 0) return FactsChanged;
        // A letter goes to the postal address on file whatever it was when written; an electronic address must be the one on file now.
        if (n.Channel != Channel.Letter && !string.Equals(Normalized(preview.Address), Normalized(n.Address), StringComparison.OrdinalIgnoreCase)) return ContactChanged;
        return null;
    }

    private static string Normalized(string address) => address.Trim();

    /// <summary>Holds a notice: its status, its reason, and a line of the evidence chain (what was not sent, and why). Saved by the caller's evidence write.</summary>
    public static async Task HoldAsync(PolicyCareDb db, NoticeRecord n, string reason, DateTimeOffset now, CancellationToken cancel)
    {
        n.Status = NoticeStatus.Held;
        n.FailureReason = HeldPrefix + reason;
        n.ClaimedUntil = null;
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        await db.SaveChangesAsync(cancel);
        await EvidenceLog.AppendAsync(db, [new EvidenceEvent(n, "held", now, reason)], cancel);
        await tx.CommitAsync(cancel);
        Insights.DeliveryMetrics.Count(n, "held");
    }

    /// <summary>An agent cancels a held notice: it never goes out; the evidence says who and why.</summary>
    public static async Task<bool> CancelAsync(PolicyCareDb db, long id, string by, DateTimeOffset now, CancellationToken cancel)
    {
        var n = await db.Notices.FirstOrDefaultAsync(x => x.Id == id && x.Status == NoticeStatus.Held, cancel);
        if (n is null) return false;
        n.Status = NoticeStatus.Cancelled;
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        await db.SaveChangesAsync(cancel);
        await EvidenceLog.AppendAsync(db, [new EvidenceEvent(n, "cancelled", now, $"held notice cancelled by {by}")], cancel);
        await tx.CommitAsync(cancel);
        return true;
    }
}
