using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;
using static PolicyCare.Support.Build;

namespace PolicyCare.Insights;

/// <summary>The score as an input to the cadence: the likeliest to lapse hear before the due date and get an agent's call.</summary>
public sealed class RiskAttentionTests
{
    private static List<(DateOnly Day, PlannedNotice Notice)> Notices(IEnumerable<(DateOnly Day, CycleEffect Effect)> effects, Stage stage) =>
        effects.Where(e => e.Effect is NoticePlanned n && n.Notice.Stage == stage).Select(e => (e.Day, ((NoticePlanned)e.Effect).Notice)).ToList();

    [Theory]
    [InlineData(RiskTier.High, false, Attention.Heightened)]
    [InlineData(RiskTier.High, true, Attention.Standard)]
    [InlineData(RiskTier.Medium, false, Attention.Standard)]
    [InlineData(RiskTier.Low, false, Attention.Standard)]
    public void OnlyTheHighTier_OutsideTheControlGroup_IsWatchedClosely(RiskTier tier, bool control, Attention expected)
    {
        Assert.Equal(expected, RiskAttention.For(tier, control));
        Assert.Equal(Attention.Standard, RiskAttention.For(null, false));
    }

    [Fact]
    public void Heightened_ARemindersGoesSevenDaysBeforeEachDueDate_WithTheAmountAndTheDate_TheStandardCadenceHasNone()
    {
        var terms = Terms(premium: 1000m, start: "2025-01-10");
        var standing = PolicyStanding.PaidUpTo(terms, D("2026-01-01"), autoDebit: false);
        // Paid on each due date: never overdue, so only the reminders before the due dates differ.
        Func<DateOnly, PolicyStanding, PolicyStanding> payOnDue = (day, s) => day.Day == 10 ? Payments.Apply(terms, s, day, 1000m) : s;
        var (_, heightened) = Run(terms, standing, Alone(), D("2026-01-01"), D("2026-03-31"), payOnDue, attention: Attention.Heightened);
        var (_, standard) = Run(terms, standing, Alone(), D("2026-01-01"), D("2026-03-31"), payOnDue);

        var early = Notices(heightened, Stage.EarlyReminder);
        Assert.Equal([D("2026-01-03"), D("2026-02-03"), D("2026-03-03")], early.Select(n => n.Day));
        Assert.All(early, n => Assert.Contains("CNY 1,000.00", n.Notice.Text, StringComparison.Ordinal));
        Assert.Contains("10 February 2026", early[1].Notice.Text, StringComparison.Ordinal);
        Assert.Contains("customer portal", early[0].Notice.Text, StringComparison.Ordinal);
        Assert.Empty(Notices(standard, Stage.EarlyReminder));
        // The rest of the cadence is the same.
        Assert.Equal(standard.Count, heightened.Count - early.Count);
    }

    [Fact]
    public void Heightened_WithAutoDebit_SaysTheDebitIsComing_AndAPolicyPaidAheadHearsNothing()
    {
        var terms = Terms(premium: 1000m, start: "2025-01-10");
        var (_, debit) = Run(terms, PolicyStanding.PaidUpTo(terms, D("2026-01-01"), autoDebit: true), Alone(), D("2026-01-01"), D("2026-01-09"), attention: Attention.Heightened);
        Assert.Contains("will be debited", Assert.Single(Notices(debit, Stage.EarlyReminder)).Notice.Text, StringComparison.Ordinal);

        var paidAhead = Payments.Apply(terms, PolicyStanding.PaidUpTo(terms, D("2026-01-01"), autoDebit: false), D("2026-01-01"), 1000m);
        var (_, ahead) = Run(terms, paidAhead, Alone(), D("2026-01-01"), D("2026-01-09"), attention: Attention.Heightened);
        Assert.Empty(Notices(ahead, Stage.EarlyReminder));
        var restated = DailyCycle.Restate(terms, paidAhead, Calendars.BusinessCalendar.WeekendsOnly, D("2026-01-03"), Stage.EarlyReminder, "installment-12");
        Assert.IsType<NoLongerApplies>(restated);
    }

    [Fact]
    public void Heightened_TheSecondReminderAlsoPutsACallOnAnAgentsList_TheStandardOneDoesNot()
    {
        var terms = Terms(premium: 1000m);
        var standing = PolicyStanding.PaidUpTo(terms, D("2026-01-01"), autoDebit: false);
        var (_, heightened) = Run(terms, standing, Alone(), D("2026-01-01"), D("2026-03-31"), attention: Attention.Heightened);
        var (_, standard) = Run(terms, standing, Alone(), D("2026-01-01"), D("2026-03-31"));
        Assert.Contains(Notices(heightened, Stage.SecondReminder), n => n.Notice.Channel == Channel.AgentCall);
        Assert.DoesNotContain(Notices(standard, Stage.SecondReminder), n => n.Notice.Channel == Channel.AgentCall);
        // In grace no reminder before a due date: the reminders for what is overdue speak for it.
        Assert.All(Notices(heightened, Stage.EarlyReminder), n => Assert.True(n.Day < D("2026-01-11")));
    }

    [Fact]
    public void AProduct_SetsHowManyDaysBefore()
    {
        var terms = Terms(Life() with { Cadence = Cadence.Standard with { EarlyReminderDaysBefore = 3 } }, premium: 1000m);
        var (_, effects) = Run(terms, PolicyStanding.PaidUpTo(terms, D("2026-01-01"), autoDebit: false), Alone(), D("2026-01-01"), D("2026-01-09"), attention: Attention.Heightened);
        Assert.Equal(D("2026-01-07"), Assert.Single(Notices(effects, Stage.EarlyReminder)).Day);
    }
}
