using PolicyCare.Policies;

namespace PolicyCare.Billing;

/// <summary>
/// When each premium falls due. Installment n (from 0) is due at start + n periods, always counted
/// from the start date, so a policy started on 31 January falls due on 28 (or 29) February and then
/// on 31 March again — never drifting to the 28th.
/// </summary>
public static class InstallmentSchedule
{
    public static DateOnly DueDate(DateOnly start, Frequency frequency, int sequence) =>
        start.AddMonths(checked(sequence * frequency.Months()));

    /// <summary>How many installments fall due on or before the date (0 before the start date).</summary>
    public static int CountDueOnOrBefore(DateOnly start, Frequency frequency, DateOnly date)
    {
        if (date < start) return 0;
        var months = (date.Year - start.Year) * 12 + date.Month - start.Month;
        var n = months / frequency.Months() + 1;
        // The estimate is at most one too high (same month, earlier day); the schedule decides.
        while (n > 0 && DueDate(start, frequency, n - 1) > date) n--;
        while (DueDate(start, frequency, n) <= date) n++;
        return n;
    }

    /// <summary>How many installments fall due strictly before the date.</summary>
    public static int CountDueBefore(DateOnly start, Frequency frequency, DateOnly date) =>
        CountDueOnOrBefore(start, frequency, date.AddDays(-1));
}
