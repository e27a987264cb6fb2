using PolicyCare.Calendars;
using PolicyCare.Notices;
using PolicyCare.Policies;
using static PolicyCare.Support.Build;

namespace PolicyCare.Delinquency;

/// <summary>Time travel through the cycle, day by day, as a timeline.</summary>
public sealed class DailyCycleTests
{
    private static PolicyStanding PaidUp(PolicyTerms terms, string asOf, bool autoDebit = false) =>
        PolicyStanding.PaidUpTo(terms, D(asOf), autoDebit);

    private static List<(DateOnly Day, StatusChanged Change)> Statuses(IEnumerable<(DateOnly Day, CycleEffect Effect)> effects) =>
        effects.Where(e => e.Effect is StatusChanged).Select(e => (e.Day, (StatusChanged)e.Effect)).ToList();

    private static List<(DateOnly Day, PlannedNotice Notice)> Notices(IEnumerable<(DateOnly Day, CycleEffect Effect)> effects, Stage? stage = null) =>
        effects.Where(e => e.Effect is NoticePlanned n && (stage is null || n.Notice.Stage == stage))
            .Select(e => (e.Day, ((NoticePlanned)e.Effect).Notice)).ToList();

    private static Func<DateOnly, PolicyStanding, PolicyStanding> PayOn(PolicyTerms terms, string date, decimal amount) =>
        (day, s) => day == D(date) ? Delinquency.Payments.Apply(terms, s, day, amount) : s;

    [Fact]
    public void UnpaidPremium_GoesToGraceTheDayAfterTheDueDate_AndLapsesTheDayAfterTheLastDayOfGrace()
    {
        var terms = Terms();
        var (standing, effects) = Run(terms, PaidUp(terms, "2026-01-01"), Alone(), D("2026-01-01"), D("2026-03-31"));
        var statuses = Statuses(effects);
        // Due on 10 January: the customer may pay all that day, so grace starts on the 11th.
        Assert.Equal((D("2026-01-11"), new StatusChanged(PolicyStatus.InForce, PolicyStatus.Grace)), statuses[0]);
        Assert.Equal((D("2026-03-12"), new StatusChanged(PolicyStatus.Grace, PolicyStatus.Lapsed)), statuses[1]);
        Assert.Equal(PolicyStatus.Lapsed, standing.Status);
    }

    [Fact]
    public void PaymentOnTheLastDayOfGrace_KeepsThePolicyInForce()
    {
        var terms = Terms(premium: 1000m, frequency: Frequency.Annual);
        var (standing, effects) = Run(terms, PaidUp(terms, "2026-01-01"), Alone(), D("2026-01-01"), D("2026-03-31"),
            PayOn(terms, "2026-03-11", 1000m));
        Assert.DoesNotContain(Statuses(effects), s => s.Change.To == PolicyStatus.Lapsed);
        Assert.Equal(PolicyStatus.InForce, standing.Status);
    }

    [Fact]
    public void GraceEndingOnADayOff_RunsToTheNextBusinessDay()
    {
        var terms = Terms(start: "2025-08-05", frequency: Frequency.Annual);
        var cn = CalendarData.ForMarket("CN");
        var (_, effects) = Run(terms, PaidUp(terms, "2026-08-01"), Alone(), D("2026-08-01"), D("2026-10-20"), calendar: cn);
        Assert.Equal(D("2026-10-09"), Statuses(effects).Single(s => s.Change.To == PolicyStatus.Lapsed).Day);
        var second = Notices(effects, Stage.SecondReminder).Single();
        Assert.Equal(D("2026-09-23"), second.Day);
    }

    [Fact]
    public void FirstReminder_IsTheFirstBusinessDayAfterTheDueDate_NeverADayOff()
    {
        var terms = Terms(start: "2025-09-30", frequency: Frequency.Annual);
        var cn = CalendarData.ForMarket("CN");
        var (_, effects) = Run(terms, PaidUp(terms, "2026-09-29"), Alone(), D("2026-09-29"), D("2026-10-10"), calendar: cn);
        // The next business day after 30 Sept is 8 Oct: National Day week is off, and the seed's window
        // ("within 3 business days from the day after the due date") counts business days, not calendar days.
        Assert.Equal(D("2026-10-08"), Notices(effects, Stage.FirstReminder).Select(n => n.Day).Distinct().Single());
    }

    /// <summary>
    /// For every day off in the published data (weekends and public holidays of China 2024–2026 and
    /// Korea 2024–2027), an installment due the day before it: in grace from the next day, and the
    /// first reminder on the first business day after the due date — never on a day off, however long
    /// the holiday.
    /// </summary>
    [Theory]
    [InlineData("CN", 2024, 2026)]
    [InlineData("KR", 2024, 2027)]
    public void FirstReminder_OverEveryDayOffInTheCalendarData_IsNeverOnADayOff(string market, int firstYear, int lastYear)
    {
        var calendar = CalendarData.ForMarket(market);
        var checkedDays = 0;
        for (var due = new DateOnly(firstYear, 1, 1); due < new DateOnly(lastYear, 12, 15); due = due.AddDays(1))
        {
            // An annual policy falls due on its start's day each year (29 February has no such policy).
            if (calendar.IsBusinessDay(due.AddDays(1)) || due.AddYears(-1).AddYears(1) != due) continue;
            var expected = calendar.After(due);
            var terms = Terms(start: due.AddYears(-1).ToString("yyyy-MM-dd", null), frequency: Frequency.Annual);
            var (_, effects) = Run(terms, PolicyStanding.PaidUpTo(terms, due, false), Alone(), due, expected.AddDays(1), calendar: calendar);
            Assert.Equal((due.AddDays(1), PolicyStatus.Grace), (Statuses(effects)[0].Day, Statuses(effects)[0].Change.To));
            var reminderDays = Notices(effects, Stage.FirstReminder).Select(n => n.Day).Distinct().ToList();
            Assert.True(reminderDays.Count == 1 && reminderDays[0] == expected, $"{market}: due {due:yyyy-MM-dd}, first reminder on {string.Join(", ", reminderDays)}, expected {expected:yyyy-MM-dd}");
            Assert.True(calendar.IsBusinessDay(reminderDays[0]));
            checkedDays++;
        }
        Assert.True(checkedDays > 100 * (lastYear - firstYear + 1), $"only {checkedDays} days off looked at");
    }

    [Fact]
    public void OnTheDueDateItself_ThePolicyIsStillInForce()
    {
        var terms = Terms();
        var (standing, effects) = Run(terms, PaidUp(terms, "2026-01-10"), Alone(), D("2026-01-10"), D("2026-01-10"));
        Assert.Equal(PolicyStatus.InForce, standing.Status);
        Assert.Empty(Statuses(effects));
    }

    [Fact]
    public void FailedDebit_WithRetries_RetriesOnTheProductsDays_AndNamesTheFailedDebitInTheReminder()
    {
        var terms = Terms(Life(retries: [3, 7]), start: "2025-01-05");
        var rejections = new Dictionary<DateOnly, DebitRejection> { [D("2026-01-05")] = new(Billing.DebitFailureReason.InsufficientFunds, false) };
        var (standing, effects) = Run(terms, PaidUp(terms, "2026-01-01", autoDebit: true), Alone(), D("2026-01-01"), D("2026-01-20"), rejections: rejections);
        var debits = effects.Where(e => e.Effect is DebitAttempted).Select(e => (e.Day, (DebitAttempted)e.Effect)).ToList();
        Assert.Equal([D("2026-01-05"), D("2026-01-08")], debits.Select(d => d.Day));
        Assert.Null(debits[1].Item2.FailedBecause);
        Assert.Equal(PolicyStatus.InForce, standing.Status);
        var reminder = Notices(effects, Stage.FirstReminder).First().Notice;
        Assert.Contains("5 January 2026", reminder.Text, StringComparison.Ordinal);
        Assert.Contains("CNY 1,000.00", reminder.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void PaidBeforeTheReminder_SendsNoReminder()
    {
        var terms = Terms();
        var (_, effects) = Run(terms, PaidUp(terms, "2026-01-01"), Alone(), D("2026-01-01"), D("2026-01-31"), PayOn(terms, "2026-01-11", 1000m));
        Assert.Empty(Notices(effects, Stage.FirstReminder));
    }

    [Fact]
    public void Elderly_GetVoiceOrLetterFirstAndSms_NeverOnlineOnly()
    {
        var terms = Terms();
        var elderly = Customer(birth: "1950-06-01");
        var (_, effects) = Run(terms, PaidUp(terms, "2026-01-01"), Alone(elderly), D("2026-01-01"), D("2026-03-31"));
        foreach (var group in Notices(effects).GroupBy(n => (n.Day, n.Notice.Stage)))
        {
            Assert.Contains(group, n => n.Notice.Channel is Channel.Voice or Channel.Letter);
            Assert.DoesNotContain(group, n => n.Notice.Channel.IsOnline());
        }
        Assert.Contains(Notices(effects, Stage.SecondReminder), n => n.Notice.Channel == Channel.AgentCall);
        Assert.Contains(Notices(effects, Stage.LapseNotice), n => n.Notice.Channel == Channel.Letter);
    }

    [Fact]
    public void Elderly_IsJudgedByAgeOnTheDay()
    {
        var turns65 = Customer(birth: "1961-02-01");
        Assert.False(turns65.IsElderlyOn(D("2026-01-31"), 65));
        Assert.True(turns65.IsElderlyOn(D("2026-02-01"), 65));
        var leapling = Customer(birth: "1960-02-29");
        Assert.False(leapling.IsElderlyOn(D("2025-02-28"), 65));
        Assert.True(leapling.IsElderlyOn(D("2025-03-01"), 65));
    }

    [Fact]
    public void Preferences_NarrowReminders_ButNeverRemoveTheLettersOfFormalNotices()
    {
        var terms = Terms(frequency: Frequency.Annual);
        var smsOnly = Customer(channels: ["sms"]);
        var (_, effects) = Run(terms, PaidUp(terms, "2026-01-01"), Alone(smsOnly), D("2026-01-01"), D("2026-03-31"));
        Assert.Equal([Channel.Sms], Notices(effects, Stage.FirstReminder).Select(n => n.Notice.Channel));
        Assert.Contains(Notices(effects, Stage.LapseNotice), n => n.Notice.Channel == Channel.Letter);
    }

    [Fact]
    public void Unreachable_TellsTheEmergencyContact_AndOpensOneTracingCase()
    {
        var terms = Terms();
        var lost = Customer(invalid: [ContactKind.Mobile, ContactKind.Email, ContactKind.Wechat, ContactKind.Address],
            emergency: new EmergencyContact("Sister", "+8613900000000"));
        var (_, effects) = Run(terms, PaidUp(terms, "2026-01-01"), Alone(lost), D("2026-01-01"), D("2026-02-28"));
        var first = Notices(effects, Stage.FirstReminder);
        Assert.All(first.Where(n => n.Notice.Recipient == "C1"), n => Assert.True(n.Notice.Failed));
        Assert.Contains(first, n => n.Notice.Recipient == "emergency:C1" && !n.Notice.Failed && n.Notice.Address == "+8613900000000");
        var cases = effects.Select(e => e.Effect).OfType<CaseOpened>().Select(c => c.Case.Key).Distinct().ToList();
        Assert.Equal(["P1|tracing|C1"], cases);
    }

    [Fact]
    public void OneChannelDown_FallsBackToAnotherWorkingContact_WithoutTheEmergencyContact()
    {
        var terms = Terms();
        var smsGone = Customer(wechat: null, invalid: [ContactKind.Mobile], emergency: new EmergencyContact("Sister", "+8613900000000"));
        var (_, effects) = Run(terms, PaidUp(terms, "2026-01-01"), Alone(smsGone), D("2026-01-01"), D("2026-01-15"));
        var first = Notices(effects, Stage.FirstReminder).Select(n => n.Notice).ToList();
        Assert.Contains(first, n => n.Channel == Channel.Sms && n.Failed);
        Assert.Contains(first, n => n.Channel == Channel.Email && !n.Failed);
        Assert.DoesNotContain(first, n => n.Recipient.StartsWith("emergency:", StringComparison.Ordinal));
    }

    [Fact]
    public void GroupPolicy_NotifiesTheEmployerAndEveryMember()
    {
        var terms = Terms();
        var members = new[] { Customer("M1"), Customer("M2"), Customer("M3") };
        var parties = new PolicyParties(members[0], members[0], new Employer("E1", "Acme", "hr@acme.example", null), members);
        var (_, effects) = Run(terms, PaidUp(terms, "2026-01-01"), parties, D("2026-01-01"), D("2026-01-15"));
        var recipients = Notices(effects, Stage.FirstReminder).Select(n => n.Notice.Recipient).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["M1", "M2", "M3", "employer:E1"], recipients);
    }

    [Fact]
    public void InsuredWhoIsNotTheHolder_GetsTheLegalNotices_NotTheFirstReminder()
    {
        var terms = Terms();
        var parties = new PolicyParties(Customer("H"), Customer("I"), null, []);
        var (_, effects) = Run(terms, PaidUp(terms, "2026-01-01"), parties, D("2026-01-01"), D("2026-03-31"));
        Assert.DoesNotContain(Notices(effects, Stage.FirstReminder), n => n.Notice.Recipient == "I");
        Assert.Contains(Notices(effects, Stage.SecondReminder), n => n.Notice.Recipient == "I");
        Assert.Contains(Notices(effects, Stage.LapseNotice), n => n.Notice.Recipient == "I");
    }

    [Fact]
    public void Notices_NeverCarryTheNationalIdOrFullContactNumbers()
    {
        var terms = Terms();
        var customer = Customer() with { NationalIdLast4 = "1234" };
        var (_, effects) = Run(terms, PaidUp(terms, "2026-01-01"), Alone(customer), D("2026-01-01"), D("2026-09-30"));
        foreach (var (_, notice) in Notices(effects))
            Assert.False(Masking.Leaks(notice.Text, ["110101195003021234", customer.Contacts.Mobile, customer.Contacts.Email]), notice.Text);
    }

    [Fact]
    public void EveryNotice_HasItsOwnKey()
    {
        var terms = Terms();
        var (_, effects) = Run(terms, PaidUp(terms, "2026-01-01"), Alone(Customer(birth: "1950-01-01")), D("2026-01-01"), D("2028-06-30"));
        var keys = Notices(effects).Select(n => n.Notice.Key).ToList();
        Assert.NotEmpty(keys);
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void LapsedPolicy_GetsMonthlyFollowUps_QuarterlyByEmailToo_ThenTerminationWhenTheWindowCloses()
    {
        var terms = Terms(Life(window: 365), frequency: Frequency.Annual);
        var (standing, effects) = Run(terms, PaidUp(terms, "2026-01-01"), Alone(), D("2026-01-01"), D("2027-03-31"));
        var followUps = Notices(effects, Stage.ReinstatementFollowUp);
        Assert.Equal(6, followUps.Count(n => n.Notice.Channel == Channel.Sms));
        Assert.Equal([D("2026-06-12"), D("2026-09-12")], followUps.Where(n => n.Notice.Channel == Channel.Email).Select(n => n.Day));
        Assert.Equal(D("2027-03-12"), Statuses(effects).Single(s => s.Change.To == PolicyStatus.Terminated).Day);
        Assert.Equal(PolicyStatus.Terminated, standing.Status);
        Assert.NotEmpty(Notices(effects, Stage.TerminationNotice));
    }

    [Fact]
    public void Reinstatement_CleanDeclaration_ComesBackWhenTheQuoteIsPaid_AndTheInterestIsCollected()
    {
        var terms = Terms(frequency: Frequency.Annual);
        PolicyStanding Events(DateOnly day, PolicyStanding s)
        {
            if (day == D("2026-04-01")) return Reinstatement.Apply(terms, s, day, HealthDeclaration.Clean)!;
            if (day == D("2026-04-03")) return Delinquency.Payments.Apply(terms, s, day, 1000m);
            if (day == D("2026-04-05")) return Delinquency.Payments.Apply(terms, s, day, 50m);
            return s;
        }
        var (standing, effects) = Run(terms, PaidUp(terms, "2026-01-01"), Alone(), D("2026-01-01"), D("2026-04-30"), Events);
        Assert.Equal(D("2026-04-05"), Statuses(effects).Last().Day);
        Assert.Equal(PolicyStatus.InForce, standing.Status);
        var interest = Math.Round(1000m * 0.055m * 81 / 365, 2, MidpointRounding.AwayFromZero);
        Assert.Equal(interest, standing.InterestCollected);
        Assert.Equal(50m - interest, standing.Credit);
    }

    [Fact]
    public void Reinstatement_WithTheInterestWaived_ComesBackOnTheArrearsAlone()
    {
        var terms = Terms(frequency: Frequency.Annual);
        PolicyStanding Events(DateOnly day, PolicyStanding s)
        {
            if (day == D("2026-04-01")) return Reinstatement.WaiveInterest(Reinstatement.Apply(terms, s, day, HealthDeclaration.Clean)!)!;
            if (day == D("2026-04-03")) return Delinquency.Payments.Apply(terms, s, day, 1000m);
            return s;
        }
        var (standing, effects) = Run(terms, PaidUp(terms, "2026-01-01"), Alone(), D("2026-01-01"), D("2026-04-30"), Events);
        Assert.Equal(D("2026-04-03"), Statuses(effects).Last().Day);
        Assert.Equal(PolicyStatus.InForce, standing.Status);
        Assert.Equal(0m, standing.InterestCollected);
        // Nothing to waive without an application.
        Assert.Null(Reinstatement.WaiveInterest(PaidUp(terms, "2026-01-01")));
    }

    [Theory]
    [InlineData(true, PolicyStatus.InForce)]
    [InlineData(false, PolicyStatus.Lapsed)]
    public void Reinstatement_AdverseDeclaration_WaitsForUnderwriting(bool approved, PolicyStatus expected)
    {
        var terms = Terms(frequency: Frequency.Annual);
        PolicyStanding Events(DateOnly day, PolicyStanding s)
        {
            if (day == D("2026-04-01")) return Reinstatement.Apply(terms, s, day, HealthDeclaration.Adverse)!;
            if (day == D("2026-04-02")) return Delinquency.Payments.Apply(terms, s, day, 2000m);
            if (day == D("2026-04-10")) return Reinstatement.Decide(s, approved);
            return s;
        }
        var (standing, effects) = Run(terms, PaidUp(terms, "2026-01-01"), Alone(), D("2026-01-01"), D("2026-04-30"), Events);
        Assert.Equal(expected, standing.Status);
        // Paid on 2 April, but nothing happens before underwriting's answer.
        Assert.DoesNotContain(Statuses(effects), s => s.Day > D("2026-03-31") && s.Day < D("2026-04-10"));
        if (approved) Assert.Equal(D("2026-04-10"), Statuses(effects).Last().Day);
    }

    [Fact]
    public void ShortTermProduct_UnpaidAtTheEndOfTheRenewalDate_ExpiresTheNextDay_WithNoGraceOrReminders()
    {
        var product = Product.WithDefaults("H1Y", PolicyTerm.Short, "CNY");
        var terms = Terms(product, start: "2025-07-01", premium: 2400m, frequency: Frequency.Annual);
        var (standing, effects) = Run(terms, PaidUp(terms, "2026-05-01"), Alone(), D("2026-05-01"), D("2026-08-31"));
        // The renewal date is on time like any due date: the customer may still pay all that day.
        Assert.Equal((D("2026-07-02"), new StatusChanged(PolicyStatus.InForce, PolicyStatus.Expired)), Statuses(effects).Single());
        Assert.Equal(PolicyStatus.Expired, standing.Status);
        Assert.Empty(Notices(effects, Stage.FirstReminder));
        Assert.Equal([D("2026-06-01"), D("2026-06-24")], Notices(effects, Stage.RenewalNotice).Select(n => n.Day).Distinct());
        Assert.Contains(Notices(effects, Stage.LapseNotice), n => n.Day == D("2026-07-02"));
    }

    [Fact]
    public void MandateRevoked_StopsTheDebits()
    {
        var terms = Terms();
        var standing = PaidUp(terms, "2026-01-01", autoDebit: true) with { MandateActive = false };
        var (_, effects) = Run(terms, standing, Alone(), D("2026-01-01"), D("2026-02-28"));
        Assert.DoesNotContain(effects, e => e.Effect is DebitAttempted);
        Assert.Empty(Notices(effects, Stage.PreDebitNotice));
    }
}
