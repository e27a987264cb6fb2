using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Json;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Billing;

public sealed record PaymentView(long Id, DateOnly ReceivedOn, string Amount, string Method, string Applied, string Credit, string Reference);
public sealed record PaymentPosted(string Policy, string Amount, string Applied, string Credit, string Outstanding, string Status);
public sealed record BankFileImported(int Lines, int PaymentsPosted, int RejectionsRecorded, int AlreadyImported);
public sealed record MandateView(long Id, string Policy, string ConsentText, DateTimeOffset ConsentedAt, string Channel, string? AccountLast4, DateTimeOffset? RevokedAt);

/// <summary>Money in: payments, bank result files, payment-provider webhooks, and auto-debit mandates.</summary>
public static class BillingEndpoints
{
    public static readonly string[] Methods = ["auto-debit", "card", "bank-transfer", "wechat-pay", "alipay", "kakaopay", "cash"];
    public static readonly string[] WebhookProviders = ["card", "wechat-pay", "alipay", "kakaopay"];
    private static readonly TimeSpan SignatureTolerance = TimeSpan.FromMinutes(5);

    public static IEndpointRouteBuilder MapBillingEndpoints(this IEndpointRouteBuilder app)
    {
        var policies = app.MapGroup("/api/v1/policies").WithTags("Billing").RequireAuthorization();
        policies.MapPost("/{number}/payments", PostPaymentAsync).Accepts<PaymentInput>("application/json");
        policies.MapGet("/{number}/payments", ListPaymentsAsync);
        policies.MapPost("/{number}/mandate", CreateMandateAsync).Accepts<MandateInput>("application/json");
        policies.MapDelete("/{number}/mandate", RevokeMandateAsync);

        app.MapPost("/api/v1/bank-files/debit-results", ImportBankFileAsync).WithTags("Billing")
            .RequireAuthorization(p => p.RequireRole(Roles.Cashiers)).Accepts<string>("text/csv");
        app.MapPost("/api/v1/webhooks/payments/{provider}", ReceiveWebhookAsync).WithTags("Billing")
            .AllowAnonymous().RequireRateLimiting(PolicyCareApp.PublicRateLimit).Accepts<JsonElement>("application/json");
        return app;
    }

    /// <summary>The body of a payment: <c>amount</c> as a string ("1200.00"), <c>method</c>, optional <c>receivedOn</c> and <c>reference</c>.</summary>
    public sealed record PaymentInput(string Amount, string Method, DateOnly? ReceivedOn, string? Reference);

    public sealed record MandateInput(string ConsentText, string Channel, string? AccountLast4);

    private static async Task<IResult> PostPaymentAsync(Database database, TimeProvider time, HttpContext context, string number, CancellationToken cancel)
    {
        var user = context.User;
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        var isOwner = !user.IsStaff();
        if (!isOwner && !user.IsAnyOf(Roles.Cashiers)) return TypedResults.Forbid();

        context.Request.EnableBuffering();
        var raw = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync(cancel);
        context.Request.Body.Position = 0;
        using var body = await Problems.ReadJsonAsync(context.Request, cancel);
        var o = new StrictObject(body.RootElement, "$", "amount", "method", "receivedOn", "reference");
        var amount = o.RequiredMoney("amount");
        var currency = (await db.Products.FindAsync([policy.ProductCode], cancel))!.ToProduct().Currency;
        if (amount <= 0) return Problems.Field("$.amount", "must be a positive amount");
        if (!Currencies.FitsMinorUnit(amount, currency)) return Problems.Field("$.amount", $"has more decimals than {currency} allows");
        var method = o.RequiredString("method");
        if (!Methods.Contains(method)) return Problems.Field("$.method", "must be one of " + string.Join(", ", Methods));
        var today = await Access.TodayAsync(db, time, cancel);
        var on = o.OptionalDate("receivedOn") ?? today;
        if (on > today) return Problems.Field("$.receivedOn", "is in the future");
        var reference = o.OptionalString("reference");

        return await Idempotency.RunAsync(db, context, raw, async () =>
        {
            var external = reference ?? $"api:{context.Request.Headers[Idempotency.Header]}:{Guid.NewGuid():N}";
            var allocation = await Collections.PostPaymentAsync(db, number, on, amount, method, external, time.GetUtcNow(), cancel);
            var after = await db.Policies.AsNoTracking().FirstAsync(p => p.Number == number, cancel);
            var terms = after.ToTerms((await db.Products.FindAsync([after.ProductCode], cancel))!.ToProduct());
            return (StatusCodes.Status201Created, new PaymentPosted(number, Currencies.Format(amount, currency), Currencies.Format(allocation.Applied, currency),
                Currencies.Format(allocation.Credit, currency), Currencies.Format(Account.Outstanding(terms, after.ToStanding()), currency), after.Status.Code()));
        });
    }

    private static async Task<Results<Ok<List<PaymentView>>, NotFound>> ListPaymentsAsync(Database database, ClaimsPrincipal user, string number, CancellationToken cancel)
    {
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        var currency = (await db.Products.FindAsync([policy.ProductCode], cancel))!.ToProduct().Currency;
        var list = await db.Payments.AsNoTracking().Where(p => p.PolicyNumber == number).OrderBy(p => p.ReceivedOn).ThenBy(p => p.Id).ToListAsync(cancel);
        return TypedResults.Ok(list.Select(p => new PaymentView(p.Id, p.ReceivedOn, Currencies.Format(p.Amount, currency), p.Method,
            Currencies.Format(p.Applied, currency), Currencies.Format(p.Credit, currency), p.ExternalReference)).ToList());
    }

    private static async Task<IResult> CreateMandateAsync(Database database, TimeProvider time, ClaimsPrincipal user, HttpRequest request, string number, CancellationToken cancel)
    {
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        if (user.IsStaff() && !user.IsAnyOf([Roles.ServiceAgent, Roles.Integrator, Roles.Admin])) return TypedResults.Forbid();
        using var body = await Problems.ReadJsonAsync(request, cancel);
        var o = new StrictObject(body.RootElement, "$", "consentText", "channel", "accountLast4");
        var consent = o.RequiredString("consentText");
        if (consent.Trim().Length < 10) return Problems.Field("$.consentText", "must be the consent text the customer agreed to");
        var channel = o.RequiredString("channel");
        if (channel is not ("portal" or "app" or "phone" or "branch" or "paper" or "bank"))
            return Problems.Field("$.channel", "must be portal, app, phone, branch, paper or bank");
        var last4 = o.OptionalString("accountLast4");
        if (last4 is not null && (last4.Length != 4 || !last4.All(char.IsAsciiDigit)))
            return Problems.Field("$.accountLast4", "must be the last four digits of the account, nothing more");
        var mandate = await Mandates.StartAsync(db, number, consent, channel, last4, time.GetUtcNow(), await Access.TodayAsync(db, time, cancel), cancel);
        return TypedResults.Created($"/api/v1/policies/{number}/mandate", ToView(mandate));
    }

    private static async Task<IResult> RevokeMandateAsync(Database database, TimeProvider time, ClaimsPrincipal user, string number, CancellationToken cancel)
    {
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        if (user.IsStaff() && !user.IsAnyOf([Roles.ServiceAgent, Roles.Integrator, Roles.Admin])) return TypedResults.Forbid();
        await Mandates.EndAsync(db, number, time.GetUtcNow(), await Access.TodayAsync(db, time, cancel), cancel);
        return TypedResults.NoContent();
    }

    private static MandateView ToView(MandateRecord m) => new(m.Id, m.PolicyNumber, m.ConsentText, m.ConsentedAt, m.Channel, m.AccountLast4, m.RevokedAt);

    /// <summary>
    /// The bank's auto-debit result file (CSV: policy, due_date, amount, result, debit_time,
    /// bank_reference[, insurer_fault]). Every line is checked first; one bad line rejects the file
    /// with its line and field. Lines already imported (same bank reference) are skipped, so
    /// importing the same file again posts nothing.
    /// </summary>
    private static async Task<IResult> ImportBankFileAsync(Database database, TimeProvider time, HttpRequest request, CancellationToken cancel)
    {
        Problems.AllowLargeBody(request.HttpContext);
        var text = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync(cancel);
        await using var db = database.Open();
        var book = await BookSettings.LoadAsync(db, cancel: cancel);
        if (book.Settlement == DebitSettlement.Assumed)
            return Problems.Conflict("this book assumes auto-debits succeed (a scenario or the demo's simulated bank); bank result files apply to books whose debits the bank confirms");
        var lines = BankResultFile.Parse(text);
        var today = await Access.TodayAsync(db, time, cancel);

        var (imported, errors) = await lines.ImportAsync(db, today, time.GetUtcNow(), cancel);
        return imported is null ? FileProblem(errors) : TypedResults.Ok(imported);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult FileProblem(List<string> errors) =>
        TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = 400,
            Title = "The file was not imported",
            Detail = errors.Count == 1 ? errors[0] : $"{errors.Count} lines are not valid; the first: {errors[0]}",
            Extensions = { ["errors"] = errors.Take(100).ToList() },
        });

    /// <summary>
    /// A payment provider's notification. Signed like Stripe's: header <c>PolicyCare-Signature: t=UNIX,v1=HEX</c>
    /// with HEX = HMAC-SHA256(secret, "UNIX.body"); older than five minutes is refused; an event id
    /// already seen posts nothing.
    /// </summary>
    private static async Task<IResult> ReceiveWebhookAsync(Database database, TimeProvider time, IConfiguration configuration, HttpRequest request,
        string provider, CancellationToken cancel)
    {
        if (!WebhookProviders.Contains(provider)) return TypedResults.NotFound();
        var secret = configuration[$"PolicyCare:Webhooks:{provider}:Secret"];
        if (string.IsNullOrEmpty(secret)) return Problems.Field("provider", $"no webhook secret is configured for {provider}", StatusCodes.Status404NotFound);
        var raw = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync(cancel);
        var signature = WebhookSignature.Verify(request.Headers["PolicyCare-Signature"].ToString(), raw, secret, time.GetUtcNow(), SignatureTolerance);
        if (signature is not null) return Problems.Field("PolicyCare-Signature", signature, StatusCodes.Status401Unauthorized);

        JsonDocument doc;
        try { doc = JsonDocument.Parse(raw); }
        catch (JsonException) { return Problems.Field("$", "is not valid JSON"); }
        using (doc)
        {
            var o = new StrictObject(doc.RootElement, "$", "id", "type", "policy", "amount", "currency", "paidAt");
            var id = o.RequiredString("id");
            var type = o.RequiredString("type");
            if (type != "payment.succeeded") return Problems.Field("$.type", "only payment.succeeded is handled");
            var number = o.RequiredString("policy");
            var amount = o.RequiredMoney("amount");
            var paidAt = o.RequiredString("paidAt");
            if (!DateTimeOffset.TryParse(paidAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var paid))
                return Problems.Field("$.paidAt", "is not a date and time with an offset");
            await using var db = database.Open();
            var policy = await db.Policies.AsNoTracking().FirstOrDefaultAsync(p => p.Number == number, cancel);
            if (policy is null) return Problems.Field("$.policy", $"no policy '{number}'", StatusCodes.Status422UnprocessableEntity);
            var currency = (await db.Products.FindAsync([policy.ProductCode], cancel))!.ToProduct().Currency;
            if (o.OptionalString("currency") is { } c && c != currency) return Problems.Field("$.currency", $"the policy is billed in {currency}", StatusCodes.Status422UnprocessableEntity);
            if (amount <= 0 || !Currencies.FitsMinorUnit(amount, currency)) return Problems.Field("$.amount", $"must be a positive amount in {currency}");
            if (await db.WebhookEvents.AnyAsync(e => e.Provider == provider && e.EventId == id, cancel))
                return TypedResults.Ok(new { status = "duplicate", id });

            var book = await BookSettings.LoadAsync(db, cancel: cancel);
            var on = DateOnly.FromDateTime(paid.ToOffset(book.UtcOffset).DateTime);
            await using var tx = await db.Database.BeginTransactionAsync(cancel);
            db.WebhookEvents.Add(new WebhookEventRecord { Provider = provider, EventId = id, ReceivedAt = time.GetUtcNow() });
            await Collections.PostPaymentAsync(db, number, on, amount, provider, $"{provider}:{id}", time.GetUtcNow(), cancel);
            await tx.CommitAsync(cancel);
            return TypedResults.Ok(new { status = "posted", id });
        }
    }
}

/// <summary>The HMAC signature of a webhook body.</summary>
public static class WebhookSignature
{
    public static string Sign(string body, string secret, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>Null when the signature is good; else why not.</summary>
    public static string? Verify(string header, string body, string secret, DateTimeOffset now, TimeSpan tolerance)
    {
        var parts = header.Split(',', StringSplitOptions.TrimEntries).Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !long.TryParse(t, CultureInfo.InvariantCulture, out var unix) || !parts.TryGetValue("v1", out var v1))
            return "is missing or malformed (expected t=UNIX,v1=HEX)";
        if ((now - DateTimeOffset.FromUnixTimeSeconds(unix)).Duration() > tolerance) return "is too old or from the future (timestamp outside the tolerance)";
        var expected = Encoding.ASCII.GetBytes(Sign(body, secret, DateTimeOffset.FromUnixTimeSeconds(unix)).Split("v1=")[1]);
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(v1)) ? null : "does not match the body";
    }
}
