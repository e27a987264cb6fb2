using PolicyCare.Billing;
using PolicyCare.Policies;

namespace PolicyCare.Delinquency;

/// <summary>One unpaid premium in a reinstatement quote, with the days it was overdue and its interest before rounding.</summary>
public sealed record QuoteLine(int Sequence, DateOnly DueDate, decimal Unpaid, int DaysOverdue, decimal Interest);

/// <summary>What it costs to bring a lapsed policy back: the arrears plus simple interest, until a date.</summary>
public sealed record ReinstatementQuote(DateOnly IssuedOn, decimal Arrears, decimal Interest, DateOnly ValidUntil, IReadOnlyList<QuoteLine> Lines)
{
    public decimal Total => Arrears + Interest;

    /// <summary>How long a quote holds before the customer must ask again (interest keeps accruing).</summary>
    public const int ValidityDays = 30;

    /// <summary>
    /// Every installment unpaid and due on or before the request date, plus simple interest
    /// amount × rate × days overdue / 365 for each, summed and rounded once to the minor unit
    /// (midpoint away from zero). No interest when the lapse was the insurer's fault. The quote holds
    /// for <see cref="ValidityDays"/> days, never past the last day of the reinstatement window.
    /// </summary>
    public static ReinstatementQuote Issue(PolicyTerms terms, PolicyStanding standing, DateOnly requestDate)
    {
        var billedThrough = Account.BillThrough(terms, standing, requestDate);
        var rate = terms.Product.Reinstatement.AnnualInterestRate;
        var lines = Account.OpenInstallments(terms, billedThrough)
            .Select(i =>
            {
                var days = Math.Max(0, requestDate.DayNumber - i.DueDate.DayNumber);
                var interest = standing.LapseInsurerFault ? 0m : i.Unpaid * rate * days / 365m;
                return new QuoteLine(i.Sequence, i.DueDate, i.Unpaid, days, interest);
            })
            .ToList();
        var arrears = lines.Sum(l => l.Unpaid);
        var interestTotal = Currencies.RoundToMinorUnitAwayFromZero(lines.Sum(l => l.Interest), terms.Currency);
        var validUntil = requestDate.AddDays(ValidityDays);
        if (standing.LapsedOn is { } lapsedOn)
        {
            var windowLastDay = lapsedOn.AddDays(terms.Product.Reinstatement.WindowDays - 1);
            if (windowLastDay < validUntil) validUntil = windowLastDay;
        }
        return new ReinstatementQuote(requestDate, arrears, interestTotal, validUntil, lines);
    }
}
