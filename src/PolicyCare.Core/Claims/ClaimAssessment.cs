using PolicyCare.Billing;
using PolicyCare.Codes;
using PolicyCare.Delinquency;
using PolicyCare.Policies;

namespace PolicyCare.Claims;

/// <summary>A handler's decision, or the fast track's approval.</summary>
public enum ClaimDecision { Approved, Partial, Declined }

public static class ClaimDecisions
{
    public static readonly CodeTable<ClaimDecision> Table = new("claim decision",
        (ClaimDecision.Approved, "approved"),
        (ClaimDecision.Partial, "partial"),
        (ClaimDecision.Declined, "declined"));

    public static string Code(this ClaimDecision decision) => Table.Code(decision);
}

/// <summary>Where a claim goes once its documents are complete.</summary>
public enum ClaimRoute { FastTrack, Review }

/// <summary>
/// The money of a decided claim: the benefit granted, the unpaid premium deducted from it (China
/// Insurance Law art. 36), and what is paid out.
/// </summary>
public sealed record ClaimSettlement(ClaimDecision Decision, decimal Benefit, decimal Deducted)
{
    public decimal Payable => Benefit - Deducted;
}

/// <summary>A decision the claim cannot take (a partial amount above the benefit, or none at all).</summary>
public sealed class ClaimDecisionException(string field, string problem) : Exception(problem)
{
    public string Field { get; } = field;
}

public static class ClaimAssessment
{
    /// <summary>
    /// The fast track takes a claim whose documents are complete, with no flag and no investigation,
    /// and a benefit within the product's fast-track limit (a limit of 0 is no fast track). Everything
    /// else goes to a handler, who may still approve it in full.
    /// </summary>
    public static ClaimRoute Route(ClaimRules rules, decimal benefit, IReadOnlyCollection<RaisedFlag> flags, bool investigating) =>
        rules.FastTrackLimit > 0 && flags.Count == 0 && !investigating && benefit <= rules.FastTrackLimit
            ? ClaimRoute.FastTrack
            : ClaimRoute.Review;

    /// <summary>
    /// Unpaid premium due on or before the day of the loss: the unpaid part of every such installment,
    /// oldest first, as the account stands (<paramref name="standing"/>, before the deduction is paid).
    /// </summary>
    public static decimal UnpaidPremiumOn(PolicyTerms terms, PolicyStanding standing, DateOnly incurred) =>
        Account.OpenInstallments(terms, Account.BillThrough(terms, standing, incurred))
            .Where(i => i.DueDate <= incurred)
            .Sum(i => i.Unpaid);

    /// <summary>
    /// Settles a decision: approved grants the assessed benefit, partial the amount the handler
    /// grants (more than zero, not above the assessed benefit), declined nothing. The unpaid premium
    /// due by the day of the loss is deducted from what is granted, never more than it; paying that
    /// deduction into the policy is the host's part (through the policy-change applicator).
    /// </summary>
    public static ClaimSettlement Settle(ClaimDecision decision, decimal assessedBenefit, decimal? grantedAmount, decimal unpaidPremium)
    {
        var benefit = decision switch
        {
            ClaimDecision.Approved => assessedBenefit,
            ClaimDecision.Declined => 0m,
            ClaimDecision.Partial => grantedAmount switch
            {
                null => throw new ClaimDecisionException("amount", "a partial decision names the benefit granted"),
                <= 0 => throw new ClaimDecisionException("amount", "the benefit granted must be more than zero (decline the claim instead)"),
                var a when a > assessedBenefit => throw new ClaimDecisionException("amount", $"the benefit granted is above the benefit the policy pays for this claim ({assessedBenefit})"),
                var a => a.Value,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(decision)),
        };
        return new ClaimSettlement(decision, benefit, Math.Min(benefit, Math.Max(0m, unpaidPremium)));
    }

    /// <summary>
    /// When a claim at a stage will likely be done: today plus the median of the days similar closed
    /// claims (same product and benefit) still took from that stage, never after the legal deadline;
    /// the legal deadline itself when fewer than <paramref name="minimumHistory"/> similar claims closed.
    /// Never before today: a claim past its deadline is expected today, not in the past.
    /// </summary>
    public static DateOnly EstimatedCompletion(DateOnly today, IReadOnlyCollection<int> daysStillTakenBySimilar, DateOnly legalDeadline, int minimumHistory = 5)
    {
        var bound = legalDeadline < today ? today : legalDeadline;
        if (daysStillTakenBySimilar.Count < minimumHistory) return bound;
        var sorted = daysStillTakenBySimilar.Order().ToList();
        // The upper median in whole days: a promise rounds towards later, not earlier.
        var median = sorted[sorted.Count / 2];
        var estimate = today.AddDays(Math.Max(0, median));
        return estimate < bound ? estimate : bound;
    }
}
