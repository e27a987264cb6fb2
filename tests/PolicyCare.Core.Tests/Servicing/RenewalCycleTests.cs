using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;
using static PolicyCare.Support.Build;

namespace PolicyCare.Servicing;

/// <summary>The renewal of a one-year product as the daily cycle runs it: offer, notices, acceptance per market, the outcome, the survey.</summary>
public sealed class RenewalCycleTests
{
    private static readonly RenewalTerms Bands = new([30, 7],
        [new(39, 1200m), new(59, 1800m), new(120, 3000m)],
        [new(D("2026-07-01"), 1.08m, "medical-inflation")], 2, 80, null);

    private static Product Health(RenewalTerms? renewal = null, GraceRule? grace = null) =>
        Product.WithDefaults("MED1Y", PolicyTerm.Short, "CNY") with { Grace = grace, Renewal = renewal ?? Bands };

    private static PolicyTerms Annual(Product product, string start = "2025-09-01", decimal premium = 1800m) =>
        Terms(product, start, premium, Frequency.Annual);

    /// <summary>Runs the cycle daily with the market's language (zh-CN: China, ko-KR: Korea) and the commands given per day.</summary>
    private static (PolicyStanding Standing, List<(DateOnly Day, CycleEffect Effect)> Effects) Live(PolicyTerms terms, string locale, string birth,
        bool autoDebit, string from, string to, Dictionary<string, PolicyCommand>? commands = null, Dictionary<string, decimal>? payments = null,
        Func<PolicyStanding, PolicyStanding>? before = null)
    {
        var parties = Alone(Customer(birth: birth, locale: locale));
        var standing = PolicyStanding.PaidUpTo(terms, D(from), autoDebit);
        if (before is not null) standing = before(standing);
        var effects = new List<(DateOnly, CycleEffect)>();
        for (var day = D(from); day <= D(to); day = day.AddDays(1))
        {
            var iso = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (commands?.GetValueOrDefault(iso) is { } command) standing = PolicyChange.Decide(terms, standing, day, command).Standing;
            if (payments is not null && payments.TryGetValue(iso, out var amount)) standing = PolicyChange.Decide(terms, standing, day, new ReceivePayment(amount, "bank-transfer")).Standing;
            var decision = DailyCycle.Decide(new CycleInput(terms, standing, parties, Calendars.BusinessCalendar.WeekendsOnly, locale), day);
            standing = decision.Standing;
            effects.AddRange(decision.Effects.Select(e => (day, e)));
        }
        return (standing, effects);
    }

    private static RenewalSettled Outcome(List<(DateOnly Day, CycleEffect Effect)> effects) => effects.Select(e => e.Effect).OfType<RenewalSettled>().Single();

    [Fact]
    public void TheOffer_IsMadeOnTheFirstNoticeDay_WithTheNewPriceAndItsReasons()
    {
        var (_, effects) = Live(Annual(Health()), "zh-CN", "1980-01-01", autoDebit: false, "2026-07-20", "2026-08-05");
        var (day, effect) = Assert.Single(effects, e => e.Effect is RenewalOffered);
        Assert.Equal(D("2026-08-02"), day);                       // 30 days before 1 September
        var offer = ((RenewalOffered)effect).Offer;
        Assert.Equal((1944.00m, 1800m), (offer.Premium, offer.PreviousPremium));
        Assert.Equal([new PriceReason("medical-inflation", 144m)], offer.Reasons);
    }

    [Fact]
    public void InChina_AnAutoDebitCustomerWhoDidNotAccept_IsNotDebited_AndThePolicyExpiresOnTheRenewalDate()
    {
        var (standing, effects) = Live(Annual(Health()), "zh-CN", "1980-01-01", autoDebit: true, "2026-07-20", "2026-09-03");
        Assert.DoesNotContain(effects, e => e.Effect is DebitAttempted);
        Assert.DoesNotContain(effects, e => e.Effect is NoticePlanned { Notice.Stage: Stage.PreDebitNotice });
        Assert.Equal((RenewalResult.Expired, D("2026-09-01")), (Outcome(effects).Result, Outcome(effects).RenewalDate));
        Assert.Equal((PolicyStatus.Expired, D("2026-09-01")), (standing.Status, standing.StatusSince));
    }

    [Fact]
    public void NextYearsRenewalNotice_GoesFirstToTheChannelTheCustomerAnsweredOn()
    {
        var (_, effects) = Live(Annual(Health()), "zh-CN", "1980-01-01", autoDebit: true, "2026-07-20", "2027-08-03",
            commands: new() { ["2026-08-20"] = new AcceptRenewal("I accept", Via: "sms") });
        Channel[] Channels(string day) => effects.Where(e => e.Day == D(day)).Select(e => e.Effect).OfType<NoticePlanned>()
            .Where(n => n.Notice.Stage == Stage.RenewalNotice).Select(n => n.Notice.Channel).ToArray();
        Assert.Equal([Channel.Wechat, Channel.Email], Channels("2026-08-02"));      // before any answer: the preferred messenger
        Assert.Equal([Channel.Sms, Channel.Email], Channels("2027-08-02"));         // answered from the SMS link last year
        Assert.Equal([Channel.Sms], NoticePlanner.ChannelsFor(Customer(email: null), Stage.RenewalNotice, elderly: false, withEmail: false, Channel.Sms));
        // A channel the customer no longer has, or one known not to reach them, is not used.
        Assert.Equal([Channel.Wechat, Channel.Email], NoticePlanner.ChannelsFor(Customer(invalid: [ContactKind.Mobile]), Stage.RenewalNotice, false, false, Channel.Sms));
    }

    [Fact]
    public void InChina_OneClickAcceptance_LetsTheMandateCollectTheNewPrice_AndTheSurveyFollows()
    {
        var (standing, effects) = Live(Annual(Health()), "zh-CN", "1980-01-01", autoDebit: true, "2026-07-20", "2026-09-03",
            commands: new() { ["2026-08-20"] = new AcceptRenewal("I accept") });
        Assert.Contains(effects, e => e.Day == D("2026-09-01") && e.Effect is DebitAttempted { Amount: 1944.00m, FailedBecause: null });
        Assert.Equal(RenewalResult.Renewed, Outcome(effects).Result);
        Assert.Equal(PolicyStatus.InForce, standing.Status);
        // Accepted on 20 August: the 7-day notice of 25 August is not sent.
        Assert.DoesNotContain(effects, e => e.Day == D("2026-08-25") && e.Effect is NoticePlanned { Notice.Stage: Stage.RenewalNotice });
        Assert.Contains(effects, e => e.Day == D("2026-09-02") && e.Effect is NoticePlanned { Notice.Stage: Stage.RenewalSurvey });
        Assert.Equal(1944.00m, Account.CurrentInstallment(Annual(Health()), standing));
    }

    [Fact]
    public void InKorea_AnAutoDebitCustomer_RenewsUnlessTheyDecline()
    {
        var (_, renewed) = Live(Annual(Health()), "ko-KR", "1980-01-01", autoDebit: true, "2026-07-20", "2026-09-02");
        Assert.Equal(RenewalResult.Renewed, Outcome(renewed).Result);

        var (standing, declined) = Live(Annual(Health()), "ko-KR", "1980-01-01", autoDebit: true, "2026-07-20", "2026-09-02",
            commands: new() { ["2026-08-10"] = new DeclineRenewal() });
        Assert.Equal(RenewalResult.Declined, Outcome(declined).Result);
        Assert.Equal(PolicyStatus.Expired, standing.Status);
        Assert.DoesNotContain(declined, e => e.Day > D("2026-08-10") && e.Effect is NoticePlanned { Notice.Stage: Stage.RenewalNotice or Stage.LapseNotice });
    }

    [Fact]
    public void WithoutAutoDebit_APaymentOfTheNewPriceByTheRenewalDate_Renews_AndLessDoesNot()
    {
        var (_, paid) = Live(Annual(Health()), "zh-CN", "1980-01-01", autoDebit: false, "2026-07-20", "2026-09-02",
            payments: new() { ["2026-09-01"] = 1944.00m });
        Assert.Equal(RenewalResult.Renewed, Outcome(paid).Result);

        var (standing, short_) = Live(Annual(Health()), "zh-CN", "1980-01-01", autoDebit: false, "2026-07-20", "2026-09-02",
            payments: new() { ["2026-08-25"] = 1800.00m });
        Assert.Equal(RenewalResult.Expired, Outcome(short_).Result);
        Assert.Equal(PolicyStatus.Expired, standing.Status);
    }

    [Fact]
    public void PastTheMaximumAge_NothingIsOffered_TheNoticeSaysSo_AndThePolicyEndsWithoutALetterAboutUnpaidPremium()
    {
        var (standing, effects) = Live(Annual(Health(), premium: 3000m), "zh-CN", "1945-08-20", autoDebit: true, "2026-07-20", "2026-09-02");
        var offer = Assert.Single(effects.Select(e => e.Effect).OfType<RenewalOffered>()).Offer;
        Assert.False(offer.Offered);
        Assert.Equal("max-age", offer.NotOfferedReason);
        var notice = effects.Select(e => e.Effect).OfType<NoticePlanned>().First(n => n.Notice.Stage == Stage.RenewalNotice).Notice;
        Assert.Contains("2026年8月31日", notice.Text, StringComparison.Ordinal);    // the cover's last day
        Assert.Equal(RenewalResult.Expired, Outcome(effects).Result);
        Assert.Equal(PolicyStatus.Expired, standing.Status);
        Assert.DoesNotContain(effects, e => e.Effect is NoticePlanned { Notice.Stage: Stage.LapseNotice });
        Assert.DoesNotContain(effects, e => e.Effect is DebitAttempted);
    }

    [Fact]
    public void ARateLock_KeepsTheLockedPremium_ForItsYears_AndTheNoticeNamesTheLock()
    {
        var terms = Annual(Health(Bands with { RequiresAcceptance = false }));
        var (standing, effects) = Live(terms, "zh-CN", "1980-01-01", autoDebit: true, "2026-07-20", "2027-09-02",
            commands: new() { ["2026-08-10"] = new LockRate() });
        var settled = effects.Select(e => e.Effect).OfType<RenewalSettled>().ToList();
        Assert.Equal([1800m, 1800m], settled.Select(s => s.Premium));
        var offers = effects.Select(e => e.Effect).OfType<RenewalOffered>().Select(o => o.Offer).ToList();
        // Offered at 1,944.00 first, offered again at the locked price the day the lock was taken.
        Assert.Equal([1944.00m, 1800m, 1800m], offers.Select(o => o.Premium));
        Assert.All(offers, o => Assert.Equal(o.Change, o.Reasons.Sum(r => r.Change)));
        Assert.Contains(offers[1].Reasons, r => r.Reason == "rate-lock" && r.Change == -144m);
        Assert.Equal(new RateLock(1800m, 0), standing.Renewal!.Lock);
    }

    [Fact]
    public void ARateLockAfterAcceptance_KeepsTheAcceptance_AndTheDebitTakesTheLockedPrice()
    {
        var (_, effects) = Live(Annual(Health()), "zh-CN", "1980-01-01", autoDebit: true, "2026-07-20", "2026-09-02",
            commands: new() { ["2026-08-10"] = new AcceptRenewal("yes"), ["2026-08-12"] = new LockRate() });
        Assert.Contains(effects, e => e.Day == D("2026-09-01") && e.Effect is DebitAttempted { Amount: 1800m, FailedBecause: null });
        Assert.Equal((RenewalResult.Renewed, 1800m), (Outcome(effects).Result, Outcome(effects).Premium));
    }

    [Fact]
    public void WithGrace_AnUnpaidRenewalWaitsForTheMoney_AndExpiresWhenGraceRunsOut()
    {
        var terms = Annual(Health(grace: GraceRule.OfDays(15)));
        var (paidLate, late) = Live(terms, "zh-CN", "1980-01-01", autoDebit: false, "2026-07-20", "2026-09-20",
            payments: new() { ["2026-09-10"] = 1944.00m });
        Assert.Equal((RenewalResult.Renewed, D("2026-09-01")), (Outcome(late).Result, Outcome(late).RenewalDate));
        Assert.Contains(late, e => e.Day == D("2026-09-10") && e.Effect is RenewalSettled);
        Assert.Equal(PolicyStatus.InForce, paidLate.Status);

        var (unpaid, never) = Live(terms, "zh-CN", "1980-01-01", autoDebit: false, "2026-07-20", "2026-09-20");
        Assert.Equal(RenewalResult.Expired, Outcome(never).Result);
        Assert.Equal(PolicyStatus.Expired, unpaid.Status);
    }

    [Fact]
    public void OnCredit_ACustomerInGoodStanding_KeepsCoverWhileThePremiumIsCollected_AndRenewsWhenItComes()
    {
        var terms = Annual(Health(Bands with { CreditDays = 30 }));
        var (standing, effects) = Live(terms, "ko-KR", "1980-01-01", autoDebit: false, "2026-07-20", "2026-10-05",
            payments: new() { ["2026-09-20"] = 1944.00m });
        Assert.Contains(effects, e => e.Day == D("2026-09-01") && e.Effect is RenewalOnCredit { Until: var until } && until == D("2026-10-01"));
        Assert.DoesNotContain(effects, e => e.Effect is StatusChanged);                 // in force throughout
        Assert.Contains(effects, e => e.Day == D("2026-09-20") && e.Effect is RenewalSettled { Result: RenewalResult.Renewed });
        Assert.Equal(PolicyStatus.InForce, standing.Status);
        var notice = effects.Select(e => e.Effect).OfType<NoticePlanned>().First(n => n.Notice.Stage == Stage.RenewalNotice).Notice.Text;
        Assert.Contains("신용 갱신", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void OnCredit_UnpaidByTheEndOfTheWindow_TheCoverEndsOnTheRenewalDate_AndTheLetterSaysSo()
    {
        var terms = Annual(Health(Bands with { CreditDays = 30 }));
        var (standing, effects) = Live(terms, "en-US", "1980-01-01", autoDebit: false, "2026-07-20", "2026-10-05",
            commands: new() { ["2026-08-05"] = new AcceptRenewal("yes") });
        Assert.Contains(effects, e => e.Day == D("2026-10-02") && e.Effect is RenewalSettled { Result: RenewalResult.Expired });
        Assert.Equal((PolicyStatus.Expired, D("2026-09-01")), (standing.Status, standing.LapsedOn));
        var letter = effects.Select(e => e.Effect).OfType<NoticePlanned>().First(n => n.Notice.Stage == Stage.LapseNotice).Notice.Text;
        Assert.Contains("ended on 1 September 2026", letter, StringComparison.Ordinal);
    }

    [Fact]
    public void OnCredit_ACustomerWhoWasLateInThePastYear_GetsNoCredit()
    {
        var terms = Annual(Health(Bands with { CreditDays = 30 }));
        var (standing, effects) = Live(terms, "ko-KR", "1980-01-01", autoDebit: false, "2026-07-20", "2026-09-05",
            before: s => s with { Renewal = DailyCycle.RenewalStandingOf(terms, s, D("2026-07-20")) with { LastLateOn = D("2026-03-01") } });
        Assert.DoesNotContain(effects, e => e.Effect is RenewalOnCredit);
        Assert.Equal((PolicyStatus.Expired, D("2026-09-01")), (standing.Status, standing.StatusSince));
    }

    [Fact]
    public void AOneYearProductWithoutRenewalTerms_RenewsAtTheSamePremium_AsBefore()
    {
        var terms = Annual(Product.WithDefaults("H1Y", PolicyTerm.Short, "CNY"));
        var (standing, effects) = Live(terms, "zh-CN", "1980-01-01", autoDebit: true, "2026-07-20", "2026-09-02");
        Assert.DoesNotContain(effects, e => e.Effect is RenewalOffered or RenewalSettled);
        Assert.Contains(effects, e => e.Effect is DebitAttempted { Amount: 1800m, FailedBecause: null });
        Assert.Equal(PolicyStatus.InForce, standing.Status);
    }

    [Theory]
    [InlineData("zh-CN", "本产品保障池的医疗费用上涨8%", "不保证续保")]
    [InlineData("ko-KR", "의료비 8% 상승", "갱신이 보장되지 않으며")]
    [InlineData("en-US", "medical costs in the product's pool rose 8%", "renewal is not guaranteed")]
    public void TheRenewalNotice_StatesOldAndNewPremium_TheReasonInWords_ThePaymentOptions_AndThatRenewalIsNotAutomaticWhereAcceptanceIsNeeded(
        string locale, string reasonWords, string notGuaranteed)
    {
        var (_, effects) = Live(Annual(Health(Bands with { MonthlySurcharge = 0.05m, RequiresAcceptance = true })), locale, "1980-01-01", autoDebit: true, "2026-08-01", "2026-08-03");
        var text = effects.Select(e => e.Effect).OfType<NoticePlanned>().First(n => n.Notice.Stage == Stage.RenewalNotice).Notice.Text;
        Assert.Contains(LocalFormat.Money(1944m, "CNY", locale), text, StringComparison.Ordinal);
        Assert.Contains(LocalFormat.Money(1800m, "CNY", locale), text, StringComparison.Ordinal);
        Assert.Contains(reasonWords, text, StringComparison.Ordinal);
        Assert.DoesNotContain("medical-inflation", text, StringComparison.Ordinal);
        Assert.Contains(LocalFormat.Money(170.10m, "CNY", locale), text, StringComparison.Ordinal);   // 1,944 × 1.05 / 12 a month
        Assert.Contains(notGuaranteed, text, StringComparison.Ordinal);
    }
}
