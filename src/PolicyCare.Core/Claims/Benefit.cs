using PolicyCare.Billing;
using PolicyCare.Codes;

namespace PolicyCare.Claims;

/// <summary>How a benefit is measured: a sum fixed in the contract, so much a day in hospital, or the expense reimbursed.</summary>
public enum BenefitKind { Fixed, PerDay, Reimbursement }

public static class BenefitKinds
{
    public static readonly CodeTable<BenefitKind> Table = new("benefit kind",
        (BenefitKind.Fixed, "fixed"),
        (BenefitKind.PerDay, "per-day"),
        (BenefitKind.Reimbursement, "reimbursement"));

    public static string Code(this BenefitKind kind) => Table.Code(kind);
}

/// <summary>
/// What a product pays for one kind of loss, from when, and the documents a claim for it needs.
/// Only the fields of its kind matter: <see cref="Amount"/> for fixed; <see cref="PerDay"/> and
/// <see cref="MaxDays"/> for per-day; <see cref="Deductible"/>, <see cref="CoPay"/> and
/// <see cref="AnnualLimit"/> for reimbursement.
/// </summary>
public sealed record Benefit(string Code, BenefitKind Kind, int WaitingDays, IReadOnlyList<string> Documents)
{
    public decimal Amount { get; init; }
    public decimal PerDay { get; init; }
    public int? MaxDays { get; init; }
    public decimal Deductible { get; init; }
    public decimal CoPay { get; init; }
    public decimal? AnnualLimit { get; init; }

    /// <summary>The first day a loss is covered: the policy's start plus the waiting period.</summary>
    public DateOnly CoveredFrom(DateOnly policyStart) => policyStart.AddDays(WaitingDays);

    /// <summary>
    /// The benefit for a loss, rounded once to the currency's minor unit (midpoint away from zero):
    /// fixed, the amount; per-day, so much a day up to the most days; reimbursement, the expense less
    /// the deductible less the co-pay share, not below zero, and no more than what is left of the
    /// annual limit after <paramref name="paidThisPolicyYear"/> (earlier claims on this benefit whose
    /// loss fell in the same policy year).
    /// </summary>
    public decimal For(ClaimedLoss loss, decimal paidThisPolicyYear, string currency)
    {
        var raw = Kind switch
        {
            BenefitKind.Fixed => Amount,
            BenefitKind.PerDay => PerDay * Math.Min(loss.Days ?? 0, MaxDays ?? int.MaxValue),
            BenefitKind.Reimbursement => Reimbursed(loss.Expense ?? 0m, paidThisPolicyYear),
            _ => throw new ArgumentOutOfRangeException(nameof(loss)),
        };
        return Currencies.RoundToMinorUnitAwayFromZero(raw, currency);
    }

    private decimal Reimbursed(decimal expense, decimal paidThisPolicyYear)
    {
        var share = Math.Max(0m, (expense - Deductible) * (1m - CoPay));
        return AnnualLimit is { } limit ? Math.Min(share, Math.Max(0m, limit - paidThisPolicyYear)) : share;
    }

    /// <summary>The required documents the claimant has not supplied, sorted, each once.</summary>
    public IReadOnlyList<string> Missing(IEnumerable<string> supplied)
    {
        var have = supplied.ToHashSet(StringComparer.Ordinal);
        return Documents.Where(d => !have.Contains(d)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}

/// <summary>The measure of a loss as the claimant states it: the expense (reimbursement) or the days (per-day).</summary>
public sealed record ClaimedLoss(decimal? Expense = null, int? Days = null);

/// <summary>Policy years run from the policy's start, a year at a time (29 February starts → 28 February in common years).</summary>
public static class PolicyYear
{
    /// <summary>The first day of the policy year the date falls in.</summary>
    public static DateOnly StartOf(DateOnly policyStart, DateOnly date)
    {
        if (date < policyStart) return policyStart;
        var years = date.Year - policyStart.Year;
        if (policyStart.AddYears(years) > date) years--;
        return policyStart.AddYears(years);
    }

    public static bool Same(DateOnly policyStart, DateOnly a, DateOnly b) => StartOf(policyStart, a) == StartOf(policyStart, b);
}
