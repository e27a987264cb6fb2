using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;
using static PolicyCare.Support.Build;

namespace PolicyCare.Servicing;

/// <summary>
/// Changes of cover term, and the end of cover, worked by hand: a CNY 1,000 monthly term life policy started 10 January
/// 2025, sold to cover 30 years with premiums for 20; the product also prices 20 years of cover (0.7 × the premium) and
/// 10 or 30 years of premiums (1.7 ×, 0.78 ×).
/// </summary>
public sealed class CoverTermTests
{
    private static readonly ChangeTerms Rules = new(null, null,
        new TermTable(20, [new TermOption(10, 1.7m), new TermOption(20, 1m), new TermOption(30, 0.78m)]),
        new TermTable(30, [new TermOption(20, 0.7m), new TermOption(30, 1m)]));

    private static readonly PolicyTerms Policy = Terms(Life() with { Changes = Rules }, start: "2025-01-10", premium: 1000m, frequency: Frequency.Monthly);

    private static (CoverChangeQuote? Quote, ChangeRefusal? Refusal) Ask(CoverChangeRequest request, PolicyTerms? terms = null, string on = "2026-03-25") =>
        CoverChanges.Quote(terms ?? Policy, PolicyStanding.PaidUpTo(terms ?? Policy, D(on), true), null, 41, D(on), request);

    [Fact]
    public void AShorterCover_IsPricedFromTheTable_WhatWasPaidCountingInFull_AndEndsTheCoverAndThePremiums()
    {
        var (q, refusal) = Ask(new CoverChangeRequest(CoverChangeKind.CoverTerm, CoverYears: 20));
        Assert.Null(refusal);
        // 2 years paid at factor 1 by the anniversary on 10 January 2027; 20 years of cover cost 0.7 × 20 = 14 years' worth,
        // 12 of them left over the 18 years of premiums to come: 1,000 × 12 / 18 = 666.666… → 666.67.
        Assert.Equal((D("2027-01-10"), 666.67m, 30, 20), (q!.EffectiveOn, q.InstallmentAfter, q.CoverYearsBefore!.Value, q.CoverYearsAfter!.Value));
        Assert.Equal(new PremiumChange(24, D("2027-01-10"), 666.67m, Frequency.Monthly, CoverYears: 20), q.Change);
        var terms = Policy with { Changes = CoverChanges.Add(null, q.Change) };
        Assert.Equal((D("2045-01-10"), D("2045-01-10")), (terms.CoverEndsOn!.Value, terms.PremiumsEndOn!.Value));
        Assert.Equal((D("2055-01-10"), D("2045-01-10")), (Policy.CoverEndsOn!.Value, Policy.PremiumsEndOn!.Value));
    }

    [Fact]
    public void PremiumsNeverOutlastTheCover()
    {
        // 30 years of premiums on 30 years of cover is allowed; then 20 years of cover would end before the premiums.
        var (longer, _) = Ask(new CoverChangeRequest(CoverChangeKind.PaymentTerm, PaymentYears: 30));
        // 1,000 × (0.78 × 30 − 2) / 28 = 764.2857… → 764.29.
        Assert.Equal(764.29m, longer!.InstallmentAfter);
        var paying30 = Policy with { Changes = [longer.Change] };
        Assert.Equal("coverYears", Ask(new CoverChangeRequest(CoverChangeKind.CoverTerm, CoverYears: 20), paying30, on: "2027-03-01").Refusal!.Field);
        var covered20 = Policy with { Changes = [Ask(new CoverChangeRequest(CoverChangeKind.CoverTerm, CoverYears: 20)).Quote!.Change] };
        Assert.Equal("paymentYears", Ask(new CoverChangeRequest(CoverChangeKind.PaymentTerm, PaymentYears: 30), covered20, on: "2027-03-01").Refusal!.Field);
        Assert.Equal("coverYears", Ask(new CoverChangeRequest(CoverChangeKind.CoverTerm, CoverYears: 25)).Refusal!.Field);
        Assert.Equal("coverYears", Ask(new CoverChangeRequest(CoverChangeKind.CoverTerm)).Refusal!.Field);
        Assert.Equal("kind", Ask(new CoverChangeRequest(CoverChangeKind.CoverTerm, CoverYears: 20), Terms(Life())).Refusal!.Field);
    }

    [Fact]
    public void AtTheEndOfCover_ThePolicyEndsByItsTerm_NotByLapse_AndTheCustomerIsToldInWriting()
    {
        var three = Terms(Life() with { Changes = new ChangeTerms(null, null, null, new TermTable(3, [new TermOption(3, 1m)])) }, start: "2025-01-10");
        var standing = PolicyStanding.PaidUpTo(three, D("2027-12-01"), autoDebit: true);
        var (after, effects) = Run(three, standing, Alone(), D("2027-12-01"), D("2028-03-01"));
        // The last premium falls due on 10 December 2027; the cover ends on the third anniversary.
        Assert.Equal([D("2027-12-10")], effects.Where(e => e.Effect is DebitAttempted).Select(e => e.Day));
        var ended = Assert.Single(effects, e => e.Effect is StatusChanged);
        Assert.Equal((D("2028-01-10"), new StatusChanged(PolicyStatus.InForce, PolicyStatus.Expired)), (ended.Day, (StatusChanged)ended.Effect));
        var told = effects.Where(e => e.Effect is NoticePlanned).Select(e => ((NoticePlanned)e.Effect).Notice).Where(n => n.Stage == Stage.CoverEnded).ToList();
        Assert.NotEmpty(told);
        Assert.All(told, n => Assert.Contains("ended on", n.Text, StringComparison.Ordinal));
        Assert.DoesNotContain(effects, e => e.Effect is NoticePlanned { Notice.Stage: Stage.LapseNotice });
        Assert.Equal((PolicyStatus.Expired, (DateOnly?)null), (after.Status, after.LapsedOn));
        Assert.DoesNotContain(effects, e => e.Day > D("2028-01-10"));
        // The next review finds the end of cover by itself.
        Assert.Equal(D("2028-01-10"), DailyCycle.NextReview(new CycleInput(three, PolicyStanding.PaidUpTo(three, D("2027-12-20"), true), Alone(),
            Calendars.BusinessCalendar.WeekendsOnly, "en-US"), D("2027-12-20")));
    }
}
