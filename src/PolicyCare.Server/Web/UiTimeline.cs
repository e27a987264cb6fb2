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
            // Premium taken from a claim's benefit is not a payment the customer made by some method.
            "payment" when S("method") == "claim-deduction" => T("Premium of {0} paid from a claim's benefit", M("amount")),
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
            "case" => CaseEventText(data),
            "endorsement" => (S("kind") switch
            {
                "mobile" => T("Mobile number changed, from {0}", Date(DateOnly.ParseExact(S("effectiveOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture))),
                "email" => T("Email changed, from {0}", Date(DateOnly.ParseExact(S("effectiveOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture))),
                "payment-method" => T("Payment method changed, from {0}", Date(DateOnly.ParseExact(S("effectiveOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture))),
                "renewal" => T("Renewal confirmed in writing, from {0}", Date(DateOnly.ParseExact(S("effectiveOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture))),
                "beneficiaries" => T("Beneficiaries changed, from {0}", Date(DateOnly.ParseExact(S("effectiveOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture))),
                "sum-insured" => T("Sum insured changed, from {0}", Day(S("effectiveOn"))),
                "payment-frequency" => T("Payment frequency changed, from {0}", Day(S("effectiveOn"))),
                "payment-term" => T("Payment term changed, from {0}", Day(S("effectiveOn"))),
                "cover-term" => T("Cover term changed, from {0}", Day(S("effectiveOn"))),
                _ => T("Policy details changed, from {0}", Day(S("effectiveOn"))),
            })
                // A change of cover or payments says what the customer pays after it, so the agent need not open the endorsement.
                + (S("installment") is { Length: > 0 } && Policies.Frequencies.TryParse(S("frequency"), out var paid)
                    ? " · " + T("premium {0}, {1}", M("installment"), Frequency(paid).ToLower(CultureInfo.CurrentCulture)) : "")
                + (S("reference") is { Length: > 0 } endorsement ? $" · {endorsement}" : ""),
            // A request that waits on someone (underwriting, the policy system) says where it stands, in the agent's words.
            "change-request" => S("status") switch
            {
                Servicing.CoverChangeDesk.Underwriting => T("Request {0} to change the {1}: with underwriting, decision by {2}", S("reference"), ChangeKindName(S("kind")), Day(S("decideBy"))),
                Servicing.CoverChangeDesk.Sent => T("Request {0} to change the {1}: sent to the policy administration system", S("reference"), ChangeKindName(S("kind"))),
                Servicing.CoverChangeDesk.Applied => T("Request {0} to change the {1}: approved and made", S("reference"), ChangeKindName(S("kind"))),
                Servicing.CoverChangeDesk.Declined => T("Request {0} to change the {1}: declined", S("reference"), ChangeKindName(S("kind"))),
                _ => T("Request {0} to change the {1}", S("reference"), ChangeKindName(S("kind"))),
            },
            "explanation" => T("Exclusions explained: {0} clauses, {1}", S("clauses"), PolicyCare.Web.Components.ClauseList.MethodName(S("method"))),
            "claim" => T("Claim {0}: {1}", S("claim"), ClaimStepName(Claims.ClaimStepView.From(entry.On, data))),
            Claims.ClaimReferrals.TimelineKind => T("Claim {0}: referred to a supervisor by {1}, recommending {2}", S("claim"), S("by"), RecommendationName(S("decision"))),
            "renewal-offer" => S("offered") == "false"
                ? T("Renewal on {0} not offered: the insured is past the product's maximum age", Day(S("renewalDate")))
                : T("Renewal on {0} offered at {1} (this year {2})", Day(S("renewalDate")), M("premium"), M("previousPremium")),
            "renewal" => S("result") switch
            {
                "renewed" => T("Renewed on {0} at {1}", Day(S("renewalDate")), M("premium")),
                "declined" => T("Ended on {0}: the customer declined the renewal", Day(S("renewalDate"))),
                // An offered premium is never zero: an end without one is the maximum age's (SCENARIOS.md's line has no reason field).
                _ when decimal.TryParse(S("premium"), NumberStyles.Number, CultureInfo.InvariantCulture, out var p) && p == 0m => T("Ended on {0}: past the product's maximum age, no renewal was offered", Day(S("renewalDate"))),
                _ => T("Ended on {0}: not renewed", Day(S("renewalDate"))),
            },
            "renewal-accepted" => T("Renewal on {0} accepted at {1}", Day(S("renewalDate")), M("premium")),
            "renewal-declined" => T("Customer declined the renewal on {0}", Day(S("renewalDate")))
                + (S("reason") is { Length: > 0 } declineReason ? $": {RenewalDeclineReason(declineReason)}" : ""),
            "rate-lock" => T("Premium locked at {0} for {1} renewals", M("premium"), S("renewals")),
            "inspection-scheduled" => T("Loss-prevention inspection scheduled, due by {0}", Day(S("dueOn"))),
            "inspection" => T("Inspected on {0}: {1} written recommendations sent", Day(S("inspectedOn")), S("recommendations")),
            "inspection-follow-up" => T("Recommendation {0} carried out", S("recommendation")) + (S("closed") == "true" ? " · " + T("inspection closed") : ""),
            "policy-review" => T("Policy review sent: {0}", string.Join(ListSeparator, (data["points"]?.AsArray() ?? []).Select(p => ReviewPointName(p?.GetValue<string>() ?? "")))),
            "renewal-on-credit" => T("Renewal on {0} on credit: cover continues while the premium is collected until {1}", Day(S("renewalDate")), Day(S("collectBy"))),
            _ => entry.Kind,
        };
    }

    /// <summary>What a change request changes, in the page's language (the words of the customer's letters).</summary>
    public static string ChangeKindName(string kind) => ChangeTemplates.KindText(kind, Locale);

    private static string Day(string iso) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? Date(day) : iso;

    /// <summary>A policy review's suggestion, in a few words.</summary>
    public static string ReviewPointName(string code) => code switch
    {
        "age-band" => T("new age band"),
        "cover-below-suggested" => T("cover below the suggested level"),
        "new-members" => T("new group members"),
        _ => T("check the details"),
    };

    /// <summary>Why a customer declined a renewal, in words.</summary>
    public static string RenewalDeclineReason(string code) => code switch
    {
        "price" => T("The premium is too high"),
        "cover" => T("The cover no longer fits my needs"),
        "elsewhere" => T("I found cover elsewhere"),
        "service" => T("I was not happy with the service"),
        "other" => T("Another reason"),
        _ => T("No reason given"),
    };

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
        "question" or "inquiry" => T("Question"),
        "tracing" => T("Tracing an unreachable customer"),
        _ => type,
    };

    /// <summary>A reference a customer can read out on the phone: Q for a question, C for a complaint, T for tracing, and the case number.</summary>
    public static string CaseReference(Cases.CaseRecord request) => Cases.CaseDesk.Reference(request);


    public static string CaseCategoryName(string code) => code switch
    {
        "notice" => T("A notice we sent"),
        "premium-debit" => T("Premium or debit"),
        "claim" => T("A claim"),
        "renewal-price" => T("Renewal price"),
        "sales-misconduct" => T("How the policy was sold"),
        "unclear-terms" => T("Unclear policy terms"),
        "service-attitude" => T("How we treated you"),
        _ => T("Something else"),
    };

    public static string CaseChannelName(string? code) => code switch
    {
        "phone" => T("Phone"),
        "email" => T("Email"),
        "api" => T("Partner system"),
        _ => T("Portal"),
    };

    /// <summary>A line of a case's history (a timeline row of kind "case").</summary>
    public static string CaseEventText(System.Text.Json.Nodes.JsonNode data)
    {
        string S(string name) => data[name]?.ToString() ?? "";
        return S("event") switch
        {
            "transfer-offered" => T("Offered to {0}: {1}", S("to"), S("reason")),
            "transferred" => T("Taken over by {0}", S("to")),
            "extended" => T("Deadline extended to {0} days: {1}", S("days"), S("reason")),
            "asked-customer" => T("Asked the customer: {0}", S("question")),
            "customer-replied" => T("Customer wrote: {0}", S("message")),
            // A question's answer has no verdict to add ("Answered: answered" in Chinese and Korean); a complaint's has.
            "answered" => Cases.CaseCodes.Decisions.TryParse(S("decision"), out var verdict) && verdict != Cases.CaseDecision.Answered
                ? T("Answered: {0}", CaseDecisionText(S("decision"))) : T("Answered"),
            "reopened" => T("Reopened: {0}", S("reason")),
            _ => T("Customer contact: {0}", CaseTypeName(S("type"))),
        };
    }

    /// <summary>Why a case step was refused, by the field the desk names.</summary>
    public static string? RefusedText(string? field) => field switch
    {
        null => null,
        "owner" => T("Only the case's owner can do that."),
        "reason" => T("Give the reason."),
        "answer" => T("Write the answer with its reasons (a few sentences)."),
        "to" => T("Choose another service agent or supervisor."),
        "days" => T("That extension is not possible for this case."),
        "approvedBy" => T("An extension to 60 days needs a supervisor."),
        "transfer" => T("No transfer of this case is waiting for you."),
        "status" => T("The case is already answered, or still open."),
        "policy" => T("No such policy."),
        "decision" => T("Choose the decision."),
        "rootCause" => T("Choose the root cause."),
        "category" => T("Choose what it is about and the topic."),
        "question" => T("Write what you asked the customer."),
        _ => T("Write a few words."),
    };

    public static string? DoneText(string? action) => action switch
    {
        "opened" => T("The case is open and yours."),
        "transfer" => T("The case is offered; it stays yours until it is accepted."),
        "accept" => T("The case is yours now."),
        "extend" => T("The deadline is extended."),
        "wait" => T("The case waits for the customer's reply."),
        "answer" => T("The answer is sent and the case is closed."),
        "reopen" => T("The case is open again."),
        _ => null,
    };

    public static string CaseDecisionText(string? decision) =>
        Cases.CaseCodes.Decisions.TryParse(decision, out var d) ? Capital(Notices.CaseTemplates.DecisionText(d, Locale)) : "";

    /// <summary>Where to go when the answer does not settle it, in the words of the answer's notice.</summary>
    public static string CaseRoute(string? market) => Notices.CaseTemplates.Route(new Notices.CaseFacts("", market ?? "", true, ""), Locale).Trim();

    private static string Capital(string text) => text.Length > 0 ? char.ToUpperInvariant(text[0]) + text[1..] : text;

    public static string PartyRoleName(PartyRole role) => role switch
    {
        PartyRole.Holder => T("Holder"),
        PartyRole.Insured => T("Insured person"),
        _ => T("Group member"),
    };
}
