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
    /// The last day the customer may still pay for an installment due on <paramref name="dueDate"/>.
    /// Due date + N days, or the last day of the month after the due month; a last day that is not a
    /// business day moves to the next business day (Chinese Civil Code art. 203, Korean Civil Act art. 161).
    /// </summary>
    public DateOnly LastDay(DateOnly dueDate, BusinessCalendar calendar)
    {
        var nominal = EndOfFollowingMonth
            ? new DateOnly(dueDate.Year, dueDate.Month, 1).AddMonths(2).AddDays(-1)
            : dueDate.AddDays(Days ?? 0);
        return calendar.OnOrAfter(nominal);
    }
}

/// <summary>Reinstatement terms: how long after lapse, at what simple interest, with or without a health declaration.</summary>
public sealed record ReinstatementRule(int WindowDays, decimal AnnualInterestRate, bool HealthDeclaration)
{
    public static ReinstatementRule Default { get; } = new(730, 0.055m, true);
}

/// <summary>When the reminders of the standard cadence go out; a product may tune them.</summary>
public sealed record Cadence(
    int FirstReminderLatestDay = 3,
    int SecondReminderDaysBeforeGraceEnd = 15,
    int FollowUpMonths = 6,
    int FollowUpEmailEveryMonths = 3,
    IReadOnlyList<int>? RenewalNoticeDaysBefore = null)
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
    string? Market = null)
{
    /// <summary>A product with the defaults of the scenario format for everything left out.</summary>
    public static Product WithDefaults(string code, PolicyTerm term, string currency) => new(
        code, term, currency,
        term == PolicyTerm.Long ? GraceRule.OfDays(60) : null,
        ReinstatementRule.Default, [], 3, 65, Cadence.Standard);
}
