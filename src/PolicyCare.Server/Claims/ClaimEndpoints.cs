using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Hosting;
using PolicyCare.Json;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Claims;

public sealed record ClaimInput(string Policy, string Benefit, DateOnly Incurred, string? Amount, int? Days, string? PayoutAccount, bool? Draft);
public sealed record ClaimSummary(string Id, string Policy, string Benefit, string Stage, DateOnly SubmittedOn, DateOnly? Deadline, string? Route, string? AssignedTo);
public sealed record DraftView(string Id, string Policy, string Benefit, DateOnly? Incurred, string? Amount, int? Days, IReadOnlyList<ClaimDocumentView> Uploads);
public sealed record DecisionInput(string Decision, string? Amount, string? Reason, string? Clause);
public sealed record InvestigationInput(string Reason);
public sealed record SurveyInput(int Csat, int Nps, string? Comment);

/// <summary>
/// Claims through the API: a customer claims on a policy they see and follows it; staff work it.
/// Every id route answers 404 for a claim the caller may not see, like policies.
/// </summary>
public static class ClaimEndpoints
{
    /// <summary>Who decides claims and opens investigations; a handler's approvals are capped by <see cref="ClaimAuthority"/>.</summary>
    public static readonly string[] Deciders = [Roles.ClaimsHandler, Roles.Supervisor, Roles.Admin, Roles.Integrator];
    /// <summary>Who makes payout files and reads the bank's confirmations.</summary>
    public static readonly string[] Payers = [Roles.Supervisor, Roles.Admin, Roles.Integrator];

    public static IEndpointRouteBuilder MapClaimEndpoints(this IEndpointRouteBuilder app)
    {
        var claims = app.MapGroup("/api/v1/claims").WithTags("Claims").RequireAuthorization();
        claims.MapGet("/", ListAsync);
        claims.MapPost("/", CreateAsync).Accepts<ClaimInput>("application/json").Produces<ClaimView>(StatusCodes.Status201Created)
            .Produces<DraftView>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status400BadRequest);
        claims.MapGet("/{claim}", GetAsync).Produces<ClaimView>();
        claims.MapGet("/{claim}/timeline", TimelineAsync).Produces<List<TimelineView>>();
        claims.MapPost("/{claim}/documents", UploadAsync).Accepts<byte[]>("application/pdf", "image/jpeg", "image/png")
            .Produces<ClaimDocumentView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        claims.MapGet("/{claim}/documents/{document:long}", DownloadAsync).Produces(StatusCodes.Status200OK, contentType: "application/pdf");
        claims.MapPost("/{claim}/submit", SubmitDraftAsync).Produces<ClaimView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest);
        claims.MapPost("/{claim}/investigation", InvestigateAsync).Accepts<InvestigationInput>("application/json").Produces<ClaimView>()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        claims.MapPost("/{claim}/decision", DecideAsync).Accepts<DecisionInput>("application/json").Produces<ClaimView>()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        claims.MapPost("/{claim}/assignment", AssignAsync).Produces<ClaimView>().ProducesProblem(StatusCodes.Status403Forbidden);
        claims.MapPost("/{claim}/withdrawal", WithdrawAsync).Produces<ClaimView>().ProducesProblem(StatusCodes.Status409Conflict);
        claims.MapPost("/{claim}/survey", SurveyAsync).Accepts<SurveyInput>("application/json").Produces<ClaimView>().ProducesProblem(StatusCodes.Status409Conflict);

        var payouts = app.MapGroup("/api/v1/claim-payouts").WithTags("Claims").RequireAuthorization(p => p.RequireRole(Payers));
        payouts.MapPost("/files", WritePayoutFileAsync).Produces<PayoutFileView>(StatusCodes.Status201Created).Produces(StatusCodes.Status200OK);
        payouts.MapGet("/files/{id:long}", GetPayoutFileAsync).Produces(StatusCodes.Status200OK, contentType: "text/csv");
        payouts.MapPost("/confirmations", ConfirmPayoutsAsync).Accepts<string>("text/csv").Produces<PayoutConfirmation>();
        return app;
    }

    private static async Task<Results<Ok<List<ClaimSummary>>, ValidationProblem>> ListAsync(Database database, ClaimsPrincipal user, string? stage, string? policy,
        int? limit, string? after, CancellationToken cancel)
    {
        if (limit is < 1 or > 1000) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["must be between 1 and 1000"] });
        if (stage is not null && !ClaimViews.OpenStages.Contains(stage) && stage is not ("submitted" or "closed"))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["stage"] = [$"must be one of submitted, {string.Join(", ", ClaimViews.OpenStages)}, closed"] });
        await using var db = database.Open();
        var query = db.VisibleClaims(user).AsNoTracking();
        if (policy is not null) query = query.Where(c => c.PolicyNumber == policy);
        if (after is not null) query = query.Where(c => c.Id.CompareTo(after) > 0);
        // The stage in SQL, so a page holds as many claims as asked for (submitted and information-requested differ only by what is missing).
        query = stage switch
        {
            "closed" => query.Where(c => c.ClosedOn != null),
            "overdue" => query.Where(c => c.ClosedOn == null && c.OverdueSaid),
            "investigation" => query.Where(c => c.ClosedOn == null && !c.OverdueSaid && c.InvestigateBy != null),
            "documents-complete" => query.Where(c => c.ClosedOn == null && !c.OverdueSaid && c.InvestigateBy == null && c.CompleteOn != null),
            "submitted" or "information-requested" => query.Where(c => c.ClosedOn == null && !c.OverdueSaid && c.InvestigateBy == null && c.CompleteOn == null),
            _ => query,
        };
        var list = await query.OrderBy(c => c.Id).Take(limit ?? 100).ToListAsync(cancel);
        var reference = await ReferenceData.CurrentAsync(db, cancel);
        var numbers = list.Select(c => c.PolicyNumber).Distinct().ToList();
        var products = await db.Policies.AsNoTracking().Where(p => numbers.Contains(p.Number)).ToDictionaryAsync(p => p.Number, p => p.ProductCode, cancel);
        int Missing(ClaimRecord c) => c.CompleteOn is not null || c.ClosedOn is not null ? 0
            : reference.Products[products[c.PolicyNumber]].Benefit(c.BenefitCode)?.Missing(System.Text.Json.JsonSerializer.Deserialize<string[]>(c.Documents)!).Count ?? 0;
        return TypedResults.Ok(list.Select(c => (Claim: c, Stage: ClaimViews.StageOf(c, Missing(c))))
            .Where(x => stage is null || x.Stage == stage)
            .Select(x => new ClaimSummary(x.Claim.Id, x.Claim.PolicyNumber, x.Claim.BenefitCode, x.Stage, x.Claim.SubmittedOn, x.Claim.InvestigateBy ?? x.Claim.DecideBy,
                x.Claim.Route, user.IsStaff() ? x.Claim.AssignedTo : null)).ToList());
    }

    /// <summary>A claim on a policy the caller sees; with <c>"draft": true</c> it is kept as a draft to add documents to before submitting.</summary>
    private static async Task<IResult> CreateAsync(Database database, TimeProvider time, NationalIds accounts, HttpContext context, CancellationToken cancel)
    {
        var user = context.User;
        using var body = await Problems.ReadJsonAsync(context.Request, cancel);
        var o = new StrictObject(body.RootElement, "$", "policy", "benefit", "incurred", "amount", "days", "payoutAccount", "draft");
        var number = o.RequiredString("policy");
        var draft = o.OptionalBool("draft") ?? false;
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        var today = await Access.TodayAsync(db, time, cancel);
        var product = (await ReferenceData.CurrentAsync(db, cancel)).Products[policy.ProductCode];
        var amount = o.Raw("amount") is { ValueKind: System.Text.Json.JsonValueKind.String } a ? StrictObject.ParseMoney(a.GetString()!, "$.amount") : o.Has("amount") ? throw new InputException("$.amount", "must be a string such as \"1200.00\"") : (decimal?)null;
        var request = new ClaimRequest(number, o.RequiredString("benefit"), draft ? o.OptionalDate("incurred") : o.RequiredDate("incurred"), amount, o.OptionalInt("days"), o.OptionalString("payoutAccount"));
        if (ClaimIntake.Check(request, policy, product, today, draft) is { } problem) return Problems.Field("$." + problem.Field, problem.Message);
        var customer = user.CustomerId();
        var id = ClaimIntake.NewId();
        var account = request.PayoutAccount is { } raw ? accounts.Protect(raw) : null;
        if (draft)
        {
            if (customer is null) return Problems.Field("$.draft", "drafts are a customer's: staff and integrators submit a claim at once");
            db.ClaimDrafts.Add(new ClaimDraftRecord
            {
                Id = id, CustomerId = customer, PolicyNumber = number, BenefitCode = request.Benefit, Incurred = request.Incurred, Expense = request.Expense,
                Days = request.Days, PayoutAccount = account, SavedAt = time.GetUtcNow(),
            });
            await db.SaveChangesAsync(cancel);
            return TypedResults.Accepted($"/api/v1/claims/{id}", new DraftView(id, number, request.Benefit, request.Incurred, amount?.ToString(CultureInfo.InvariantCulture), request.Days, []));
        }
        await ClaimDesk.SubmitAsync(db, new ClaimSubmission(id, number, request.Benefit, request.Incurred!.Value, new ClaimedLoss(request.Expense, request.Days), [], today)
        {
            ClaimantId = customer, PayoutAccount = account, ReviewSignals = true,
        }, cancel);
        var record = await db.Claims.AsNoTracking().SingleAsync(c => c.Id == id, cancel);
        return TypedResults.Created($"/api/v1/claims/{id}", await ClaimViews.ViewAsync(db, record, user.IsStaff(), today, accounts, cancel));
    }

    /// <summary>A claim the caller may see, or a draft of theirs (an id not theirs is as good as none).</summary>
    private static async Task<(ClaimRecord? Claim, ClaimDraftRecord? Draft)> FindAsync(PolicyCareDb db, ClaimsPrincipal user, string id, CancellationToken cancel)
    {
        var claim = await db.VisibleClaims(user).FirstOrDefaultAsync(c => c.Id == id, cancel);
        if (claim is not null) return (claim, null);
        var customer = user.CustomerId();
        var draft = customer is null ? null : await db.ClaimDrafts.FirstOrDefaultAsync(d => d.Id == id && d.CustomerId == customer, cancel);
        return (null, draft);
    }

    private static async Task<IResult> GetAsync(Database database, TimeProvider time, NationalIds accounts, ClaimsPrincipal user, string claim, CancellationToken cancel)
    {
        await using var db = database.Open();
        var (record, draft) = await FindAsync(db, user, claim, cancel);
        if (draft is not null) return TypedResults.Ok(await DraftViewAsync(db, draft, cancel));
        if (record is null) return TypedResults.NotFound();
        return TypedResults.Ok(await ClaimViews.ViewAsync(db, record, user.IsStaff(), await Access.TodayAsync(db, time, cancel), accounts, cancel));
    }

    public static async Task<DraftView> DraftViewAsync(PolicyCareDb db, ClaimDraftRecord d, CancellationToken cancel)
    {
        var uploads = await db.ClaimDocuments.AsNoTracking().Where(x => x.ClaimId == d.Id).OrderBy(x => x.Id).ToListAsync(cancel);
        return new DraftView(d.Id, d.PolicyNumber, d.BenefitCode, d.Incurred, d.Expense?.ToString(CultureInfo.InvariantCulture), d.Days,
            uploads.Select(x => new ClaimDocumentView(x.Id, x.Code, x.MediaType, x.Length, x.UploadedAt, x.UploadedBy, null, null, false)).ToList());
    }

    private static async Task<IResult> TimelineAsync(Database database, ClaimsPrincipal user, string claim, CancellationToken cancel)
    {
        await using var db = database.Open();
        var record = await db.VisibleClaims(user).AsNoTracking().FirstOrDefaultAsync(c => c.Id == claim, cancel);
        if (record is null) return TypedResults.NotFound();
        var lines = await db.Timeline.AsNoTracking().Where(t => t.PolicyNumber == record.PolicyNumber && (t.Kind == "claim" || t.Kind == "notice"))
            .OrderBy(t => t.On).ThenBy(t => t.Seq).ToListAsync(cancel);
        var views = new List<TimelineView>();
        foreach (var t in lines)
        {
            var data = System.Text.Json.Nodes.JsonNode.Parse(t.Data)!.AsObject();
            var mine = t.Kind == "claim" ? data["claim"]?.GetValue<string>() == claim : data["subject"]?.GetValue<string>() == $"claim-{claim}";
            if (!mine) continue;
            data.Remove("key");
            views.Add(new TimelineView(t.On, t.Kind, data));
        }
        return TypedResults.Ok(views);
    }

    /// <summary>
    /// A document as the body (PDF, JPEG or PNG, known by its bytes), with <c>?type=</c> the
    /// document it is (one of the benefit's, or <c>other</c>). Refused with nothing stored: empty or
    /// not one of the three → 415, over 10 MB → 413.
    /// </summary>
    private static async Task<IResult> UploadAsync(Database database, TimeProvider time, IDocumentStore store, InvoiceReader reader, HttpContext context,
        string claim, string? type, CancellationToken cancel)
    {
        var user = context.User;
        await using var db = database.Open();
        var (record, draft) = await FindAsync(db, user, claim, cancel);
        if (record is null && draft is null) return TypedResults.NotFound();
        if (record?.ClosedOn is not null) return Problems.Conflict("the claim is closed: documents are no longer taken");
        var product = (await ReferenceData.CurrentAsync(db, cancel)).Products[
            await db.Policies.Where(p => p.Number == (record != null ? record.PolicyNumber : draft!.PolicyNumber)).Select(p => p.ProductCode).SingleAsync(cancel)];
        var benefit = product.Benefit(record?.BenefitCode ?? draft!.BenefitCode)!;
        var codes = ClaimIntake.DocumentCodes(benefit);
        if (type is null || !codes.Contains(type)) return Problems.Field("type", $"must be one of {string.Join(", ", codes)}");
        var content = await ReadBodyAsync(context.Request, cancel);
        if (content is null) return TooLarge();
        var upload = await ClaimIntake.AddDocumentAsync(db, store, reader, claim, type, content, user.IsStaff() ? "staff" : "customer",
            time.GetUtcNow(), await Access.TodayAsync(db, time, cancel), cancel);
        if (upload.Refusal is { } refusal)
            return refusal.TooLarge ? TooLarge() : Problems.Field("$", refusal.Reason, StatusCodes.Status415UnsupportedMediaType);
        if (upload.AlreadyFiledAs is { } filedAs)
            return Problems.Field("type", $"this file is already on the claim as '{filedAs}'; send the '{type}' document itself", StatusCodes.Status409Conflict);
        var d = upload.Document!;
        return TypedResults.Created($"/api/v1/claims/{claim}/documents/{d.Id}",
            new ClaimDocumentView(d.Id, d.Code, d.MediaType, d.Length, d.UploadedAt, d.UploadedBy, null, null, false));
    }

    private static IResult TooLarge() => Problems.Field("$", $"a document may be at most {ClaimDocument.MaxBytes / (1024 * 1024)} MB", StatusCodes.Status413PayloadTooLarge);

    /// <summary>The body up to the document limit, or null past it (read no further than one byte over).</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancel)
    {
        Problems.AllowLargeBody(request.HttpContext);
        if (request.ContentLength > ClaimDocument.MaxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancel)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > ClaimDocument.MaxBytes) return null;
        }
        return buffer.ToArray();
    }

    /// <summary>The document's bytes, to the claim's own customer and to staff only, never cached by a shared cache.</summary>
    /// <summary>A claim's document, to whoever may see the claim: the API's download and the claim pages' link (/ui, with the sign-in cookie).</summary>
    internal static async Task<IResult> DownloadAsync(Database database, IDocumentStore store, HttpContext context, string claim, long document, CancellationToken cancel)
    {
        // Invoices and medical records are health data: among staff, only those who handle claims read them (and the
        // claims system's key); service and collections see where a claim stands, not its documents.
        var user = context.User;
        if (user.IsStaff() && !user.IsInAnyOf(Roles.ClaimsDesk) && !user.IsInRole(Roles.Integrator))
            return context.Request.Path.StartsWithSegments("/ui") ? Results.Redirect("/error/403")
                : Problems.Field("$", "a claim's documents are for the claims desk", StatusCodes.Status403Forbidden);
        await using var db = database.Open();
        var (record, draft) = await FindAsync(db, context.User, claim, cancel);
        if (record is null && draft is null) return TypedResults.NotFound();
        var d = await db.ClaimDocuments.AsNoTracking().SingleOrDefaultAsync(x => x.Id == document && x.ClaimId == claim, cancel);
        if (d is null || await store.GetAsync(d.Sha256, cancel) is not { } bytes) return TypedResults.NotFound();
        context.Response.Headers.CacheControl = "private, no-store";
        // Opened in the browser: a handler reads the invoice beside the claim.
        return InlineFile.Of(context, bytes, d.MediaType, $"{claim}-{d.Code}-{d.Id}{(d.MediaType == "application/pdf" ? ".pdf" : d.MediaType == "image/png" ? ".png" : ".jpg")}");
    }

    private static async Task<IResult> SubmitDraftAsync(Database database, TimeProvider time, NationalIds accounts, ClaimsPrincipal user, string claim, CancellationToken cancel)
    {
        await using var db = database.Open();
        var (record, draft) = await FindAsync(db, user, claim, cancel);
        if (record is not null) return Problems.Conflict("the claim is already submitted");
        if (draft is null) return TypedResults.NotFound();
        var today = await Access.TodayAsync(db, time, cancel);
        if (await ClaimIntake.SubmitDraftAsync(db, draft, today, cancel) is { } problem) return Problems.Field("$." + problem.Field, problem.Message);
        var submitted = await db.Claims.AsNoTracking().SingleAsync(c => c.Id == claim, cancel);
        return TypedResults.Created($"/api/v1/claims/{claim}", await ClaimViews.ViewAsync(db, submitted, user.IsStaff(), today, accounts, cancel));
    }

    /// <summary>Staff's steps on a claim: the claim must be visible (404), the caller a decider (403), and the claim open (409).</summary>
    private static async Task<IResult> StaffStepAsync(Database database, TimeProvider time, NationalIds accounts, ClaimsPrincipal user, string claim, string[] roles,
        Func<PolicyCareDb, ClaimRecord, DateOnly, Task<IResult?>> step, CancellationToken cancel)
    {
        await using var db = database.Open();
        var record = await db.VisibleClaims(user).AsNoTracking().FirstOrDefaultAsync(c => c.Id == claim, cancel);
        if (record is null) return TypedResults.NotFound();
        if (!user.IsAnyOf(roles)) return TypedResults.Forbid();
        var today = await Access.TodayAsync(db, time, cancel);
        if (await step(db, record, today) is { } refused) return refused;
        db.ChangeTracker.Clear();
        var after = await db.Claims.AsNoTracking().SingleAsync(c => c.Id == claim, cancel);
        return TypedResults.Ok(await ClaimViews.ViewAsync(db, after, user.IsStaff(), today, accounts, cancel));
    }

    /// <summary>404 for a claim the caller cannot see, 403 for one they see but may not work; null to go on (before the body is read).</summary>
    private static async Task<IResult?> RefuseAsync(Database database, ClaimsPrincipal user, string claim, string[] roles, CancellationToken cancel)
    {
        await using var db = database.Open();
        if (!await db.VisibleClaims(user).AnyAsync(c => c.Id == claim, cancel)) return TypedResults.NotFound();
        return user.IsAnyOf(roles) ? null : TypedResults.Forbid();
    }

    private static async Task<IResult> InvestigateAsync(Database database, TimeProvider time, NationalIds accounts, HttpContext context, string claim, CancellationToken cancel)
    {
        if (await RefuseAsync(database, context.User, claim, Deciders, cancel) is { } refused) return refused;
        using var body = await Problems.ReadJsonAsync(context.Request, cancel);
        var reason = StrictObject.CheckText(new StrictObject(body.RootElement, "$", "reason").RequiredString("reason"), "$.reason");
        return await StaffStepAsync(database, time, accounts, context.User, claim, Deciders, async (db, c, today) =>
        {
            if (c.ClosedOn is not null || c.Decision is not null) return Problems.Conflict("the claim is closed");
            if (c.InvestigateBy is not null) return Problems.Conflict("an investigation is already open");
            await ClaimDesk.InvestigateAsync(db, claim, reason, today, cancel);
            return null;
        }, cancel);
    }

    /// <summary>
    /// A handler's decision: the reason and the policy clause are required for a partial payment or
    /// a refusal; a claims handler decides up to the approval limit, a supervisor above it.
    /// </summary>
    private static async Task<IResult> DecideAsync(Database database, TimeProvider time, NationalIds accounts, ClaimAuthority authority, HttpContext context, string claim, CancellationToken cancel)
    {
        if (await RefuseAsync(database, context.User, claim, Deciders, cancel) is { } refused) return refused;
        using var body = await Problems.ReadJsonAsync(context.Request, cancel);
        var o = new StrictObject(body.RootElement, "$", "decision", "amount", "reason", "clause");
        var code = o.RequiredString("decision");
        if (!ClaimDecisions.Table.TryParse(code, out var decision)) return Problems.Field("$.decision", "must be approved, partial or declined");
        var amount = o.Raw("amount") is { ValueKind: System.Text.Json.JsonValueKind.String } a ? StrictObject.ParseMoney(a.GetString()!, "$.amount") : (decimal?)null;
        var reason = o.OptionalString("reason");
        var clause = o.OptionalString("clause");
        if (decision != ClaimDecision.Approved)
        {
            if (reason is null || !ClaimReasons.Codes.Contains(reason)) return Problems.Field("$.reason", $"a {code} decision needs a reason: one of {string.Join(", ", ClaimReasons.Codes)}");
            if (string.IsNullOrWhiteSpace(clause)) return Problems.Field("$.clause", $"a {code} decision cites the policy clause it rests on");
            clause = StrictObject.CheckText(clause, "$.clause");
        }
        if (decision == ClaimDecision.Partial && amount is null) return Problems.Field("$.amount", "a partial decision names the benefit granted");
        return await StaffStepAsync(database, time, accounts, context.User, claim, Deciders, async (db, c, today) =>
        {
            if (c.ClosedOn is not null || c.Decision is not null) return Problems.Conflict("the claim is already decided or closed");
            if (c.CompleteOn is null) return Problems.Conflict("the claim still waits for documents; decide once they are complete");
            decimal granted;
            try
            {
                // A partial amount above the benefit is wrong whoever asks: checked before the approval limit.
                granted = ClaimAssessment.Settle(decision, await ClaimDesk.AssessedAsync(db, claim, cancel), amount, 0m).Benefit;
            }
            catch (ClaimDecisionException e)
            {
                return Problems.Field("$." + e.Field, e.Message, StatusCodes.Status422UnprocessableEntity);
            }
            var currency = (await ReferenceData.CurrentAsync(db, cancel)).Products[await db.Policies.Where(p => p.Number == c.PolicyNumber).Select(p => p.ProductCode).SingleAsync(cancel)].Currency;
            if (!authority.MayGrant(context.User, granted, currency))
                return Problems.Field("$.decision", $"{Billing.Currencies.Format(granted, currency)} is above a claims handler's approval limit ({Billing.Currencies.Format(authority.LimitFor(currency)!.Value, currency)}): a supervisor decides it", StatusCodes.Status403Forbidden);
            try
            {
                await ClaimDesk.DecideAsync(db, claim, decision, amount, decision == ClaimDecision.Approved ? null : reason, today, clause, cancel: cancel);
            }
            catch (ClaimDecisionException e)
            {
                return Problems.Field("$." + e.Field, e.Message, StatusCodes.Status422UnprocessableEntity);
            }
            return null;
        }, cancel);
    }

    /// <summary>A handler takes the claim (or a supervisor gives it to one): one owner at a time.</summary>
    private static Task<IResult> AssignAsync(Database database, TimeProvider time, NationalIds accounts, ClaimsPrincipal user, string claim, string? to, CancellationToken cancel) =>
        StaffStepAsync(database, time, accounts, user, claim, [Roles.ClaimsHandler, Roles.Supervisor, Roles.Admin], async (db, c, _) =>
        {
            var owner = to ?? user.Identity?.Name;
            if (to is not null && to != user.Identity?.Name && !user.IsAnyOf([Roles.Supervisor, Roles.Admin]))
                return Problems.Field("to", "only a supervisor gives a claim to someone else; take it yourself", StatusCodes.Status403Forbidden);
            var stored = await db.Claims.SingleAsync(x => x.Id == claim, cancel);
            stored.AssignedTo = owner;
            await db.SaveChangesAsync(cancel);
            return null;
        }, cancel);

    private static async Task<IResult> WithdrawAsync(Database database, TimeProvider time, NationalIds accounts, ClaimsPrincipal user, string claim, CancellationToken cancel)
    {
        await using var db = database.Open();
        var (record, draft) = await FindAsync(db, user, claim, cancel);
        if (draft is not null)
        {
            // A draft withdrawn is a draft deleted, its uploads with it.
            db.ClaimDocuments.RemoveRange(db.ClaimDocuments.Where(d => d.ClaimId == claim));
            db.ClaimDrafts.Remove(draft);
            await db.SaveChangesAsync(cancel);
            return TypedResults.NoContent();
        }
        if (record is null) return TypedResults.NotFound();
        if (record.ClosedOn is not null) return Problems.Conflict("the claim is already closed");
        var today = await Access.TodayAsync(db, time, cancel);
        await ClaimDesk.WithdrawAsync(db, claim, today, cancel);
        db.ChangeTracker.Clear();
        return TypedResults.Ok(await ClaimViews.ViewAsync(db, await db.Claims.AsNoTracking().SingleAsync(c => c.Id == claim, cancel), user.IsStaff(), today, accounts, cancel));
    }

    /// <summary>The claimant's answer to the survey, once the claim is closed; answered once.</summary>
    private static async Task<IResult> SurveyAsync(Database database, TimeProvider time, NationalIds accounts, HttpContext context, string claim, CancellationToken cancel)
    {
        var user = context.User;
        await using var db = database.Open();
        var record = await db.VisibleClaims(user).FirstOrDefaultAsync(c => c.Id == claim, cancel);
        if (record is null) return TypedResults.NotFound();
        if (user.IsStaff()) return Problems.Field("$", "the survey is the customer's to answer", StatusCodes.Status403Forbidden);
        using var body = await Problems.ReadJsonAsync(context.Request, cancel);
        var o = new StrictObject(body.RootElement, "$", "csat", "nps", "comment");
        var csat = o.OptionalInt("csat") ?? throw new InputException("$.csat", "is required: 1 (very dissatisfied) to 5 (very satisfied)");
        var nps = o.OptionalInt("nps") ?? throw new InputException("$.nps", "is required: 0 to 10, how likely you are to recommend us");
        var comment = o.OptionalString("comment") is { } text ? StrictObject.CheckText(text, "$.comment") : null;
        if (Answer(record, csat, nps, comment, await Access.TodayAsync(db, time, cancel)) is { } problem)
            return problem.Field == "claim" ? Problems.Conflict(problem.Message) : Problems.Field("$." + problem.Field, problem.Message);
        await db.SaveChangesAsync(cancel);
        return TypedResults.Ok(await ClaimViews.ViewAsync(db, record, false, await Access.TodayAsync(db, time, cancel), accounts, cancel));
    }

    /// <summary>Records a survey answer on the claim, or the problem with it ("claim" when the claim cannot take one).</summary>
    public static ClaimProblem? Answer(ClaimRecord record, int csat, int nps, string? comment, DateOnly today)
    {
        if (record.ClosedOn is null) return new("claim", "the survey opens once the claim is closed");
        if (record.SurveyAnsweredOn is not null) return new("claim", "the survey is already answered; thank you");
        if (csat is < 1 or > 5) return new("csat", "must be 1 to 5");
        if (nps is < 0 or > 10) return new("nps", "must be 0 to 10");
        if (comment is { Length: > 2000 }) return new("comment", "must be at most 2000 characters");
        (record.SurveyCsat, record.SurveyNps, record.SurveyComment, record.SurveyAnsweredOn) = (csat, nps, comment, today);
        return null;
    }

    private static async Task<IResult> WritePayoutFileAsync(Database database, TimeProvider time, NationalIds accounts, HttpContext context, CancellationToken cancel)
    {
        // The file is every payout due: a body would say something this request does not take.
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            return Problems.Field("$", "this request takes no body: the file holds every payout instructed and not yet sent");
        await using var db = database.Open();
        return await Idempotency.RunAsync(db, context, "", "payout-file", async () =>
        {
            var file = await ClaimPayouts.WriteFileAsync(db, accounts, time.GetUtcNow(), cancel);
            return file is null ? (StatusCodes.Status200OK, (object)new { count = 0 }) : (StatusCodes.Status201Created, file);
        });
    }

    private static async Task<IResult> GetPayoutFileAsync(Database database, long id, CancellationToken cancel)
    {
        await using var db = database.Open();
        var file = await db.ClaimPayoutFiles.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, cancel);
        return file is null ? TypedResults.NotFound() : Results.Text(file.Content, "text/csv", Encoding.UTF8);
    }

    private static async Task<IResult> ConfirmPayoutsAsync(Database database, TimeProvider time, HttpRequest request, CancellationToken cancel)
    {
        Problems.AllowLargeBody(request.HttpContext);
        var text = await new StreamReader(request.Body).ReadToEndAsync(cancel);
        await using var db = database.Open();
        return TypedResults.Ok(await ClaimPayouts.ConfirmAsync(db, text, await Access.TodayAsync(db, time, cancel), cancel));
    }
}
