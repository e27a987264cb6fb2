using System.Globalization;
using System.Text.Json;
using PolicyCare.Billing;
using PolicyCare.Json;

namespace PolicyCare.Policies;

/// <summary>Products as JSON: the scenario format's product object, plus an optional name and cadence.</summary>
public static class ProductFile
{
    public static readonly string[] Fields =
        ["code", "name", "names", "market", "term", "currency", "grace", "reinstatement", "debitRetryDays", "preDebitNoticeDays", "elderlyAge", "cadence", "relief", "alternatives", "payments", "benefits", "claims", "clauses", "renewal", "review", "inspections", "changes"];

    public static Product Parse(JsonElement element, string path)
    {
        var o = new StrictObject(element, path, Fields);
        var code = o.RequiredString("code");
        if (code.Length == 0) throw new InputException(o.At("code"), "must not be empty");
        var term = o.OptionalString("term") switch
        {
            null or "long" => PolicyTerm.Long,
            "short" => PolicyTerm.Short,
            var other => throw new InputException(o.At("term"), "must be \"long\" or \"short\"", StrictObject.Quote(other)),
        };
        var currency = o.RequiredString("currency");
        if (!Currencies.IsKnown(currency))
            throw new InputException(o.At("currency"), "is not a currency PolicyCare knows (CNY, KRW, USD, EUR, HKD, JPY)", StrictObject.Quote(currency));

        var defaults = Product.WithDefaults(code, term, currency);
        var grace = defaults.Grace;
        if (o.OptionalObject("grace", "days", "endOfFollowingMonth") is { } g)
        {
            var days = g.OptionalInt("days");
            var eofm = g.OptionalBool("endOfFollowingMonth") ?? false;
            if (days is null == !eofm)
                throw new InputException(g.Path, "must give either \"days\" or \"endOfFollowingMonth\": true");
            if (days < 0) throw new InputException(g.At("days"), "must not be negative", days.Value.ToString(CultureInfo.InvariantCulture));
            grace = eofm ? GraceRule.UntilEndOfFollowingMonth : GraceRule.OfDays(days!.Value);
        }

        var reinstatement = defaults.Reinstatement;
        if (o.OptionalObject("reinstatement", "windowDays", "annualInterestRate", "healthDeclaration") is { } r)
        {
            var window = r.OptionalInt("windowDays") ?? reinstatement.WindowDays;
            if (window <= 0) throw new InputException(r.At("windowDays"), "must be positive", window.ToString(CultureInfo.InvariantCulture));
            var rate = r.OptionalDecimalString("annualInterestRate") ?? reinstatement.AnnualInterestRate;
            if (rate < 0 || rate > 1) throw new InputException(r.At("annualInterestRate"), "must be a rate between \"0\" and \"1\"", rate.ToString(CultureInfo.InvariantCulture));
            reinstatement = new ReinstatementRule(window, rate, r.OptionalBool("healthDeclaration") ?? reinstatement.HealthDeclaration);
        }

        var retries = o.IntArray("debitRetryDays");
        foreach (var (day, i) in retries.Select((d, i) => (d, i)))
        {
            if (day <= 0) throw new InputException($"{o.At("debitRetryDays")}[{i}]", "must be a positive number of days", day.ToString(CultureInfo.InvariantCulture));
        }
        var preDebit = o.OptionalInt("preDebitNoticeDays") ?? defaults.PreDebitNoticeDays;
        if (preDebit < 0) throw new InputException(o.At("preDebitNoticeDays"), "must not be negative", preDebit.ToString(CultureInfo.InvariantCulture));
        var elderly = o.OptionalInt("elderlyAge") ?? defaults.ElderlyAge;
        if (elderly is < 0 or > 150) throw new InputException(o.At("elderlyAge"), "must be an age", elderly.ToString(CultureInfo.InvariantCulture));

        var cadence = Cadence.Standard;
        if (o.OptionalObject("cadence", "firstReminderLatestDay", "secondReminderDaysBeforeGraceEnd", "followUpMonths", "followUpEmailEveryMonths", "renewalNoticeDaysBefore", "earlyReminderDaysBefore") is { } c)
        {
            // firstReminderLatestDay (a cap at the n-th calendar day) is still read, so products stored
            // before it went keep loading, but it no longer decides anything: the first reminder goes on
            // the first business day after the due date, never on a day off (docs/rules.md).
            _ = Positive(c, "firstReminderLatestDay");
            cadence = new Cadence(
                Positive(c, "secondReminderDaysBeforeGraceEnd") ?? cadence.SecondReminderDaysBeforeGraceEnd,
                c.OptionalInt("followUpMonths") ?? cadence.FollowUpMonths,
                Positive(c, "followUpEmailEveryMonths") ?? cadence.FollowUpEmailEveryMonths,
                c.Has("renewalNoticeDaysBefore") ? c.IntArray("renewalNoticeDaysBefore") : null,
                Positive(c, "earlyReminderDaysBefore") ?? cadence.EarlyReminderDaysBefore);
        }

        ReliefRules? relief = null;
        if (o.OptionalObject("relief", "paymentPlanMaxInstallments", "deferralMaxDays", "onTimeDiscountRate", "onTimePoints", "loyaltyAfter", "loyaltyPoints") is { } rl)
        {
            var rate = rl.OptionalDecimalString("onTimeDiscountRate");
            if (rate is < 0 or >= 1) throw new InputException(rl.At("onTimeDiscountRate"), "must be a rate from \"0\" up to \"1\"", rate.Value.ToString(CultureInfo.InvariantCulture));
            var planMax = Positive(rl, "paymentPlanMaxInstallments");
            if (planMax is < 2) throw new InputException(rl.At("paymentPlanMaxInstallments"), "must be at least 2", planMax.Value.ToString(CultureInfo.InvariantCulture));
            relief = new ReliefRules(planMax, Positive(rl, "deferralMaxDays"), rate, Positive(rl, "onTimePoints"), Positive(rl, "loyaltyAfter"), Positive(rl, "loyaltyPoints"));
        }
        Alternatives? alternatives = null;
        if (o.OptionalObject("alternatives", "cashValuePerAnnualPremium", "policyLoanRatio", "paidUpSumPerCashValue", "automaticPremiumLoan") is { } al)
        {
            var table = al.Array("cashValuePerAnnualPremium").Select(x => x.Item.ValueKind == JsonValueKind.String
                ? StrictObject.ParseMoney(x.Item.GetString()!, x.Path) is var v && v >= 0 ? v : throw new InputException(x.Path, "must not be negative", x.Item.GetString())
                : throw new InputException(x.Path, "must be a decimal string like \"0.85\"", StrictObject.Show(x.Item))).ToList();
            var ratio = al.OptionalDecimalString("policyLoanRatio") ?? 0.8m;
            if (ratio is < 0 or > 1) throw new InputException(al.At("policyLoanRatio"), "must be between \"0\" and \"1\"", ratio.ToString(CultureInfo.InvariantCulture));
            var paidUp = al.OptionalDecimalString("paidUpSumPerCashValue") ?? 1m;
            if (paidUp < 0) throw new InputException(al.At("paidUpSumPerCashValue"), "must not be negative", paidUp.ToString(CultureInfo.InvariantCulture));
            alternatives = new Alternatives(table, ratio, paidUp, al.OptionalBool("automaticPremiumLoan") ?? true);
        }
        PaymentRules? payments = null;
        if (o.OptionalObject("payments", "maximum", "othersMayPay") is { } pm)
        {
            var maximum = pm.Has("maximum") ? pm.RequiredMoney("maximum") : PaymentRules.Default.Maximum;
            if (maximum <= 0) throw new InputException(pm.At("maximum"), "must be a positive amount", maximum.ToString(CultureInfo.InvariantCulture));
            payments = new PaymentRules(maximum, pm.OptionalBool("othersMayPay") ?? PaymentRules.Default.OthersMayPay);
        }
        var market = o.OptionalString("market");
        if (market is not null && !Calendars.CalendarData.Markets.Contains(market))
            throw new InputException(o.At("market"), "must be CN, KR or NONE", StrictObject.Quote(market));
        Dictionary<string, string>? names = null;
        // One name per language the platform speaks, so a Korean reader never sees a Chinese product name.
        if (o.OptionalObject("names", "zh-CN", "ko-KR", "en-US") is { } n)
        {
            names = [];
            foreach (var locale in new[] { "zh-CN", "ko-KR", "en-US" })
            {
                if (n.OptionalString(locale) is { } name)
                {
                    if (string.IsNullOrWhiteSpace(name)) throw new InputException(n.At(locale), "must not be empty");
                    names[locale] = name;
                }
            }
        }
        Servicing.RenewalTerms? renewal = null;
        if (o.OptionalObject("renewal", Servicing.Renewals.Fields) is { } rn)
        {
            // Only a one-year product renews; a long-term one runs on and lapses instead.
            if (term != PolicyTerm.Short) throw new InputException(o.At("renewal"), "applies only to a product with term \"short\"");
            renewal = Servicing.Renewals.Parse(rn, currency);
        }
        var review = o.OptionalObject("review", "sumInsured", "suggestedCover") is { } rv ? Servicing.PolicyReviews.Parse(rv, currency) : null;
        var inspection = o.OptionalObject("inspections", Servicing.Inspections.Fields) is { } ins ? Servicing.Inspections.Parse(ins, currency) : null;
        Servicing.ChangeTerms? changes = null;
        if (o.OptionalObject("changes", Servicing.CoverChanges.Fields) is { } ch)
        {
            // A one-year product changes cover at renewal, priced by its age bands.
            if (term != PolicyTerm.Long) throw new InputException(o.At("changes"), "applies only to a product with term \"long\"");
            changes = Servicing.CoverChanges.Parse(ch, currency);
        }
        return new Product(code, term, currency, grace, reinstatement, retries, preDebit, elderly, cadence, o.OptionalString("name"), market, relief, alternatives, payments, names,
            Claims.BenefitFile.ParseBenefits(o, currency), Claims.BenefitFile.ParseTerms(o, currency), Servicing.Disclosure.ParseClauses(o), renewal, review, inspection, changes);
    }

    private static int? Positive(StrictObject o, string name)
    {
        var value = o.OptionalInt(name);
        if (value <= 0) throw new InputException(o.At(name), "must be positive", value.Value.ToString(CultureInfo.InvariantCulture));
        return value;
    }

    /// <summary>The reference products shipped with PolicyCare (China and Korea long-term life, one-year health).</summary>
    public static IReadOnlyList<Product> ReferenceProducts()
    {
        var assembly = typeof(ProductFile).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("products/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var doc = JsonDocument.Parse(stream);
                return Parse(doc.RootElement, n);
            })
            .ToList();
    }
}
