using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Insights;

/// <summary>A policy whose debits keep failing: how many premiums failed in the window, and the last reason.</summary>
/// <param name="FailedPremiums">Premiums (installments) with at least one failed debit — a premium and its retries count once.</param>
/// <param name="Attempts">Failed debit attempts, retries included.</param>
/// <param name="OfferedOn">The last offer to change the debit account made to the holder in the window, if any.</param>
public sealed record RepeatFailure(string PolicyNumber, string HolderId, string HolderName, PolicyStatus Status, bool MandateActive,
    int FailedPremiums, int Attempts, DateOnly LastFailedOn, DebitFailureReason LastReason, DateOnly? OfferedOn);

/// <summary>
/// The lapse-notification seed's push to re-bind: customers whose debits failed for two or more premiums in the last six
/// months, while cover is still on. Failures that were the insurer's or the bank's fault (technical errors) are not the
/// customer's habit and are left out.
/// </summary>
public static class RepeatDebitFailures
{
    public const int Months = 6;
    public const int MinimumPremiums = 2;

    /// <param name="only">One policy's row, if it is on the list: its failures alone are read.</param>
    public static async Task<List<RepeatFailure>> ListAsync(PolicyCareDb db, DateOnly today, string? only = null, CancellationToken cancel = default)
    {
        var from = today.AddMonths(-Months);
        var rejections = db.DebitRejections.AsNoTracking().Where(r => r.On > from && r.On <= today && !r.InsurerFault && r.Reason != DebitFailureReason.TechnicalError);
        if (only is not null) rejections = rejections.Where(r => r.PolicyNumber == only);
        var failures = await rejections.Select(r => new { r.PolicyNumber, r.On, r.Reason }).ToListAsync(cancel);
        var numbers = failures.Select(f => f.PolicyNumber).Distinct().ToList();
        var policies = await db.Policies.AsNoTracking().Where(p => numbers.Contains(p.Number) && (p.Status == PolicyStatus.InForce || p.Status == PolicyStatus.Grace))
            .Select(p => new { p.Number, p.Start, p.Frequency, p.HolderId, p.Status, p.MandateActive }).ToDictionaryAsync(p => p.Number, StringComparer.Ordinal, cancel);
        var holders = policies.Values.Select(p => p.HolderId).Distinct().ToList();
        var names = await db.Customers.AsNoTracking().Where(c => holders.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, StringComparer.Ordinal, cancel);
        var offered = (await db.Notices.AsNoTracking().Where(n => n.Stage == Stage.RebindOffer && n.PlannedOn > from && numbers.Contains(n.PolicyNumber))
                .Select(n => new { n.PolicyNumber, n.PlannedOn }).ToListAsync(cancel))
            .GroupBy(n => n.PolicyNumber).ToDictionary(g => g.Key, g => g.Max(n => n.PlannedOn), StringComparer.Ordinal);
        return failures.Where(f => policies.ContainsKey(f.PolicyNumber)).GroupBy(f => f.PolicyNumber).Select(g =>
            {
                var p = policies[g.Key];
                // A retry belongs to the premium whose due date came last before it.
                var premiums = g.Select(f => InstallmentSchedule.CountDueOnOrBefore(p.Start, p.Frequency, f.On)).Distinct().Count();
                var last = g.OrderBy(f => f.On).Last();
                return new RepeatFailure(g.Key, p.HolderId, names.GetValueOrDefault(p.HolderId, p.HolderId), p.Status, p.MandateActive, premiums, g.Count(), last.On, last.Reason,
                    offered.TryGetValue(g.Key, out var on) ? on : null);
            })
            .Where(r => r.FailedPremiums >= MinimumPremiums)
            .OrderByDescending(r => r.FailedPremiums).ThenByDescending(r => r.LastFailedOn).ThenBy(r => r.PolicyNumber, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Sends the holder the targeted offer to link another card or account (or pay another way), by their durable
    /// digital channel: at most once a month per policy (the notice's key holds the month), only while the policy is on
    /// the list. Recorded in the evidence with who offered it.
    /// </summary>
    /// <returns>True when the offer was planned now; false when the policy is not on the list or was offered this month.</returns>
    public static async Task<bool> OfferAsync(PolicyCareDb db, string number, DateOnly today, DateTimeOffset now, string by, CancellationToken cancel = default)
    {
        var row = (await ListAsync(db, today, number, cancel)).SingleOrDefault();
        if (row is null || row.OfferedOn is { } o && o.Year == today.Year && o.Month == today.Month) return false;
        var policy = await db.Policies.AsNoTracking().SingleAsync(p => p.Number == number, cancel);
        var reference = await ReferenceData.CurrentAsync(db, cancel);
        var product = reference.Products[policy.ProductCode];
        var holder = (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == policy.HolderId, cancel)).ToCustomer();
        var facts = new NoticeFacts(number, product.Currency, 0m,
            Rebind: new RebindOfferFacts(row.FailedPremiums, Months, row.LastReason, $"{Servicing.RenewalLinks.BaseUrl}/my/policies/{Uri.EscapeDataString(number)}/auto-debit"));
        var seq = await Timeline.NextEventSeqAsync(db, number, today, cancel);
        var planned = Outbox.AddPlanned(db, number, [new NoticeOccasion(Stage.RebindOffer, $"rebind-offer-{today:yyyy-MM}", facts)], holder, today, product, reference.Book, seq);
        await db.SaveChangesAsync(cancel);
        await EvidenceLog.AppendAsync(db, planned.OrderBy(n => n.Id).Select(n => n.Status == NoticeStatus.Failed
            ? new EvidenceEvent(n, "failed", now, n.FailureReason ?? "")
            : new EvidenceEvent(n, "planned", now, $"offered by {by}: {row.FailedPremiums} premiums failed to debit in {Months} months")).ToList(), cancel);
        return true;
    }
}
