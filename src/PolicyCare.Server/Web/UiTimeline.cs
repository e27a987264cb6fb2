using System.Globalization;
using System.Text.Json.Nodes;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;

namespace PolicyCare.Web;

public static partial class Ui
{
    /// <summary>A timeline entry in a sentence an agent reads aloud: "Payment received: CNY 2,800.00 by WeChat Pay".</summary>
    public static string TimelineText(TimelineEntry entry, string currency)
    {
        JsonObject data;
        try
        {
            data = JsonNode.Parse(entry.Data) as JsonObject ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            data = [];
        }
        string S(string name) => data[name]?.ToString() ?? "";
        string M(string name) => decimal.TryParse(S(name), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) ? Money(amount, currency) : S(name);
        return entry.Kind switch
        {
            "status" => T("Status: {0} → {1}", Status(S("from")), Status(S("to"))),
            "payment" => T("Payment received: {0} by {1}", M("amount"), PaymentMethodName(S("method"))),
            "debit" => S("result") switch
            {
                "paid" => T("Auto-debit collected {0}", M("amount")),
                "requested" => T("Auto-debit of {0} requested from the bank", M("amount")),
                var reason => T("Auto-debit of {0} failed: {1}", M("amount"), DebitFailureName(reason)),
            },
            "notice" => Stages.Table.TryParse(S("stage"), out var stage) && Channels.Table.TryParse(S("channel"), out var channel)
                ? T("Notice: {0} by {1}", StageName(stage), ChannelName(channel)) : T("Notice"),
            "incentive" => T("On-time payment rewarded: {0} points", S("points")),
            "interest-collected" => T("Reinstatement interest collected: {0}", M("amount")),
            "interest-waived" => T("Interest of {0} waived by {1}: {2}", M("amount"), S("by"), S("reason")),
            "mandate-created" => T("Auto-debit set up"),
            "mandate-revoked" => T("Auto-debit stopped"),
            "rebind-guidance" => T("Asked to link another account after {0} failed debits", S("consecutiveFailures")),
            "reinstatement-quote" => T("Reinstatement quoted: {0}, valid until {1}", M("total"),
                DateOnly.TryParse(S("validUntil"), CultureInfo.InvariantCulture, out var until) ? Date(until) : S("validUntil")),
            "reinstatement-referred" => T("Health declaration referred to underwriting"),
            "underwriting-decision" => (S("decision") == "approved" ? T("Underwriting approved the reinstatement") : T("Underwriting declined the reinstatement"))
                + (S("reason") is { Length: > 0 } why ? $": {why}" : ""),
            "payment-plan-agreed" => T("Payment plan agreed: {0} in {1} parts", M("amount"), S("parts")),
            "payment-plan-completed" => T("Payment plan completed"),
            "payment-holiday-granted" => T("More time granted until {0}",
                DateOnly.TryParse(S("until"), CultureInfo.InvariantCulture, out var holiday) ? Date(holiday) : S("until")),
            "case" => T("Customer contact: {0}", CaseTypeName(S("type"))),
            "claim" => T("Claim {0}: {1}", S("claim"), ClaimStepName(S("stage"))),
            _ => entry.Kind,
        };
    }

    public static string PaymentMethodName(string method) => method switch
    {
        "auto-debit" => T("Auto-debit"),
        "portal-card" or "card" or Billing.PaymentProviders.Sandbox => T("Card, online"),
        "wechat-pay" => T("WeChat Pay"),
        "alipay" => T("Alipay"),
        "kakaopay" => T("KakaoPay"),
        "cash" => T("Cash"),
        "bank-transfer" => T("Bank transfer"),
        "claim-deduction" => T("Deducted from a claim"),
        _ => method,
    };

    public static string DebitFailureName(string code) => code switch
    {
        "insufficient-funds" => T("insufficient funds"),
        "account-closed" => T("account closed"),
        "mandate-revoked" => T("auto-debit stopped by the customer"),
        "invalid-account" => T("invalid account"),
        _ => T("a technical error at the bank"),
    };

    public static string CaseTypeName(string type) => type switch
    {
        "complaint" => T("Complaint"),
        "question" => T("Question"),
        "tracing" => T("Tracing an unreachable customer"),
        _ => type,
    };

    /// <summary>A reference a customer can read out on the phone: Q for a question, C for a complaint, T for tracing, and the case number.</summary>
    public static string CaseReference(Cases.CaseRecord request) =>
        $"{request.Type switch { "complaint" => "C", "question" => "Q", _ => "T" }}-{request.Id.ToString("000000", CultureInfo.InvariantCulture)}";

    public static string PartyRoleName(PartyRole role) => role switch
    {
        PartyRole.Holder => T("Holder"),
        PartyRole.Insured => T("Insured person"),
        _ => T("Group member"),
    };
}
