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
    decimal? PaidUpSumInsured = null);

/// <summary>Why and about what a notice goes out: its stage, the installment or event it concerns, and its facts.</summary>
/// <param name="Subject">The installment or event ("installment-12", "lapse-2026-03-12") that makes the idempotency key unique.</param>
public sealed record NoticeOccasion(Stage Stage, string Subject, NoticeFacts Facts, bool WithEmail = false);
