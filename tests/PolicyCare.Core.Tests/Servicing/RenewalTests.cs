using System.Text.Json;
using FsCheck.Xunit;
using PolicyCare.Json;
using PolicyCare.Policies;

namespace PolicyCare.Servicing;

/// <summary>The renewal price from the product's bands and adjustments, its reasons adding up exactly, the lock, the age limit and the outcome.</summary>
public sealed class RenewalTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static readonly RenewalTerms Health = new([30, 7],
        [new(39, 1200m), new(59, 1800m), new(120, 3000m)],
        [new(D("2026-07-01"), 1.08m, "medical-inflation")], 3, 80, null);

    private static RenewalOffer Offer(int ageThen, int ageNow, decimal previous, RateLock? locked = null, RenewalTerms? terms = null) =>
        Renewals.Offer(terms ?? Health, "CNY", D("2026-03-01"), D("2027-03-01"), ageThen, ageNow, previous, locked);

    [Fact]
    public void TurningForty_MovesToTheNextBand_AndTheAdjustmentSinceLastYearIsItsOwnReason()
    {
        var offer = Offer(39, 40, 1200m);
        Assert.Equal(1944.00m, offer.Premium);                // 1800 × 1.08
        Assert.Equal([new PriceReason("age-band", 600m), new PriceReason("medical-inflation", 144m)], offer.Reasons);
        Assert.Equal(offer.Change, offer.Reasons.Sum(r => r.Change));
    }

    [Fact]
    public void SameBand_OnlyTheAdjustmentMovesThePrice()
    {
        var offer = Offer(30, 31, 1200m);
        Assert.Equal(1296.00m, offer.Premium);
        Assert.Equal([new PriceReason("medical-inflation", 96m)], offer.Reasons);
    }

    [Fact]
    public void AnAdjustmentAlreadyInForceLastYear_IsNoReasonThisYear()
    {
        var offer = Renewals.Offer(Health, "CNY", D("2026-08-01"), D("2027-08-01"), 30, 31, 1296m, null);
        Assert.Equal(1296m, offer.Premium);
        Assert.Empty(offer.Reasons);
    }

    [Fact]
    public void ALockKeepsThePremiumForItsYears_AndItsEndIsNamedAsTheReasonForTheJump()
    {
        var locked = Renewals.Lock(Health, 1200m);
        var first = Offer(39, 40, 1200m, locked);
        Assert.Equal(1200m, first.Premium);
        Assert.Equal(0m, first.Reasons.Sum(r => r.Change));
        Assert.Contains(first.Reasons, r => r.Reason == "rate-lock" && r.Change == -744m);
        var second = Renewals.Offer(Health, "CNY", D("2027-03-01"), D("2028-03-01"), 40, 41, 1200m, first.LockAfter);
        var third = Renewals.Offer(Health, "CNY", D("2028-03-01"), D("2029-03-01"), 41, 42, 1200m, second.LockAfter);
        Assert.Equal((1200m, 1200m), (second.Premium, third.Premium));
        Assert.Equal(0, third.LockAfter!.RenewalsLeft);
        // The fourth renewal pays the table again; the lock's end explains the jump.
        var fourth = Renewals.Offer(Health, "CNY", D("2029-03-01"), D("2030-03-01"), 42, 43, 1200m, third.LockAfter);
        Assert.Equal(1944m, fourth.Premium);
        Assert.Equal([new PriceReason("rate-lock", 744m)], fourth.Reasons);
        Assert.Null(fourth.LockAfter);
    }

    [Fact]
    public void OlderThanTheMaximumAge_NoOfferIsMade()
    {
        var offer = Offer(80, 81, 3000m);
        Assert.False(offer.Offered);
        Assert.Equal("max-age", offer.NotOfferedReason);
        Assert.True(Offer(79, 80, 3000m).Offered);
    }

    [Fact]
    public void AcceptanceIsRequiredInChinaAndNotInKorea_UnlessTheProductSays()
    {
        Assert.True(Health.AcceptanceRequiredIn("CN"));
        Assert.False(Health.AcceptanceRequiredIn("KR"));
        Assert.True((Health with { RequiresAcceptance = true }).AcceptanceRequiredIn("KR"));
    }

    [Theory]
    [InlineData(true, true, false, true, 0, RenewalResult.Renewed)]     // CN: accepted, auto-debit collects
    [InlineData(true, false, false, false, 0, RenewalResult.Expired)]   // CN: auto-debit but never accepted: nothing collected
    [InlineData(false, false, false, true, 0, RenewalResult.Renewed)]   // KR: auto-debit renews unless declined
    [InlineData(false, false, true, false, 0, RenewalResult.Declined)]  // declined
    [InlineData(true, false, false, false, 1296, RenewalResult.Renewed)] // paid by transfer, the new premium in full
    [InlineData(true, false, false, false, 1295, RenewalResult.Expired)] // one yuan short
    public void TheOutcomeOnTheRenewalDate(bool acceptanceRequired, bool accepted, bool declined, bool debit, int paid, RenewalResult result)
    {
        var offer = Offer(30, 31, 1200m);
        var collected = debit && Renewals.MayDebit(offer, acceptanceRequired, accepted, declined);
        Assert.Equal(result, Renewals.Outcome(offer, acceptanceRequired, accepted, declined, collected, paid));
    }

    [Property(MaxTest = 300)]
    public bool TheReasonsAddUpExactly_OverRandomBandsAgesFactorsAndLocks(int seed)
    {
        var random = new Random(seed);
        var currency = random.Next(2) == 0 ? "CNY" : "KRW";
        var bands = new List<RateBand>();
        var age = 0;
        for (var i = 0; i < random.Next(1, 6); i++)
        {
            age += random.Next(1, 30);
            bands.Add(new RateBand(age, currency == "KRW" ? random.Next(1000, 900000) : random.Next(100, 900000) / 100m));
        }
        var adjustments = Enumerable.Range(0, random.Next(0, 4))
            .Select(i => new PriceAdjustment(D("2025-01-01").AddDays(random.Next(0, 1100)), random.Next(50, 200) / 100m + random.Next(0, 100) / 10000m, $"r{i}"))
            .OrderBy(a => a.From).ToList();
        var terms = new RenewalTerms([30], bands, adjustments, random.Next(0, 4), null, null);
        var ageNow = random.Next(0, bands[^1].ToAge + 1);
        var previous = currency == "KRW" ? random.Next(1000, 900000) : random.Next(100, 900000) / 100m;
        RateLock? locked = random.Next(3) == 0 ? new RateLock(previous, random.Next(0, 3)) : null;
        var renewal = D("2026-01-01").AddDays(random.Next(0, 700));
        var offer = Renewals.Offer(terms, currency, renewal.AddYears(-1), renewal, Math.Max(0, ageNow - 1), ageNow, previous, locked);
        return offer.Offered && offer.Reasons.Sum(r => r.Change) == offer.Premium - previous && offer.Reasons.All(r => r.Change != 0)
            && Billing.Currencies.FitsMinorUnit(offer.Premium, currency);
    }

    private static Product Parse(string renewal, string term = "short") =>
        ProductFile.Parse(JsonDocument.Parse($$"""{"code":"H","currency":"CNY","term":"{{term}}","renewal":{{renewal}}}""").RootElement, "$.products[0]");

    [Theory]
    [InlineData("""{"rates":[{"toAge":59,"premium":"1800.00"},{"toAge":39,"premium":"1200.00"}]}""", "$.products[0].renewal.rates[1].toAge")]
    [InlineData("""{"rates":[{"toAge":39,"premium":"1200.00"},{"toAge":39,"premium":"1300.00"}]}""", "$.products[0].renewal.rates[1].toAge")]
    [InlineData("""{"rates":[{"toAge":39,"premium":"0"}]}""", "$.products[0].renewal.rates[0].premium")]
    [InlineData("""{"rates":[]}""", "$.products[0].renewal.rates")]
    [InlineData("""{"rates":[{"toAge":39,"premium":"1200.00"}],"adjustments":[{"from":"2026-07-01","factor":"0","reason":"x"}]}""", "$.products[0].renewal.adjustments[0].factor")]
    [InlineData("""{"rates":[{"toAge":39,"premium":"1200.00"}],"adjustments":[{"from":"2026-07-01","factor":"-1.1","reason":"x"}]}""", "$.products[0].renewal.adjustments[0].factor")]
    [InlineData("""{"rates":[{"toAge":39,"premium":"1200.00"}],"noticeDays":[0]}""", "$.products[0].renewal.noticeDays[0]")]
    [InlineData("""{"rates":[{"toAge":39,"premium":"1200.00"}],"surprise":1}""", "$.products[0].renewal.surprise")]
    public void ABadRenewal_IsRefusedNamingItsPath(string renewal, string path) =>
        Assert.Equal(path, Assert.Throws<InputException>(() => Parse(renewal)).Path);

    [Fact]
    public void RenewalFieldsOnALongTermProduct_AreRefused() =>
        Assert.Equal("$.products[0].renewal", Assert.Throws<InputException>(() => Parse("""{"rates":[{"toAge":39,"premium":"1200.00"}]}""", "long")).Path);

    [Fact]
    public void TheTermsWrittenAndReadBack_AreTheSame()
    {
        var product = Parse("""{"noticeDays":[45,10],"rates":[{"toAge":39,"premium":"1200.00"},{"toAge":120,"premium":"3000.00"}],"adjustments":[{"from":"2026-07-01","factor":"1.08","reason":"medical-inflation"}],"rateLockYears":3,"maxAge":80,"requiresAcceptance":false}""");
        var again = Renewals.Parse(new StrictObject(JsonDocument.Parse(Renewals.Write(product.Renewal!, "CNY").ToJsonString()).RootElement, "$", Renewals.Fields), "CNY");
        Assert.Equal(product.Renewal!.Rates, again.Rates);
        Assert.Equal(product.Renewal.Adjustments, again.Adjustments);
        Assert.Equal(product.Renewal.NoticeDays, again.NoticeDays);
        Assert.Equal((3, (int?)80, (bool?)false), (again.RateLockYears, again.MaxAge, again.RequiresAcceptance));
    }

    [Fact]
    public void ANewAdjustment_MayNotReachRenewalsAlreadyOffered_ButOldOnesAreNotLookedAtAgain()
    {
        var today = D("2026-12-04");
        var early = Health with { Adjustments = [.. Health.Adjustments, new PriceAdjustment(D("2026-12-20"), 1.05m, "claims-experience")] };
        Assert.Equal((1, D("2027-01-03")), Renewals.AdjustmentTooEarly(Health, early, today));     // today + 30 notice days
        var later = Health with { Adjustments = [.. Health.Adjustments, new PriceAdjustment(D("2027-01-04"), 1.05m, "claims-experience")] };
        Assert.Null(Renewals.AdjustmentTooEarly(Health, later, today));
        // The 2026-07-01 adjustment was there before: it is not refused for being in the past.
        Assert.Null(Renewals.AdjustmentTooEarly(Health, Health, today));
    }
}
