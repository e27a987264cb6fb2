using PolicyCare.Calendars;
using static PolicyCare.Support.Build;

namespace PolicyCare.Claims;

public sealed class ClaimProcessTests
{
    private static readonly Benefit Hospital = new("HOSP", BenefitKind.PerDay, 90, ["claim-form", "discharge-summary", "id-card", "invoice"]) { PerDay = 200m, MaxDays = 180 };
    private static readonly BusinessCalendar China = CalendarData.ForMarket("CN");

    private static ClaimJudgement Judge(decimal fastTrack = 5000m, decimal assessed = 1000m, decimal unpaid = 0m, decimal delayRate = 0.05m, params RaisedFlag[] flags) =>
        new(ClaimRules.For(new ClaimTerms(FastTrackLimit: fastTrack, DelayInterestRate: delayRate), "CN"), China, "CNY", flags, assessed, unpaid);

    private static ClaimFile New(string submitted = "2026-06-01") => new("CL1", "P1", Hospital, D("2026-05-20"), new ClaimedLoss(Days: 5), D(submitted));

    private static IEnumerable<ClaimStage> Stages(IEnumerable<ClaimStep> steps) => steps.Select(s => s.Stage);

    [Fact]
    public void AClaimMissingDocuments_IsAcknowledged_AndAsksForAllOfThemAtOnce()
    {
        var (file, steps) = ClaimFile.Submit(New(), ["claim-form"], () => Judge());
        Assert.Equal([ClaimStage.Submitted, ClaimStage.InformationRequested], Stages(steps));
        Assert.Equal(("HOSP", D("2026-05-20")), (steps[0].Benefit, steps[0].Incurred!.Value));
        Assert.Equal(["discharge-summary", "id-card", "invoice"], steps[1].Missing);
        Assert.Null(file.CompleteOn);
    }

    [Fact]
    public void MoreDocumentsThatStillLeaveSomeMissing_AskAgainForWhatIsStillMissing_AndTheLastOneCompletesTheFile()
    {
        var (file, _) = ClaimFile.Submit(New(), ["claim-form"], () => Judge());
        (file, var again) = file.Receive(D("2026-06-03"), ["id-card"], () => Judge(fastTrack: 0m));
        Assert.Equal(["discharge-summary", "invoice"], Assert.Single(again).Missing);
        (file, var complete) = file.Receive(D("2026-06-05"), ["discharge-summary", "invoice"], () => Judge(fastTrack: 0m));
        var step = Assert.Single(complete);
        Assert.Equal(ClaimStage.DocumentsComplete, step.Stage);
        // 30 days from 5 June is 5 July, a Sunday: the next business day.
        Assert.Equal(D("2026-07-06"), step.DecideBy);
        Assert.Equal(ClaimRoute.Review, step.Route);
        Assert.Equal(D("2026-06-05"), file.CompleteOn);
    }

    [Fact]
    public void ASmallCleanCompleteClaim_IsApprovedPaidAndClosedTheDayItArrives()
    {
        var (file, steps) = ClaimFile.Submit(New(), Hospital.Documents, () => Judge(assessed: 1000m));
        Assert.Equal([ClaimStage.Submitted, ClaimStage.DocumentsComplete, ClaimStage.Decided, ClaimStage.Paid, ClaimStage.Closed], Stages(steps));
        Assert.Equal(ClaimRoute.FastTrack, steps[1].Route);
        Assert.Equal((ClaimDecision.Approved, 1000m, 0m, 1000m), (steps[2].Settlement!.Decision, steps[2].Settlement!.Benefit, steps[2].Settlement!.Deducted, steps[2].Settlement!.Payable));
        Assert.Null(steps[2].Reason);
        Assert.Equal((1000m, 0m), (steps[3].Amount!.Value, steps[3].DelayInterest!.Value));
        Assert.Equal(D("2026-06-01"), file.ClosedOn);
    }

    [Fact]
    public void AFlaggedClaim_GoesToAHandler_WithItsFlags_AndIsNeverRefusedByTheMachine()
    {
        var (file, steps) = ClaimFile.Submit(New(), Hospital.Documents, () => Judge(flags: new RaisedFlag(ClaimFlag.WaitingPeriod)));
        Assert.Equal([ClaimStage.Submitted, ClaimStage.DocumentsComplete], Stages(steps));
        Assert.Equal(ClaimFlag.WaitingPeriod, Assert.Single(steps[1].Flags!).Flag);
        Assert.False(file.IsDecided);
    }

    [Fact]
    public void InGrace_TheUnpaidPremiumIsDeducted_FromWhatIsPaid()
    {
        var (_, steps) = ClaimFile.Submit(New(), Hospital.Documents, () => Judge(assessed: 1000m, unpaid: 300m));
        Assert.Equal((300m, 700m), (steps[2].Settlement!.Deducted, steps[2].Settlement!.Payable));
        Assert.Equal(700m, steps[3].Amount);
    }

    [Fact]
    public void AClaimUndecidedPastItsDeadline_IsOverdueTheDayAfter_Once_AndPaidLateWithInterest()
    {
        var (file, _) = ClaimFile.Submit(New(), Hospital.Documents, () => Judge(fastTrack: 0m)); // decide by 1 July 2026
        Assert.Equal(D("2026-07-01"), file.DecideBy);
        Assert.Equal(D("2026-07-02"), file.NextReview);
        Assert.Empty(file.Review(D("2026-07-01")).Steps);
        (file, var overdue) = file.Review(D("2026-07-02"));
        Assert.Equal(D("2026-07-01"), Assert.Single(overdue).Deadline);
        Assert.Empty(file.Review(D("2026-07-03")).Steps);
        Assert.Null(file.NextReview); // undecided, overdue said: nothing left to watch until a decision

        (file, var decided) = file.Decide(D("2026-07-31"), ClaimDecision.Approved, null, null, Judge(fastTrack: 0m, assessed: 1000m));
        // 30 days late: 1000 × 5% × 30 / 365 = 4.109… → 4.11
        Assert.Equal((1004.11m, 4.11m), (decided[1].Amount!.Value, decided[1].DelayInterest!.Value));
        Assert.True(file.IsClosed);
    }

    [Fact]
    public void AnInvestigation_HasItsOwnClock_FromTheDayTheDocumentsWereComplete_AndBindsTheDecision()
    {
        var (file, _) = ClaimFile.Submit(New(), Hospital.Documents, () => Judge(fastTrack: 0m));
        var rules = ClaimRules.For(new ClaimTerms(InvestigateWithin: ClaimClock.Days(60)), "CN");
        (file, var steps) = file.Investigate(D("2026-06-10"), "hospital records to verify", rules, China);
        var step = Assert.Single(steps);
        Assert.Equal((D("2026-07-31"), "hospital records to verify"), (step.InvestigateBy!.Value, step.Reason));
        Assert.Equal(D("2026-07-31"), file.Deadline);
        Assert.Empty(file.Review(D("2026-07-02")).Steps); // the decision's own day has passed, the investigation's has not
    }

    [Fact]
    public void ADeclinedClaim_IsDecidedWithItsReason_AndClosed_WithNothingPaid()
    {
        var (file, _) = ClaimFile.Submit(New(), Hospital.Documents, () => Judge(fastTrack: 0m));
        (file, var steps) = file.Decide(D("2026-06-10"), ClaimDecision.Declined, null, "not covered: cosmetic treatment", Judge(fastTrack: 0m));
        Assert.Equal([ClaimStage.Decided, ClaimStage.Closed], Stages(steps));
        Assert.Equal("not covered: cosmetic treatment", steps[0].Reason);
        Assert.Equal(0m, steps[0].Settlement!.Payable);
        Assert.Empty(file.Decide(D("2026-06-11"), ClaimDecision.Approved, null, null, Judge()).Steps); // decided once
    }

    [Fact]
    public void AWithdrawnClaim_IsClosedThatDay_AndNothingFollows()
    {
        var (file, _) = ClaimFile.Submit(New(), ["claim-form"], () => Judge());
        (file, var steps) = file.Withdraw(D("2026-06-04"));
        Assert.Equal([ClaimStage.Closed], Stages(steps));
        Assert.Empty(file.Receive(D("2026-06-05"), Hospital.Documents, () => Judge()).Steps);
        Assert.Equal(D("2026-06-05"), file.NextReview); // only the survey is left
    }

    [Fact]
    public void TheSurvey_GoesTheDayAfterTheClaimCloses_Once()
    {
        var (file, _) = ClaimFile.Submit(New(), Hospital.Documents, () => Judge()); // fast track: closed on 1 June
        Assert.Equal(D("2026-06-02"), file.NextReview);
        Assert.False(file.Survey(D("2026-06-01")).Send);
        (file, var send) = file.Survey(D("2026-06-02"));
        Assert.True(send);
        Assert.False(file.Survey(D("2026-06-03")).Send);
        Assert.Null(file.NextReview);
    }
}
