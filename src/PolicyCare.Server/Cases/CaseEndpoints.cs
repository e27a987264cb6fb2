using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Calendars;
using PolicyCare.Hosting;
using PolicyCare.Json;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Cases;

public sealed record CaseInput(string Policy, string Kind, string Category, string Message, string? Subject, string? Channel, string? Owner, string? Claim, long? Notice);
public sealed record CaseView(string Reference, string Kind, string Category, string Channel, string Policy, string Customer, string Status,
    string? Owner, string? TransferTo, DateOnly OpenedOn, DateOnly? AcknowledgedOn, DateOnly? AnswerBy, int? BusinessDaysLeft, bool Escalated,
    int ExtendedBy, string? ExtensionReason, bool WaitingForCustomer, string? Subject, string? Message, DateOnly? AnsweredOn, string? Decision,
    string? Answer, string? RootCause, string? Claim, long? Notice, int Reopened, string? RegulatorRoute);
public sealed record TransferInput(string To, string Reason);
public sealed record ExtensionInput(int Days, string Reason);
public sealed record AnswerInput(string Decision, string Answer, string? RootCause, bool? AtFirstContact);
public sealed record CaseTextInput(string Message);

/// <summary>Inbound mail (PolicyCare:InboundMail:SigningKey): the provider's webhook signing key.</summary>
public sealed record InboundMailSettings(string? SigningKey);

/// <summary>
/// Cases through the API: a customer opens and follows their own; staff take calls, work the
/// worklist, transfer, extend and answer; a mail provider posts the emails customers send.
/// </summary>
public static class CaseEndpoints
{
    public static IEndpointRouteBuilder MapCaseEndpoints(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/v1/cases").WithTags("Cases").RequireAuthorization();
        cases.MapPost("/", OpenAsync).Accepts<CaseInput>("application/json").Produces<CaseView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest);
        cases.MapGet("/", ListAsync).Produces<List<CaseView>>();
        cases.MapGet("/{case}", GetAsync).Produces<CaseView>();
        Step(cases, "transfer", ["to", "reason"], staffOnly: true, s =>
                CaseDesk.TransferAsync(s.Db, s.Id, s.By, s.Supervisor, s.Body.RequiredString("to"), s.Body.OptionalString("reason"), s.Today, s.Now, s.Cancel))
            .Accepts<TransferInput>("application/json").ProducesProblem(StatusCodes.Status403Forbidden);
        Step(cases, "acceptance", [], staffOnly: true, s => CaseDesk.AcceptAsync(s.Db, s.Id, s.By, s.Today, s.Cancel))
            .ProducesProblem(StatusCodes.Status409Conflict);
        Step(cases, "extension", ["days", "reason"], staffOnly: true, s =>
                CaseDesk.ExtendAsync(s.Db, s.Id, s.By, s.Supervisor, s.Body.OptionalInt("days") ?? throw new InputException("$.days", "is required"), s.Body.OptionalString("reason"), s.Today, s.Cancel))
            .Accepts<ExtensionInput>("application/json").ProducesProblem(StatusCodes.Status403Forbidden);
        Step(cases, "waiting", ["message"], staffOnly: true, s => CaseDesk.WaitForCustomerAsync(s.Db, s.Id, s.By, s.Body.OptionalString("message"), s.Today, s.Now, s.Cancel))
            .Accepts<CaseTextInput>("application/json").ProducesProblem(StatusCodes.Status403Forbidden);
        Step(cases, "replies", ["message"], staffOnly: false, s =>
                CaseDesk.CustomerReplyAsync(s.Db, s.Id, s.User.CustomerId() ?? throw new CaseRefusedException(403, "customer", "only the customer replies to their case"),
                    s.Body.OptionalString("message"), s.Today, s.Now, s.Cancel))
            .Accepts<CaseTextInput>("application/json").ProducesProblem(StatusCodes.Status409Conflict);
        Step(cases, "answer", ["decision", "answer", "rootCause", "atFirstContact"], staffOnly: true, async s =>
        {
            var decision = CaseCodes.Decisions.TryParse(s.Body.RequiredString("decision"), out var dv) ? dv : throw new InputException("$.decision", $"must be one of {string.Join(", ", CaseCodes.Decisions.Codes)}");
            var current = await s.Db.Cases.AsNoTracking().Where(x => x.Id == s.Id).Select(x => x.Category).SingleAsync(s.Cancel);
            var root = s.Body.OptionalString("rootCause") ?? current ?? "other";
            var rootCause = CaseCodes.Categories.TryParse(root, out var rv) ? rv : throw new InputException("$.rootCause", $"must be one of {string.Join(", ", CaseCodes.Categories.Codes)}");
            var links = s.Http.RequestServices.GetRequiredService<SurveyLinks>();
            return await CaseDesk.AnswerAsync(s.Db, links, s.Id, s.By, decision, s.Body.OptionalString("answer"), rootCause, s.Body.OptionalBool("atFirstContact") ?? false, s.Today, s.Now, s.Cancel);
        }).Accepts<AnswerInput>("application/json").ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        Step(cases, "reopening", ["message"], staffOnly: false, s =>
                CaseDesk.ReopenAsync(s.Db, s.Id, s.User.CustomerId(), s.User.Identity?.Name, s.Body.OptionalString("message"), s.Today, s.Cancel))
            .Accepts<CaseTextInput>("application/json").ProducesProblem(StatusCodes.Status409Conflict);

        app.MapPost("/api/v1/webhooks/inbound-mail", InboundMailAsync).WithTags("Cases").AllowAnonymous().DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data").Produces<CaseView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status406NotAcceptable);
        return app;
    }

    /// <summary>The cases a caller may see: staff all, a customer their own questions and complaints (never the insurer's tracing work).</summary>
    public static IQueryable<CaseRecord> VisibleCases(this PolicyCareDb db, ClaimsPrincipal user)
    {
        var customer = user.CustomerId();
        var cases = db.Cases.Where(c => c.Type != "tracing");
        return user.IsStaff() ? cases : customer is null ? cases.Where(_ => false) : cases.Where(c => c.CustomerId == customer);
    }

    private static async Task<IResult> OpenAsync(Database database, TimeProvider time, HttpContext context, CancellationToken cancel)
    {
        var user = context.User;
        using var body = await Problems.ReadJsonAsync(context.Request, cancel);
        var o = new StrictObject(body.RootElement, "$", "policy", "kind", "category", "message", "subject", "channel", "owner", "claim", "notice");
        var kind = CaseCodes.Kinds.TryParse(o.RequiredString("kind"), out var k) ? k : throw new InputException("$.kind", "must be inquiry or complaint");
        var category = CaseCodes.Categories.TryParse(o.RequiredString("category"), out var cat) ? cat : throw new InputException("$.category", $"must be one of {string.Join(", ", CaseCodes.Categories.Codes)}");
        var message = o.RequiredString("message").Trim();
        if (message.Length is < 5 or > 4000) return Problems.Field("$.message", "write 5 to 4,000 characters");
        var customerId = user.CustomerId();
        var channel = customerId is not null ? CaseChannel.Portal : user.IsInRole(Roles.Integrator) ? CaseChannel.Api : CaseChannel.Phone;
        if (o.OptionalString("channel") is { } given)
        {
            if (customerId is not null) return Problems.Field("$.channel", "a customer's request comes through the portal");
            channel = CaseCodes.Channels.TryParse(given, out var ch) ? ch : throw new InputException("$.channel", $"must be one of {string.Join(", ", CaseCodes.Channels.Codes)}");
        }
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, o.RequiredString("policy"), cancel);
        if (policy is null) return Problems.Field("$.policy", "no such policy", StatusCodes.Status404NotFound);
        if (customerId is not null && policy.HolderId != customerId && policy.InsuredId != customerId) return Problems.Field("$.policy", "a member of a group policy writes to the employer's contact");
        // An agent taking a call owns it; an integrator may name the agent who took it elsewhere.
        var owner = o.OptionalString("owner");
        if (owner is not null && !user.IsInRole(Roles.Integrator) && !user.IsInRole(Roles.Supervisor)) return Problems.Field("$.owner", "the agent who takes the contact owns it");
        if (owner is null && user.IsInAnyOf(string.Join(',', CaseDesk.Workers))) owner = user.Identity!.Name;
        var claim = o.OptionalString("claim");
        if (claim is not null && !await db.Claims.AnyAsync(c => c.Id == claim && c.PolicyNumber == policy.Number, cancel)) return Problems.Field("$.claim", "no such claim on this policy");
        var notice = o.Raw("notice") is { } n ? n.TryGetInt64(out var nid) ? nid : throw new InputException("$.notice", "must be a notice id") : (long?)null;
        if (notice is not null && !await db.Notices.AnyAsync(x => x.Id == notice && x.PolicyNumber == policy.Number, cancel)) return Problems.Field("$.notice", "no such notice on this policy");
        var now = time.GetUtcNow();
        var today = await Access.TodayAsync(db, time, cancel);
        try
        {
            var record = await CaseDesk.OpenAsync(db, new CaseOpening(policy.Number, customerId ?? policy.HolderId, kind, category, channel, message, o.OptionalString("subject"), owner, claim, notice), today, now, cancel);
            return TypedResults.Created($"/api/v1/cases/{CaseDesk.Reference(record)}", await ViewAsync(db, record, today, cancel));
        }
        catch (CaseRefusedException e)
        {
            return Refused(e);
        }
    }

    private static async Task<IResult> ListAsync(Database database, TimeProvider time, ClaimsPrincipal user, string? status, string? owner, int? limit, CancellationToken cancel)
    {
        if (status is not (null or "open" or "closed")) return Problems.Field("status", "must be open or closed");
        if (limit is < 1 or > 1000) return Problems.Field("limit", "must be between 1 and 1000");
        await using var db = database.Open();
        var today = await Access.TodayAsync(db, time, cancel);
        var query = db.VisibleCases(user).AsNoTracking();
        if (status is not null) query = query.Where(c => c.Status == status);
        if (owner is not null) query = query.Where(c => c.Owner == (owner == "me" ? user.Identity!.Name : owner));
        // The worklist: least time left first.
        var list = await query.OrderBy(c => c.Status).ThenBy(c => c.AnswerBy).ThenBy(c => c.Id).Take(limit ?? 100).ToListAsync(cancel);
        // The products and calendars read once for the page, not once per case.
        var reference = await ReferenceData.CurrentAsync(db, cancel);
        var numbers = list.Select(c => c.PolicyNumber).Distinct().ToList();
        var products = await db.Policies.AsNoTracking().Where(p => numbers.Contains(p.Number)).ToDictionaryAsync(p => p.Number, p => p.ProductCode, cancel);
        return TypedResults.Ok(list.Select(c => View(c, today, reference.Book.CalendarFor(reference.Products[products[c.PolicyNumber]]))).ToList());
    }

    private static async Task<IResult> GetAsync(Database database, TimeProvider time, ClaimsPrincipal user, string @case, CancellationToken cancel)
    {
        await using var db = database.Open();
        var record = CaseDesk.IdOf(@case) is { } id ? await db.VisibleCases(user).AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancel) : null;
        if (record is null) return TypedResults.NotFound();
        return TypedResults.Ok(await ViewAsync(db, record, await Access.TodayAsync(db, time, cancel), cancel));
    }

    /// <summary>What a step on a case is given: the case's id, the caller, the day, and the body's fields.</summary>
    private sealed record StepInput(PolicyCareDb Db, long Id, ClaimsPrincipal User, DateOnly Today, DateTimeOffset Now, StrictObject Body, HttpContext Http, CancellationToken Cancel)
    {
        public string By => User.Identity!.Name!;
        public bool Supervisor => User.IsInRole(Roles.Supervisor);
    }

    /// <summary>Maps <c>POST /{case}/{action}</c> to one step; a step without fields reads no body.</summary>
    private static RouteHandlerBuilder Step(RouteGroupBuilder cases, string action, string[] fields, bool staffOnly, Func<StepInput, Task<CaseRecord>> step) =>
        cases.MapPost("/{case}/" + action, (Database d, TimeProvider t, ClaimsPrincipal u, string @case, HttpContext h, CancellationToken c) =>
            StepAsync(d, t, u, @case, h, fields, staffOnly, step, c)).Produces<CaseView>();

    /// <summary>One step on a case the caller sees (404 otherwise), its refusals as problems naming the field.</summary>
    private static async Task<IResult> StepAsync(Database database, TimeProvider time, ClaimsPrincipal user, string @case, HttpContext context,
        string[] fields, bool staffOnly, Func<StepInput, Task<CaseRecord>> step, CancellationToken cancel)
    {
        await using var db = database.Open();
        var id = CaseDesk.IdOf(@case);
        if (id is null || !await db.VisibleCases(user).AnyAsync(c => c.Id == id, cancel)) return TypedResults.NotFound();
        if (staffOnly && !user.IsInAnyOf(string.Join(',', CaseDesk.Workers))) return Problems.Field("role", "cases are worked by service agents and supervisors", StatusCodes.Status403Forbidden);
        using var json = fields.Length > 0 ? await Problems.ReadJsonAsync(context.Request, cancel) : System.Text.Json.JsonDocument.Parse("{}");
        var today = await Access.TodayAsync(db, time, cancel);
        try
        {
            var record = await step(new StepInput(db, id.Value, user, today, time.GetUtcNow(), new StrictObject(json.RootElement, "$", fields), context, cancel));
            return TypedResults.Ok(await ViewAsync(db, record, today, cancel));
        }
        catch (CaseRefusedException e)
        {
            return Refused(e);
        }
    }

    private static IResult Refused(CaseRefusedException e) =>
        e.Status == StatusCodes.Status404NotFound ? TypedResults.NotFound()
        : e.Status == StatusCodes.Status409Conflict ? Problems.Conflict(e.Message)
        : Problems.Field(e.Status == StatusCodes.Status403Forbidden ? e.Field : "$." + e.Field, e.Message, e.Status);

    public static async Task<CaseView> ViewAsync(PolicyCareDb db, CaseRecord c, DateOnly today, CancellationToken cancel)
    {
        var product = await db.Policies.AsNoTracking().Where(p => p.Number == c.PolicyNumber).Select(p => p.ProductCode).SingleAsync(cancel);
        var reference = await ReferenceData.CurrentAsync(db, cancel);
        return View(c, today, reference.Book.CalendarFor(reference.Products[product]));
    }

    /// <summary>A case as the API shows it; <paramref name="calendar"/> is its policy's, for the business days left.</summary>
    public static CaseView View(CaseRecord c, DateOnly today, BusinessCalendar calendar) =>
        new(CaseDesk.Reference(c), c.Type, c.Category ?? "other", c.Channel ?? "portal", c.PolicyNumber, c.CustomerId, c.Status, c.Owner, c.TransferTo,
            c.OpenedOn, c.AcknowledgedOn, c.AnswerBy, c.Status == "open" && c.AnswerBy is { } by ? CaseRules.BusinessDaysLeft(today, by, calendar) : null,
            c.Status == "open" && c.EscalateOn is { } e && today >= e, c.ExtendedBy, c.ExtensionReason,
            c.WaitingSince is not null, c.Subject, c.Message, c.AnsweredOn, c.Decision, c.Answer, c.RootCause, c.ClaimId, c.NoticeId, c.Reopened,
            c.Market is { } m && CaseRules.RegulatorRoute(m) is { Length: > 0 } r ? r : null);

    /// <summary>
    /// An email a customer sent, as a mail provider posts it (Mailgun's routes: a multipart form with
    /// <c>sender</c>, <c>subject</c>, <c>body-plain</c>, <c>attachment-N</c>, and <c>timestamp</c>,
    /// <c>token</c>, <c>signature</c> = hex HMAC-SHA256(signing key, timestamp + token)). The sender is
    /// matched to a customer by email; the policy is the one the mail names, else the customer's first.
    /// An unknown sender is answered 406, which the provider takes as final (no retries).
    /// </summary>
    private static async Task<IResult> InboundMailAsync(Database database, TimeProvider time, InboundMailSettings settings, Claims.IDocumentStore store, HttpContext context, CancellationToken cancel)
    {
        if (string.IsNullOrEmpty(settings.SigningKey)) return Problems.Field("signature", "inbound mail is not set up (PolicyCare:InboundMail:SigningKey), so no signature is accepted", StatusCodes.Status401Unauthorized);
        if (!context.Request.HasFormContentType) return Problems.Field("body", "must be multipart/form-data or a form");
        var form = await context.Request.ReadFormAsync(cancel);
        string F(string name) => form[name].ToString();
        var now = time.GetUtcNow();
        if (!Signed(settings.SigningKey, F("timestamp"), F("token"), F("signature"), now))
            return Problems.Field("signature", "the signature does not match, or the timestamp is more than 5 minutes away", StatusCodes.Status401Unauthorized);
        var sender = Address(F("sender").Length > 0 ? F("sender") : F("from"));
        var text = (F("stripped-text").Length > 0 ? F("stripped-text") : F("body-plain")).Trim();
        var subject = F("subject").Trim();
        if (text.Length == 0) text = subject;
        if (text.Length < 1) return Problems.Field("body-plain", "the mail has no text");
        await using var db = database.Open();
        var customer = sender is null ? null : await db.Customers.AsNoTracking().Where(c => c.Email == sender).Select(c => c.Id).FirstOrDefaultAsync(cancel);
        if (customer is null) return Problems.Field("sender", "no customer has this email address", StatusCodes.Status406NotAcceptable);
        var policies = await db.Policies.AsNoTracking().Where(p => p.HolderId == customer).OrderBy(p => p.Number).Select(p => p.Number).ToListAsync(cancel);
        if (policies.Count == 0) return Problems.Field("sender", "the customer holds no policy", StatusCodes.Status406NotAcceptable);
        var policy = policies.FirstOrDefault(p => subject.Contains(p, StringComparison.OrdinalIgnoreCase) || text.Contains(p, StringComparison.OrdinalIgnoreCase)) ?? policies[0];
        // Attachments are kept content-addressed like a claim's documents; their names and hashes go with the message.
        var attached = new List<string>();
        foreach (var file in form.Files)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancel);
            var (stored, _) = await store.PutAsync(buffer.ToArray(), cancel);
            attached.Add(stored is null ? $"{file.FileName} (not kept: not a PDF, JPEG or PNG)" : $"{file.FileName} sha256:{stored.Sha256}");
        }
        var message = attached.Count == 0 ? text : $"{text}\n\n[{string.Join("; ", attached)}]";
        var kind = Complaint(subject + " " + text) ? CaseKind.Complaint : CaseKind.Inquiry;
        var today = await Access.TodayAsync(db, time, cancel);
        var record = await CaseDesk.OpenAsync(db, new CaseOpening(policy, customer, kind, CaseCategory.Other, CaseChannel.Email,
            message.Length > 8000 ? message[..8000] : message, subject.Length > 200 ? subject[..200] : subject), today, now, cancel);
        return TypedResults.Created($"/api/v1/cases/{CaseDesk.Reference(record)}", await ViewAsync(db, record, today, cancel));
    }

    /// <summary>Words that make a mail a complaint rather than a question, in the three languages.</summary>
    private static bool Complaint(string text) =>
        new[] { "complain", "complaint", "投诉", "민원", "불만" }.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));

    private static string? Address(string from)
    {
        var start = from.LastIndexOf('<');
        var address = (start >= 0 && from.EndsWith('>') ? from[(start + 1)..^1] : from).Trim();
        return address.Contains('@', StringComparison.Ordinal) ? address : null;
    }

    public static bool Signed(string key, string timestamp, string token, string signature, DateTimeOffset now)
    {
        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var t)
            || Math.Abs(now.ToUnixTimeSeconds() - t) > 300 || token.Length == 0) return false;
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(timestamp + token)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));
    }
}
