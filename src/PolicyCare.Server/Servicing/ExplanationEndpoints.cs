using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Hosting;
using PolicyCare.Json;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Servicing;

public sealed record ClauseView(string Id, string Kind, string Title, string Explanation, bool Explained);
public sealed record ExplanationView(long Id, IReadOnlyList<string> Clauses, string Locale, string Method, string TextHash, DateTimeOffset ShownAt,
    string AcknowledgedBy, string Source, DateTimeOffset RecordedAt);
public sealed record ExplanationsView(string Policy, IReadOnlyList<ClauseView> Clauses, IReadOnlyList<ExplanationView> Explanations);
public sealed record ExplanationInput(IReadOnlyList<string>? Clauses, string Locale, string Method, DateTimeOffset? ShownAt, string AcknowledgedBy, string? TextHash);

/// <summary>Recording that a policy's limiting clauses were explained, and reading back what was.</summary>
public static class ExplanationDesk
{
    /// <summary>The policy's clauses in the reader's language, each marked explained or not, and the explanations recorded.</summary>
    /// <param name="product">The policy's product, which every caller has already loaded.</param>
    public static async Task<ExplanationsView> ReadAsync(PolicyCareDb db, PolicyRecord policy, Product product, string locale, CancellationToken cancel = default)
    {
        var records = await db.Explanations.AsNoTracking().Where(e => e.PolicyNumber == policy.Number).OrderBy(e => e.ShownAt).ThenBy(e => e.Id).ToListAsync(cancel);
        var views = records.Select(View).ToList();
        var open = Disclosure.StillToExplain(product, views.Select(v => v.Clauses)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var clauses = (product.Clauses ?? []).Select(c => new ClauseView(c.Id, Disclosure.Kinds.Code(c.Kind), c.TitleIn(locale), c.ExplanationIn(locale), !open.Contains(c.Id))).ToList();
        return new ExplanationsView(policy.Number, clauses, views);
    }

    /// <summary>
    /// Keeps an explanation and its timeline line. The same explanation again (same text, same moment) is the record
    /// already kept: a unique key makes a sales system's retry harmless. Returns the record and whether it is new.
    /// </summary>
    public static async Task<(ExplanationRecord Record, bool Created)> RecordAsync(PolicyCareDb db, string policy, Explanation explanation, string source, string by,
        DateOnly today, DateTimeOffset now, CancellationToken cancel = default)
    {
        var shownAt = explanation.ShownAt.ToUniversalTime();
        if (await db.Explanations.AsNoTracking().FirstOrDefaultAsync(e => e.PolicyNumber == policy && e.TextHash == explanation.TextHash && e.ShownAt == shownAt, cancel) is { } kept)
            return (kept, false);
        var record = new ExplanationRecord
        {
            PolicyNumber = policy, Clauses = string.Join(",", explanation.ClauseIds), Locale = explanation.Locale, Method = Disclosure.Methods.Code(explanation.Method),
            TextHash = explanation.TextHash, ShownAt = shownAt, AcknowledgedBy = explanation.AcknowledgedBy, Source = source, RecordedBy = by, RecordedAt = now,
        };
        db.Explanations.Add(record);
        var seq = await Timeline.NextEventSeqAsync(db, policy, today, cancel);
        db.Timeline.Add(Timeline.Entry(policy, today, "explanation", seq, new JsonObject
        {
            ["clauses"] = explanation.ClauseIds.Count, ["method"] = record.Method, ["source"] = source, ["hash"] = record.TextHash[..12],
        }));
        await db.SaveChangesAsync(cancel);
        return (record, true);
    }

    public static ExplanationView View(ExplanationRecord e) =>
        new(e.Id, Mapping.SplitList(e.Clauses), e.Locale, e.Method, e.TextHash, e.ShownAt, e.AcknowledgedBy, e.Source, e.RecordedAt);
}

/// <summary>
/// <c>/api/v1/policies/{number}/explanations</c>: the sales system (or an agent) records that the clauses were explained,
/// with the hash of what it showed; whoever sees the policy reads the clauses and the record.
/// </summary>
public static class ExplanationEndpoints
{
    public static IEndpointRouteBuilder MapExplanationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/policies/{number}/explanations").WithTags("Servicing").RequireAuthorization();
        group.MapGet("/", GetAsync).Produces<ExplanationsView>();
        group.MapPost("/", PostAsync).Accepts<ExplanationInput>("application/json").Produces<ExplanationView>().Produces<ExplanationView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    /// <summary>Who acknowledges in the portal: the customer by name (what a complaint handler needs), else the sign-in.</summary>
    public static async Task<string> AcknowledgerAsync(PolicyCareDb db, ClaimsPrincipal user, CancellationToken cancel = default) =>
        user.CustomerId() is { } id && await db.Customers.AsNoTracking().Where(c => c.Id == id).Select(c => c.Name).FirstOrDefaultAsync(cancel) is { Length: > 0 } name
            ? name : user.Identity!.Name!;

    private static async Task<IResult> GetAsync(Database database, ClaimsPrincipal user, string number, string? locale, CancellationToken cancel)
    {
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        var reader = locale is { } l && Disclosure.Locales.Contains(l) ? l : CultureInfo.CurrentUICulture.Name is var ui && Disclosure.Locales.Contains(ui) ? ui : Disclosure.Fallback;
        var product = (await ReferenceData.CurrentAsync(db, cancel)).Products[policy.ProductCode];
        return TypedResults.Ok(await ExplanationDesk.ReadAsync(db, policy, product, reader, cancel));
    }

    private static async Task<IResult> PostAsync(Database database, TimeProvider time, HttpContext context, string number, CancellationToken cancel)
    {
        var user = context.User;
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        var customer = user.CustomerId() is not null;
        if (customer ? !user.IsHolderOf(policy) : !Roles.PolicyServicers.Any(user.IsInRole))
            return Problems.Field("number", "only the policyholder, the sales system or a service agent records an explanation", StatusCodes.Status403Forbidden);
        using var body = await Problems.ReadJsonAsync(context.Request, cancel);
        var o = new StrictObject(body.RootElement, "$", "clauses", "locale", "method", "shownAt", "acknowledgedBy", "textHash");
        var clauses = o.Has("clauses") ? o.StringArray("clauses") : null;
        DateTimeOffset? shownAt = o.OptionalString("shownAt") is { } text
            ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) && text.Contains('T', StringComparison.Ordinal) ? at
                : throw new InputException("$.shownAt", "must be a date and time with its offset, such as 2026-12-04T09:30:00+08:00", StrictObject.Quote(text))
            : null;
        var now = time.GetUtcNow();
        var product = (await ReferenceData.CurrentAsync(db, cancel)).Products[policy.ProductCode];
        // A customer acknowledges for themselves, on the page PolicyCare shows: the hash is of PolicyCare's own text.
        var (explanation, refusal) = customer
            ? Disclosure.Check(product, clauses, o.OptionalString("locale"), "web", null, await AcknowledgerAsync(db, user, cancel), null, now)
            : Disclosure.Check(product, clauses, o.OptionalString("locale"), o.OptionalString("method"), shownAt, o.OptionalString("acknowledgedBy"), o.OptionalString("textHash"), now);
        if (refusal is not null) return Problems.Field("$." + refusal.Field, refusal.Message);
        var (record, created) = await ExplanationDesk.RecordAsync(db, number, explanation!, customer ? "portal" : user.IsInRole(Roles.Integrator) ? "api" : "office",
            user.Identity?.Name ?? "integrator", await Access.TodayAsync(db, time, cancel), now, cancel);
        var view = ExplanationDesk.View(record);
        return created ? TypedResults.Created($"/api/v1/policies/{number}/explanations", view) : TypedResults.Ok(view);
    }
}
