using System.Globalization;
using PolicyCare.Billing;
using PolicyCare.Claims;
using PolicyCare.Json;
using PolicyCare.Policies;

namespace PolicyCare.Scenarios;

/// <summary>A claim submitted; after the day's payments, so a payment the same day counts before any deduction.</summary>
public sealed record ClaimEvent(DateOnly Date, int Order, string Claim, string Policy, string Benefit, DateOnly Incurred, ClaimedLoss Loss, IReadOnlyList<string> Documents)
    : ScenarioEvent(Date, Order) { public override int Rank => 6; }
public sealed record ClaimDocumentsEvent(DateOnly Date, int Order, string Claim, IReadOnlyList<string> Documents) : ScenarioEvent(Date, Order) { public override int Rank => 7; }
public sealed record ClaimInvestigationEvent(DateOnly Date, int Order, string Claim, string Reason) : ScenarioEvent(Date, Order) { public override int Rank => 8; }
public sealed record ClaimDecisionEvent(DateOnly Date, int Order, string Claim, ClaimDecision Decision, decimal? Amount, string? Reason) : ScenarioEvent(Date, Order) { public override int Rank => 9; }
public sealed record ClaimWithdrawnEvent(DateOnly Date, int Order, string Claim) : ScenarioEvent(Date, Order) { public override int Rank => 10; }

/// <summary>The claim events of a scenario file (SCENARIOS.md, claim events), each checked against the book and the claims before it.</summary>
internal sealed class ClaimEventReader(Book book)
{
    public static readonly Dictionary<string, string[]> Fields = new(StringComparer.Ordinal)
    {
        ["claim"] = ["date", "type", "claim", "policy", "benefit", "incurred", "amount", "days", "documents"],
        ["claim-documents"] = ["date", "type", "claim", "documents"],
        ["claim-investigation"] = ["date", "type", "claim", "reason"],
        ["claim-decision"] = ["date", "type", "claim", "decision", "amount", "reason"],
        ["claim-withdrawn"] = ["date", "type", "claim"],
    };

    /// <summary>Each claim's submission date and product, to check the events that name it.</summary>
    private readonly Dictionary<string, (DateOnly On, Product Product)> _claims = new(StringComparer.Ordinal);

    public ScenarioEvent Read(string type, StrictObject o, DateOnly date, int order, Func<string> policy) => type switch
    {
        "claim" => Claim(o, date, order, policy()),
        "claim-documents" => new ClaimDocumentsEvent(date, order, Known(o, date), Documents(o, required: true)),
        "claim-investigation" => new ClaimInvestigationEvent(date, order, Known(o, date), Text(o, "reason")),
        "claim-decision" => Decision(o, date, order),
        _ => new ClaimWithdrawnEvent(date, order, Known(o, date)),
    };

    private ClaimEvent Claim(StrictObject o, DateOnly date, int order, string policyNumber)
    {
        var id = Text(o, "claim");
        if (_claims.ContainsKey(id)) throw new InputException(o.At("claim"), "is used by an earlier claim", StrictObject.Quote(id));
        var policy = book.Policies.Single(p => p.Record.Number == policyNumber).Record;
        var product = book.Products.Single(p => p.Code == policy.ProductCode);
        if (product.Benefits is null)
            throw new InputException(o.At("policy"), $"is on product {product.Code}, which has no benefits and takes no claims", StrictObject.Quote(policyNumber));
        var code = o.RequiredString("benefit");
        var benefit = product.Benefit(code)
            ?? throw new InputException(o.At("benefit"), $"is not a benefit of product {product.Code} ({string.Join(", ", product.Benefits.Select(b => b.Code))})", StrictObject.Quote(code));
        var incurred = o.RequiredDate("incurred");
        if (incurred > date) throw new InputException(o.At("incurred"), "is after the day the claim is made", StrictObject.Quote(o.RequiredString("incurred")));
        if (incurred < policy.Start) throw new InputException(o.At("incurred"), $"is before the policy started ({policy.Start:yyyy-MM-dd})", StrictObject.Quote(o.RequiredString("incurred")));
        decimal? amount = null;
        if (o.Has("amount") || benefit.Kind == BenefitKind.Reimbursement)
        {
            amount = o.RequiredMoney("amount");
            if (amount < 0) throw new InputException(o.At("amount"), "must not be negative", StrictObject.Quote(o.RequiredString("amount")));
            if (!Currencies.FitsMinorUnit(amount.Value, product.Currency))
                throw new InputException(o.At("amount"), $"has more decimals than {product.Currency} allows", StrictObject.Quote(o.RequiredString("amount")));
        }
        int? days = null;
        if (o.Has("days") || benefit.Kind == BenefitKind.PerDay)
        {
            days = o.OptionalInt("days") ?? throw new InputException(o.At("days"), $"is required for a per-day benefit ({code})");
            if (days <= 0) throw new InputException(o.At("days"), "must be a positive number of days", days.Value.ToString(CultureInfo.InvariantCulture));
        }
        _claims[id] = (date, product);
        return new ClaimEvent(date, order, id, policyNumber, code, incurred, new ClaimedLoss(amount, days), Documents(o, required: false));
    }

    private ClaimDecisionEvent Decision(StrictObject o, DateOnly date, int order)
    {
        var id = Known(o, date);
        var text = o.RequiredString("decision");
        if (!ClaimDecisions.Table.TryParse(text, out var decision))
            throw new InputException(o.At("decision"), "must be approved, partial or declined", StrictObject.Quote(text));
        decimal? amount = null;
        if (decision == ClaimDecision.Partial)
        {
            amount = o.RequiredMoney("amount");
            if (amount <= 0) throw new InputException(o.At("amount"), "must be a positive amount (decline the claim instead)", StrictObject.Quote(o.RequiredString("amount")));
            _amounts.Add((o.At("amount"), id, amount.Value, o.RequiredString("amount")));
        }
        else if (o.Has("amount"))
        {
            throw new InputException(o.At("amount"), $"is only for a partial decision (an {text} claim's benefit follows from the product)");
        }
        var reason = o.OptionalString("reason");
        if (decision != ClaimDecision.Approved && string.IsNullOrWhiteSpace(reason))
            throw new InputException(o.At("reason"), $"is required for a {text} decision: the customer is told why");
        return new ClaimDecisionEvent(date, order, id, decision, amount, reason);
    }

    /// <summary>References to claims, checked once every event is read (a file need not list its events in date order).</summary>
    private readonly List<(string Path, string Id, DateOnly On)> _references = [];
    private readonly List<(string Path, string Id, decimal Amount, string Text)> _amounts = [];

    private string Known(StrictObject o, DateOnly date)
    {
        var id = o.RequiredString("claim");
        _references.Add((o.At("claim"), id, date));
        return id;
    }

    /// <summary>Every event that names a claim names one submitted on or before its day, and a partial amount fits the claim's currency.</summary>
    public void CheckReferences()
    {
        foreach (var (path, id, on) in _references)
        {
            if (!_claims.TryGetValue(id, out var claim)) throw new InputException(path, "names no claim submitted by a claim event", StrictObject.Quote(id));
            if (claim.On > on) throw new InputException(path, $"names a claim submitted later ({claim.On:yyyy-MM-dd})", StrictObject.Quote(id));
        }
        foreach (var (path, id, amount, text) in _amounts)
        {
            var currency = _claims[id].Product.Currency;
            if (!Currencies.FitsMinorUnit(amount, currency)) throw new InputException(path, $"has more decimals than {currency} allows", StrictObject.Quote(text));
        }
    }

    private static string Text(StrictObject o, string name)
    {
        var text = o.RequiredString(name);
        return string.IsNullOrWhiteSpace(text) ? throw new InputException(o.At(name), "must not be empty") : text;
    }

    private static IReadOnlyList<string> Documents(StrictObject o, bool required)
    {
        if (required && !o.Has("documents")) throw new InputException(o.At("documents"), "is required");
        var documents = o.StringArray("documents");
        foreach (var (doc, i) in documents.Select((d, i) => (d, i)))
        {
            if (string.IsNullOrWhiteSpace(doc)) throw new InputException($"{o.At("documents")}[{i}]", "must not be empty");
        }
        return documents;
    }
}
