using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Policies;
using static PolicyCare.Support.Build;

namespace PolicyCare.Servicing;

/// <summary>
/// Changes of cover and payment frequency, worked by hand: a CNY 1,000 monthly life policy started 10 January 2025
/// for 300,000 of cover; the product adds cover at 5.00 a year per 1,000 from age 41, and a monthly installment is
/// 0.0875 of the yearly premium.
/// </summary>
public sealed class CoverChangeTests
{
    private static readonly ChangeTerms Rules = new(
        new SumInsuredTable(100_000m, 1_000_000m, 10_000m, [new CoverRate(40, 2.40m), new CoverRate(60, 5.00m)]),
        new Dictionary<Frequency, decimal> { [Frequency.Annual] = 1m, [Frequency.Semiannual] = 0.51m, [Frequency.Monthly] = 0.0875m });

    private static readonly PolicyTerms Policy = Terms(Life() with { Changes = Rules }, start: "2025-01-10", premium: 1000m, frequency: Frequency.Monthly);
    private static readonly PolicyStanding PaidUp = PolicyStanding.PaidUpTo(Policy, D("2026-03-25"), autoDebit: true);

    private static CoverChangeQuote Quote(CoverChangeRequest request, HealthDeclaration declaration = HealthDeclaration.Clean, PolicyTerms? terms = null,
        PolicyStanding? standing = null, string on = "2026-03-25")
    {
        var (quote, refusal) = CoverChanges.Quote(terms ?? Policy, standing ?? PaidUp, 300_000m, 41, D(on), request, declaration);
        Assert.Null(refusal);
        return quote!;
    }

    private static ChangeRefusal Refused(CoverChangeRequest request, HealthDeclaration declaration = HealthDeclaration.Clean, PolicyTerms? terms = null,
        PolicyStanding? standing = null)
    {
        var (quote, refusal) = CoverChanges.Quote(terms ?? Policy, standing ?? PaidUp, 300_000m, 41, D("2026-03-25"), request, declaration);
        Assert.Null(quote);
        return refusal!;
    }

    [Fact]
    public void MoreCover_IsPricedAtTheInsuredsAge_AndTheRestOfThePeriodIsAddedToTheNextInstallment_RoundedOnce()
    {
        var q = Quote(new CoverChangeRequest(CoverChangeKind.SumInsured, SumInsured: 400_000m));
        // 100 × 5.00 = 500 a year; × 0.0875 = 43.75 a month.
        Assert.Equal(1043.75m, q.InstallmentAfter);
        Assert.Equal(1000m, q.InstallmentBefore);
        // The period 10 March – 10 April has 31 days; 16 are left after the 25th: 43.75 × 16 / 31 = 22.5806… → 22.58.
        Assert.Equal(22.58m, q.AmountDue);
        Assert.Equal(0m, q.AmountCredited);
        Assert.Equal(D("2026-03-25"), q.EffectiveOn);
        Assert.Equal(D("2026-04-10"), q.FirstNewDueOn);
        Assert.False(q.NeedsUnderwriting);
        Assert.Equal(new PremiumChange(15, D("2026-04-10"), 1043.75m, Frequency.Monthly, 22.58m), q.Change);

        // The account bills the changed contract: the April installment with the adjustment, May's at the new premium.
        var terms = Policy with { Changes = CoverChanges.Add(null, q.Change) };
        var may = Account.BillThrough(terms, PolicyChange.Decide(terms, PaidUp, D("2026-03-25"), new ChangeCover(q)).Standing, D("2026-05-10"));
        Assert.Equal(15 * 1000m + 1066.33m + 1043.75m, Account.Billed(terms, may));
        Assert.Equal([(D("2026-04-10"), 1066.33m), (D("2026-05-10"), 1043.75m)], Account.OpenInstallments(terms, may).Select(o => (o.DueDate, o.Unpaid)));
    }

    [Fact]
    public void TheProRataPart_IsRoundedOnce_FromTheExactAmount()
    {
        // 180 × 5.00 × 0.0875 = 78.75 a month; 25 of the 30 days from 10 April to 10 May are left on the 15th:
        // 78.75 × 25 / 30 = 65.625 exactly → 65.63 (a share of 0.8333… taken first would give 65.62).
        var standing = PolicyStanding.PaidUpTo(Policy, D("2026-04-15"), autoDebit: true);
        var q = Quote(new CoverChangeRequest(CoverChangeKind.SumInsured, SumInsured: 480_000m), standing: standing, on: "2026-04-15");
        Assert.Equal((1078.75m, 65.63m), (q.InstallmentAfter, q.AmountDue));
    }

    [Fact]
    public void MoreCover_WithADisclosure_GoesToUnderwriting_AndWithoutADeclaration_IsRefused()
    {
        Assert.True(Quote(new CoverChangeRequest(CoverChangeKind.SumInsured, SumInsured: 400_000m), HealthDeclaration.Adverse).NeedsUnderwriting);
        Assert.Equal("declaration", Refused(new CoverChangeRequest(CoverChangeKind.SumInsured, SumInsured: 400_000m), HealthDeclaration.None).Field);
        // Less cover needs no declaration.
        Assert.False(Quote(new CoverChangeRequest(CoverChangeKind.SumInsured, SumInsured: 240_000m), HealthDeclaration.None).NeedsUnderwriting);
    }

    [Fact]
    public void LessCover_TakesThePremiumDownInProportion_AndCreditsTheRestOfThePeriod()
    {
        var q = Quote(new CoverChangeRequest(CoverChangeKind.SumInsured, SumInsured: 240_000m), HealthDeclaration.None);
        Assert.Equal(800m, q.InstallmentAfter);
        // (800 − 1,000) × 16 / 31 = −103.2258… → 103.23 credited.
        Assert.Equal(103.23m, q.AmountCredited);
        Assert.Equal(0m, q.AmountDue);
        Assert.Equal(0m, q.Change.Adjustment);

        var terms = Policy with { Changes = CoverChanges.Add(null, q.Change) };
        var outcome = PolicyChange.Decide(terms, PaidUp, D("2026-03-25"), new ChangeCover(q));
        Assert.Equal(103.23m, outcome.Standing.Credit);
        Assert.IsType<CoverChanged>(Assert.Single(outcome.Events));
        // The credit pays part of April's 800 when it is billed.
        var april = Account.BillThrough(terms, outcome.Standing, D("2026-04-10"));
        Assert.Equal(696.77m, Account.Outstanding(terms, april));
        Assert.Equal(0m, april.Credit);
    }

    [Fact]
    public void ANewFrequency_StartsAtTheNextAnniversary_ConvertedThroughTheModalFactors()
    {
        var q = Quote(new CoverChangeRequest(CoverChangeKind.Frequency, Frequency: Frequency.Annual), HealthDeclaration.None);
        Assert.Equal(D("2027-01-10"), q.EffectiveOn);
        // 1,000 / 0.0875 = 11,428.5714… a year, × 1 → 11,428.57.
        Assert.Equal(11_428.57m, q.InstallmentAfter);
        Assert.Equal(new PremiumChange(24, D("2027-01-10"), 11_428.57m, Frequency.Annual), q.Change);
        Assert.Equal(0m, q.AmountDue + q.AmountCredited);

        var terms = Policy with { Changes = CoverChanges.Add(null, q.Change) };
        // Monthly until December, then once a year on the anniversary.
        Assert.Equal(D("2026-12-10"), terms.DueDate(23));
        Assert.Equal(D("2027-01-10"), terms.DueDate(24));
        Assert.Equal(D("2028-01-10"), terms.DueDate(25));
        Assert.Equal(24, terms.CountDueOnOrBefore(D("2027-01-09")));
        Assert.Equal(25, terms.CountDueOnOrBefore(D("2027-06-01")));
        Assert.Equal(24 * 1000m + 11_428.57m, terms.BilledFor(25));
        // Annual back to half-yearly a year later: 11,428.57 × 0.51 = 5,828.5707 → 5,828.57 from 10 January 2028.
        var next = Quote(new CoverChangeRequest(CoverChangeKind.Frequency, Frequency: Frequency.Semiannual), HealthDeclaration.None, terms,
            PolicyStanding.PaidUpTo(terms, D("2027-03-01"), true), on: "2027-03-01");
        Assert.Equal(new PremiumChange(25, D("2028-01-10"), 5_828.57m, Frequency.Semiannual), next.Change);
    }

    [Fact]
    public void WhatTheProductDoesNotAllow_IsRefused_NamingTheField()
    {
        Assert.Equal("sumInsured", Refused(new CoverChangeRequest(CoverChangeKind.SumInsured, SumInsured: 305_000m)).Field);
        Assert.Equal("sumInsured", Refused(new CoverChangeRequest(CoverChangeKind.SumInsured, SumInsured: 2_000_000m)).Field);
        Assert.Equal("sumInsured", Refused(new CoverChangeRequest(CoverChangeKind.SumInsured, SumInsured: 300_000m)).Field);
        Assert.Equal("frequency", Refused(new CoverChangeRequest(CoverChangeKind.Frequency, Frequency: Frequency.Quarterly)).Field);
        Assert.Equal("frequency", Refused(new CoverChangeRequest(CoverChangeKind.Frequency, Frequency: Frequency.Monthly)).Field);
        Assert.Equal("number", Refused(new CoverChangeRequest(CoverChangeKind.SumInsured, SumInsured: 400_000m), standing: PaidUp with { Status = PolicyStatus.Grace }).Field);
        Assert.Equal("kind", Refused(new CoverChangeRequest(CoverChangeKind.SumInsured, SumInsured: 400_000m), terms: Terms(Life())).Field);
        // One change waits at a time.
        var waiting = Policy with { Changes = [new PremiumChange(24, D("2027-01-10"), 11_428.57m, Frequency.Annual)] };
        Assert.Equal("kind", Refused(new CoverChangeRequest(CoverChangeKind.SumInsured, SumInsured: 400_000m), terms: waiting).Field);
    }

    [Fact]
    public void TheNextAnniversary_IsStrictlyAfterTheDay()
    {
        Assert.Equal(D("2027-01-10"), CoverChanges.NextAnniversary(D("2025-01-10"), D("2026-01-10")));
        Assert.Equal(D("2026-01-10"), CoverChanges.NextAnniversary(D("2025-01-10"), D("2026-01-09")));
        Assert.Equal(D("2027-02-28"), CoverChanges.NextAnniversary(D("2024-02-29"), D("2026-03-01")));
    }
}
