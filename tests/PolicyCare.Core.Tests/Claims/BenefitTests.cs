using PolicyCare.Calendars;
using static PolicyCare.Support.Build;

namespace PolicyCare.Claims;

public sealed class BenefitTests
{
    private static readonly Benefit Hospital = new("HOSP", BenefitKind.PerDay, 90, ["claim-form", "id-card", "discharge-summary", "invoice"]) { PerDay = 200m, MaxDays = 180 };
    private static readonly Benefit Medical = new("MED", BenefitKind.Reimbursement, 30, ["claim-form", "id-card", "invoice", "itemized-bill"])
    {
        Deductible = 100m, CoPay = 0.10m, AnnualLimit = 20000m,
    };
    private static readonly Benefit CriticalIllness = new("CI", BenefitKind.Fixed, 180, ["claim-form", "id-card", "diagnosis"]) { Amount = 100000m };

    [Fact]
    public void AFixedBenefit_PaysItsAmount_WhateverTheExpense() =>
        Assert.Equal(100000m, CriticalIllness.For(new ClaimedLoss(Expense: 3.5m), 0m, "CNY"));

    [Theory]
    [InlineData(5, "1000.00")]
    [InlineData(180, "36000.00")]
    [InlineData(200, "36000.00")] // no more than the most days the product pays
    public void APerDayBenefit_PaysSoMuchADay_UpToTheMostDays(int days, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Hospital.For(new ClaimedLoss(Days: days), 0m, "CNY"));

    [Fact]
    public void AReimbursement_IsTheExpenseLessTheDeductible_LessTheCoPay() =>
        Assert.Equal(810m, Medical.For(new ClaimedLoss(Expense: 1000m), 0m, "CNY"));

    [Fact]
    public void AReimbursement_IsRoundedOnce_MidpointAwayFromZero() =>
        // (1000.05 − 100) × 0.9 = 810.045 → 810.05
        Assert.Equal(810.05m, Medical.For(new ClaimedLoss(Expense: 1000.05m), 0m, "CNY"));

    [Fact]
    public void AnExpenseBelowTheDeductible_PaysNothing_NotANegativeAmount() =>
        Assert.Equal(0m, Medical.For(new ClaimedLoss(Expense: 60m), 0m, "CNY"));

    [Theory]
    [InlineData("0", "9000.00")]
    [InlineData("15000", "5000.00")] // only what is left of the annual limit
    [InlineData("20000", "0.00")]
    public void AReimbursement_IsCappedByWhatIsLeftOfTheAnnualLimit(string paidBefore, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            Medical.For(new ClaimedLoss(Expense: 10100m), decimal.Parse(paidBefore, System.Globalization.CultureInfo.InvariantCulture), "CNY"));

    [Fact]
    public void InWon_TheBenefitIsRoundedToTheWholeWon()
    {
        var silson = Medical with { Deductible = 10000m, CoPay = 0.2m, AnnualLimit = null };
        // (123,457 − 10,000) × 0.8 = 90,765.6 → 90,766
        Assert.Equal(90766m, silson.For(new ClaimedLoss(Expense: 123457m), 0m, "KRW"));
    }

    [Fact]
    public void TheMissingDocuments_AreEveryRequiredOneNotSupplied_SortedAndOnce() =>
        Assert.Equal(["discharge-summary", "id-card", "invoice"], Hospital.Missing(["claim-form", "claim-form", "photo"]));

    [Theory]
    [InlineData("2024-02-29", "2025-02-27", "2024-02-29")]
    [InlineData("2024-02-29", "2025-02-28", "2025-02-28")] // a 29 February start renews on 28 February in a common year
    [InlineData("2025-06-10", "2026-06-09", "2025-06-10")]
    [InlineData("2025-06-10", "2026-06-10", "2026-06-10")]
    public void PolicyYears_RunFromTheStart(string start, string date, string yearStart) =>
        Assert.Equal(D(yearStart), PolicyYear.StartOf(D(start), D(date)));
}

public sealed class ClaimClockTests
{
    [Fact]
    public void InChina_ThirtyDaysFromCompleteDocuments_EndingInTheNationalDayHoliday_RunToTheNextWorkingDay() =>
        // 4 October 2026 is in the holiday (1–7 October): the deadline is Thursday 8 October.
        Assert.Equal(D("2026-10-08"), ClaimRules.For(null, "CN").DecideWithin.Deadline(D("2026-09-04"), CalendarData.ForMarket("CN")));

    [Fact]
    public void InKorea_ThreeBusinessDays_AreCountedOverChuseok() =>
        // Complete on Wednesday 23 September 2026; 24–26 September are Chuseok, 27 a Sunday: 28, 29, 30.
        Assert.Equal(D("2026-09-30"), ClaimRules.For(null, "KR").DecideWithin.Deadline(D("2026-09-23"), CalendarData.ForMarket("KR")));

    [Fact]
    public void InKorea_AnInvestigation_Has30BusinessDays()
    {
        var rules = ClaimRules.For(null, "KR");
        Assert.Equal(ClaimClock.BusinessDaysAfter(30), rules.InvestigateWithin);
        Assert.Equal(D("2026-12-18"), rules.InvestigateWithin.Deadline(D("2026-11-06"), CalendarData.ForMarket("KR")));
    }

    [Fact]
    public void WhatTheProductLeavesOut_TakesTheMarketsDefault_AndNoFastTrack()
    {
        var rules = ClaimRules.For(new ClaimTerms(DecideWithin: ClaimClock.Days(10)), "KR");
        Assert.Equal(ClaimClock.Days(10), rules.DecideWithin);
        Assert.Equal(ClaimClock.BusinessDaysAfter(30), rules.InvestigateWithin);
        Assert.Equal(0m, rules.FastTrackLimit);
        Assert.Equal(0m, rules.DelayInterestRate);
        Assert.Equal(ClaimClock.Days(30), ClaimRules.For(null, "NONE").InvestigateWithin);
    }

    [Theory]
    [InlineData("2026-03-02", "0.00")] // paid on the deadline: on time
    [InlineData("2026-03-03", "0.14")] // 1000 × 5% × 1 / 365 = 0.136… → 0.14
    [InlineData("2026-04-01", "4.11")] // 30 days late: 4.109… → 4.11
    public void DelayInterest_IsPayableTimesRateTimesDaysLateOver365_RoundedOnce(string paidOn, string expected)
    {
        var rules = ClaimRules.For(new ClaimTerms(DelayInterestRate: 0.05m), "CN");
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), rules.DelayInterest(1000m, D("2026-03-02"), D(paidOn), "CNY"));
    }
}
