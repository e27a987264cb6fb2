namespace PolicyCare.Cases;

public sealed class CaseMetricsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 4, 1);

    private static CaseOutcome Case(string customer = "C1", double? closedAfterHours = 10, double waiting = 0, bool atFirstContact = false, int reopened = 0,
        CaseKind kind = CaseKind.Complaint, CaseCategory category = CaseCategory.Notice, CaseChannel channel = CaseChannel.Portal,
        double openedAfterHours = 0, int answerByDay = 15, int? answeredDay = 1) =>
        new(customer, kind, category, channel, Start.AddHours(openedAfterHours), closedAfterHours is { } h ? Start.AddHours(openedAfterHours + h) : null,
            TimeSpan.FromHours(waiting), atFirstContact, reopened, DateOnly.FromDateTime(Start.UtcDateTime).AddDays(answerByDay),
            closedAfterHours is null ? null : answeredDay is { } d ? DateOnly.FromDateTime(Start.UtcDateTime).AddDays(d) : null);

    [Fact]
    public void Mttr_IsTheMeanOfOpeningToClose_AndTheInsurersOwnTimeLeavesOutTheWaitForTheCustomer()
    {
        // Closed after 10 h and 30 h (20 h of it waiting for the customer): MTTR 20 h, own time (10 + 10) / 2 = 10 h. The open case is not timed.
        var cases = new[] { Case(closedAfterHours: 10), Case(customer: "C2", closedAfterHours: 30, waiting: 20), Case(customer: "C3", closedAfterHours: null) };
        var all = CaseMetrics.Of(cases, cases, 10_000, Today).All;
        Assert.Equal((3, 2, 20m, 10m), (all.Opened, all.Closed, all.MttrHours!.Value, all.MttrHoursOwn!.Value));
    }

    [Fact]
    public void FirstContactResolution_CountsAnAnswerOnTheCall_OrNoRepeatInTheSameCategoryWithin7Days()
    {
        var onTheCall = Case(customer: "A", closedAfterHours: 0.2, atFirstContact: true);
        var quiet = Case(customer: "B");
        var repeated = Case(customer: "C");
        var repeat = Case(customer: "C", openedAfterHours: 10 + 24 * 3);                         // 3 days after the close: a repeat
        var otherSubject = Case(customer: "B", openedAfterHours: 48, category: CaseCategory.Claim); // another subject is no repeat
        var reopened = Case(customer: "D", reopened: 1);
        var cases = new[] { onTheCall, quiet, repeated, reopened };
        var later = new[] { onTheCall, quiet, repeated, repeat, otherSubject, reopened };
        // Resolved: the call and B; not: C (came back), D (reopened) → 2 of 4.
        Assert.Equal(0.5m, CaseMetrics.Of(cases, later, 10_000, Today).All.FirstContactResolution);
        // Closed yesterday and not answered on the call: not judged yet.
        var recent = Case(customer: "E") with { ClosedAt = new DateTimeOffset(2026, 3, 31, 12, 0, 0, TimeSpan.Zero) };
        Assert.Null(CaseMetrics.FirstContactResolved(recent, new[] { recent }.ToLookup(c => (c.Customer, c.Category)), Today));
    }

    [Fact]
    public void ReopenRate_OnTimeShare_OverdueOpenCases_AndComplaintsPer10000Policies()
    {
        var cases = new[]
        {
            Case(reopened: 1), Case(customer: "C2", answeredDay: 16), Case(customer: "C3", answeredDay: 15),
            Case(customer: "C4", closedAfterHours: null, answerByDay: 20), Case(customer: "C5", closedAfterHours: null, kind: CaseKind.Inquiry, answerByDay: 1),
        };
        var report = CaseMetrics.Of(cases, cases, 25_000, Today);
        // 1 of 3 closed reopened; 2 of 3 answered by the deadline (day 16 is late); one open case past its deadline; 4 complaints / 25,000 × 10,000 = 1.6.
        Assert.Equal((0.3333m, 0.6667m, 2, 1.6m), (report.All.ReopenRate!.Value, report.All.OnTime!.Value, report.All.OpenOverdue, report.ComplaintsPer10000Policies!.Value));
    }

    [Fact]
    public void TheFigures_AreAlsoGivenByCategoryAndByChannel()
    {
        var cases = new[] { Case(channel: CaseChannel.Phone), Case(customer: "C2", category: CaseCategory.PremiumDebit, closedAfterHours: 4), Case(customer: "C3", category: CaseCategory.PremiumDebit, closedAfterHours: 8) };
        var report = CaseMetrics.Of(cases, cases, 1, Today);
        var debit = report.ByCategory.Single(f => f.Group == "premium-debit");
        Assert.Equal((2, 6m), (debit.Opened, debit.MttrHours!.Value));
        Assert.Equal(["portal", "phone"], report.ByChannel.Select(f => f.Group));
    }

    [Fact]
    public void Csat_IsTheShareOf4sAnd5s_AndNps_PromotersLessDetractors()
    {
        // CSAT: 5, 4, 3, 2 → 2 of 4 = 0.5. NPS: 10, 9 promoters, 7 passive, 0 detractor → (2 − 1) / 4 = 25.
        var score = SurveyScores.Of("case", [new("case", 5, 10), new("case", 4, 9), new("case", 3, 7), new("case", 2, 0)]);
        Assert.Equal((4, 0.5m, 25), (score.Answers, score.Csat, score.Nps));
    }
}
