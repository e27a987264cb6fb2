using PolicyCare.Billing;
using PolicyCare.Calendars;

namespace PolicyCare.Claims;

/// <summary>
/// A legal clock: so many calendar days (a deadline on a day off moves to the next business day) or
/// the N-th business day after the day it starts.
/// </summary>
public sealed record ClaimClock(int Count, bool BusinessDays)
{
    public static ClaimClock Days(int n) => new(n, false);
    public static ClaimClock BusinessDaysAfter(int n) => new(n, true);

    /// <summary>
    /// The last day to act, the clock started on <paramref name="from"/>. Past the years the book's
    /// calendar covers (a December claim whose clock runs into a year not yet published), every day
    /// counts as a business day: the deadline can only come earlier than the law's, never later, and
    /// a claim is never refused for want of next year's holidays.
    /// </summary>
    public DateOnly Deadline(DateOnly from, BusinessCalendar calendar)
    {
        if (!BusinessDays) return calendar.MoveOffDayOff(from.AddDays(Count), DayOffMove.Later, lenient: true);
        var day = from;
        for (var i = 0; i < Count; i++) day = calendar.MoveOffDayOff(day.AddDays(1), DayOffMove.Later, lenient: true);
        return day;
    }
}

/// <summary>A product's claim rules as given; what is left out takes the market's default (<see cref="ClaimRules.For"/>).</summary>
public sealed record ClaimTerms(decimal? FastTrackLimit = null, ClaimClock? DecideWithin = null, ClaimClock? InvestigateWithin = null, decimal? DelayInterestRate = null);

/// <summary>
/// How claims are handled under a product in a market: the fast-track limit (0: none), the clock to
/// decide and the clock of an investigation, both from the day the documents are complete, and the
/// yearly rate of interest on a late payment.
/// </summary>
public sealed record ClaimRules(decimal FastTrackLimit, ClaimClock DecideWithin, ClaimClock InvestigateWithin, decimal DelayInterestRate)
{
    /// <summary>
    /// The market's clocks where the product says nothing. China: 30 days to decide and to
    /// investigate (Insurance Law art. 23; the days waiting for the customer's documents do not count,
    /// so the clock starts when they are complete). Korea: 3 business days to pay once documents are
    /// complete, 30 business days when an investigation is needed (standard policy terms). Elsewhere 30
    /// days. No fast track and no delay interest unless the product sets them.
    /// </summary>
    public static ClaimRules For(ClaimTerms? terms, string market)
    {
        var (decide, investigate) = market == "KR"
            ? (ClaimClock.BusinessDaysAfter(3), ClaimClock.BusinessDaysAfter(30))
            : (ClaimClock.Days(30), ClaimClock.Days(30));
        return new ClaimRules(terms?.FastTrackLimit ?? 0m, terms?.DecideWithin ?? decide, terms?.InvestigateWithin ?? investigate, terms?.DelayInterestRate ?? 0m);
    }

    /// <summary>
    /// Interest for paying late: payable × rate × days past the deadline / 365, rounded once to the
    /// minor unit (midpoint away from zero); nothing when paid on or before the deadline.
    /// </summary>
    public decimal DelayInterest(decimal payable, DateOnly deadline, DateOnly paidOn, string currency)
    {
        var daysLate = paidOn.DayNumber - deadline.DayNumber;
        if (daysLate <= 0 || payable <= 0 || DelayInterestRate <= 0) return 0m;
        return Currencies.RoundToMinorUnitAwayFromZero(payable * DelayInterestRate * daysLate / 365m, currency);
    }
}
