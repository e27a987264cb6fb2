using System.Globalization;
using System.Text.Json.Nodes;
using PolicyCare.Billing;
using PolicyCare.Json;

namespace PolicyCare.Servicing;

/// <summary>A premium for insureds up to <see cref="ToAge"/> (inclusive) on the renewal date; the first band whose ToAge reaches the age applies.</summary>
public sealed record RateBand(int ToAge, decimal Premium);

/// <summary>A product-wide change of price from a date, with its reason in a word ("medical-inflation"): never one customer's claims or health.</summary>
public sealed record PriceAdjustment(DateOnly From, decimal Factor, string Reason);

/// <summary>The renewal terms of a one-year product (SCENARIOS.md, Renewals).</summary>
/// <param name="RequiresAcceptance">null: the market's default — China yes (a one-year health product may not renew by itself), elsewhere no.</param>
/// <param name="MonthlySurcharge">What paying monthly adds to the year's premium ("0.05": 5%), shown when the options are compared; null when the product has none.</param>
/// <param name="CreditDays">Credit-based renewal (信用免押续期): a customer in good standing keeps cover from the renewal date while the premium is collected within this many days; null when the product does not offer it.</param>
public sealed record RenewalTerms(IReadOnlyList<int> NoticeDays, IReadOnlyList<RateBand> Rates, IReadOnlyList<PriceAdjustment> Adjustments,
    int RateLockYears, int? MaxAge, bool? RequiresAcceptance, decimal? MonthlySurcharge = null, int? CreditDays = null)
{
    public bool AcceptanceRequiredIn(string? market) => RequiresAcceptance ?? market == "CN";

    /// <summary>The band premium for an age; an age beyond the last band has none.</summary>
    public decimal? BandPremium(int age) => Rates.FirstOrDefault(r => r.ToAge >= age)?.Premium;

    /// <summary>The product of the factors of every adjustment in force on the date (from on or before it).</summary>
    public decimal FactorOn(DateOnly date) => Adjustments.Where(a => a.From <= date).Aggregate(1m, (f, a) => f * a.Factor);
}

/// <summary>One reason for a change of premium and its amount; the reasons of an offer add up exactly to the change.</summary>
public sealed record PriceReason(string Reason, decimal Change);

/// <summary>A rate lock: the premium kept, for how many more renewals (0: it has just run out, and the next offer says so).</summary>
public sealed record RateLock(decimal Premium, int RenewalsLeft);

/// <summary>What the customer is offered for the coming year, or why nothing is.</summary>
public sealed record RenewalOffer(DateOnly RenewalDate, bool Offered, decimal Premium, decimal PreviousPremium, IReadOnlyList<PriceReason> Reasons,
    string? NotOfferedReason, RateLock? LockAfter)
{
    public decimal Change => Premium - PreviousPremium;
}

/// <summary>How a renewal ended on its date.</summary>
public enum RenewalResult { Renewed, Expired, Declined }

/// <summary>
/// What the installments cost since the last renewal: those from <see cref="FromSequence"/> on cost
/// <see cref="Installment"/>; the ones before were billed <see cref="BilledBefore"/> in all, the last of them at
/// <see cref="PreviousInstallment"/> (only last year's can still be open when a renewal comes).
/// </summary>
public sealed record PremiumBase(int FromSequence, decimal BilledBefore, decimal PreviousInstallment, decimal Installment);

/// <summary>
/// The renewal side of a one-year policy's standing: the policy year in force and its premium, the open offer for the
/// next year with the customer's answer, a rate lock, and the last renewal (for the call-back survey).
/// </summary>
/// <param name="EndedByChoice">The policy ended because the customer declined or no renewal was offered, not because a premium went unpaid.</param>
/// <param name="LastLateOn">The last day a debit failed or a premium fell overdue.</param>
/// <param name="CreditUntil">A renewal on credit: cover runs from the renewal date while the premium is collected up to this day.</param>
/// <param name="AnsweredVia">The channel (code) over which the customer last answered a renewal: the next renewal notice goes there first.</param>
public sealed record RenewalStanding(
    DateOnly YearStart,
    decimal YearPremium,
    PremiumBase? Base = null,
    RenewalOffer? Offer = null,
    bool Accepted = false,
    bool Declined = false,
    RateLock? Lock = null,
    DateOnly? RenewedOn = null,
    bool EndedByChoice = false,
    bool AcceptanceRequired = true,
    DateOnly? LastLateOn = null,
    DateOnly? CreditUntil = null,
    string? AnsweredVia = null)
{
    /// <summary>Good standing for a renewal on credit: no debit failed and nothing fell overdue in the year before the date.</summary>
    public bool InGoodStandingOn(DateOnly date) => LastLateOn is not { } late || late <= date.AddYears(-1);
}

/// <summary>
/// The renewal of one-year products: the price for the coming year from the product's age bands and product-wide
/// adjustments, explained as reasons that add up exactly; the rate lock; the maximum age; and the outcome on the
/// renewal date under each market's acceptance rule.
/// </summary>
public static class Renewals
{
    public const string AgeBand = "age-band";
    public const string RateLockReason = "rate-lock";
    public const string MaxAgeReason = "max-age";

    /// <summary>
    /// The offer for the renewal on <paramref name="renewalDate"/>. The price is the band for the insured's age on that
    /// date times every adjustment in force then, rounded once. The reasons walk from last year's premium to it: what
    /// last year's table price was (a lock that ended, or a premium set off the table, counts as the rate lock or the
    /// age band), the move to another band at last year's factors, then each adjustment new since last year, each step
    /// rounded, so the steps add up exactly; a lock still running keeps last year's locked premium and says so.
    /// </summary>
    /// <param name="previousRenewal">The start of the year ending (the start date for a first renewal).</param>
    public static RenewalOffer Offer(RenewalTerms terms, string currency, DateOnly previousRenewal, DateOnly renewalDate, int ageThen, int ageNow,
        decimal previousPremium, RateLock? rateLock)
    {
        if (terms.MaxAge is { } max && ageNow > max || terms.BandPremium(ageNow) is not { } band)
            return new RenewalOffer(renewalDate, false, 0m, previousPremium, [], MaxAgeReason, null);
        decimal R(decimal x) => Currencies.RoundToMinorUnitAwayFromZero(x, currency);
        var reasons = new List<PriceReason>();
        void Step(string reason, decimal from, decimal to)
        {
            if (to == from) return;
            var same = reasons.FindIndex(r => r.Reason == reason);
            if (same >= 0) reasons[same] = reasons[same] with { Change = reasons[same].Change + (to - from) };
            else reasons.Add(new PriceReason(reason, to - from));
        }

        var factorThen = terms.FactorOn(previousRenewal);
        var oldBand = terms.BandPremium(ageThen) ?? band;
        var tableThen = R(oldBand * factorThen);
        // Last year's premium against last year's table: off by a lock that has run out, or by a price set off the table.
        Step(rateLock is not null || previousPremium == tableThen ? RateLockReason : AgeBand, previousPremium, tableThen);
        var running = band * factorThen;
        var price = R(running);
        Step(AgeBand, tableThen, price);
        foreach (var adjustment in terms.Adjustments.Where(a => a.From > previousRenewal && a.From <= renewalDate).OrderBy(a => a.From))
        {
            running *= adjustment.Factor;
            var next = R(running);
            Step(adjustment.Reason, price, next);
            price = next;
        }
        RateLock? after = null;
        if (rateLock is { RenewalsLeft: > 0 })
        {
            Step(RateLockReason, price, rateLock.Premium);
            price = rateLock.Premium;
            // Kept with none left for one more year, so the next offer names the lock's end as the reason for the jump.
            after = rateLock with { RenewalsLeft = rateLock.RenewalsLeft - 1 };
        }
        reasons.RemoveAll(r => r.Change == 0);
        return new RenewalOffer(renewalDate, true, price, previousPremium, reasons, null, after);
    }

    /// <summary>An installment of a year's premium: the year divided by the installments in it, rounded once.</summary>
    public static decimal Installment(decimal yearPremium, PolicyCare.Policies.PolicyTerms terms) =>
        Currencies.RoundToMinorUnitAwayFromZero(yearPremium / (12 / PolicyCare.Policies.Frequencies.Months(terms.Frequency)), terms.Currency);

    /// <summary>A rate lock taken now keeps the premium in force for the next <see cref="RenewalTerms.RateLockYears"/> renewals; none when the product offers none.</summary>
    public static RateLock? Lock(RenewalTerms terms, decimal premiumInForce) =>
        terms.RateLockYears > 0 ? new RateLock(premiumInForce, terms.RateLockYears) : null;

    /// <summary>
    /// The outcome on the renewal date: declined stays declined; no offer, no renewal; an auto-debit collects the new
    /// premium when the customer accepted or the market does not ask for acceptance; otherwise money of at least the new
    /// premium received by the date renews it.
    /// </summary>
    public static RenewalResult Outcome(RenewalOffer offer, bool acceptanceRequired, bool accepted, bool declined, bool debitCollected, decimal paidTowardRenewal)
    {
        if (declined) return RenewalResult.Declined;
        if (!offer.Offered) return RenewalResult.Expired;
        if (debitCollected && (accepted || !acceptanceRequired)) return RenewalResult.Renewed;
        return paidTowardRenewal >= offer.Premium ? RenewalResult.Renewed : RenewalResult.Expired;
    }

    /// <summary>Whether an auto-debit may collect the new premium on the renewal date.</summary>
    public static bool MayDebit(RenewalOffer offer, bool acceptanceRequired, bool accepted, bool declined) =>
        offer.Offered && !declined && (accepted || !acceptanceRequired);

    public static readonly string[] Fields = ["noticeDays", "rates", "adjustments", "rateLockYears", "maxAge", "requiresAcceptance", "monthlySurcharge", "creditDays"];

    /// <summary>A product's <c>renewal</c> (SCENARIOS.md, Renewals): bands in strictly rising ages with positive premiums, factors above zero; every error names its path.</summary>
    public static RenewalTerms Parse(StrictObject o, string currency)
    {
        var notice = o.Has("noticeDays") ? o.IntArray("noticeDays") : [30, 7];
        foreach (var (d, i) in notice.Select((d, i) => (d, i)))
            if (d <= 0 || d > 366) throw new InputException($"{o.At("noticeDays")}[{i}]", "must be 1 to 366 days before the renewal date", d.ToString(CultureInfo.InvariantCulture));
        var rates = AgeBands(o, "rates", "premium", currency).Select(b => new RateBand(b.ToAge, b.Amount)).ToList();
        if (rates.Count == 0) throw new InputException(o.At("rates"), "name at least one band");
        var adjustments = new List<PriceAdjustment>();
        foreach (var (item, path) in o.Array("adjustments"))
        {
            var a = new StrictObject(item, path, "from", "factor", "reason");
            var text = a.RequiredString("factor");
            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var factor) || factor <= 0 || factor > 10)
                throw new InputException(a.At("factor"), "must be a factor above 0, such as \"1.08\"", StrictObject.Quote(text));
            var reason = a.RequiredString("reason");
            if (reason.Length is 0 or > 40 || reason is AgeBand or RateLockReason or MaxAgeReason)
                throw new InputException(a.At("reason"), "must be a word of 1 to 40 characters other than age-band, rate-lock and max-age", StrictObject.Quote(reason));
            adjustments.Add(new PriceAdjustment(a.RequiredDate("from"), factor, reason));
        }
        var lockYears = o.OptionalInt("rateLockYears") ?? 0;
        if (lockYears is < 0 or > 10) throw new InputException(o.At("rateLockYears"), "must be 0 to 10", lockYears.ToString(CultureInfo.InvariantCulture));
        var maxAge = o.OptionalInt("maxAge");
        if (maxAge is < 0 or > 130) throw new InputException(o.At("maxAge"), "must be an age from 0 to 130", maxAge.Value.ToString(CultureInfo.InvariantCulture));
        decimal? surcharge = null;
        if (o.OptionalString("monthlySurcharge") is { } surchargeText)
        {
            if (!decimal.TryParse(surchargeText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) || rate < 0 || rate >= 1)
                throw new InputException(o.At("monthlySurcharge"), "must be a share from 0 to below 1, such as \"0.05\"", StrictObject.Quote(surchargeText));
            surcharge = rate;
        }
        var creditDays = o.OptionalInt("creditDays");
        if (creditDays is < 1 or > 90) throw new InputException(o.At("creditDays"), "must be 1 to 90 days", creditDays.Value.ToString(CultureInfo.InvariantCulture));
        // Kept in the file's order, so a refusal can name an adjustment by its place in the file.
        return new RenewalTerms(notice, rates, adjustments, lockYears, maxAge, o.OptionalBool("requiresAcceptance"), surcharge, creditDays);
    }

    /// <summary>
    /// Age bands (<c>{toAge, amountField}</c>) in strictly rising ages with positive amounts in the currency, as a
    /// renewal's rates and a review's suggested cover give them; every error names its path.
    /// </summary>
    internal static List<(int ToAge, decimal Amount)> AgeBands(StrictObject o, string field, string amountField, string currency)
    {
        var bands = new List<(int ToAge, decimal Amount)>();
        foreach (var (item, path) in o.Array(field))
        {
            var r = new StrictObject(item, path, "toAge", amountField);
            var toAge = r.OptionalInt("toAge") ?? throw new InputException(r.At("toAge"), "is required");
            if (toAge is < 0 or > 130) throw new InputException(r.At("toAge"), "must be an age from 0 to 130", toAge.ToString(CultureInfo.InvariantCulture));
            // Bands rise strictly: a band ending at or below the one before it overlaps it.
            if (bands.Count > 0 && toAge <= bands[^1].ToAge)
                throw new InputException(r.At("toAge"), $"overlaps the band before it (to age {bands[^1].ToAge}): bands must rise", toAge.ToString(CultureInfo.InvariantCulture));
            var amount = r.RequiredMoney(amountField);
            if (amount <= 0 || !Currencies.FitsMinorUnit(amount, currency))
                throw new InputException(r.At(amountField), $"must be a positive amount in {currency}", amount.ToString(CultureInfo.InvariantCulture));
            bands.Add((toAge, amount));
        }
        return bands;
    }

    /// <summary>
    /// A product-wide adjustment added to a product in use may not reach renewals already offered: its <c>from</c> must
    /// come after the last renewal date whose offer has gone out (today plus the first notice days). Adjustments the
    /// product had before are not looked at again. Returns the place of the first one too early, and that date.
    /// </summary>
    public static (int Index, DateOnly LastOffered)? AdjustmentTooEarly(RenewalTerms? before, RenewalTerms after, DateOnly today)
    {
        var lastOffered = today.AddDays(Math.Max(after.NoticeDays.DefaultIfEmpty(0).Max(), before?.NoticeDays.DefaultIfEmpty(0).Max() ?? 0));
        for (var i = 0; i < after.Adjustments.Count; i++)
        {
            var a = after.Adjustments[i];
            if (before?.Adjustments.Contains(a) == true) continue;
            if (a.From <= lastOffered) return (i, lastOffered);
        }
        return null;
    }

    /// <summary>The terms as the product file writes them (the inverse of <see cref="Parse"/>).</summary>
    public static JsonObject Write(RenewalTerms t, string currency)
    {
        var o = new JsonObject
        {
            ["noticeDays"] = new JsonArray(t.NoticeDays.Select(d => (JsonNode?)d).ToArray()),
            ["rates"] = new JsonArray(t.Rates.Select(r => (JsonNode?)new JsonObject { ["toAge"] = r.ToAge, ["premium"] = Currencies.Format(r.Premium, currency) }).ToArray()),
            ["adjustments"] = new JsonArray(t.Adjustments.Select(a => (JsonNode?)new JsonObject
            {
                ["from"] = a.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["factor"] = a.Factor.ToString(CultureInfo.InvariantCulture), ["reason"] = a.Reason,
            }).ToArray()),
            ["rateLockYears"] = t.RateLockYears,
        };
        if (t.MaxAge is { } max) o["maxAge"] = max;
        if (t.RequiresAcceptance is { } requires) o["requiresAcceptance"] = requires;
        if (t.MonthlySurcharge is { } surcharge) o["monthlySurcharge"] = surcharge.ToString(CultureInfo.InvariantCulture);
        if (t.CreditDays is { } credit) o["creditDays"] = credit;
        return o;
    }
}
