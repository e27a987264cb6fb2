using PolicyCare.Claims;
using PolicyCare.Notices;

namespace PolicyCare.Web;

/// <summary>Claims in the reader's words: stages, benefits, documents, flags and reasons.</summary>
public static partial class Ui
{
    /// <param name="staff">Office pages: the documents awaited are the customer's, not the reader's.</param>
    public static string ClaimStageName(string stage, bool staff = false) => stage switch
    {
        "submitted" => T("Received"),
        "information-requested" => staff ? T("Waiting for the customer's documents") : T("Waiting for your documents"),
        "documents-complete" => T("Being assessed"),
        "investigation" => T("Under investigation"),
        "overdue" => T("Past its deadline"),
        ClaimReferrals.WaitingStage => T("Waiting for a supervisor"),
        "decided" => T("Decided"),
        "paid" => T("Paid"),
        "closed" => T("Closed"),
        _ => stage,
    };

    /// <summary>A step of a claim's timeline, as the customer's tracker and the agent's timeline say it.</summary>
    public static string ClaimStepName(ClaimStepView step) => step.NothingPaidOut
        // No payout was instructed, so the step must not say one was; why (the premiums owed, a deductible) is the decision's to say.
        ? T("Nothing to pay out")
        : ClaimStepName(step.Stage);

    /// <summary>A claim's stage as a step (the tracker's names).</summary>
    public static string ClaimStepName(string stage) => stage switch
    {
        "submitted" => T("Claim received"),
        "information-requested" => T("Documents requested"),
        "documents-complete" => T("Documents complete"),
        "investigation" => T("Investigation opened"),
        "overdue" => T("Deadline passed: we are late, and interest is added to your payment"),
        "decided" => T("Decided"),
        // The step is the payout's instruction; the bank's transfer and confirmation come later (the claim page says which).
        "paid" => T("Payment on its way"),
        _ => T("Closed"),
    };

    public static string BenefitName(string code) => code switch
    {
        "DEATH" => T("Death benefit"),
        "CI" => T("Critical illness"),
        "HOSP" => T("Hospital cash (per day)"),
        "MED" => T("Medical expenses"),
        "SILSON" => T("Actual medical expenses (silson)"),
        _ => code,
    };

    /// <summary>A document's name as the customer's notices give it.</summary>
    /// <summary>An amount of a claim's view (written invariantly, as the API gives it) as a number.</summary>
    public static decimal Amount(string amount) => decimal.Parse(amount, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A document's name as a page lists it: capitalised, where notices write it inside a sentence.</summary>
    public static string DocumentName(string code) => code == ClaimIntake.OtherDocument ? T("Other document")
        : ClaimTemplates.DocumentName(code, Locale) is { Length: > 0 } name ? char.ToUpper(name[0], System.Globalization.CultureInfo.InvariantCulture) + name[1..] : code;

    /// <summary>
    /// A claim's heading: a decided claim by its payment or its decision — never "closed" while the money is still on its
    /// way (the stage the scenario format calls closed covers that time too).
    /// </summary>
    public static string ClaimStandingName(ClaimView v, bool staff = false) =>
        v.Withdrawn ? T("Withdrawn by the claimant")
        : v.Payment?.Status switch
        {
            ClaimPayouts.Instructed or ClaimPayouts.InFile => T("Approved: payment on its way"),
            ClaimPayouts.Confirmed => T("Paid into the account"),
            ClaimPayouts.Rejected => T("Approved: the bank returned the payment"),
            _ => v.Decision is { } d && v.ClosedOn is not null ? DecisionName(d.Decision)
                // A referral is the office's own step: the customer's claim is still being assessed.
                : staff && ClaimReferrals.IsWaiting(v.Route, v.Decision is not null, v.ClosedOn) ? T("Waiting for a supervisor")
                : ClaimStageName(v.Stage, staff),
        };

    public static string DecisionName(string decision) => decision switch
    {
        "approved" => T("Approved in full"),
        "partial" => T("Approved in part"),
        "declined" => T("Declined"),
        _ => decision,
    };

    /// <summary>A decision as what someone recommends, inside a sentence ("recommends approval in full").</summary>
    public static string RecommendationName(string decision) => decision switch
    {
        "approved" => T("approval in full"),
        "partial" => T("approval in part"),
        "declined" => T("declining the claim"),
        _ => decision,
    };

    /// <summary>A reason code in plain words, as the decision notice says it; a reason given as free text (a scenario's) is shown as written.</summary>
    public static string ReasonText(string reason) => ClaimTemplates.ReasonText(reason, Locale) is var text && text.Length > 0 ? char.ToUpperInvariant(text[0]) + text[1..] + (Locale == "en-US" ? "." : Locale == "zh-CN" ? "。" : ".") : reason;

    /// <summary>A flag with the fact that raised it, for the handler.</summary>
    public static string FlagText(ClaimFlagView f) => f.Flag switch
    {
        "waiting-period" => T("Waiting period: the benefit covers losses from {0}.", Date(f.Date)),
        "not-in-force" => T("Not in force on the day of the loss (status: {0}).", Status(f.Status ?? "")),
        "duplicate-document" => T("The same document (by its SHA-256) is on claim {0}.", f.OtherClaim ?? ""),
        "early-claim" => T("The loss came within 90 days of the start or reinstatement on {0}.", Date(f.Date)),
        "amount-above-history" => T("The benefit is more than 3 times the usual amount for this benefit ({0}).", f.Amount ?? ""),
        "frequent-claims" => T("{0} claims on this policy within 30 days.", f.Count ?? 0),
        _ => f.Flag,
    };

    public static string PayoutStatusName(string status) => status switch
    {
        ClaimPayouts.Instructed => T("Payment on its way: being prepared for the bank"),
        ClaimPayouts.InFile => T("Payment on its way: sent to the bank"),
        ClaimPayouts.Confirmed => T("Paid into your account"),
        ClaimPayouts.Rejected => T("Returned by the bank"),
        _ => status,
    };

    /// <summary>Where to take a dispute after our own review, by the policy's market, in the notice's words.</summary>
    public static string DisputeText(string market) => ClaimTemplates.DisputeText(market, Locale);
}
