using PolicyCare.Delinquency;
using PolicyCare.Policies;
using static PolicyCare.Support.Build;

namespace PolicyCare.Billing;

/// <summary>Payment plans, payment holidays, on-time incentives, rebind guidance and the alternatives to a lapse.</summary>
public sealed class ReliefTests
{
    private static Product WithRelief(ReliefRules relief, int[]? retries = null) => Life(retries: retries) with { ReliefOffered = relief };

    private static List<(DateOnly Day, StatusChanged Change)> Statuses(IEnumerable<(DateOnly Day, CycleEffect Effect)> effects) =>
        effects.Where(e => e.Effect is StatusChanged).Select(e => (e.Day, (StatusChanged)e.Effect)).ToList();

    [Fact]
    public void AgreePlan_SplitsTheArrearsIntoMonthlyParts_TheLastTakingTheRounding()
    {
        var terms = Terms(WithRelief(new ReliefRules(PaymentPlanMaxInstallments: 6)), premium: 1000m);
        var standing = PolicyStanding.PaidUpTo(terms, D("2026-01-01"), false) with { Status = PolicyStatus.Grace };
        var planned = Relief.AgreePlan(terms, standing, D("2026-02-20"), 3);
        Assert.Equal([666.67m, 666.67m, 666.66m], planned.Plan!.Parts.Select(p => p.Amount));
        Assert.Equal([D("2026-03-20"), D("2026-04-20"), D("2026-05-20")], planned.Plan.Parts.Select(p => p.DueDate));
        Assert.Equal(2000m, planned.Plan.Amount);
        Assert.Throws<ReliefRefusedException>(() => Relief.AgreePlan(terms, standing, D("2026-02-20"), 7));
        Assert.Throws<ReliefRefusedException>(() => Relief.AgreePlan(Terms(), standing, D("2026-02-20"), 3));
    }

    [Fact]
    public void ThePlansSchedule_ShowsWhatIsLeftOfEachPart_PaidInOrder()
    {
        var terms = Terms(WithRelief(new ReliefRules(PaymentPlanMaxInstallments: 6)), premium: 1000m, frequency: Frequency.Annual);
        var standing = PolicyStanding.PaidUpTo(terms, D("2026-01-01"), false) with { Status = PolicyStatus.Grace };
        var planned = Relief.AgreePlan(terms, standing, D("2026-02-01"), 2);
        Assert.Equal([500m, 500m], Relief.Schedule(terms, planned).Select(p => p.Left));
        // 700 paid: the first part is met, 300 of the second is left.
        var paid = Delinquency.Payments.Apply(terms, planned, D("2026-02-10"), 700m);
        Assert.Equal([0m, 300m], Relief.Schedule(terms, paid).Select(p => p.Left));
        Assert.Equal([D("2026-03-01"), D("2026-04-01")], Relief.Schedule(terms, paid).Select(p => p.Obligation.DueDate));
    }

    [Fact]
    public void PlanKeptUp_KeepsThePolicyInForcePastTheOriginalGrace_AndCompletes()
    {
        var terms = Terms(WithRelief(new ReliefRules(PaymentPlanMaxInstallments: 6)), premium: 1000m, frequency: Frequency.Annual);
        PolicyStanding Events(DateOnly day, PolicyStanding s)
        {
            if (day == D("2026-02-01")) return Relief.AgreePlan(terms, s, day, 2);
            if (day == D("2026-03-01") || day == D("2026-04-01")) return Delinquency.Payments.Apply(terms, s, day, 500m);
            return s;
        }
        var (standing, effects) = Run(terms, PolicyStanding.PaidUpTo(terms, D("2026-01-01"), false), Alone(), D("2026-01-01"), D("2026-06-30"), Events);
        Assert.Equal(PolicyStatus.InForce, standing.Status);
        Assert.Null(standing.Plan);
        Assert.Contains(effects, e => e.Effect is PlanCompleted && e.Day == D("2026-04-01"));
        Assert.Equal([PolicyStatus.Grace, PolicyStatus.InForce], Statuses(effects).Select(s => s.Change.To));
        Assert.Equal(D("2026-02-01"), Statuses(effects)[1].Day);
    }

    [Fact]
    public void PlanPartMissed_GraceRunsFromThePart_AndThePolicyLapses()
    {
        var terms = Terms(WithRelief(new ReliefRules(PaymentPlanMaxInstallments: 6)), premium: 1000m, frequency: Frequency.Annual);
        PolicyStanding Events(DateOnly day, PolicyStanding s) => day == D("2026-02-01") ? Relief.AgreePlan(terms, s, day, 2) : s;
        var (standing, effects) = Run(terms, PolicyStanding.PaidUpTo(terms, D("2026-01-01"), false), Alone(), D("2026-01-01"), D("2026-06-30"), Events);
        var statuses = Statuses(effects);
        // The part due on 1 March is missed: in grace from the day after.
        Assert.Equal((D("2026-03-02"), PolicyStatus.Grace), (statuses[2].Day, statuses[2].Change.To));
        // Sixty days of grace from the missed part on 1 March: last day 30 April, lapse 1 May.
        Assert.Equal((D("2026-05-01"), PolicyStatus.Lapsed), (statuses[3].Day, statuses[3].Change.To));
        Assert.Null(standing.Plan);
        Assert.Contains(effects, e => e.Effect is NoticePlanned n && n.Notice.Stage == Notices.Stage.FirstReminder && n.Notice.Key.Contains("plan-2026-02-01-part-1", StringComparison.Ordinal));
    }

    [Fact]
    public void PaymentHoliday_MovesTheDueDate_TheDebitAndTheGraceClock()
    {
        var terms = Terms(WithRelief(new ReliefRules(DeferralMaxDays: 30)), start: "2025-01-10");
        var standing = Relief.GrantHoliday(terms, PolicyStanding.PaidUpTo(terms, D("2026-01-01"), autoDebit: true), D("2026-01-02"), 20);
        Assert.Equal(new PaymentHoliday(12, D("2026-01-30")), standing.Holiday);
        var (after, effects) = Run(terms, standing, Alone(), D("2026-01-02"), D("2026-02-05"));
        Assert.Empty(Statuses(effects));
        var debits = effects.Where(e => e.Effect is DebitAttempted).Select(e => e.Day).ToList();
        Assert.Equal([D("2026-01-30")], debits);
        Assert.Null(after.Holiday);
        Assert.Throws<ReliefRefusedException>(() => Relief.GrantHoliday(terms, standing, D("2026-01-02"), 31));
    }

    [Fact]
    public void OnTimePayments_EarnTheDiscountAndPoints_AndALoyaltyBonusEveryN()
    {
        var terms = Terms(WithRelief(new ReliefRules(OnTimeDiscountRate: 0.01m, OnTimePoints: 10, LoyaltyAfter: 3, LoyaltyPoints: 100)), start: "2025-01-10");
        var (standing, effects) = Run(terms, PolicyStanding.PaidUpTo(terms, D("2026-01-01"), autoDebit: true), Alone(), D("2026-01-01"), D("2026-04-30"));
        var grants = effects.Select(e => e.Effect).OfType<IncentiveGranted>().ToList();
        Assert.Equal(4, grants.Count);
        Assert.Equal([false, false, true, false], grants.Select(g => g.LoyaltyBonus));
        Assert.Equal(4 * 10 + 100, standing.Points);
        Assert.Equal(40m, standing.DiscountsGranted);
        Assert.Equal(4, standing.OnTimeStreak);
    }

    [Fact]
    public void LatePayment_EndsTheRun()
    {
        var terms = Terms(WithRelief(new ReliefRules(OnTimePoints: 10, LoyaltyAfter: 3, LoyaltyPoints: 100)), start: "2025-01-10");
        var rejections = new Dictionary<DateOnly, DebitRejection> { [D("2026-02-10")] = new(DebitFailureReason.InsufficientFunds, false) };
        var (standing, _) = Run(terms, PolicyStanding.PaidUpTo(terms, D("2026-01-01"), autoDebit: true), Alone(), D("2026-01-01"), D("2026-03-10"), rejections: rejections);
        Assert.Equal(1, standing.OnTimeStreak);
        Assert.Equal(20, standing.Points);
    }

    [Fact]
    public void RepeatedDebitFailures_AdviseRebindingOnce()
    {
        var terms = Terms(Life(retries: [3, 7]), start: "2025-01-05");
        var rejections = new[] { "2026-01-05", "2026-01-08", "2026-01-12" }.ToDictionary(D, _ => new DebitRejection(DebitFailureReason.InsufficientFunds, false));
        var (_, effects) = Run(terms, PolicyStanding.PaidUpTo(terms, D("2026-01-01"), autoDebit: true), Alone(), D("2026-01-01"), D("2026-01-20"), rejections: rejections);
        var advice = effects.Where(e => e.Effect is RebindAdvised).ToList();
        Assert.Equal(D("2026-01-08"), Assert.Single(advice).Day);
    }

    [Fact]
    public void Alternatives_AreQuotedFromTheCashValueTable()
    {
        var product = Life() with { AlternativesOffered = new Alternatives([0m, 0.5m, 1.2m], 0.8m, 2m, true) };
        var terms = Terms(product, start: "2023-03-01", premium: 100m);
        var standing = PolicyStanding.PaidUpTo(terms, D("2026-01-01"), false);
        var quote = AlternativeQuotes.Quote(terms, standing, D("2026-02-15"))!;
        // Two full years: 0.5 × the annual premium of 1,200.
        Assert.Equal(2, quote.CompletedYears);
        Assert.Equal(600m, quote.CashValue);
        Assert.Equal(480m, quote.MaxPolicyLoan);
        Assert.Equal(1200m, quote.PaidUpSumInsured);
        Assert.Equal(200m, quote.Arrears);
        Assert.Equal(2, quote.InstallmentsAutomaticLoanCovers);
        Assert.Null(AlternativeQuotes.Quote(Terms(), standing, D("2026-02-15")));
    }

    [Fact]
    public void LapseNotice_QuotesTheAlternatives_FromTheCashValues()
    {
        var product = Life() with { AlternativesOffered = new Alternatives([0m, 0.5m, 1.2m], 0.8m, 2m, true) };
        var terms = Terms(product, start: "2023-03-01", premium: 100m);
        var (_, effects) = Run(terms, PolicyStanding.PaidUpTo(terms, D("2026-01-01"), false), Alone(), D("2026-01-01"), D("2026-03-31"));
        var lapse = effects.Select(e => e.Effect).OfType<NoticePlanned>().First(n => n.Notice.Stage == Notices.Stage.LapseNotice).Notice;
        Assert.Contains("policy loan of up to CNY 1,152.00", lapse.Text, StringComparison.Ordinal);
        Assert.Contains("reduced paid-up cover of CNY 2,880.00", lapse.Text, StringComparison.Ordinal);
    }
}
