namespace PolicyCare.Claims;

public sealed class ClaimInsightsTests
{
    private static readonly DateOnly Day = new(2026, 3, 1);

    private static ClaimOutcome Claim(int complete = 0, int? decided = 1, string? route = "review", int? deadline = 30, decimal interest = 0m, int? paid = null,
        int? csat = null, int? nps = null, string benefit = "HOSP", bool withdrawn = false, string currency = "CNY") =>
        new(benefit, currency, Day, Day.AddDays(complete), decided is { } d ? Day.AddDays(d) : null, decided is { } c ? Day.AddDays(c) : withdrawn ? Day : null,
            deadline is { } dl ? Day.AddDays(dl) : null, withdrawn, route, interest, paid is { } p ? Day.AddDays(p) : null, csat, nps, decided is null ? "documents-complete" : "closed");

    [Fact]
    public void EachPartOfAClaim_IsTimedByItsMedianAndNinetiethPercentile()
    {
        // Assessment days 1..10: median 5, 90th percentile 9 (nearest rank).
        var claims = Enumerable.Range(1, 10).Select(d => Claim(decided: d)).ToList();
        var assessment = ClaimInsights.Of(claims, [], [], [], Day.AddDays(60)).CycleTimes.Single(t => t.Stage == "assessment");
        Assert.Equal((10, 5, 9), (assessment.Claims, assessment.Median!.Value, assessment.P90!.Value));
    }

    [Fact]
    public void ADeadlineIsMissed_ByALateDecision_OrByAnOpenClaimPastIt_NotByAnOnTimeOne()
    {
        var claims = new[] { Claim(decided: 31), Claim(decided: 30), Claim(decided: null, deadline: 30), Claim(decided: null, deadline: 90) };
        Assert.Equal(2, ClaimInsights.Of([], [], [], claims, Day.AddDays(40)).DeadlinesMissed);
        // Counted among the deadlines of the period, not among the claims submitted in it.
        Assert.Equal(0, ClaimInsights.Of(claims, [], [], [], Day.AddDays(40)).DeadlinesMissed);
    }

    [Fact]
    public void TheFastTrackShare_IsOfTheDecidedClaims_AndDelayInterestIsSummedByCurrency()
    {
        var claims = new[] { Claim(route: "fast-track"), Claim(route: "fast-track"), Claim(interest: 12.5m), Claim(interest: 3m, currency: "KRW"), Claim(decided: null) };
        var report = ClaimInsights.Of(claims, [], [], [], Day.AddDays(5));
        Assert.Equal(0.5m, report.FastTrackShare);
        Assert.Equal(12.5m, report.DelayInterestPaid["CNY"]);
        Assert.Equal(3m, report.DelayInterestPaid["KRW"]);
    }

    [Fact]
    public void Satisfaction_IsTheMeanCsat_AndTheNetPromoterScore_ByBenefit_OfTheAnswersGivenInThePeriod()
    {
        // NPS: 2 promoters (9, 10), 1 passive (8), 1 detractor (3) of 4 → (2 − 1) / 4 = 25.
        var claims = new[] { Claim(csat: 5, nps: 10), Claim(csat: 4, nps: 9), Claim(csat: 4, nps: 8), Claim(csat: 2, nps: 3), Claim(csat: 5, nps: 10, benefit: "MED"), Claim() };
        var report = ClaimInsights.Of([], [], claims, [], Day.AddDays(5));
        var hospital = report.Satisfaction.Single(s => s.Benefit == "HOSP");
        Assert.Equal((4, 3.8m, 25), (hospital.Answers, hospital.Csat!.Value, hospital.Nps!.Value));
        Assert.Equal(100, report.Satisfaction.Single(s => s.Benefit == "MED").Nps);
        // The same claims submitted in the period but answered outside it are not the period's answers.
        Assert.Empty(ClaimInsights.Of(claims, [], [], [], Day.AddDays(5)).Satisfaction);
    }

    [Fact]
    public void AClaimStillWaitingForDocuments_IsCountedAsStillIn_ThoughItsTimeIsNotKnownYet()
    {
        var waiting = Claim(decided: null) with { Complete = null, Closed = null };
        var report = ClaimInsights.Of([waiting, Claim(decided: 4)], [], [], [], Day.AddDays(30));
        var documents = report.CycleTimes.Single(t => t.Stage == "documents");
        Assert.Equal((1, 1), (documents.Claims, documents.StillIn));
        Assert.Equal(1, report.CycleTimes.Single(t => t.Stage == "total").StillIn);
        Assert.Equal(0, report.CycleTimes.Single(t => t.Stage == "assessment").StillIn);
    }

    [Fact]
    public void AWithdrawnClaim_IsNotTimedAsACompletedOne()
    {
        var report = ClaimInsights.Of([Claim(decided: null, withdrawn: true), Claim(decided: 4)], [], [], [], Day.AddDays(5));
        Assert.Equal(1, report.CycleTimes.Single(t => t.Stage == "total").Claims);
    }
}
