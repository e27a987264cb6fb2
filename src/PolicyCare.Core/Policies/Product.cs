using PolicyCare.Billing;
using PolicyCare.Calendars;

namespace PolicyCare.Policies;

/// <summary>Long-term products go grace → lapse → reinstatement; short-term (one-year renewable) ones expire unpaid.</summary>
public enum PolicyTerm { Long, Short }

/// <summary>How long a customer may pay after a due date before cover is suspended.</summary>
public sealed record GraceRule(int? Days, bool EndOfFollowingMonth)
{
    public static GraceRule OfDays(int days) => new(days, false);
    public static GraceRule UntilEndOfFollowingMonth { get; } = new(null, true);

    /// <summary>
    /// The last day the customer may still pay for an installment due on <paramref name="dueDate"/>:
    /// due date + N days, or the last day of the month after the due month; a last day that is not a
    /// business day moves to the next business day (Chinese Civil Code art. 203, Korean Civil Act
    /// art. 161). The one grace deadline of PolicyCare: the cycle, the notices, the API and the tests
    /// all ask it. <paramref name="lenient"/> is for telling the customer: when the move runs into a
    /// year whose holidays are not yet published, the day reached is given, which can only be earlier
    /// than the true deadline, never later.
    /// </summary>
    public DateOnly LastDay(DateOnly dueDate, BusinessCalendar calendar, bool lenient = false) =>
        calendar.MoveOffDayOff(NominalLastDay(dueDate), DayOffMove.Later, lenient);

    /// <summary>The last day before moving it off a day off: due date + N, or the end of the following month.</summary>
    public DateOnly NominalLastDay(DateOnly dueDate) =>
        EndOfFollowingMonth
            ? new DateOnly(dueDate.Year, dueDate.Month, 1).AddMonths(2).AddDays(-1)
            : dueDate.AddDays(Days ?? 0);

    /// <summary>
    /// Whether grace for an installment has run out by <paramref name="date"/>: its last day is
    /// before the date. The walk off a day off stops at the date, so only the calendar up to the date
    /// is needed, and a deadline in a year whose holidays are not yet published does not stop today's decisions.
    /// </summary>
    public bool HasRunOut(DateOnly dueDate, DateOnly date, BusinessCalendar calendar) =>
        NominalLastDay(dueDate) < date && LastDay(dueDate, calendar, lenient: true) is var last && last < date && calendar.Covers(last);
}

/// <summary>Reinstatement terms: how long after lapse, at what simple interest, with or without a health declaration.</summary>
public sealed record ReinstatementRule(int WindowDays, decimal AnnualInterestRate, bool HealthDeclaration)
{
    public static ReinstatementRule Default { get; } = new(730, 0.055m, true);
}

/// <summary>When the reminders of the standard cadence go out; a product may tune them.</summary>
public sealed record Cadence(
    int SecondReminderDaysBeforeGraceEnd = 15,
    int FollowUpMonths = 6,
    int FollowUpEmailEveryMonths = 3,
    IReadOnlyList<int>? RenewalNoticeDaysBefore = null,
    int EarlyReminderDaysBefore = 7)
{
    public static Cadence Standard { get; } = new();
    public IReadOnlyList<int> RenewalDaysBefore => RenewalNoticeDaysBefore ?? [30, 7];
}

/// <summary>A product whose servicing rules are data.</summary>
public sealed record Product(
    string Code,
    PolicyTerm Term,
    string Currency,
    GraceRule? Grace,
    ReinstatementRule Reinstatement,
    IReadOnlyList<int> DebitRetryDays,
    int PreDebitNoticeDays,
    int ElderlyAge,
    Cadence Cadence,
    string? Name = null,
    string? Market = null,
    ReliefRules? ReliefOffered = null,
    Alternatives? AlternativesOffered = null,
    PaymentRules? PaymentsAccepted = null,
    IReadOnlyDictionary<string, string>? Names = null,
    IReadOnlyList<Claims.Benefit>? Benefits = null,
    Claims.ClaimTerms? ClaimTerms = null,
    IReadOnlyList<Servicing.Clause>? Clauses = null,
    Servicing.RenewalTerms? Renewal = null,
    Servicing.ReviewTerms? Review = null,
    Servicing.InspectionTerms? Inspection = null,
    Servicing.ChangeTerms? Changes = null)
{
    /// <summary>The benefit with that code; null when the product does not pay it (a product without benefits takes no claims).</summary>
    public Claims.Benefit? Benefit(string code) => Benefits?.FirstOrDefault(b => b.Code == code);

    /// <summary>The product's claim rules, the market's defaults for what it leaves out.</summary>
    public Claims.ClaimRules ClaimRulesIn(string market) => Claims.ClaimRules.For(ClaimTerms, Market ?? market);

    /// <summary>The product's name in the reader's language: its own name for that language, else its one name, else its code.</summary>
    public string NameIn(string locale) => Names?.GetValueOrDefault(locale) ?? Name ?? Code;

    public ReliefRules Relief => ReliefOffered ?? ReliefRules.None;

    public PaymentRules Payments => PaymentsAccepted ?? PaymentRules.Default;

    /// <summary>A product with the defaults of the scenario format for everything left out.</summary>
    public static Product WithDefaults(string code, PolicyTerm term, string currency) => new(
        code, term, currency,
        term == PolicyTerm.Long ? GraceRule.OfDays(60) : null,
        ReinstatementRule.Default, [], 3, 65, Cadence.Standard);
}

/// <summary>
/// Which payments a product takes: none above <see cref="Maximum"/> (a typo of a few zeros, or a
/// forged amount, never clears a book), and whether an insured person or a group member who is not
/// the holder may pay the premium through a payment provider (the holder always may).
/// </summary>
public sealed record PaymentRules(decimal Maximum, bool OthersMayPay)
{
    public static PaymentRules Default { get; } = new(1_000_000_000m, false);
}

/// <summary>
/// What a product's cash values allow instead of a lapse. <see cref="CashValuePerAnnualPremium"/>[k]
/// is the cash value at the end of policy year k+1, as a multiple of the annual premium.
/// </summary>
public sealed record Alternatives(IReadOnlyList<decimal> CashValuePerAnnualPremium, decimal PolicyLoanRatio, decimal PaidUpSumPerCashValue, bool AutomaticPremiumLoan);

