using System.Globalization;
using System.Text.Json.Nodes;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Json;
using PolicyCare.Policies;

namespace PolicyCare.Servicing;

/// <summary>A yearly premium per 1,000 of sum insured for insureds up to <see cref="ToAge"/> (inclusive).</summary>
public sealed record CoverRate(int ToAge, decimal YearlyPer1000);

/// <summary>The sums insured a product allows mid-contract, and the table that prices added cover by the insured's age.</summary>
public sealed record SumInsuredTable(decimal Min, decimal Max, decimal Step, IReadOnlyList<CoverRate> Rates)
{
    public decimal? YearlyPer1000(int age) => Rates.FirstOrDefault(r => r.ToAge >= age)?.YearlyPer1000;
}

/// <summary>A payment or cover term the product offers: <see cref="Years"/> from the start, at a yearly premium <see cref="Factor"/> times the term it is sold with's.</summary>
public sealed record TermOption(int Years, decimal Factor);

/// <summary>The payment or cover term a product is sold with (<see cref="Years"/>) and the terms, each with its price factor, a holder may move to.</summary>
public sealed record TermTable(int Years, IReadOnlyList<TermOption> Options)
{
    public decimal? FactorOf(int years) => Options.FirstOrDefault(o => o.Years == years)?.Factor;
}

/// <summary>
/// What a long-term product lets a customer change mid-contract (product file <c>changes</c>): the sum insured within
/// a table, the payment frequency among those with a modal factor (yearly premium × factor = one installment), and the
/// payment term and cover term among those the product prices. A product without a cover term covers for life; one
/// without a payment term is paid for as long as it covers.
/// </summary>
public sealed record ChangeTerms(SumInsuredTable? SumInsured, IReadOnlyDictionary<Frequency, decimal>? FrequencyFactors, TermTable? PaymentTerm = null,
    TermTable? CoverTerm = null);

public enum CoverChangeKind { SumInsured, Frequency, PaymentTerm, CoverTerm }

/// <summary>What the customer or agent asks for: a new sum insured, payment frequency, payment term or cover term (in years from the start).</summary>
public sealed record CoverChangeRequest(CoverChangeKind Kind, decimal? SumInsured = null, Frequency? Frequency = null, int? PaymentYears = null,
    int? CoverYears = null);

/// <summary>
/// The effect of a change, shown before anything changes and stored as it was confirmed: the new installment
/// from the product's tables, from when, and the pro-rata amount added to the next installment or credited.
/// </summary>
/// <param name="EffectiveOn">The day the new cover or frequency starts.</param>
/// <param name="FirstNewDueOn">The first installment at the new figures (carrying <see cref="AmountDue"/>).</param>
/// <param name="NeedsUnderwriting">More cover with a health declaration that discloses something: underwriting decides first.</param>
public sealed record CoverChangeQuote(
    CoverChangeKind Kind,
    DateOnly EffectiveOn,
    decimal SumInsuredBefore,
    decimal SumInsuredAfter,
    Frequency FrequencyBefore,
    Frequency FrequencyAfter,
    decimal InstallmentBefore,
    decimal InstallmentAfter,
    decimal AmountDue,
    decimal AmountCredited,
    DateOnly FirstNewDueOn,
    bool NeedsUnderwriting,
    PremiumChange Change,
    int? PaymentYearsBefore = null,
    int? PaymentYearsAfter = null,
    int? CoverYearsBefore = null,
    int? CoverYearsAfter = null)
{
    public decimal YearlyBefore => InstallmentBefore * (12 / FrequencyBefore.Months());
    public decimal YearlyAfter => InstallmentAfter * (12 / FrequencyAfter.Months());
}

/// <summary>
/// Changes of cover and of payment frequency on a long-term policy, as pure functions of its terms, standing, the
/// insured's age and the day. More cover is priced from the product's table at the insured's age on the day it
/// starts and added to the premium; less cover takes the premium down in proportion (what was charged for it, not
/// today's price). The part of the current period after the change is settled pro rata to the day, rounded once:
/// added to the next installment, or credited to the account (which the next installments use first). A new
/// frequency starts at the next policy anniversary, the yearly premium converted through the product's modal factors.
/// </summary>
public static class CoverChanges
{
    public static (CoverChangeQuote? Quote, ChangeRefusal? Refusal) Quote(PolicyTerms terms, PolicyStanding standing, decimal? sumInsured,
        int ageOnEffective, DateOnly on, CoverChangeRequest request, HealthDeclaration declaration = HealthDeclaration.None)
    {
        var product = terms.Product;
        if (product.Term != PolicyTerm.Long || product.Changes is not { } rules)
            return Refuse("kind", "this product's cover and payment frequency are set at renewal, not changed mid-contract");
        if (standing.Status != PolicyStatus.InForce)
            return Refuse("number", "the policy must be in force: pay what is overdue, or reinstate it, first");
        if (on < terms.Start) return Refuse("number", "the policy has not started yet");
        // One change waits at a time: a second would be priced on figures that are not yet in force.
        if (terms.Changes?.LastOrDefault(c => c.FromDate > on) is { } waiting)
            return Refuse("kind", $"a change already waits for {waiting.FromDate:yyyy-MM-dd}: make another after it");
        var current = terms.CountDueOnOrBefore(on) - 1;
        var (installment, frequency) = terms.RegularAt(current);
        var sumBefore = sumInsured ?? 0m;
        return request.Kind switch
        {
            CoverChangeKind.SumInsured => SumInsuredQuote(terms, rules, sumBefore, installment, frequency, current, ageOnEffective, on, request.SumInsured, declaration),
            CoverChangeKind.PaymentTerm => TermQuote(terms, rules, sumBefore, on, request.Kind, request.PaymentYears),
            CoverChangeKind.CoverTerm => TermQuote(terms, rules, sumBefore, on, request.Kind, request.CoverYears),
            _ => FrequencyQuote(terms, rules, sumBefore, installment, frequency, on, request.Frequency),
        };
    }

    private static (CoverChangeQuote?, ChangeRefusal?) SumInsuredQuote(PolicyTerms terms, ChangeTerms rules, decimal sumBefore, decimal installment,
        Frequency frequency, int current, int age, DateOnly on, decimal? requested, HealthDeclaration declaration)
    {
        if (rules.SumInsured is not { } table || sumBefore <= 0) return Refuse("kind", "this product's sum insured cannot be changed");
        if (requested is not { } after) return Refuse("sumInsured", "is required");
        var currency = terms.Currency;
        string M(decimal x) => Currencies.Format(x, currency);
        if (after < table.Min || after > table.Max || (after - table.Min) % table.Step != 0)
            return Refuse("sumInsured", $"must be from {M(table.Min)} to {M(table.Max)} in steps of {M(table.Step)}");
        if (after == sumBefore) return Refuse("sumInsured", "is the sum insured already");
        decimal newInstallment;
        if (after > sumBefore)
        {
            if (declaration == HealthDeclaration.None) return Refuse("declaration", "more cover needs a health declaration: clean or adverse");
            if (table.YearlyPer1000(age) is not { } rate) return Refuse("sumInsured", $"the product adds no cover at age {age}");
            // One rounding: the added yearly premium is divided into installments by the modal factor, then rounded.
            var factor = rules.FrequencyFactors?.GetValueOrDefault(frequency) ?? 1m / (12 / frequency.Months());
            newInstallment = installment + Currencies.RoundToMinorUnitAwayFromZero((after - sumBefore) / 1000m * rate * factor, currency);
        }
        else newInstallment = Currencies.RoundToMinorUnitAwayFromZero(installment * after / sumBefore, currency);

        var periodStart = terms.DueDate(current);
        var next = terms.DueDate(current + 1);
        // Multiplied before dividing, so an exact half (65.625) is rounded as the half it is, not as 65.62499….
        var difference = Currencies.RoundToMinorUnitAwayFromZero((newInstallment - installment) * (next.DayNumber - on.DayNumber) / (next.DayNumber - periodStart.DayNumber), currency);
        var change = new PremiumChange(current + 1, next, newInstallment, frequency, Math.Max(0m, difference));
        return (new CoverChangeQuote(CoverChangeKind.SumInsured, on, sumBefore, after, frequency, frequency, installment, newInstallment,
            Math.Max(0m, difference), Math.Max(0m, -difference), next, after > sumBefore && declaration == HealthDeclaration.Adverse, change), null);
    }

    private static (CoverChangeQuote?, ChangeRefusal?) FrequencyQuote(PolicyTerms terms, ChangeTerms rules, decimal sum, decimal installment,
        Frequency frequency, DateOnly on, Frequency? requested)
    {
        if (rules.FrequencyFactors is not { Count: > 0 } factors) return Refuse("kind", "this product's payment frequency cannot be changed");
        if (requested is not { } after) return Refuse("frequency", "is required");
        if (!factors.ContainsKey(after))
            return Refuse("frequency", $"must be one the product offers: {string.Join(", ", factors.Keys.Order().Select(f => f.Code()))}");
        var anniversary = NextAnniversary(terms.Start, on);
        if (terms.PremiumsEndOn is { } end && end <= anniversary) return Refuse("frequency", $"the premiums are paid in full by {end:yyyy-MM-dd}");
        var from = terms.CountDueBefore(anniversary);
        var (atAnniversary, frequencyThen) = terms.RegularAt(Math.Max(0, from - 1));
        if (after == frequencyThen) return Refuse("frequency", "is the payment frequency already");
        var yearly = atAnniversary / factors.GetValueOrDefault(frequencyThen, 1m / (12 / frequencyThen.Months()));
        var newInstallment = Currencies.RoundToMinorUnitAwayFromZero(yearly * factors[after], terms.Currency);
        return (new CoverChangeQuote(CoverChangeKind.Frequency, anniversary, sum, sum, frequencyThen, after, atAnniversary, newInstallment,
            0m, 0m, anniversary, false, new PremiumChange(from, anniversary, newInstallment, after)), null);
    }

    /// <summary>
    /// A new payment term or cover term from the next anniversary, priced from the product's term factors. What was paid
    /// counts in full: k years paid at the old yearly premium (factor f) are taken off the new term's price (factor f′ over
    /// its p′ premium-paying years), and the rest is spread over the p′ − k years left — one installment
    /// × (f′ × p′ − f × k) / (f × (p′ − k)), rounded once. With nothing paid yet it is the new term's own premium.
    /// Premiums never outlast the cover: a cover term is at least the payment term, a payment term at most the cover term.
    /// </summary>
    private static (CoverChangeQuote?, ChangeRefusal?) TermQuote(PolicyTerms terms, ChangeTerms rules, decimal sum, DateOnly on, CoverChangeKind kind, int? requested)
    {
        var paying = kind == CoverChangeKind.PaymentTerm;
        var (field, what) = paying ? ("paymentYears", "payment term") : ("coverYears", "cover term");
        var table = paying ? rules.PaymentTerm : rules.CoverTerm;
        if (table is null || (paying ? terms.PaymentYears : terms.CoverYears) is not { } before || table.FactorOf(before) is not { } factorBefore)
            return Refuse("kind", $"this policy's {what} cannot be changed");
        if (requested is not { } after) return Refuse(field, "is required");
        if (table.FactorOf(after) is not { } factorAfter)
            return Refuse(field, $"must be a term the product offers: {string.Join(", ", table.Options.Select(o => o.Years).Order())} years");
        if (after == before) return Refuse(field, $"is the {what} already");
        var paid = AnniversaryYears(terms.Start, on);
        var anniversary = terms.Start.AddYears(paid);
        if (paying && terms.CoverYears is { } cover && after > cover) return Refuse(field, $"must end by the end of the cover ({cover} years): premiums are not paid after it");
        if (!paying && terms.PaymentYears is { } payment && after < payment)
            return Refuse(field, $"must last at least as long as premiums are paid ({payment} years): shorten the payment term first");
        if (!paying && after <= paid) return Refuse(field, $"must run past the next anniversary on {anniversary:yyyy-MM-dd}: at least {paid + 1} years");
        // The years premiums are paid for, before and after: the payment term, or the cover term where premiums last as long as cover.
        var payingBefore = Math.Min(terms.PaymentYears ?? int.MaxValue, terms.CoverYears ?? int.MaxValue);
        var payingAfter = paying ? Math.Min(after, terms.CoverYears ?? int.MaxValue) : Math.Min(terms.PaymentYears ?? int.MaxValue, after);
        if (payingBefore <= paid) return Refuse(field, $"the premiums are paid in full by {terms.PremiumsEndOn:yyyy-MM-dd}: the {what} can no longer change");
        if (payingAfter <= paid) return Refuse(field, $"must run past the next anniversary on {anniversary:yyyy-MM-dd}: at least {paid + 1} years");
        if (factorAfter * payingAfter <= factorBefore * paid) return Refuse(field, "the premiums paid so far already cover that term's price: choose a longer one");
        var from = terms.CountDueBefore(anniversary);
        var (installment, frequency) = terms.RegularAt(Math.Max(0, from - 1));
        // Multiplied out before the one division, so the installment is rounded once from the exact figure.
        var newInstallment = Currencies.RoundToMinorUnitAwayFromZero(
            installment * (factorAfter * payingAfter - factorBefore * paid) / (factorBefore * (payingAfter - paid)), terms.Currency);
        var change = new PremiumChange(from, anniversary, newInstallment, frequency, PaymentYears: paying ? after : null, CoverYears: paying ? null : after);
        return (new CoverChangeQuote(kind, anniversary, sum, sum, frequency, frequency, installment, newInstallment, 0m, 0m, anniversary, false, change,
            paying ? before : null, paying ? after : null, paying ? null : before, paying ? null : after), null);
    }

    /// <summary>The first policy anniversary after the day (a 29 February start keeps its anniversary on 28 February).</summary>
    public static DateOnly NextAnniversary(DateOnly start, DateOnly on) => start.AddYears(AnniversaryYears(start, on));

    /// <summary>How many years from the start the first anniversary after the day falls.</summary>
    private static int AnniversaryYears(DateOnly start, DateOnly on)
    {
        var years = Math.Max(1, on.Year - start.Year);
        while (start.AddYears(years) <= on) years++;
        while (years > 1 && start.AddYears(years - 1) > on) years--;
        return years;
    }

    /// <summary>The terms' changes after a confirmed one (only one waits at a time, so it comes last).</summary>
    public static IReadOnlyList<PremiumChange> Add(IReadOnlyList<PremiumChange>? changes, PremiumChange change) => [.. changes ?? [], change];

    private static (CoverChangeQuote?, ChangeRefusal?) Refuse(string field, string message) => (null, new ChangeRefusal(field, message));

    public static readonly string[] Fields = ["sumInsured", "frequencyFactors", "paymentTerm", "coverTerm"];

    /// <summary>A product's <c>changes</c>: a sum insured table (min, max, step, yearly rates per 1,000 by age) and modal factors; every error names its path.</summary>
    public static ChangeTerms Parse(StrictObject o, string currency)
    {
        SumInsuredTable? table = null;
        if (o.OptionalObject("sumInsured", "min", "max", "step", "ratesPer1000") is { } s)
        {
            var min = s.RequiredMoney("min");
            var max = s.RequiredMoney("max");
            var step = s.RequiredMoney("step");
            if (min <= 0 || !Currencies.FitsMinorUnit(min, currency)) throw new InputException(s.At("min"), $"must be a positive amount in {currency}");
            if (max < min || !Currencies.FitsMinorUnit(max, currency)) throw new InputException(s.At("max"), "must be at least min");
            if (step <= 0 || (max - min) % step != 0) throw new InputException(s.At("step"), "must be positive and divide max − min");
            var rates = new List<CoverRate>();
            foreach (var (item, path) in s.Array("ratesPer1000"))
            {
                var r = new StrictObject(item, path, "toAge", "yearly");
                var toAge = r.OptionalInt("toAge") ?? throw new InputException(r.At("toAge"), "is required");
                if (toAge is < 0 or > 130 || rates.Count > 0 && toAge <= rates[^1].ToAge)
                    throw new InputException(r.At("toAge"), "must be an age from 0 to 130, rising from band to band", toAge.ToString(CultureInfo.InvariantCulture));
                var text = r.RequiredString("yearly");
                if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) || rate <= 0)
                    throw new InputException(r.At("yearly"), "must be a positive yearly premium per 1,000 of cover, such as \"1.85\"", StrictObject.Quote(text));
                rates.Add(new CoverRate(toAge, rate));
            }
            if (rates.Count == 0) throw new InputException(s.At("ratesPer1000"), "name at least one band");
            table = new SumInsuredTable(min, max, step, rates);
        }
        Dictionary<Frequency, decimal>? factors = null;
        if (o.OptionalObject("frequencyFactors", "monthly", "quarterly", "semiannual", "annual") is { } f)
        {
            factors = [];
            foreach (var frequency in Enum.GetValues<Frequency>())
            {
                if (f.OptionalString(frequency.Code()) is not { } text) continue;
                if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var factor) || factor <= 0 || factor > 1)
                    throw new InputException(f.At(frequency.Code()), "must be a share of the yearly premium above 0 and at most 1, such as \"0.0875\"", StrictObject.Quote(text));
                factors[frequency] = factor;
            }
        }
        var paymentTerm = ParseTerm(o, "paymentTerm");
        var coverTerm = ParseTerm(o, "coverTerm");
        if (paymentTerm is not null && coverTerm is not null && paymentTerm.Years > coverTerm.Years)
            throw new InputException(o.At("paymentTerm") + ".years", "must be at most the cover term's years: premiums are not paid after the cover ends",
                paymentTerm.Years.ToString(CultureInfo.InvariantCulture));
        return new ChangeTerms(table, factors, paymentTerm, coverTerm);
    }

    /// <summary>A term table: the years the product is sold with and the terms it prices (years from 1 to 100, each once, with a positive factor).</summary>
    private static TermTable? ParseTerm(StrictObject o, string name)
    {
        if (o.OptionalObject(name, "years", "options") is not { } t) return null;
        var years = t.OptionalInt("years") ?? throw new InputException(t.At("years"), "is required: the term the product is sold with");
        var options = new List<TermOption>();
        foreach (var (item, path) in t.Array("options"))
        {
            var r = new StrictObject(item, path, "years", "factor");
            var optionYears = r.OptionalInt("years") ?? throw new InputException(r.At("years"), "is required");
            if (optionYears is < 1 or > 100 || options.Any(x => x.Years == optionYears))
                throw new InputException(r.At("years"), "must be a number of years from 1 to 100, each term once", optionYears.ToString(CultureInfo.InvariantCulture));
            var text = r.RequiredString("factor");
            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var factor) || factor <= 0)
                throw new InputException(r.At("factor"), "must be the term's yearly premium as a multiple of the term the product is sold with's, such as \"1.75\"", StrictObject.Quote(text));
            options.Add(new TermOption(optionYears, factor));
        }
        if (!options.Any(x => x.Years == years))
            throw new InputException(t.At("years"), "must be one of the options, so the policies sold with it can be priced", years.ToString(CultureInfo.InvariantCulture));
        return new TermTable(years, options);
    }

    public static JsonObject Write(ChangeTerms t, string currency)
    {
        var o = new JsonObject();
        if (t.SumInsured is { } s)
            o["sumInsured"] = new JsonObject
            {
                ["min"] = Currencies.Format(s.Min, currency), ["max"] = Currencies.Format(s.Max, currency), ["step"] = Currencies.Format(s.Step, currency),
                ["ratesPer1000"] = new JsonArray(s.Rates.Select(r => (JsonNode?)new JsonObject { ["toAge"] = r.ToAge, ["yearly"] = r.YearlyPer1000.ToString(CultureInfo.InvariantCulture) }).ToArray()),
            };
        if (t.FrequencyFactors is { } f)
            o["frequencyFactors"] = new JsonObject(f.OrderBy(p => p.Key).Select(p => KeyValuePair.Create(p.Key.Code(), (JsonNode?)p.Value.ToString(CultureInfo.InvariantCulture))));
        foreach (var (name, term) in new[] { ("paymentTerm", t.PaymentTerm), ("coverTerm", t.CoverTerm) })
            if (term is not null)
                o[name] = new JsonObject
                {
                    ["years"] = term.Years,
                    ["options"] = new JsonArray(term.Options.Select(x => (JsonNode?)new JsonObject { ["years"] = x.Years, ["factor"] = x.Factor.ToString(CultureInfo.InvariantCulture) }).ToArray()),
                };
        return o;
    }
}
