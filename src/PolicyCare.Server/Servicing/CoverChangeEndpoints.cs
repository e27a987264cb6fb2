using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Json;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Servicing;

/// <summary>What a policy's cover and premium are, what its product lets change, and the change requests made.</summary>
/// <param name="PaymentYears">For how many years from the start premiums are paid (null: as long as the policy covers); none falls due from <paramref name="PremiumsEndOn"/>.</param>
/// <param name="CoverYears">For how many years from the start the policy covers (null: for life), ending on <paramref name="CoverEndsOn"/>.</param>
public sealed record CoverView(string Policy, string? SumInsured, string Installment, string Frequency, string Currency, CoverOptionsView Options,
    IReadOnlyList<ChangeRequestView> Requests, int? PaymentYears = null, DateOnly? PremiumsEndOn = null, int? CoverYears = null, DateOnly? CoverEndsOn = null);
/// <param name="PaymentTerms">The payment terms in years the policy may move to (empty when its term cannot change); <paramref name="CoverTerms"/> likewise.</param>
public sealed record CoverOptionsView(string? SumInsuredMin, string? SumInsuredMax, string? SumInsuredStep, IReadOnlyList<string> Frequencies,
    IReadOnlyList<int>? PaymentTerms = null, IReadOnlyList<int>? CoverTerms = null);
public sealed record ChangeRequestView(long Id, string Reference, string Kind, string Status, JsonElement Quote, DateOnly RequestedOn, DateOnly? DecideBy,
    string? Reason, long? Endorsement);
/// <param name="Status">preview (nothing changed), applied, underwriting or sent (to the policy administration system).</param>
public sealed record CoverChangeView(string Status, JsonElement Quote, long? Request, long? Endorsement, DateOnly? DecideBy);
public sealed record CoverChangeInput(string Kind, string? SumInsured, string? Frequency, int? PaymentYears, int? CoverYears, string? Declaration, bool Confirm);
public sealed record ChangeDecisionInput(bool Approved, string? Reason);

/// <summary>
/// Changes of cover and payment frequency through the API: read the cover and the options, see a change's effect first
/// (<c>"confirm": false</c>), then confirm it; underwriting — or the policy administration system, where it owns
/// changes — decides a waiting request.
/// </summary>
public static class CoverChangeEndpoints
{
    public static IEndpointRouteBuilder MapCoverChangeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/policies/{number}/cover-changes").WithTags("Servicing").RequireAuthorization();
        group.MapGet("/", GetAsync).Produces<CoverView>();
        group.MapPost("/", ChangeAsync).Accepts<CoverChangeInput>("application/json").Produces<CoverChangeView>()
            .Produces<CoverChangeView>(StatusCodes.Status201Created).Produces<CoverChangeView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        app.MapPost("/api/v1/cover-changes/{id}/decision", DecideAsync).WithTags("Servicing").RequireAuthorization()
            .Accepts<ChangeDecisionInput>("application/json").Produces<CoverChangeView>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public static async Task<CoverView> ViewAsync(PolicyCareDb db, PolicyRecord policy, DateOnly today, CancellationToken cancel)
    {
        var product = (await ReferenceData.CurrentAsync(db, cancel)).Products[policy.ProductCode];
        var terms = policy.ToTerms(product);
        var (installment, frequency) = terms.RegularOn(today);
        string M(decimal x) => Currencies.Format(x, product.Currency);
        var rules = product.Term == PolicyTerm.Long ? product.Changes : null;
        var table = CoverChangeDesk.SumInsured(policy, product) is not null ? rules?.SumInsured : null;
        var requests = await db.ChangeRequests.AsNoTracking().Where(r => r.PolicyNumber == policy.Number).OrderByDescending(r => r.Id).ToListAsync(cancel);
        return new CoverView(policy.Number, CoverChangeDesk.SumInsured(policy, product) is { } sum ? M(sum) : null, M(installment), frequency.Code(), product.Currency,
            new CoverOptionsView(table is null ? null : M(table.Min), table is null ? null : M(table.Max), table is null ? null : M(table.Step),
                rules?.FrequencyFactors?.Keys.Order().Select(f => f.Code()).ToList() ?? [],
                Offered(rules?.PaymentTerm, terms.PaymentYears), Offered(rules?.CoverTerm, terms.CoverYears)),
            requests.Select(View).ToList(), terms.PaymentYears, terms.PremiumsEndOn, terms.CoverYears, terms.CoverEndsOn);
    }

    /// <summary>The terms a policy may move to: the product's, when the policy's own term is one of them (so it can be priced).</summary>
    private static List<int> Offered(TermTable? table, int? current) =>
        table is not null && current is { } years && table.FactorOf(years) is not null ? table.Options.Select(o => o.Years).Order().ToList() : [];

    public static ChangeRequestView View(ChangeRequestRecord r) => new(r.Id, CoverChangeDesk.RequestReference(r.Id), r.Kind, r.Status,
        JsonDocument.Parse(r.Quote).RootElement.Clone(), r.RequestedOn, r.DecideBy, r.Reason, r.EndorsementId);

    private static async Task<IResult> GetAsync(Database database, TimeProvider time, ClaimsPrincipal user, string number, CancellationToken cancel)
    {
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        return TypedResults.Ok(await ViewAsync(db, policy, await Access.TodayAsync(db, time, cancel), cancel));
    }

    /// <summary>The request's fields read strictly: the kind, the new sum insured or frequency, the health declaration.</summary>
    public static (CoverChangeRequest Request, HealthDeclaration Declaration) Read(StrictObject o)
    {
        var kindText = o.RequiredString("kind");
        if (!CoverChangeDesk.TryParseKind(kindText, out var kind))
            throw new InputException("$.kind", "must be sum-insured, payment-frequency, payment-term or cover-term", StrictObject.Quote(kindText));
        decimal? sum = null;
        Frequency? frequency = null;
        int? paymentYears = null;
        int? coverYears = null;
        if (kind == CoverChangeKind.SumInsured)
        {
            var text = o.OptionalString("sumInsured") ?? throw new InputException("$.sumInsured", "is required for a change of sum insured");
            sum = decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s) && s > 0 ? s
                : throw new InputException("$.sumInsured", "must be a positive amount such as \"400000\"", StrictObject.Quote(text));
        }
        else if (kind == CoverChangeKind.PaymentTerm)
            paymentYears = o.OptionalInt("paymentYears") is { } years and > 0 ? years
                : throw new InputException("$.paymentYears", "is required for a change of payment term: a number of years such as 10");
        else if (kind == CoverChangeKind.CoverTerm)
            coverYears = o.OptionalInt("coverYears") is { } years and > 0 ? years
                : throw new InputException("$.coverYears", "is required for a change of cover term: a number of years such as 30");
        else
        {
            var text = o.OptionalString("frequency") ?? throw new InputException("$.frequency", "is required for a change of payment frequency");
            frequency = Frequencies.TryParse(text, out var f) ? f : throw new InputException("$.frequency", "must be monthly, quarterly, semiannual or annual", StrictObject.Quote(text));
        }
        var declaration = o.OptionalString("declaration") switch
        {
            null => HealthDeclaration.None,
            "clean" => HealthDeclaration.Clean,
            "adverse" => HealthDeclaration.Adverse,
            var other => throw new InputException("$.declaration", "must be clean (nothing to disclose) or adverse (something disclosed)", StrictObject.Quote(other)),
        };
        return (new CoverChangeRequest(kind, sum, frequency, paymentYears, coverYears), declaration);
    }

    private static async Task<IResult> ChangeAsync(Database database, TimeProvider time, HttpContext context, string number, CancellationToken cancel)
    {
        var user = context.User;
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        if (!user.ServicesPolicy(policy))
            return Problems.Field("number", "only the policyholder, or a service agent for them, changes the cover", StatusCodes.Status403Forbidden);
        using var body = await Problems.ReadJsonAsync(context.Request, cancel);
        var o = new StrictObject(body.RootElement, "$", "kind", "sumInsured", "frequency", "paymentYears", "coverYears", "declaration", "confirm");
        var (request, declaration) = Read(o);
        var today = await Access.TodayAsync(db, time, cancel);
        // Nothing changes until confirmed: the same request without "confirm" shows the effect.
        if (o.OptionalBool("confirm") != true)
        {
            var (quote, refusal) = await CoverChangeDesk.QuoteAsync(db, policy, request, declaration, today, cancel);
            if (refusal is not null) return Problems.Field("$." + refusal.Field, refusal.Message);
            return TypedResults.Ok(new CoverChangeView("preview", Json(CoverChangeDesk.QuoteJson(quote!, policy)), null, null, null));
        }
        var (outcome, refused) = await CoverChangeDesk.ConfirmAsync(db, number, request, declaration, user.Identity?.Name ?? "integrator", today, time.GetUtcNow(), cancel);
        if (refused is not null) return Problems.Field("$." + refused.Field, refused.Message);
        var view = new CoverChangeView(outcome!.Status, Json(CoverChangeDesk.QuoteJson(outcome.Quote, policy)), outcome.Request, outcome.Endorsement, outcome.DecideBy);
        return outcome.Status == CoverChangeDesk.Applied
            ? TypedResults.Created($"/api/v1/policies/{number}/cover-changes", view)
            : TypedResults.Accepted($"/api/v1/policies/{number}/cover-changes", view);
    }

    private static async Task<IResult> DecideAsync(Database database, TimeProvider time, HttpContext context, string id, CancellationToken cancel)
    {
        var user = context.User;
        await using var db = database.Open();
        // A customer never decides, and an id that is no request's is none: both are answered as if it did not exist.
        if (!user.IsStaff() || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var requestId)) return TypedResults.NotFound();
        var request = await db.ChangeRequests.SingleOrDefaultAsync(r => r.Id == requestId, cancel);
        if (request is null) return TypedResults.NotFound();
        var allowed = request.Status == CoverChangeDesk.Sent ? user.IsInRole(Roles.Integrator) || user.IsInRole(Roles.Admin) : Roles.Underwriters.Any(user.IsInRole);
        if (!allowed)
            return Problems.Field("id", request.Status == CoverChangeDesk.Sent
                ? "the policy administration system decides this change (an integrator's key), or an administrator"
                : "underwriting decides this change: a supervisor or an administrator", StatusCodes.Status403Forbidden);
        using var body = await Problems.ReadJsonAsync(context.Request, cancel);
        var o = new StrictObject(body.RootElement, "$", "approved", "reason");
        var approved = o.OptionalBool("approved") ?? throw new InputException("$.approved", "is required: true or false");
        var today = await Access.TodayAsync(db, time, cancel);
        var policy = await db.Policies.AsNoTracking().SingleAsync(p => p.Number == request.PolicyNumber, cancel);
        var (outcome, refusal) = await CoverChangeDesk.DecideAsync(db, request, approved, o.OptionalString("reason"), user.Identity?.Name ?? "integrator", today,
            time.GetUtcNow(), cancel);
        if (refusal is not null) return Problems.Field("$." + refusal.Field, refusal.Message);
        return TypedResults.Ok(new CoverChangeView(outcome!.Status, Json(CoverChangeDesk.QuoteJson(outcome.Quote, policy)), outcome.Request, outcome.Endorsement, null));
    }

    private static JsonElement Json(System.Text.Json.Nodes.JsonObject o) => JsonDocument.Parse(o.ToJsonString()).RootElement.Clone();
}
