using PolicyCare.Delinquency;

namespace PolicyCare.Notices;

/// <summary>Everything a notice must state, in the policy's currency.</summary>
public sealed record NoticeFacts(
    string PolicyNumber,
    string Currency,
    decimal AmountDue,
    DateOnly? DueDate = null,
    DateOnly? Deadline = null,
    DebitFailure? FailedDebit = null,
    DateOnly? LapsedOn = null,
    DateOnly? ReinstateBy = null,
    decimal InterestRate = 0m,
    bool HealthDeclaration = false,
    bool ShortTerm = false,
    int FollowUpMonth = 0,
    DateOnly? RenewalDate = null,
    DateOnly? DebitOn = null,
    bool RebindPaymentMethod = false,
    decimal? PolicyLoanUpTo = null,
    decimal? PaidUpSumInsured = null,
    ClaimFacts? Claim = null,
    CaseFacts? Case = null,
    ChangeFacts? Change = null,
    RenewalNoticeFacts? Renewal = null,
    ReviewNoticeFacts? Review = null,
    InspectionNoticeFacts? Inspection = null,
    RebindOfferFacts? Rebind = null,
    DateOnly? CoverEndsOn = null);

/// <summary>What an offer to re-bind states: how many premiums failed to debit in how many months, the last reason, and where to change the method.</summary>
public sealed record RebindOfferFacts(int FailedPremiums, int Months, PolicyCare.Billing.DebitFailureReason LastReason, string Link);

/// <summary>What an inspection report states: when it was made, what was found, and each recommendation with its date.</summary>
public sealed record InspectionNoticeFacts(DateOnly InspectedOn, string Findings, IReadOnlyList<PolicyCare.Servicing.Recommendation> Recommendations);

/// <summary>What a policy review states: why it comes now, its suggestions with their figures, and where to act on them.</summary>
public sealed record ReviewNoticeFacts(IReadOnlyList<PolicyCare.Servicing.ReviewTrigger> Triggers, IReadOnlyList<PolicyCare.Servicing.ReviewPoint> Points, string Link);

/// <summary>
/// What a renewal notice states besides the amount and dates: the offer with its reasons, whether the customer must
/// accept (and so that renewal is not automatic), whether a mandate will collect it, the product's adjustments (to put
/// each in words with its size), and the cost of paying by installments.
/// </summary>
public sealed record RenewalNoticeFacts(
    PolicyCare.Servicing.RenewalOffer Offer,
    bool AcceptanceRequired,
    bool AutoDebit,
    IReadOnlyList<PolicyCare.Servicing.PriceAdjustment> Adjustments,
    PolicyCare.Policies.Frequency Frequency,
    decimal Installment,
    decimal? MonthlySurcharge,
    int? CreditDays = null,
    Channel? AnsweredVia = null);

/// <summary>
/// What a claim's notice states: the claim, the documents still missing, the reason (of an
/// investigation or a decision), the date to expect, the decision and its money, and where to take
/// a dispute in the policy's market.
/// </summary>
public sealed record ClaimFacts(
    string ClaimId,
    string Market,
    IReadOnlyList<string>? Missing = null,
    string? Reason = null,
    DateOnly? ExpectedBy = null,
    PolicyCare.Claims.ClaimDecision? Decision = null,
    decimal Benefit = 0m,
    decimal Deducted = 0m,
    decimal DelayInterest = 0m)
{
    public static ClaimFacts None { get; } = new("", "NONE");
}

/// <summary>Why and about what a notice goes out: its stage, the installment or event it concerns, and its facts.</summary>
/// <param name="Subject">The installment or event ("installment-12", "lapse-2026-03-12") that makes the idempotency key unique.</param>
public sealed record NoticeOccasion(Stage Stage, string Subject, NoticeFacts Facts, bool WithEmail = false, bool WithAgentCall = false);

/// <summary>
/// What a case's notice states: its reference, the one named owner, the date the answer is due, and
/// — in the final answer — the decision, the reasons and where to go when not satisfied; a survey's
/// notice carries its link.
/// </summary>
public sealed record CaseFacts(
    string Reference,
    string Market,
    bool Complaint,
    string Owner,
    DateOnly? AnswerBy = null,
    PolicyCare.Cases.CaseDecision? Decision = null,
    string? Answer = null,
    string? SurveyLink = null,
    string? SurveyMoment = null,
    string? Question = null)
{
    public static CaseFacts None { get; } = new("", "NONE", false, "");
}

/// <summary>
/// What a change's notice states: the endorsement's reference, what kind of change, the lines before
/// and after (already masked where they are contacts; beneficiaries as people, worded in the letter's
/// language), from when, and — for a one-time code — the code.
/// </summary>
public sealed record ChangeFacts(
    string Kind,
    string Reference = "",
    DateOnly? EffectiveOn = null,
    IReadOnlyList<string>? Before = null,
    IReadOnlyList<string>? After = null,
    string? Code = null,
    IReadOnlyList<PolicyCare.Servicing.Beneficiary>? PeopleBefore = null,
    IReadOnlyList<PolicyCare.Servicing.Beneficiary>? PeopleAfter = null,
    PolicyCare.Servicing.CoverChangeQuote? Cover = null,
    string? DeclinedReason = null)
{
    public static ChangeFacts None { get; } = new("");
}
