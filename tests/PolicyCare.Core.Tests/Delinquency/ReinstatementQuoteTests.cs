using PolicyCare.Policies;
using static PolicyCare.Support.Build;

namespace PolicyCare.Delinquency;

public sealed class ReinstatementQuoteTests
{
    private static PolicyStanding Lapsed(int billed, decimal applied, bool insurerFault = false) => new()
    {
        Status = PolicyStatus.Lapsed, StatusSince = D("2026-03-12"), InstallmentsBilled = billed, Applied = applied,
        LapsedOn = D("2026-03-12"), LapseInsurerFault = insurerFault,
    };

    [Fact]
    public void Issue_ChargesSimpleInterestPerInstallmentAndDay_RoundedOnce()
    {
        // Due 10 Jan, 10 Feb, 10 Mar, 10 Apr; requested 20 Apr: 100 + 69 + 41 + 10 days.
        var terms = Terms(premium: 1000m);
        var quote = ReinstatementQuote.Issue(terms, Lapsed(billed: 12, applied: 12_000m), D("2026-04-20"));
        Assert.Equal(4000m, quote.Arrears);
        Assert.Equal([100, 69, 41, 10], quote.Lines.Select(l => l.DaysOverdue));
        Assert.Equal(Math.Round(1000m * 0.055m * 220m / 365m, 2, MidpointRounding.AwayFromZero), quote.Interest);
        Assert.Equal(33.15m, quote.Interest);
        Assert.Equal(4033.15m, quote.Total);
        // Rounding each line first would give 15.07 + 10.40 + 6.18 + 1.51 = 33.16: the rule rounds once.
        Assert.Equal(33.16m, quote.Lines.Sum(l => Math.Round(l.Interest, 2, MidpointRounding.AwayFromZero)));
    }

    [Fact]
    public void Issue_KoreanWon_RoundsToWholeWon()
    {
        var terms = Terms(Life(currency: "KRW", rate: 0.045m), premium: 55_000m);
        var quote = ReinstatementQuote.Issue(terms, Lapsed(billed: 12, applied: 12 * 55_000m), D("2026-04-20"));
        Assert.Equal(decimal.Truncate(quote.Interest), quote.Interest);
        Assert.Equal(Math.Round(55_000m * 0.045m * 220m / 365m, 0, MidpointRounding.AwayFromZero), quote.Interest);
    }

    [Fact]
    public void Issue_InsurerFault_WaivesInterest()
    {
        var quote = ReinstatementQuote.Issue(Terms(), Lapsed(billed: 12, applied: 12_000m, insurerFault: true), D("2026-04-20"));
        Assert.Equal(0m, quote.Interest);
        Assert.Equal(4000m, quote.Total);
    }

    [Fact]
    public void Issue_PartPaidInstallment_ChargesOnlyWhatIsUnpaid()
    {
        var quote = ReinstatementQuote.Issue(Terms(), Lapsed(billed: 12, applied: 12_400m), D("2026-04-20"));
        Assert.Equal(3600m, quote.Arrears);
        Assert.Equal(600m, quote.Lines[0].Unpaid);
    }

    [Fact]
    public void Issue_ValidUntil_NeverPassesTheWindow()
    {
        var terms = Terms(Life(window: 50));
        var quote = ReinstatementQuote.Issue(terms, Lapsed(billed: 12, applied: 12_000m), D("2026-04-20"));
        Assert.Equal(D("2026-04-30"), quote.ValidUntil);
    }
}
