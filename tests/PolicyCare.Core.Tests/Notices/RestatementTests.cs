using PolicyCare.Billing;
using PolicyCare.Calendars;
using PolicyCare.Delinquency;
using PolicyCare.Policies;
using static PolicyCare.Support.Build;

namespace PolicyCare.Notices;

/// <summary>A notice resent is restated with the day's facts: never a stale amount, deadline or debit date.</summary>
public sealed class RestatementTests
{
    private static string Words(Restatement restated, Customer to, string locale = "en-US") =>
        Templates.Render(Assert.IsType<RestatedToday>(restated).Occasion, locale, to.Name, plainWords: false);

    private static string SubjectOf(PlannedNotice notice) => notice.Key.Split('|')[1];

    [Fact]
    public void OnTheDayTheCycleSentANotice_ItsRestatementIsWordForWordWhatWasSent()
    {
        // Auto-debit that keeps failing: pre-debit notices, first and second reminders, the lapse letter and the follow-ups.
        var terms = Terms(premium: 800m);
        var holder = Customer();
        var parties = Alone(holder);
        var calendar = CalendarData.ForMarket("CN");
        var standing = PolicyStanding.PaidUpTo(terms, D("2026-01-01"), autoDebit: true);
        var rejections = new Dictionary<DateOnly, DebitRejection>();
        for (var day = D("2026-01-01"); day <= D("2026-12-31"); day = day.AddDays(1))
            rejections[day] = new DebitRejection(DebitFailureReason.InsufficientFunds, false, day);
        var stages = new HashSet<Stage>();
        for (var day = D("2026-01-01"); day <= D("2026-06-30"); day = day.AddDays(1))
        {
            var decision = DailyCycle.Decide(new CycleInput(terms, standing, parties, calendar, "en-US", rejections.GetValueOrDefault(day), Attention: Insights.Attention.Heightened), day);
            standing = decision.Standing;
            foreach (var notice in decision.Effects.OfType<NoticePlanned>().Select(n => n.Notice).Where(n => n.Recipient == holder.Id))
            {
                var restated = DailyCycle.Restate(terms, standing, calendar, day, notice.Stage, SubjectOf(notice));
                Assert.Equal(notice.Text, Words(restated, holder, notice.Locale));
                stages.Add(notice.Stage);
            }
        }
        Assert.Superset(new HashSet<Stage> { Stage.PreDebitNotice, Stage.EarlyReminder, Stage.FirstReminder, Stage.SecondReminder, Stage.LapseNotice, Stage.ReinstatementFollowUp }, stages);
    }

    [Fact]
    public void ARestatedReminder_AsksForWhatIsOverdueToday_AndNoLongerAppliesOnceItIsPaid()
    {
        var terms = Terms(premium: 1000m);
        var holder = Customer();
        var (standing, effects) = Run(terms, PolicyStanding.PaidUpTo(terms, D("2026-01-01"), autoDebit: false), Alone(holder), D("2026-01-01"), D("2026-02-12"));
        var first = effects.Select(e => e.Effect).OfType<NoticePlanned>().First(n => n.Notice.Stage == Stage.FirstReminder).Notice;
        Assert.Contains("1,000.00", first.Text, StringComparison.Ordinal);

        // A month later two premiums are overdue: the restated reminder asks for both, with the same last day of grace.
        var today = Assert.IsType<RestatedToday>(DailyCycle.Restate(terms, standing, BusinessCalendar.WeekendsOnly, D("2026-02-12"), Stage.FirstReminder, SubjectOf(first)));
        Assert.Equal(2000m, today.Occasion.Facts.AmountDue);
        Assert.Equal(D("2026-03-11"), today.Occasion.Facts.Deadline);
        Assert.Contains("2,000.00", Words(today, holder), StringComparison.Ordinal);

        // Paid in full: nothing is overdue, and a reminder would ask for money already paid.
        (standing, _) = Run(terms, standing, Alone(holder), D("2026-02-13"), D("2026-02-13"),
            (day, s) => Delinquency.Payments.Apply(terms, s, day, 2000m));
        var paid = Assert.IsType<NoLongerApplies>(DailyCycle.Restate(terms, standing, BusinessCalendar.WeekendsOnly, D("2026-02-13"), Stage.SecondReminder));
        Assert.Equal("The policy is no longer in its grace period.", paid.Why);
    }

    [Fact]
    public void ARestatedPreDebitNotice_AnnouncesTheNextDebit_AndNoneWithoutAMandate()
    {
        var terms = Terms(premium: 500m);
        var standing = PolicyStanding.PaidUpTo(terms, D("2026-03-01"), autoDebit: true);
        var next = Assert.IsType<RestatedToday>(DailyCycle.Restate(terms, standing, BusinessCalendar.WeekendsOnly, D("2026-03-15"), Stage.PreDebitNotice));
        Assert.Equal(D("2026-04-10"), next.Occasion.Facts.DebitOn);
        Assert.Equal(500m, next.Occasion.Facts.AmountDue);
        Assert.IsType<NoLongerApplies>(DailyCycle.Restate(terms, standing with { MandateActive = false }, BusinessCalendar.WeekendsOnly, D("2026-03-15"), Stage.PreDebitNotice));
    }
}
