using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Hosting;
using PolicyCare.Json;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Servicing;

public sealed record BeneficiaryView(string Name, string Relationship, int Share);
public sealed record BeneficiariesView(string Policy, IReadOnlyList<BeneficiaryView> Beneficiaries, DateOnly? Since, IReadOnlyList<EndorsementView> Endorsements);
public sealed record EndorsementView(long Id, string Kind, JsonElement Before, JsonElement After, DateOnly EffectiveOn, string By, DateTimeOffset At, string? ConsentBy, string? ConsentMethod);
public sealed record BeneficiaryChangeView(IReadOnlyList<BeneficiaryView> Before, IReadOnlyList<BeneficiaryView> After, DateOnly EffectiveOn, bool ConsentNeeded,
    string PremiumChange, bool Confirmed, long? Endorsement);
public sealed record BeneficiaryChangeInput(IReadOnlyList<BeneficiaryView> Beneficiaries, DateOnly? EffectiveOn, InsuredConsentInput? Consent, bool Confirm);
public sealed record InsuredConsentInput(string GivenBy, string Method, DateOnly GivenOn);

/// <summary>
/// Beneficiaries through the API: read them with their endorsements, see a change's effect first
/// (<c>"confirm": false</c>), then confirm it — one endorsement, one timeline line, nothing before.
/// </summary>
public static class BeneficiaryEndpoints
{
    public static IEndpointRouteBuilder MapBeneficiaryEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/policies/{number}/beneficiaries").WithTags("Servicing").RequireAuthorization();
        group.MapGet("/", GetAsync).Produces<BeneficiariesView>();
        group.MapPost("/", ChangeAsync).Accepts<BeneficiaryChangeInput>("application/json").Produces<BeneficiaryChangeView>().Produces<BeneficiaryChangeView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>The beneficiaries in force: those of the latest endorsement, none before the first.</summary>
    public static async Task<(IReadOnlyList<Beneficiary> People, EndorsementRecord? Last)> CurrentAsync(PolicyCareDb db, string policy, CancellationToken cancel)
    {
        var last = await db.Endorsements.AsNoTracking().Where(e => e.PolicyNumber == policy && e.Kind == "beneficiaries").OrderByDescending(e => e.Id).FirstOrDefaultAsync(cancel);
        return (last is null ? [] : Parse(last.After), last);
    }

    private static List<Beneficiary> Parse(string json) =>
        JsonSerializer.Deserialize<List<BeneficiaryView>>(json, Web)!.Select(b => new Beneficiary(b.Name, Beneficiaries.Relationships.Parse(b.Relationship), b.Share)).ToList();

    private static List<BeneficiaryView> Views(IEnumerable<Beneficiary> people) =>
        people.Select(b => new BeneficiaryView(b.Name, Beneficiaries.Relationships.Code(b.Relationship), b.Share)).ToList();

    /// <summary>
    /// Records a decided change in one transaction: the endorsement (before, after, from when, who, the consent),
    /// its timeline line, and its confirmation to the holder in writing with the endorsement letter.
    /// </summary>
    public static async Task<long> ConfirmAsync(PolicyCareDb db, string number, BeneficiaryChange change, InsuredConsent? consent, string by, DateOnly today,
        DateTimeOffset now, CancellationToken cancel)
    {
        var record = new EndorsementRecord
        {
            PolicyNumber = number, Kind = "beneficiaries", Before = JsonSerializer.Serialize(Views(change.Before), Web), After = JsonSerializer.Serialize(Views(change.After), Web),
            EffectiveOn = change.EffectiveOn, By = by, At = now, ConsentBy = consent?.GivenBy, ConsentMethod = consent?.Method, ConsentOn = consent?.GivenOn,
        };
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        await Endorsements.RecordAsync(db, record, new JsonObject { ["people"] = change.After.Count, ["consent"] = consent?.Method },
            [], [], today, now, confirm: true, cancel, change.Before, change.After);
        await tx.CommitAsync(cancel);
        return record.Id;
    }

    private static async Task<IResult> GetAsync(Database database, ClaimsPrincipal user, string number, CancellationToken cancel)
    {
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        var (people, last) = await CurrentAsync(db, number, cancel);
        var history = await db.Endorsements.AsNoTracking().Where(e => e.PolicyNumber == number).OrderBy(e => e.Id).ToListAsync(cancel);
        return TypedResults.Ok(new BeneficiariesView(number, Views(people), last?.EffectiveOn, history.Select(e => new EndorsementView(e.Id, e.Kind,
            JsonDocument.Parse(e.Before).RootElement.Clone(), JsonDocument.Parse(e.After).RootElement.Clone(), e.EffectiveOn, e.By, e.At, e.ConsentBy, e.ConsentMethod)).ToList()));
    }

    private static async Task<IResult> ChangeAsync(Database database, TimeProvider time, HttpContext context, string number, CancellationToken cancel)
    {
        var user = context.User;
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        if (!user.ServicesPolicy(policy))
            return Problems.Field("number", "only the policyholder, or a service agent for them, changes the beneficiaries", StatusCodes.Status403Forbidden);
        using var body = await Problems.ReadJsonAsync(context.Request, cancel);
        var o = new StrictObject(body.RootElement, "$", "beneficiaries", "effectiveOn", "consent", "confirm");
        var after = new List<Beneficiary>();
        foreach (var (item, path) in o.Array("beneficiaries"))
        {
            var b = new StrictObject(item, path, "name", "relationship", "share");
            var relation = Beneficiaries.Relationships.TryParse(b.RequiredString("relationship"), out var r) ? r
                : throw new InputException($"{path}.relationship", $"must be one of {string.Join(", ", Beneficiaries.Relationships.Codes)}");
            after.Add(new Beneficiary(b.RequiredString("name"), relation, b.OptionalInt("share") ?? throw new InputException($"{path}.share", "is required")));
        }
        InsuredConsent? consent = null;
        if (o.OptionalObject("consent", "givenBy", "method", "givenOn") is { } c)
        {
            var method = c.RequiredString("method");
            if (method is not ("signature" or "portal" or "recorded-call")) throw new InputException("$.consent.method", "must be signature, portal or recorded-call");
            consent = new InsuredConsent(c.RequiredString("givenBy"), method, c.RequiredDate("givenOn"));
        }
        var today = await Access.TodayAsync(db, time, cancel);
        var (before, _) = await CurrentAsync(db, number, cancel);
        var holderIsInsured = policy.InsuredId is null || policy.InsuredId == policy.HolderId;
        var (change, refusal) = Beneficiaries.Decide(before, after, holderIsInsured, consent, today, o.OptionalDate("effectiveOn"));
        if (refusal is not null) return Problems.Field("$." + refusal.Field, refusal.Message);
        var view = new BeneficiaryChangeView(Views(change!.Before), Views(change.After), change.EffectiveOn, change.ConsentNeeded, "0.00", false, null);
        // Nothing changes until confirmed: the same request without "confirm" shows the effect.
        if (o.OptionalBool("confirm") != true) return TypedResults.Ok(view);

        var id = await ConfirmAsync(db, number, change, consent, user.Identity?.Name ?? "integrator", today, time.GetUtcNow(), cancel);
        return TypedResults.Created($"/api/v1/policies/{number}/beneficiaries", view with { Confirmed = true, Endorsement = id });
    }
}
