using PolicyCare.Billing;
using PolicyCare.Delinquency;
using static PolicyCare.Support.Build;

namespace PolicyCare.Claims;

public sealed class ClaimFlagTests
{
    private static readonly Benefit Medical = new("MED", BenefitKind.Reimbursement, 30, ["invoice"]) { Deductible = 100m };

    [Fact]
    public void ALossBeforeTheWaitingPeriodEnds_IsFlagged_WithTheDayCoverBegins()
    {
        var flags = ClaimFlags.Coverage(Medical, D("2026-01-01"), D("2026-01-30"), PolicyStatus.InForce);
        var flag = Assert.Single(flags);
        Assert.Equal(ClaimFlag.WaitingPeriod, flag.Flag);
        Assert.Equal(D("2026-01-31"), flag.Date);
        Assert.Empty(ClaimFlags.Coverage(Medical, D("2026-01-01"), D("2026-01-31"), PolicyStatus.InForce));
    }

    [Theory]
    [InlineData(PolicyStatus.Lapsed, true)]
    [InlineData(PolicyStatus.Terminated, true)]
    [InlineData(PolicyStatus.Expired, true)]
    [InlineData(PolicyStatus.Grace, false)] // covered in grace: the unpaid premium is deducted instead
    [InlineData(PolicyStatus.InForce, false)]
    public void ALossWhileThePolicyIsNotInForce_IsFlagged_ButNotInGrace(PolicyStatus status, bool flagged) =>
        Assert.Equal(flagged, ClaimFlags.Coverage(Medical, D("2025-01-01"), D("2026-05-01"), status).Any(f => f.Flag == ClaimFlag.NotInForce));

    private static NewClaim Claim(string incurred = "2026-06-01", decimal benefit = 900m, params string[] hashes) =>
        new("CL9", "P1", "MED", D(incurred), D(incurred).AddDays(2), benefit, hashes.ToHashSet());

    private static PastClaim Past(string id, string submitted, decimal? benefit = 500m, string policy = "P2", params string[] hashes) =>
        new(id, policy, "MED", D(submitted), benefit, hashes.ToHashSet());

    [Fact]
    public void TheSameDocumentOnAnotherClaim_IsFlagged_NamingThatClaim()
    {
        var flags = ClaimFlags.Review(Claim(hashes: ["aa", "bb"]), new ClaimHistory(D("2024-01-01"), null, [Past("CL1", "2026-01-01", hashes: ["bb"])]));
        Assert.Equal("CL1", Assert.Single(flags, f => f.Flag == ClaimFlag.DuplicateDocument).OtherClaim);
        Assert.DoesNotContain(ClaimFlags.Review(Claim(hashes: ["aa"]), new ClaimHistory(D("2024-01-01"), null, [Past("CL1", "2026-01-01", hashes: ["bb"])])),
            f => f.Flag == ClaimFlag.DuplicateDocument);
    }

    [Theory]
    [InlineData("2026-01-01", null, "2026-03-31", true)] // day 89 after the start
    [InlineData("2026-01-01", null, "2026-04-01", false)] // day 90
    [InlineData("2024-01-01", "2026-05-01", "2026-06-01", true)] // a month after a reinstatement
    [InlineData("2024-01-01", null, "2026-06-01", false)]
    public void ALossWithin90DaysOfTheStartOrAReinstatement_IsAnEarlyClaim(string start, string? reinstated, string incurred, bool flagged) =>
        Assert.Equal(flagged, ClaimFlags.Review(Claim(incurred), new ClaimHistory(D(start), reinstated is null ? null : D(reinstated), []))
            .Any(f => f.Flag == ClaimFlag.EarlyClaim));

    [Fact]
    public void ABenefitAboveThreeTimesTheMedianOfTenOrMoreClaims_IsFlagged_WithTheMedian()
    {
        var history = Enumerable.Range(1, 10).Select(i => Past($"H{i}", "2026-01-01", 200m + i)).ToList(); // median 205.50
        var flag = Assert.Single(ClaimFlags.Review(Claim(benefit: 700m), new ClaimHistory(D("2020-01-01"), null, history)), f => f.Flag == ClaimFlag.AmountAboveHistory);
        Assert.Equal(205.5m, flag.Amount);
        Assert.DoesNotContain(ClaimFlags.Review(Claim(benefit: 600m), new ClaimHistory(D("2020-01-01"), null, history)), f => f.Flag == ClaimFlag.AmountAboveHistory);
        // Nine claims are too few to call anything unusual.
        Assert.DoesNotContain(ClaimFlags.Review(Claim(benefit: 7000m), new ClaimHistory(D("2020-01-01"), null, history.Take(9).ToList())), f => f.Flag == ClaimFlag.AmountAboveHistory);
    }

    [Fact]
    public void ThreeClaimsOnOnePolicyWithinAMonth_AreFrequent()
    {
        PastClaim Own(string id, string submitted) => Past(id, submitted, policy: "P1");
        var flagged = ClaimFlags.Review(Claim("2026-06-01"), new ClaimHistory(D("2020-01-01"), null, [Own("A", "2026-05-10"), Own("B", "2026-05-20")]));
        Assert.Equal(3, Assert.Single(flagged, f => f.Flag == ClaimFlag.FrequentClaims).Count);
        Assert.DoesNotContain(ClaimFlags.Review(Claim("2026-06-01"), new ClaimHistory(D("2020-01-01"), null, [Own("A", "2026-03-10"), Own("B", "2026-05-20")])),
            f => f.Flag == ClaimFlag.FrequentClaims);
        // Claims on other policies do not count.
        Assert.DoesNotContain(ClaimFlags.Review(Claim("2026-06-01"), new ClaimHistory(D("2020-01-01"), null, [Past("A", "2026-05-25"), Past("B", "2026-05-30")])),
            f => f.Flag == ClaimFlag.FrequentClaims);
    }
}

public sealed class ClaimAssessmentTests
{
    private static readonly ClaimRules FastTrack5000 = ClaimRules.For(new ClaimTerms(FastTrackLimit: 5000m), "CN");

    [Fact]
    public void ASmallCleanClaim_GoesFastTrack_ButAFlagAnInvestigationOrALargeBenefitGoToAHandler()
    {
        Assert.Equal(ClaimRoute.FastTrack, ClaimAssessment.Route(FastTrack5000, 5000m, [], investigating: false));
        Assert.Equal(ClaimRoute.Review, ClaimAssessment.Route(FastTrack5000, 5000.01m, [], investigating: false));
        Assert.Equal(ClaimRoute.Review, ClaimAssessment.Route(FastTrack5000, 100m, [new RaisedFlag(ClaimFlag.EarlyClaim)], investigating: false));
        Assert.Equal(ClaimRoute.Review, ClaimAssessment.Route(FastTrack5000, 100m, [], investigating: true));
    }

    [Fact]
    public void WithoutAFastTrackLimit_EveryClaimGoesToAHandler_EvenAZeroBenefit() =>
        Assert.Equal(ClaimRoute.Review, ClaimAssessment.Route(ClaimRules.For(null, "CN"), 0m, [], investigating: false));

    [Fact]
    public void TheUnpaidPremiumDueByTheDayOfTheLoss_IsDeducted_NotWhatFellDueAfter()
    {
        // Monthly 1,000 from 10 January; paid through March. April (10 Apr) is unpaid, May falls due after the loss.
        var terms = Terms(start: "2026-01-10");
        var standing = new PolicyStanding { Status = PolicyStatus.Grace, StatusSince = D("2026-04-11"), InstallmentsBilled = 3, Applied = 3000m };
        Assert.Equal(1000m, ClaimAssessment.UnpaidPremiumOn(terms, standing, D("2026-05-01")));
        Assert.Equal(2000m, ClaimAssessment.UnpaidPremiumOn(terms, standing, D("2026-05-10")));
        Assert.Equal(0m, ClaimAssessment.UnpaidPremiumOn(terms, standing, D("2026-04-09")));
        // A part-paid installment is deducted for its unpaid part only.
        Assert.Equal(600m, ClaimAssessment.UnpaidPremiumOn(terms, standing with { Applied = 3400m }, D("2026-05-01")));
    }

    [Fact]
    public void TheDeduction_IsNeverMoreThanTheBenefit()
    {
        var settled = ClaimAssessment.Settle(ClaimDecision.Approved, 800m, null, unpaidPremium: 1000m);
        Assert.Equal((800m, 800m, 0m), (settled.Benefit, settled.Deducted, settled.Payable));
        var normal = ClaimAssessment.Settle(ClaimDecision.Approved, 9000m, null, unpaidPremium: 1000m);
        Assert.Equal((9000m, 1000m, 8000m), (normal.Benefit, normal.Deducted, normal.Payable));
    }

    [Fact]
    public void APartialDecision_GrantsTheHandlersAmount_NeitherNothingNorMoreThanTheBenefit()
    {
        Assert.Equal(3000m, ClaimAssessment.Settle(ClaimDecision.Partial, 9000m, 3000m, 0m).Payable);
        Assert.Equal("amount", Assert.Throws<ClaimDecisionException>(() => ClaimAssessment.Settle(ClaimDecision.Partial, 9000m, 9000.01m, 0m)).Field);
        Assert.Throws<ClaimDecisionException>(() => ClaimAssessment.Settle(ClaimDecision.Partial, 9000m, 0m, 0m));
        Assert.Throws<ClaimDecisionException>(() => ClaimAssessment.Settle(ClaimDecision.Partial, 9000m, null, 0m));
    }

    [Fact]
    public void ADeclinedClaim_PaysAndDeductsNothing()
    {
        var declined = ClaimAssessment.Settle(ClaimDecision.Declined, 9000m, null, unpaidPremium: 1000m);
        Assert.Equal((0m, 0m, 0m), (declined.Benefit, declined.Deducted, declined.Payable));
    }

    [Fact]
    public void TheEstimatedCompletion_IsTheMedianOfSimilarClaims_BoundedByTheLegalDeadline()
    {
        var today = D("2026-06-01");
        Assert.Equal(D("2026-06-05"), ClaimAssessment.EstimatedCompletion(today, [2, 3, 4, 9, 12], D("2026-07-01")));
        Assert.Equal(D("2026-06-10"), ClaimAssessment.EstimatedCompletion(today, [20, 25, 30, 40, 50], D("2026-06-10")));
        // Too little history: the legal deadline.
        Assert.Equal(D("2026-07-01"), ClaimAssessment.EstimatedCompletion(today, [1, 1], D("2026-07-01")));
        // Past the deadline: today, never a date gone by.
        Assert.Equal(today, ClaimAssessment.EstimatedCompletion(today, [], D("2026-05-20")));
    }
}
