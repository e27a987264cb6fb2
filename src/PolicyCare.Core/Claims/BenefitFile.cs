using System.Globalization;
using System.Text.Json;
using PolicyCare.Billing;
using PolicyCare.Json;

namespace PolicyCare.Claims;

/// <summary>A product's <c>benefits</c> and <c>claims</c> in the scenario format (SCENARIOS.md, Claims); every error names its JSON path.</summary>
public static class BenefitFile
{
    private static readonly string[] BenefitFields =
        ["code", "kind", "amount", "perDay", "maxDays", "deductible", "coPay", "annualLimit", "waitingDays", "documents"];

    /// <summary>Which fields each kind takes; any other measure on it is a mistake worth saying.</summary>
    private static readonly Dictionary<BenefitKind, string[]> Measures = new()
    {
        [BenefitKind.Fixed] = ["amount"],
        [BenefitKind.PerDay] = ["perDay", "maxDays"],
        [BenefitKind.Reimbursement] = ["deductible", "coPay", "annualLimit"],
    };

    public static IReadOnlyList<Benefit>? ParseBenefits(StrictObject product, string currency)
    {
        if (!product.Has("benefits")) return null;
        var benefits = new List<Benefit>();
        foreach (var (item, path) in product.Array("benefits"))
        {
            var o = new StrictObject(item, path, BenefitFields);
            var code = o.RequiredString("code");
            if (code.Length == 0) throw new InputException(o.At("code"), "must not be empty");
            if (benefits.Any(b => b.Code == code)) throw new InputException(o.At("code"), "is used by an earlier benefit", StrictObject.Quote(code));
            var kindText = o.RequiredString("kind");
            if (!BenefitKinds.Table.TryParse(kindText, out var kind))
                throw new InputException(o.At("kind"), "must be \"fixed\", \"per-day\" or \"reimbursement\"", StrictObject.Quote(kindText));
            foreach (var field in Measures.Where(m => m.Key != kind).SelectMany(m => m.Value))
            {
                if (o.Has(field)) throw new InputException(o.At(field), $"does not apply to a {kindText} benefit");
            }
            var waiting = o.OptionalInt("waitingDays") ?? 0;
            if (waiting < 0) throw new InputException(o.At("waitingDays"), "must not be negative", waiting.ToString(CultureInfo.InvariantCulture));
            var documents = o.StringArray("documents");
            foreach (var (doc, i) in documents.Select((d, i) => (d, i)))
            {
                if (string.IsNullOrWhiteSpace(doc)) throw new InputException($"{o.At("documents")}[{i}]", "must not be empty");
            }
            var benefit = new Benefit(code, kind, waiting, documents.Distinct(StringComparer.Ordinal).ToList());
            benefit = kind switch
            {
                BenefitKind.Fixed => benefit with { Amount = Money(o, "amount", currency, required: true, positive: true)!.Value },
                BenefitKind.PerDay => benefit with { PerDay = Money(o, "perDay", currency, required: true, positive: true)!.Value, MaxDays = PositiveInt(o, "maxDays") },
                _ => benefit with
                {
                    Deductible = Money(o, "deductible", currency, required: false, positive: false) ?? 0m,
                    CoPay = Rate(o, "coPay") ?? 0m,
                    AnnualLimit = Money(o, "annualLimit", currency, required: false, positive: true),
                },
            };
            benefits.Add(benefit);
        }
        return benefits;
    }

    public static ClaimTerms? ParseTerms(StrictObject product, string currency)
    {
        if (product.OptionalObject("claims", "fastTrackLimit", "decideWithin", "investigateWithin", "delayInterestRate") is not { } c) return null;
        return new ClaimTerms(
            Money(c, "fastTrackLimit", currency, required: false, positive: false),
            Clock(c, "decideWithin"),
            Clock(c, "investigateWithin"),
            Rate(c, "delayInterestRate"));
    }

    private static ClaimClock? Clock(StrictObject o, string name)
    {
        if (o.OptionalObject(name, "days", "businessDays") is not { } clock) return null;
        var days = clock.OptionalInt("days");
        var business = clock.OptionalInt("businessDays");
        if (days is null == business is null) throw new InputException(clock.Path, "must give either \"days\" or \"businessDays\"");
        var n = days ?? business!.Value;
        if (n <= 0) throw new InputException(clock.At(days is null ? "businessDays" : "days"), "must be positive", n.ToString(CultureInfo.InvariantCulture));
        return days is null ? ClaimClock.BusinessDaysAfter(n) : ClaimClock.Days(n);
    }

    private static decimal? Money(StrictObject o, string name, string currency, bool required, bool positive)
    {
        if (!o.Has(name))
            return required ? throw new InputException(o.At(name), "is required") : null;
        var amount = o.RequiredMoney(name);
        if (positive ? amount <= 0 : amount < 0)
            throw new InputException(o.At(name), positive ? "must be a positive amount" : "must not be negative", StrictObject.Quote(o.RequiredString(name)));
        if (!Currencies.FitsMinorUnit(amount, currency))
            throw new InputException(o.At(name), $"has more decimals than {currency} allows", StrictObject.Quote(o.RequiredString(name)));
        return amount;
    }

    private static decimal? Rate(StrictObject o, string name)
    {
        var rate = o.OptionalDecimalString(name);
        if (rate is < 0 or > 1) throw new InputException(o.At(name), "must be a rate between \"0\" and \"1\"", rate.Value.ToString(CultureInfo.InvariantCulture));
        return rate;
    }

    private static int? PositiveInt(StrictObject o, string name)
    {
        var value = o.OptionalInt(name);
        if (value <= 0) throw new InputException(o.At(name), "must be positive", value.Value.ToString(CultureInfo.InvariantCulture));
        return value;
    }

    /// <summary>The benefits back in the file's shape (what is stored is what was validated).</summary>
    public static System.Text.Json.Nodes.JsonArray Write(IReadOnlyList<Benefit> benefits, string currency) =>
        new(benefits.Select(b =>
        {
            var o = new System.Text.Json.Nodes.JsonObject { ["code"] = b.Code, ["kind"] = b.Kind.Code() };
            string M(decimal v) => Currencies.Format(v, currency);
            switch (b.Kind)
            {
                case BenefitKind.Fixed:
                    o["amount"] = M(b.Amount);
                    break;
                case BenefitKind.PerDay:
                    o["perDay"] = M(b.PerDay);
                    if (b.MaxDays is { } max) o["maxDays"] = max;
                    break;
                default:
                    o["deductible"] = M(b.Deductible);
                    o["coPay"] = b.CoPay.ToString(CultureInfo.InvariantCulture);
                    if (b.AnnualLimit is { } limit) o["annualLimit"] = M(limit);
                    break;
            }
            o["waitingDays"] = b.WaitingDays;
            o["documents"] = new System.Text.Json.Nodes.JsonArray(b.Documents.Select(d => (System.Text.Json.Nodes.JsonNode?)d).ToArray());
            return (System.Text.Json.Nodes.JsonNode?)o;
        }).ToArray());

    public static System.Text.Json.Nodes.JsonObject Write(ClaimTerms terms, string currency)
    {
        var o = new System.Text.Json.Nodes.JsonObject();
        if (terms.FastTrackLimit is { } limit) o["fastTrackLimit"] = Currencies.Format(limit, currency);
        if (terms.DecideWithin is { } d) o["decideWithin"] = Clock(d);
        if (terms.InvestigateWithin is { } i) o["investigateWithin"] = Clock(i);
        if (terms.DelayInterestRate is { } r) o["delayInterestRate"] = r.ToString(CultureInfo.InvariantCulture);
        return o;
    }

    private static System.Text.Json.Nodes.JsonObject Clock(ClaimClock clock) =>
        new() { [clock.BusinessDays ? "businessDays" : "days"] = clock.Count };
}
