using PolicyCare.Delinquency;
using static PolicyCare.Support.Build;

namespace PolicyCare.Policies;

public sealed class PolicyChangeTests
{
    [Fact]
    public void ACustomersLetter_IsHistory_AndCuresNothing_EvenDatedBeforeTheOverduePremiumFellDue()
    {
        var terms = Terms(start: "2025-01-10");
        // In grace for the installment of 10 March, with nothing paid since February; a complaint is recorded as of 1 March.
        var standing = new PolicyStanding { Status = PolicyStatus.Grace, StatusSince = D("2026-03-11"), InstallmentsBilled = 15, Applied = 14 * 1000m };
        var outcome = PolicyChange.Decide(terms, standing, D("2026-03-01"), new RecordContact("complaint", "C1", "K1", "Two reminders."));
        Assert.Equal(standing, outcome.Standing);
        Assert.IsType<CustomerContacted>(Assert.Single(outcome.Events));
        Assert.False(outcome.ConcernsTheCycle);
    }
}
