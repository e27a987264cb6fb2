using PolicyCare.Codes;
using PolicyCare.Billing;
using PolicyCare.Policies;

namespace PolicyCare.Delinquency;

/// <summary>The auto-debit that failed last: when, for how much, why, and whose fault.</summary>
public sealed record DebitFailure(DateOnly On, DateOnly ScheduledOn, decimal Amount, DebitFailureReason Reason, bool InsurerFault, int ConsecutiveFailures);

/// <summary>The health declaration that goes with a reinstatement application.</summary>
public enum HealthReview { NotRequired, Missing, Clean, Referred, Approved, Declined }

public static class HealthReviews
{
    /// <summary>Stored by member name since the first release; the table keeps those names.</summary>
    public static readonly CodeTable<HealthReview> Table = CodeTable.ByName<HealthReview>("health review");
}

/// <summary>A reinstatement the customer has applied for, with the quote issued that day.</summary>
public sealed record ReinstatementApplication(DateOnly RequestedOn, ReinstatementQuote Quote, HealthReview Health, decimal PaidSinceRequest)
{
    public bool HealthAccepted => Health is HealthReview.NotRequired or HealthReview.Clean or HealthReview.Approved;
}

/// <summary>
/// A policy's standing on a date: its status and the running totals of its account. Installments
/// are not stored one by one: with one premium per period and oldest-first allocation, the count
/// billed and the money applied say exactly which installments are paid, part-paid and open.
/// </summary>
public sealed record PolicyStanding
{
    public required PolicyStatus Status { get; init; }
    public required DateOnly StatusSince { get; init; }
    /// <summary>How many installments have fallen due (they are numbered from 0).</summary>
    public required int InstallmentsBilled { get; init; }
    /// <summary>Money applied to installments, all time.</summary>
    public required decimal Applied { get; init; }
    /// <summary>Money received but not yet owed; consumed as installments fall due.</summary>
    public decimal Credit { get; init; }
    /// <summary>Interest collected on reinstatements, all time.</summary>
    public decimal InterestCollected { get; init; }
    public bool MandateActive { get; init; }
    public DebitFailure? LastDebitFailure { get; init; }
    public DateOnly? LapsedOn { get; init; }
    public bool LapseInsurerFault { get; init; }
    public ReinstatementApplication? Application { get; init; }
    public ArrearsPlan? Plan { get; init; }
    public PaymentHoliday? Holiday { get; init; }
    /// <summary>Installments in a row paid by their due date (for the loyalty bonus).</summary>
    public int OnTimeStreak { get; init; }
    /// <summary>Reward points earned for paying on time.</summary>
    public long Points { get; init; }
    /// <summary>On-time discounts granted as credit, all time (money the insurer gave, not received).</summary>
    public decimal DiscountsGranted { get; init; }
    /// <summary>A one-year product with renewal terms: the year in force, its price, and the offer for the next (null before the first offer).</summary>
    public Servicing.RenewalStanding? Renewal { get; init; }

    /// <summary>A policy imported on a date with every earlier installment paid.</summary>
    public static PolicyStanding PaidUpTo(PolicyTerms terms, DateOnly asOf, bool autoDebit)
    {
        var billed = terms.CountDueBefore(asOf);
        return new PolicyStanding
        {
            Status = PolicyStatus.InForce,
            StatusSince = terms.Start < asOf ? terms.Start : asOf,
            InstallmentsBilled = billed,
            Applied = terms.BilledFor(billed),
            MandateActive = autoDebit,
        };
    }
}
