using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Claims;

public sealed record ClaimFlagView(string Flag, DateOnly? Date, string? Amount, string? OtherClaim, int? Count, string? Status);
public sealed record ClaimDocumentView(long Id, string Code, string MediaType, long Length, DateTimeOffset UploadedAt, string UploadedBy, string? OcrTotal, string? OcrProblem, bool OcrMismatch);
/// <summary>A step on a claim's timeline.</summary>
/// <param name="NothingPaidOut">The paid step of a benefit the premiums owed took whole: no payout was instructed, so nothing went to the bank.</param>
public sealed record ClaimStepView(DateOnly Date, string Stage, bool NothingPaidOut = false)
{
    /// <summary>The step a claim's timeline line records (its claim, stage and, when paid, the amount paid out).</summary>
    public static ClaimStepView From(DateOnly date, JsonNode line)
    {
        var stage = line["stage"]?.GetValue<string>() ?? "";
        return new(date, stage, stage == "paid"
            && decimal.TryParse(line["amount"]?.ToString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var paidOut) && paidOut == 0m);
    }
}
public sealed record ClaimDecisionView(string Decision, string Benefit, string Deducted, string Payable, string? Reason, string? Clause, DateOnly DecidedOn);
public sealed record ClaimPaymentView(string Amount, string DelayInterest, string Status, DateOnly InstructedOn, DateOnly? SettledOn, string? PayoutAccount);
public sealed record ClaimSurveyView(bool Asked, int? Csat, int? Nps, string? Comment);

/// <summary>
/// A claim as its customer and the back office see it. <see cref="Flags"/>, <see cref="AssignedTo"/>
/// and the OCR figures are for staff only (null for a customer): a flag is a question for a handler,
/// not an accusation to show the claimant.
/// </summary>
public sealed record ClaimView(string Id, string Policy, string Product, string Benefit, string BenefitKind, string Currency, string Stage, DateOnly Incurred, DateOnly SubmittedOn,
    string? Expense, int? Days, IReadOnlyList<string> Required, IReadOnlyList<string> Supplied, IReadOnlyList<string> Missing, IReadOnlyList<ClaimDocumentView> Uploads,
    DateOnly? DocumentsCompleteOn, DateOnly? DecideBy, DateOnly? InvestigateBy, string? InvestigationReason, DateOnly? Deadline, DateOnly? EstimatedCompletion,
    string? Route, IReadOnlyList<ClaimFlagView>? Flags, string? AssignedTo, ClaimDecisionView? Decision, ClaimPaymentView? Payment,
    DateOnly? ClosedOn, bool Withdrawn, ClaimSurveyView Survey, IReadOnlyList<ClaimStepView> Steps, string Market);

public static class ClaimViews
{
    /// <summary>The stages a claim shows, in order; "closed" covers paid, declined and withdrawn claims.</summary>
    public static readonly string[] OpenStages = ["information-requested", "documents-complete", "investigation", "overdue"];

    /// <summary>
    /// The claims a signed-in person may see: staff all of them; a customer those they claimed and
    /// every claim on a policy they hold. An insured person or a group member sees only their own.
    /// </summary>
    public static IQueryable<ClaimRecord> VisibleClaims(this PolicyCareDb db, ClaimsPrincipal user)
    {
        if (user.IsStaff()) return db.Claims;
        var customer = user.CustomerId();
        if (customer is null) return db.Claims.Where(_ => false);
        return db.Claims.Where(c => c.ClaimantId == customer || db.Policies.Any(p => p.Number == c.PolicyNumber && p.HolderId == customer));
    }

    /// <summary>Where a claim stands now, in the scenario format's stage names.</summary>
    public static string StageOf(ClaimRecord c, int missing) =>
        c.ClosedOn is not null ? "closed"
        : c.OverdueSaid ? "overdue"
        : c.InvestigateBy is not null ? "investigation"
        : c.CompleteOn is not null ? "documents-complete"
        : missing > 0 ? "information-requested"
        : "submitted";

    public static string WriteFlags(IEnumerable<RaisedFlag> flags) => new JsonArray(flags.Select(f => (JsonNode?)new JsonObject
    {
        ["flag"] = f.Flag.Code(),
        ["date"] = f.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["amount"] = f.Amount?.ToString(CultureInfo.InvariantCulture),
        ["otherClaim"] = f.OtherClaim,
        ["count"] = f.Count,
        ["status"] = f.Status?.Code(),
    }).ToArray()).ToJsonString();

    private static List<ClaimFlagView> ReadFlags(string json, string currency) =>
        JsonNode.Parse(json)!.AsArray().Select(n => new ClaimFlagView(n!["flag"]!.GetValue<string>(),
            n["date"] is { } d ? DateOnly.ParseExact(d.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            n["amount"] is { } a ? Currencies.Format(decimal.Parse(a.GetValue<string>(), CultureInfo.InvariantCulture), currency) : null,
            n["otherClaim"]?.GetValue<string>(), n["count"]?.GetValue<int>(), n["status"]?.GetValue<string>())).ToList();

    public static async Task<ClaimView> ViewAsync(PolicyCareDb db, ClaimRecord c, bool staff, DateOnly today, NationalIds? accounts, CancellationToken cancel)
    {
        var reference = await ReferenceData.CurrentAsync(db, cancel);
        var policy = await db.Policies.AsNoTracking().SingleAsync(p => p.Number == c.PolicyNumber, cancel);
        var product = reference.Products[policy.ProductCode];
        var benefit = product.Benefit(c.BenefitCode);
        var currency = product.Currency;
        string M(decimal amount) => Currencies.Format(amount, currency);
        var supplied = JsonSerializer.Deserialize<string[]>(c.Documents)!;
        var missing = benefit?.Missing(supplied) ?? [];
        var stage = StageOf(c, c.CompleteOn is null ? missing.Count : 0);
        var uploads = await db.ClaimDocuments.AsNoTracking().Where(d => d.ClaimId == c.Id).OrderBy(d => d.Id).ToListAsync(cancel);
        var lines = await db.Timeline.AsNoTracking().Where(t => t.PolicyNumber == c.PolicyNumber && t.Kind == "claim").OrderBy(t => t.On).ThenBy(t => t.Seq)
            .Select(t => new { t.On, t.Data }).ToListAsync(cancel);
        var steps = lines.Select(l => (l.On, Data: JsonNode.Parse(l.Data)!)).Where(l => l.Data["claim"]?.GetValue<string>() == c.Id)
            .Select(l => ClaimStepView.From(l.On, l.Data)).ToList();
        var payout = await db.ClaimPayouts.AsNoTracking().SingleOrDefaultAsync(p => p.ClaimId == c.Id, cancel);
        var rules = product.ClaimRulesIn(reference.Book.Market);
        var calendar = reference.Book.CalendarFor(product);
        DateOnly? estimate = null;
        if (c.ClosedOn is null)
        {
            var legal = c.InvestigateBy ?? c.DecideBy ?? rules.DecideWithin.Deadline(today, calendar);
            estimate = ClaimAssessment.EstimatedCompletion(today, await DaysStillTakenAsync(db, c, policy.ProductCode, stage, today, cancel), legal);
        }
        var market = product.Market ?? reference.Book.Market;
        return new ClaimView(c.Id, c.PolicyNumber, policy.ProductCode, c.BenefitCode, benefit?.Kind.Code() ?? "", currency, stage, c.Incurred, c.SubmittedOn,
            c.Expense is { } e ? M(e) : null, c.Days, benefit?.Documents ?? [], supplied, c.CompleteOn is null ? missing : [],
            uploads.Select(d => new ClaimDocumentView(d.Id, d.Code, d.MediaType, d.Length, d.UploadedAt, d.UploadedBy,
                staff && d.OcrTotal is { } t ? M(t) : null, staff ? d.OcrProblem : null,
                staff && d.OcrTotal is { } total && c.Expense is { } claimed && new InvoiceReading(total, d.OcrLine).Mismatches(claimed, currency))).ToList(),
            c.CompleteOn, c.DecideBy, c.InvestigateBy, c.InvestigationReason, c.InvestigateBy ?? c.DecideBy, estimate,
            c.Route, staff ? ReadFlags(c.FlagFacts, currency) : null, staff ? c.AssignedTo : null,
            c.Decision is { } decision ? new ClaimDecisionView(decision, M(c.Benefit ?? 0m), M(c.Deducted ?? 0m), M((c.Benefit ?? 0m) - (c.Deducted ?? 0m)),
                c.DecisionReason, c.DecisionClause, c.DecidedOn!.Value) : null,
            payout is null ? null : new ClaimPaymentView(M(payout.Amount), M(c.DelayInterest ?? 0m), payout.Status, payout.InstructedOn, payout.SettledOn,
                MaskAccount(c.PayoutAccount, accounts)),
            c.ClosedOn, c.Withdrawn, new ClaimSurveyView(c.SurveySent, c.SurveyCsat, c.SurveyNps, c.SurveyComment), steps, market);
    }

    /// <summary>The last four characters of the payout account, as on a bank statement.</summary>
    public static string? MaskAccount(string? protectedAccount, NationalIds? accounts)
    {
        if (protectedAccount is null || accounts is null) return null;
        var account = accounts.Unprotect(protectedAccount);
        return account.Length <= 4 ? "****" : "****" + account[^4..];
    }

    /// <summary>
    /// How many days similar closed claims (same product and benefit, decided, not withdrawn) still
    /// took from the stage this claim is in: from submission while documents are owed, from the day
    /// the documents were complete after that.
    /// </summary>
    private static async Task<List<int>> DaysStillTakenAsync(PolicyCareDb db, ClaimRecord c, string product, string stage, DateOnly today, CancellationToken cancel)
    {
        var similar = await db.Claims.AsNoTracking()
            .Where(x => x.BenefitCode == c.BenefitCode && x.ClosedOn != null && !x.Withdrawn && x.Id != c.Id
                && db.Policies.Any(p => p.Number == x.PolicyNumber && p.ProductCode == product))
            .OrderByDescending(x => x.ClosedOn).Take(200)
            .Select(x => new { x.SubmittedOn, x.CompleteOn, x.ClosedOn }).ToListAsync(cancel);
        var fromComplete = stage is "documents-complete" or "investigation" or "overdue";
        // Time already spent in the stage counts against what is left: a claim 10 days into review with a median of 12 has 2 to go.
        var inStage = today.DayNumber - (fromComplete ? c.CompleteOn ?? today : c.SubmittedOn).DayNumber;
        return similar.Where(x => !fromComplete || x.CompleteOn is not null)
            .Select(x => x.ClosedOn!.Value.DayNumber - (fromComplete ? x.CompleteOn!.Value : x.SubmittedOn).DayNumber - inStage)
            .ToList();
    }
}
