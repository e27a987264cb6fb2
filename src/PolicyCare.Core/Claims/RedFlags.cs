using PolicyCare.Codes;
using PolicyCare.Delinquency;

namespace PolicyCare.Claims;

/// <summary>
/// Why a claim goes to a handler instead of the fast track. A flag never refuses a claim: a
/// handler reads it with its facts and decides.
/// </summary>
public enum ClaimFlag
{
    /// <summary>The loss came before the benefit's waiting period ended.</summary>
    WaitingPeriod,
    /// <summary>The policy was lapsed, terminated or expired on the day of the loss.</summary>
    NotInForce,
    /// <summary>A document with the same contents (SHA-256) is on another claim.</summary>
    DuplicateDocument,
    /// <summary>The loss came within 90 days of the policy's start or of its reinstatement.</summary>
    EarlyClaim,
    /// <summary>The benefit is far above what this benefit usually pays.</summary>
    AmountAboveHistory,
    /// <summary>Several claims on the policy in a short time.</summary>
    FrequentClaims,
}

public static class ClaimFlags
{
    public static readonly CodeTable<ClaimFlag> Table = new("claim flag",
        (ClaimFlag.WaitingPeriod, "waiting-period"),
        (ClaimFlag.NotInForce, "not-in-force"),
        (ClaimFlag.DuplicateDocument, "duplicate-document"),
        (ClaimFlag.EarlyClaim, "early-claim"),
        (ClaimFlag.AmountAboveHistory, "amount-above-history"),
        (ClaimFlag.FrequentClaims, "frequent-claims"));

    public static string Code(this ClaimFlag flag) => Table.Code(flag);

    /// <summary>A claim within this many days of the start or of a reinstatement is an early claim.</summary>
    public const int EarlyClaimDays = 90;

    /// <summary>This many claims on one policy (the new one included) submitted within <see cref="FrequentClaimsWindowDays"/> days are frequent.</summary>
    public const int FrequentClaimsCount = 3;
    public const int FrequentClaimsWindowDays = 30;

    /// <summary>A benefit above this multiple of the median of the benefit's history is far above it…</summary>
    public const decimal AboveHistoryMultiple = 3m;

    /// <summary>…once the history holds at least this many decided claims (fewer say nothing).</summary>
    public const int AboveHistoryMinimumClaims = 10;

    /// <summary>
    /// The coverage flags of the scenario contract, judged on the day of the loss: before the end of
    /// the benefit's waiting period; on a day the policy was lapsed, terminated or expired. A loss in
    /// grace is covered (the unpaid premium is deducted from the benefit instead).
    /// </summary>
    public static IReadOnlyList<RaisedFlag> Coverage(Benefit benefit, DateOnly policyStart, DateOnly incurred, PolicyStatus statusOnIncurred)
    {
        var flags = new List<RaisedFlag>();
        if (incurred < benefit.CoveredFrom(policyStart)) flags.Add(new RaisedFlag(ClaimFlag.WaitingPeriod) { Date = benefit.CoveredFrom(policyStart) });
        if (statusOnIncurred is PolicyStatus.Lapsed or PolicyStatus.Terminated or PolicyStatus.Expired)
            flags.Add(new RaisedFlag(ClaimFlag.NotInForce) { Status = statusOnIncurred });
        return flags;
    }

    /// <summary>
    /// The further signals a handler wants to see before money goes out, from what the book knows
    /// beyond the contract: a document already on another claim, a loss soon after the start or a
    /// reinstatement, a benefit far above the history of that benefit, several claims in a month.
    /// </summary>
    public static IReadOnlyList<RaisedFlag> Review(NewClaim claim, ClaimHistory history)
    {
        var flags = new List<RaisedFlag>();
        var others = history.Claims.Where(c => c.Id != claim.Id).ToList();
        var duplicate = others.FirstOrDefault(c => c.DocumentHashes.Overlaps(claim.DocumentHashes));
        if (duplicate is not null) flags.Add(new RaisedFlag(ClaimFlag.DuplicateDocument) { OtherClaim = duplicate.Id });

        var since = history.LastReinstatedOn is { } r && r > history.PolicyStart ? r : history.PolicyStart;
        if (claim.Incurred >= since && claim.Incurred.DayNumber - since.DayNumber < EarlyClaimDays)
            flags.Add(new RaisedFlag(ClaimFlag.EarlyClaim) { Date = since });

        var sameBenefit = others.Where(c => c.BenefitCode == claim.BenefitCode && c.Benefit is > 0).Select(c => c.Benefit!.Value).Order().ToList();
        if (sameBenefit.Count >= AboveHistoryMinimumClaims)
        {
            var median = Median(sameBenefit);
            if (claim.Benefit > median * AboveHistoryMultiple) flags.Add(new RaisedFlag(ClaimFlag.AmountAboveHistory) { Amount = median });
        }

        var recent = others.Count(c => c.PolicyNumber == claim.PolicyNumber
            && Math.Abs(c.SubmittedOn.DayNumber - claim.SubmittedOn.DayNumber) < FrequentClaimsWindowDays) + 1;
        if (recent >= FrequentClaimsCount) flags.Add(new RaisedFlag(ClaimFlag.FrequentClaims) { Count = recent });
        return flags;
    }

    private static decimal Median(List<decimal> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2m;
}

/// <summary>A flag with the fact that raised it, for the handler's screen: a date, an amount, another claim, a count, a status.</summary>
public sealed record RaisedFlag(ClaimFlag Flag)
{
    public DateOnly? Date { get; init; }
    public decimal? Amount { get; init; }
    public string? OtherClaim { get; init; }
    public int? Count { get; init; }
    public PolicyStatus? Status { get; init; }
}

/// <summary>The claim being triaged, as the review signals see it.</summary>
public sealed record NewClaim(string Id, string PolicyNumber, string BenefitCode, DateOnly Incurred, DateOnly SubmittedOn, decimal Benefit, IReadOnlySet<string> DocumentHashes);

/// <summary>An earlier claim: its benefit once assessed or decided (null while unknown), and its documents' SHA-256.</summary>
public sealed record PastClaim(string Id, string PolicyNumber, string BenefitCode, DateOnly SubmittedOn, decimal? Benefit, IReadOnlySet<string> DocumentHashes);

/// <summary>What the book knows around a claim: the policy's start and last reinstatement, and earlier claims.</summary>
public sealed record ClaimHistory(DateOnly PolicyStart, DateOnly? LastReinstatedOn, IReadOnlyList<PastClaim> Claims);
