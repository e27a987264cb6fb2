using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Policies;

namespace PolicyCare.Insights;

public sealed class LapseRiskTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static StatusChange Change(string on, PolicyStatus from, PolicyStatus to) => new(D(on), from, to);

    /// <summary>
    /// A monthly policy from 2025-01-01 whose holder paid February's premium 10 days late, April's 40 days late, let June's
    /// run into a lapse on 1 August and was reinstated on 15 September.
    /// </summary>
    private static PolicyHistory History(params (DateOnly On, DebitFailureReason Reason)[] failures) => new(
        "P1", D("2025-01-01"), Frequency.Monthly, 1.5m, D("1970-06-15"), PolicyStatus.InForce, AutoDebitToday: true, MandateEndedOn: null,
        [
            Change("2026-02-02", PolicyStatus.InForce, PolicyStatus.Grace), Change("2026-02-11", PolicyStatus.Grace, PolicyStatus.InForce),
            Change("2026-04-02", PolicyStatus.InForce, PolicyStatus.Grace), Change("2026-05-11", PolicyStatus.Grace, PolicyStatus.InForce),
            Change("2026-06-02", PolicyStatus.InForce, PolicyStatus.Grace), Change("2026-08-01", PolicyStatus.Grace, PolicyStatus.Lapsed),
            Change("2026-09-15", PolicyStatus.Lapsed, PolicyStatus.InForce),
        ],
        failures, [D("2026-03-05")], [new OpenSpell(D("2026-09-20"), null)], [], [D("2026-07-01")]);

    private static float Feature(float[] features, string name) => features[LapseRisk.Features.Select(f => f.Name).ToList().IndexOf(name)];

    [Fact]
    public void TheFeatures_CountLatePremiumsByHowLate_AndWhatFollowedALapse()
    {
        var f = LapseRisk.FeaturesOn(History(), D("2026-10-01"));
        Assert.Equal(LapseRisk.Features.Count, f.Length);
        Assert.Equal(1, Feature(f, "late-1-30"));     // February: 10 days
        Assert.Equal(1, Feature(f, "late-31-60"));    // April: 40 days
        Assert.Equal(1, Feature(f, "late-61-plus"));  // June: lapsed
        Assert.Equal(0, Feature(f, "months-since-reinstatement"));
        Assert.Equal(21, Feature(f, "months-since-start"));
        Assert.Equal(56, Feature(f, "age"));
        Assert.Equal(12, Feature(f, "installments-a-year"));
        Assert.Equal(1.5f, Feature(f, "premium-relative"));
        Assert.Equal(1, Feature(f, "undelivered-notices"));
        Assert.Equal(1, Feature(f, "open-complaints"));
        Assert.Equal(1, Feature(f, "contact-changes"));
        Assert.Equal(0, Feature(f, "days-overdue"));
        Assert.Equal(-1, Feature(LapseRisk.FeaturesOn(History(), D("2026-09-01")), "months-since-reinstatement"));
    }

    [Fact]
    public void TheFeatures_KnowNothingFromOnOrAfterTheDueDate()
    {
        var failures = new[] { (D("2026-04-01"), DebitFailureReason.InsufficientFunds), (D("2026-05-01"), DebitFailureReason.AccountClosed) };
        var onMay1 = LapseRisk.FeaturesOn(History(failures), D("2026-05-01"));
        // April's premium is still unpaid on 1 May: 29 days overdue, not yet counted as a late payment.
        Assert.Equal(29, Feature(onMay1, "days-overdue"));
        Assert.Equal(1, Feature(onMay1, "late-1-30"));
        Assert.Equal(0, Feature(onMay1, "late-31-60"));
        Assert.Equal(1, Feature(onMay1, "failed-debits-funds"));
        Assert.Equal(0, Feature(onMay1, "failed-debits-account"));
        Assert.Equal(0, Feature(onMay1, "open-complaints"));
        Assert.Equal(0, Feature(onMay1, "contact-changes"));
        // Whatever happens later, the features of 1 May stay as they were.
        Assert.Equal(onMay1, LapseRisk.FeaturesOn(History(failures[..1]), D("2026-05-01")));
    }

    [Fact]
    public void TheLabel_IsALapseWithinNinetyDays_AndTheRule_IsThePreviousPremiumLate()
    {
        var h = History();
        Assert.True(LapseRisk.LapsedWithin(h, D("2026-06-01")));   // lapsed 61 days later
        Assert.True(LapseRisk.LapsedWithin(h, D("2026-05-03")));   // 90 days later exactly
        Assert.False(LapseRisk.LapsedWithin(h, D("2026-05-02")));  // 91 days
        Assert.False(LapseRisk.LapsedWithin(h, D("2026-08-01")));  // the lapse day itself is not after it
        var observed = D("2025-12-01");
        Assert.True(LapseRisk.LateLastTime(h, D("2026-03-01"), observed));  // February was late
        Assert.False(LapseRisk.LateLastTime(h, D("2026-04-01"), observed)); // March was not
        Assert.True(LapseRisk.LateLastTime(h, D("2026-05-01"), observed));  // April still unpaid
        Assert.False(LapseRisk.LateLastTime(h, D("2026-01-01"), observed));
    }

    [Fact]
    public void TheCases_AreTheInstallmentsDueInForceOrGrace_WithNinetyDaysSeen()
    {
        var cases = LapseRisk.Cases(History(), D("2026-01-01"), D("2026-12-01")).ToList();
        // January to September 2026 have 90 days seen by 1 December; the policy lapsed on 1 August and was lapsed on 1 September.
        Assert.Equal(["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01", "2026-07-01"],
            cases.Select(c => c.Due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal([false, false, false, false, false, true, true], cases.Select(c => c.Lapsed));
        var all = LapseRisk.Cases(History(), D("2026-01-01"), D("2026-12-01"), labelled: false).Select(c => c.Due).ToList();
        Assert.Contains(D("2026-10-01"), all);
        Assert.DoesNotContain(D("2026-08-01"), all);
        Assert.Equal(PolicyStatus.Lapsed, LapseRisk.StatusOn(History(), D("2026-09-14")));
        Assert.Equal(PolicyStatus.InForce, LapseRisk.StatusOn(History(), D("2026-09-15")));
        Assert.Equal(PolicyStatus.InForce, LapseRisk.StatusOn(History(), D("2025-06-01")));
    }

    [Fact]
    public void TheAuc_IsTheShareOfLapsePayerPairsRankedRight_TiesCountingHalf()
    {
        // Lapses scored 0.35 and 0.8, payers 0.1 and 0.4: three of the four pairs are in order.
        Assert.Equal(0.75, ModelEvaluation.Auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]));
        Assert.Equal(0.5, ModelEvaluation.Auc([0.5, 0.5], [true, false]));
        // The plain rule as a score: 1 for late last time. Lapses {1, 0}, payers {1, 0, 0}: (1·½ + 2 + 0 + ½·2)/6.
        Assert.Equal(3.5 / 6, ModelEvaluation.Auc([1, 0, 1, 0, 0], [true, true, false, false, false]));
        Assert.Null(ModelEvaluation.Auc([0.2, 0.3], [true, true]));
    }

    [Fact]
    public void TheCalibration_CutsTheCasesIntoTenthsByScore()
    {
        var scores = Enumerable.Range(1, 20).Select(i => i / 20.0).Reverse().ToList();
        var outcomes = Enumerable.Range(1, 20).Select(i => i <= 3).ToList(); // the three highest scores lapsed
        var rows = ModelEvaluation.Calibration(scores, outcomes);
        Assert.Equal(10, rows.Count);
        Assert.All(rows, r => Assert.Equal(2, r.Cases));
        Assert.Equal(0.075, rows[0].MeanPredicted, 10);
        Assert.Equal(0, rows[0].ObservedRate);
        Assert.Equal(0.5, rows[8].ObservedRate);
        Assert.Equal(1, rows[9].ObservedRate);
        Assert.Equal(0.975, rows[9].MeanPredicted, 10);
    }

    [Fact]
    public void TheReasons_AreTheExplainableFeaturesAwayFromNeutral_TheStrongestFirst()
    {
        var f = LapseRisk.FeaturesOn(History(), D("2026-10-01"));
        var variants = RiskExplanation.Variants(f).ToList();
        var names = variants.Select(v => LapseRisk.Features[v.Index].Name).ToList();
        // Late premiums, the reinstatement, an undelivered notice, a complaint and a contact change; auto-debit is on (neutral), age is nobody's doing.
        Assert.Equal(["late-1-30", "late-31-60", "late-61-plus", "months-since-reinstatement", "undelivered-notices", "open-complaints", "contact-changes"], names);
        Assert.All(variants, v => Assert.Equal(RiskExplanation.Neutral[LapseRisk.Features[v.Index].Name], v.Without[v.Index]));
        Assert.All(variants, v => Assert.Equal(f.Length - 1, f.Zip(v.Without).Count(p => p.First == p.Second)));

        var top = RiskExplanation.TopFactors(f, 0.5, variants.Select((v, k) => (v.Index, ScoreWithout: 0.5 - k * 0.01)));
        Assert.Equal(["contact-changes", "open-complaints", "undelivered-notices"], top.Select(t => t.Feature));
        Assert.Equal(0.06, top[0].Effect, 10);
        // A reason that moves the score less than half a point is no reason.
        Assert.Empty(RiskExplanation.TopFactors(f, 0.5, variants.Select(v => (v.Index, ScoreWithout: 0.499))));
    }

    [Fact]
    public void TheControlGroup_IsAStableShareByTheNumbersHash()
    {
        var numbers = Enumerable.Range(0, 10_000).Select(i => $"CN{i:000000}").ToList();
        var share = numbers.Count(n => RiskExplanation.InControlGroup(n, 10)) / (double)numbers.Count;
        Assert.InRange(share, 0.09, 0.11);
        Assert.Equal(numbers.Where(n => RiskExplanation.InControlGroup(n, 10)), numbers.Where(n => RiskExplanation.InControlGroup(n, 10)).ToList());
        Assert.DoesNotContain(numbers, n => RiskExplanation.InControlGroup(n, 0));
        // A larger share keeps everyone already in the group.
        Assert.All(numbers.Where(n => RiskExplanation.InControlGroup(n, 10)), n => Assert.True(RiskExplanation.InControlGroup(n, 20)));
        Assert.Equal(RiskTier.High, new RiskThresholds().TierOf(0.3));
        Assert.Equal(RiskTier.Medium, new RiskThresholds().TierOf(0.1));
        Assert.Equal(RiskTier.Low, new RiskThresholds().TierOf(0.0999));
    }
}
