using System.Text.Json;
using PolicyCare.Billing;
using PolicyCare.Calendars;
using PolicyCare.Delinquency;
using PolicyCare.Json;
using PolicyCare.Policies;

namespace PolicyCare.Scenarios;

/// <summary>Something that happens at the start of a scenario day, before that day's cycle.</summary>
public abstract record ScenarioEvent(DateOnly Date, int Order)
{
    /// <summary>
    /// Within a day: contacts and mandates change first, then the bank's debit results, then
    /// reinstatement applications (so a payment the same day counts towards the quote), then
    /// underwriting, then payments.
    /// </summary>
    public abstract int Rank { get; }
}
public sealed record ContactInvalidEvent(DateOnly Date, int Order, string Customer, ContactKind Kind) : ScenarioEvent(Date, Order) { public override int Rank => 0; }
public sealed record MandateRevokedEvent(DateOnly Date, int Order, string Policy) : ScenarioEvent(Date, Order) { public override int Rank => 1; }
public sealed record DebitFailedEvent(DateOnly Date, int Order, string Policy, DebitFailureReason Reason, bool InsurerFault) : ScenarioEvent(Date, Order) { public override int Rank => 2; }
public sealed record ReinstatementRequestEvent(DateOnly Date, int Order, string Policy, HealthDeclaration Declaration) : ScenarioEvent(Date, Order) { public override int Rank => 3; }
public sealed record UnderwritingDecisionEvent(DateOnly Date, int Order, string Policy, bool Approved) : ScenarioEvent(Date, Order) { public override int Rank => 4; }
/// <summary>The customer accepts or declines the renewal offer, or locks the rate: after debit results, before payments.</summary>
public sealed record RenewalEvent(DateOnly Date, int Order, string Policy, PolicyCommand Command) : ScenarioEvent(Date, Order) { public override int Rank => 4; }
public sealed record PaymentEvent(DateOnly Date, int Order, string Policy, decimal Amount, string Method) : ScenarioEvent(Date, Order) { public override int Rank => 5; }

/// <summary>A scenario file (SCENARIOS.md), fully validated before anything runs.</summary>
public sealed record Scenario(DateOnly Start, DateOnly End, string Market, string? CalendarJson, Book Book, IReadOnlyList<ScenarioEvent> Events)
{
    public static readonly string[] Fields = ["start", "end", "market", "calendar", "products", "customers", "employers", "policies", "events"];

    public static Scenario Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            throw new InputException($"$ (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})", "is not valid JSON: " + e.Message.Split(" Path:")[0]);
        }
        using (doc)
        {
            var root = new StrictObject(doc.RootElement, "$", Fields);
            var start = root.RequiredDate("start");
            var end = root.RequiredDate("end");
            if (end < start) throw new InputException(root.At("end"), "is before start", StrictObject.Quote(end.ToString("yyyy-MM-dd", null)));
            var market = root.OptionalString("market") ?? "NONE";
            if (!CalendarData.Markets.Contains(market))
                throw new InputException(root.At("market"), "must be CN, KR or NONE", StrictObject.Quote(market));
            string? calendarJson = null;
            if (root.Raw("calendar") is { } calendar)
            {
                BookSettings.ParseCalendar(calendar, root.At("calendar"), "custom");
                calendarJson = calendar.GetRawText();
            }
            var book = Book.Parse(root);
            var events = ParseEvents(root, book, start, end);
            return new Scenario(start, end, market, calendarJson, book, events);
        }
    }

    private static List<ScenarioEvent> ParseEvents(StrictObject root, Book book, DateOnly start, DateOnly end)
    {
        var policies = book.Policies.ToDictionary(p => p.Record.Number, StringComparer.Ordinal);
        var customers = book.Customers.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var events = new List<ScenarioEvent>();
        var claims = new ClaimEventReader(book);
        var order = 0;
        foreach (var (item, path) in root.Array("events"))
        {
            if (item.ValueKind != JsonValueKind.Object) throw new InputException(path, "must be an object", StrictObject.Show(item));
            var type = item.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : null;
            string[] fields = type switch
            {
                "payment" => ["date", "type", "policy", "amount", "method"],
                "debit-failed" => ["date", "type", "policy", "reason", "insurerFault"],
                "mandate-revoked" => ["date", "type", "policy"],
                "reinstatement-request" => ["date", "type", "policy", "healthDeclaration"],
                "underwriting-decision" => ["date", "type", "policy", "decision"],
                "contact-invalid" => ["date", "type", "customer", "channel"],
                "renewal-accepted" or "renewal-declined" or "rate-lock" => ["date", "type", "policy"],
                not null when ClaimEventReader.Fields.TryGetValue(type, out var claimFields) => claimFields,
                _ => throw new InputException($"{path}.type",
                    "must be payment, debit-failed, mandate-revoked, reinstatement-request, underwriting-decision, contact-invalid, claim, claim-documents, claim-investigation, claim-decision, claim-withdrawn, renewal-accepted, renewal-declined or rate-lock",
                    type is null ? (t.ValueKind == JsonValueKind.Undefined ? "nothing" : StrictObject.Show(t)) : StrictObject.Quote(type)),
            };
            var o = new StrictObject(item, path, fields);
            var date = o.RequiredDate("date");
            if (date < start || date > end)
                throw new InputException(o.At("date"), $"is outside the scenario ({start:yyyy-MM-dd} to {end:yyyy-MM-dd})", StrictObject.Quote(o.RequiredString("date")));
            order++;

            string Policy()
            {
                var number = o.RequiredString("policy");
                return policies.ContainsKey(number) ? number : throw new InputException(o.At("policy"), "names no policy in the file", StrictObject.Quote(number));
            }

            events.Add(type switch
            {
                "payment" => Payment(o, date, order, Policy(), policies, book),
                "debit-failed" => new DebitFailedEvent(date, order, Policy(),
                    DebitFailureReasons.TryParse(o.RequiredString("reason"), out var reason) ? reason
                        : throw new InputException(o.At("reason"), "must be insufficient-funds, account-closed, mandate-revoked, invalid-account or technical-error", StrictObject.Quote(o.RequiredString("reason"))),
                    o.OptionalBool("insurerFault") ?? false),
                "mandate-revoked" => new MandateRevokedEvent(date, order, Policy()),
                "reinstatement-request" => new ReinstatementRequestEvent(date, order, Policy(), o.OptionalString("healthDeclaration") switch
                {
                    null => HealthDeclaration.None,
                    "clean" => HealthDeclaration.Clean,
                    "adverse" => HealthDeclaration.Adverse,
                    var other => throw new InputException(o.At("healthDeclaration"), "must be clean or adverse", StrictObject.Quote(other)),
                }),
                "underwriting-decision" => new UnderwritingDecisionEvent(date, order, Policy(), o.RequiredString("decision") switch
                {
                    "approved" => true,
                    "declined" => false,
                    var other => throw new InputException(o.At("decision"), "must be approved or declined", StrictObject.Quote(other)),
                }),
                "contact-invalid" => ContactInvalid(o, date, order, customers),
                "renewal-accepted" => new RenewalEvent(date, order, RenewablePolicy(o, Policy(), policies, book), new AcceptRenewal(RenewalConsent)),
                "renewal-declined" => new RenewalEvent(date, order, RenewablePolicy(o, Policy(), policies, book), new DeclineRenewal()),
                "rate-lock" => new RenewalEvent(date, order, RenewablePolicy(o, Policy(), policies, book), new LockRate()),
                _ => claims.Read(type!, o, date, order, Policy),
            });
        }
        claims.CheckReferences();
        return events;
    }

    /// <summary>The consent a scenario's one-click acceptance stands for (the portal records the words it showed).</summary>
    private const string RenewalConsent = "scenario: renewal-accepted";

    /// <summary>A renewal event names a policy of a one-year product with renewal terms (a rate lock on a product without lock years locks nothing).</summary>
    private static string RenewablePolicy(StrictObject o, string number, Dictionary<string, BookPolicy> policies, Book book)
    {
        var product = book.Products.First(p => p.Code == policies[number].Record.ProductCode);
        if (product.Term != PolicyTerm.Short || product.Renewal is null)
            throw new InputException(o.At("policy"), $"names a policy of product {product.Code}, which has no renewal terms", StrictObject.Quote(number));
        return number;
    }

    private static PaymentEvent Payment(StrictObject o, DateOnly date, int order, string policy, Dictionary<string, BookPolicy> policies, Book book)
    {
        var amount = o.RequiredMoney("amount");
        var currency = book.Products.First(p => p.Code == policies[policy].Record.ProductCode).Currency;
        if (amount <= 0) throw new InputException(o.At("amount"), "must be a positive amount", StrictObject.Quote(o.RequiredString("amount")));
        if (!Currencies.FitsMinorUnit(amount, currency))
            throw new InputException(o.At("amount"), $"has more decimals than {currency} allows", StrictObject.Quote(o.RequiredString("amount")));
        return new PaymentEvent(date, order, policy, amount, o.OptionalString("method") ?? "unspecified");
    }

    private static ContactInvalidEvent ContactInvalid(StrictObject o, DateOnly date, int order, HashSet<string> customers)
    {
        var customer = o.RequiredString("customer");
        if (!customers.Contains(customer)) throw new InputException(o.At("customer"), "names no customer in the file", StrictObject.Quote(customer));
        var channel = o.RequiredString("channel");
        var kind = Contacts.KindOf(channel)
            ?? throw new InputException(o.At("channel"), "must be sms, email, wechat, kakao, push, voice, agent-call or letter", StrictObject.Quote(channel));
        return new ContactInvalidEvent(date, order, customer, kind);
    }
}
