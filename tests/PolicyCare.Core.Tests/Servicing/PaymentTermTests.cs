using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;
using static PolicyCare.Support.Build;

namespace PolicyCare.Servicing;

/// <summary>
/// Changes of payment term, worked by hand: a CNY 1,000 monthly whole-life policy started 10 January 2025, sold with
/// premiums for 20 years; the product also prices 10 years (1.75 × the 20-year premium) and 15 years (1.3 ×).
/// </summary>
public sealed class PaymentTermTests
{
    private static readonly ChangeTerms Rules = new(null, null,
        new TermTable(20, [new TermOption(10, 1.75m), new TermOption(15, 1.3m), new TermOption(20, 1m)]));

    private static readonly PolicyTerms Policy = Terms(Life() with { Changes = Rules }, start: "2025-01-10", premium: 1000m, frequency: Frequency.Monthly);
    private static readonly PolicyStanding PaidUp = PolicyStanding.PaidUpTo(Policy, D("2026-03-25"), autoDebit: true);

    private static (CoverChangeQuote? Quote, ChangeRefusal? Refusal) Ask(int years, PolicyTerms? terms = null, string on = "2026-03-25") =>
        CoverChanges.Quote(terms ?? Policy, PolicyStanding.PaidUpTo(terms ?? Policy, D(on), true), null, 41, D(on),
            new CoverChangeRequest(CoverChangeKind.PaymentTerm, PaymentYears: years));

    [Fact]
    public void TheProductsTerm_EndsTheSchedule_AndTheLastInstallmentIsTheLastOne()
    {
        Assert.Equal(20, Policy.PaymentYears);
        Assert.Equal(D("2045-01-10"), Policy.PremiumsEndOn);
        // 20 years of monthly premiums: installments 0 … 239, the last due on 10 December 2044.
        Assert.Equal(240, Policy.CountDueOnOrBefore(D("2060-01-01")));
        Assert.Equal(D("2044-12-10"), Policy.DueDate(239));
        Assert.True(Policy.HasInstallment(239));
        Assert.False(Policy.HasInstallment(240));
        // A product that names no term keeps charging for as long as the policy lasts.
        Assert.True(Terms(Life()).HasInstallment(10_000));
    }

    [Fact]
    public void AShorterTerm_KeepsWhatWasPaid_AndSpreadsTheRestOverTheYearsLeft()
    {
        var (q, refusal) = Ask(10);
        Assert.Null(refusal);
        // At the anniversary on 10 January 2027, 2 years are paid at factor 1; the 10-year price is 1.75 × 10 years, so
        // 17.5 − 2 = 15.5 years' worth is left, over 10 − 2 = 8 years: 1,000 × 15.5 / 8 = 1,937.50 a month.
        Assert.Equal(1937.50m, q!.InstallmentAfter);
        Assert.Equal((D("2027-01-10"), D("2027-01-10"), 20, 10), (q.EffectiveOn, q.FirstNewDueOn, q.PaymentYearsBefore!.Value, q.PaymentYearsAfter!.Value));
        Assert.Equal(new PremiumChange(24, D("2027-01-10"), 1937.50m, Frequency.Monthly, PaymentYears: 10), q.Change);
        Assert.Equal(0m, q.AmountDue + q.AmountCredited);

        var terms = Policy with { Changes = CoverChanges.Add(null, q.Change) };
        Assert.Equal(D("2035-01-10"), terms.PremiumsEndOn);
        Assert.Equal(120, terms.CountDueOnOrBefore(D("2050-01-01")));
        Assert.Equal(24 * 1000m + 96 * 1937.50m, terms.BilledFor(120));
        // 15 years: 1,000 × (1.3 × 15 − 2) / 13 = 1,346.1538… → 1,346.15.
        Assert.Equal(1346.15m, Ask(15).Quote!.InstallmentAfter);
    }

    [Fact]
    public void ALongerTerm_LowersThePremium()
    {
        var ten = Terms(Life() with { Changes = Rules with { PaymentTerm = Rules.PaymentTerm! with { Years = 10 } } }, premium: 1750m);
        // Sold for 10 years at 1,750 (factor 1.75); 3 years paid at the anniversary on 10 January 2028 count 1.75 × 3 = 5.25
        // against the 20-year price of 20, the rest over 17 years: 1,750 × (20 − 5.25) / (1.75 × 17) = 867.6470… → 867.65.
        var (q, refusal) = Ask(20, ten, on: "2027-06-01");
        Assert.Null(refusal);
        Assert.Equal((D("2028-01-10"), 867.65m), (q!.EffectiveOn, q.InstallmentAfter));
    }

    [Fact]
    public void AfterTheLastPremium_ThePolicyStaysInForce_AndNothingIsChargedOrAnnounced()
    {
        var terms = Policy with { Changes = [new PremiumChange(24, D("2027-01-10"), 1937.50m, Frequency.Monthly, PaymentYears: 10)] };
        var standing = PolicyStanding.PaidUpTo(terms, D("2034-11-20"), autoDebit: true);
        var (after, effects) = Run(terms, standing, Alone(), D("2034-11-20"), D("2035-03-31"));
        // The last installment is announced and debited on 10 December 2034; then nothing more.
        Assert.Equal([D("2034-12-10")], effects.Where(e => e.Effect is DebitAttempted).Select(e => e.Day));
        Assert.DoesNotContain(effects, e => e.Day > D("2034-12-10") && e.Effect is NoticePlanned or DebitAttempted);
        Assert.Equal(PolicyStatus.InForce, after.Status);
        Assert.Equal(120, after.InstallmentsBilled);
        Assert.IsType<NoLongerApplies>(DailyCycle.Restate(terms, after, Calendars.BusinessCalendar.WeekendsOnly, D("2035-01-07"), Stage.PreDebitNotice));
    }

    [Fact]
    public void WhatTheProductDoesNotAllow_IsRefused_NamingTheField()
    {
        Assert.Equal("paymentYears", Ask(12).Refusal!.Field);
        Assert.Equal("paymentYears", Ask(20).Refusal!.Field);
        // A term that would already be over at the next anniversary.
        var old = Terms(Life() with { Changes = Rules }, start: "2014-01-10");
        Assert.Equal("paymentYears", Ask(10, old, on: "2026-03-25").Refusal!.Field);
        Assert.Equal("kind", Ask(10, Terms(Life())).Refusal!.Field);
    }

    [Fact]
    public void TheProductFile_ReadsAndWritesTheTerms_AndNamesAWrongOne()
    {
        var json = CoverChanges.Write(Rules, "CNY").ToJsonString();
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(Rules.PaymentTerm!.Options, CoverChanges.Parse(new Json.StrictObject(doc.RootElement, "$.changes", CoverChanges.Fields), "CNY").PaymentTerm!.Options);
        using var wrong = System.Text.Json.JsonDocument.Parse("""{"paymentTerm": {"years": 25, "options": [{"years": 10, "factor": "1.75"}]}}""");
        var error = Assert.Throws<Json.InputException>(() => CoverChanges.Parse(new Json.StrictObject(wrong.RootElement, "$.changes", CoverChanges.Fields), "CNY"));
        Assert.Equal("$.changes.paymentTerm.years", error.Path);
    }
}
