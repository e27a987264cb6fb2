using PolicyCare.Delinquency;
using static PolicyCare.Support.Build;

namespace PolicyCare.Billing;

public sealed class AccountTests
{
    private static PolicyStanding Owing(int billed, decimal applied) => new()
    {
        Status = PolicyStatus.Grace, StatusSince = D("2026-01-10"), InstallmentsBilled = billed, Applied = applied,
    };

    [Fact]
    public void ApplyPayment_PaysTheOldestInstallmentFirst_AndKeepsTheSurplusAsCredit()
    {
        var terms = Terms();
        var (standing, allocation) = Account.ApplyPayment(terms, Owing(billed: 14, applied: 12_000m), 2_500m);
        Assert.Equal(2_000m, allocation.Applied);
        Assert.Equal(500m, allocation.Credit);
        Assert.Empty(Account.OpenInstallments(terms, standing));
        Assert.Equal(500m, standing.Credit);
    }

    [Fact]
    public void ApplyPayment_Partial_LeavesTheOldestInstallmentPartPaid()
    {
        var terms = Terms();
        var (standing, _) = Account.ApplyPayment(terms, Owing(billed: 14, applied: 12_000m), 400m);
        var open = Account.OpenInstallments(terms, standing).ToList();
        Assert.Equal([12, 13], open.Select(i => i.Sequence));
        Assert.Equal(600m, open[0].Unpaid);
        Assert.Equal(D("2026-01-10"), open[0].DueDate);
        Assert.Equal(1_000m, open[1].Unpaid);
    }

    [Fact]
    public void BillThrough_ConsumesCreditAsInstallmentsFallDue()
    {
        var terms = Terms();
        var standing = Owing(billed: 12, applied: 12_000m) with { Status = PolicyStatus.InForce, Credit = 1_500m };
        var billed = Account.BillThrough(terms, standing, D("2026-02-10"));
        Assert.Equal(14, billed.InstallmentsBilled);
        Assert.Equal(0m, billed.Credit);
        Assert.Equal(500m, Account.Outstanding(terms, billed));
        Assert.Equal(13, Account.OldestOpen(terms, billed)!.Sequence);
    }

    [Fact]
    public void ApplyPayment_NotPositive_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Account.ApplyPayment(Terms(), Owing(13, 12_000m), 0m));
}
