using PolicyCare.Billing;
using static PolicyCare.Support.Build;

namespace PolicyCare.Delinquency;

/// <summary>When the bank confirms debits, the cycle asks for money and waits for the bank's answer.</summary>
public sealed class BankConfirmedDebitTests
{
    private static CycleDecision Decide(PolicyStanding standing, string date, DebitRejection? rejection = null) =>
        DailyCycle.Decide(new CycleInput(Terms(Life(retries: [3])), standing, Alone(), Calendars.BusinessCalendar.WeekendsOnly, "en-US",
            rejection, DebitSettlement.BankConfirmed), D(date));

    [Fact]
    public void DueDate_RequestsTheDebit_WithoutMovingMoney()
    {
        var standing = PolicyStanding.PaidUpTo(Terms(), D("2026-01-10"), autoDebit: true);
        var decision = Decide(standing, "2026-01-10");
        Assert.Equal(1000m, Assert.Single(decision.Effects.OfType<DebitRequested>()).Amount);
        Assert.Equal(standing.Applied, decision.Standing.Applied);
        // Unpaid at the end of the due date, in grace the next day unless the bank's file brings the money.
        Assert.Equal(PolicyStatus.InForce, decision.Standing.Status);
        Assert.Equal(PolicyStatus.Grace, Decide(decision.Standing, "2026-01-11").Standing.Status);
    }

    [Fact]
    public void RejectionReportedLater_IsRecordedAgainstTheDebitDay_AndRetriesCountFromTheDueDate()
    {
        var standing = Decide(PolicyStanding.PaidUpTo(Terms(), D("2026-01-10"), autoDebit: true), "2026-01-10").Standing;
        var reported = Decide(standing, "2026-01-12", new DebitRejection(DebitFailureReason.InsufficientFunds, InsurerFault: true, DebitOn: D("2026-01-10")));
        var failure = reported.Standing.LastDebitFailure!;
        Assert.Equal(D("2026-01-10"), failure.On);
        Assert.Equal(D("2026-01-10"), failure.ScheduledOn);
        Assert.True(failure.InsurerFault);
        Assert.Equal(DebitFailureReason.InsufficientFunds, Assert.Single(reported.Effects.OfType<DebitAttempted>()).FailedBecause);
        var retry = Decide(reported.Standing, "2026-01-13");
        Assert.Single(retry.Effects.OfType<DebitRequested>());
    }
}
