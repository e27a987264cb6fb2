using PolicyCare.Billing;
using PolicyCare.Delinquency;

namespace PolicyCare.Insights;

/// <summary>Why a policy lapsed, as the monthly review groups lapses (the lapse-notification seed's 失效原因).</summary>
public enum LapseCause { Unreachable, FailedDebit, NoAutoDebit, NotPaid }

/// <summary>
/// The monthly review's figures that follow each policy's schedule rather than a list of events: the premiums that fell
/// due in a period and how many were paid by their due date, the policies covered on a day, and why a lapse happened.
/// Read from the same histories the lapse-risk model learns from, so "late" means the same everywhere.
/// </summary>
public static class BookMonth
{
    /// <summary>
    /// Premiums that fell due from <paramref name="first"/> to <paramref name="last"/> while cover was on (in force or in
    /// grace at the end of the due date), and those paid on time: the policy was not already in grace for an earlier one and
    /// did not go into grace the day after. A premium due on <paramref name="asOf"/> or later is not judged yet.
    /// </summary>
    public static (int Due, int OnTime) Premiums(IEnumerable<PolicyHistory> histories, DateOnly first, DateOnly last, DateOnly asOf)
    {
        int due = 0, onTime = 0;
        var until = last < asOf ? last : asOf.AddDays(-1);
        foreach (var h in histories)
        {
            for (var seq = InstallmentSchedule.CountDueBefore(h.Start, h.Frequency, first); ; seq++)
            {
                var on = InstallmentSchedule.DueDate(h.Start, h.Frequency, seq);
                if (on > until) break;
                var status = LapseRisk.StatusOn(h, on);
                if (status is not (PolicyStatus.InForce or PolicyStatus.Grace)) continue;
                due++;
                if (status == PolicyStatus.InForce && LapseRisk.StatusOn(h, on.AddDays(1)) != PolicyStatus.Grace) onTime++;
            }
        }
        return (due, onTime);
    }

    /// <summary>Policies started by the date and in force or in grace at its end.</summary>
    public static int Covered(IEnumerable<PolicyHistory> histories, DateOnly date) =>
        histories.Count(h => h.Start <= date && LapseRisk.StatusOn(h, date) is PolicyStatus.InForce or PolicyStatus.Grace);

    /// <summary>
    /// Why the policy lapsed on the date: nothing reached the customer (a tracing case open), else a debit failed during the
    /// grace that ended in the lapse (with its reason), else there was no auto-debit and nothing was paid by hand, else the
    /// premium simply went unpaid.
    /// </summary>
    public static (LapseCause Cause, DebitFailureReason? Debit) CauseOf(PolicyHistory h, DateOnly lapsedOn)
    {
        if (h.Tracing.Any(t => t.OpenOn(lapsedOn))) return (LapseCause.Unreachable, null);
        var graceFrom = h.StatusChanges.LastOrDefault(c => c.To == PolicyStatus.Grace && c.On < lapsedOn)?.On ?? lapsedOn;
        // The debit on the due date failed the day before grace began.
        var failures = h.DebitFailures.Where(f => f.On >= graceFrom.AddDays(-1) && f.On <= lapsedOn).ToList();
        if (failures.Count > 0) return (LapseCause.FailedDebit, failures[^1].Reason);
        var autoDebit = h.MandateEndedOn is { } ended ? ended >= lapsedOn : h.AutoDebitToday;
        return (autoDebit ? LapseCause.NotPaid : LapseCause.NoAutoDebit, null);
    }
}
