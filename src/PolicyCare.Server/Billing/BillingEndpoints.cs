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
/// <summary>Optional: which of the market's ways to pay (wechat-pay, alipay, kakaopay, card); the first offered when left out.</summary>
public sealed record CheckoutInput(string? Provider);

public sealed record MandateView(long Id, string Policy, string ConsentText, DateTimeOffset ConsentedAt, string Channel, string? AccountLast4, DateTimeOffset? RevokedAt);

/// <summary>Money in: payments, bank result files, payment-provider webhooks, and auto-debit mandates.</summary>
public static class BillingEndpoints
{
    public static readonly string[] Methods = ["auto-debit", "card", "bank-transfer", "wechat-pay", "alipay", "kakaopay", "cash"];

    public static IEndpointRouteBuilder MapBillingEndpoints(this IEndpointRouteBuilder app)
    {
        var policies = app.MapGroup("/api/v1/policies").WithTags("Billing").RequireAuthorization();
        policies.MapPost("/{number}/payments", PostPaymentAsync).Accepts<PaymentInput>("application/json")
            .WithMetadata(new IdempotencyKeyRequired())
            .Produces<PaymentPosted>(StatusCodes.Status201Created).Produces<PaymentPosted>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).Produces(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        policies.MapPost("/{number}/checkouts", StartCheckoutAsync).Accepts<CheckoutInput>("application/json").Produces<CheckoutView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        policies.MapGet("/{number}/payments", ListPaymentsAsync);
        policies.MapPost("/{number}/mandate", CreateMandateAsync).Accepts<MandateInput>("application/json").Produces<MandateView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status403Forbidden);
        policies.MapDelete("/{number}/mandate", RevokeMandateAsync).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden);

        app.MapPost("/api/v1/bank-files/debit-results", ImportBankFileAsync).WithTags("Billing")
            .RequireAuthorization(p => p.RequireRole(Roles.Cashiers)).Accepts<string>("text/csv").Produces<BankFileImported>();
        app.MapPost("/api/v1/webhooks/payments/{provider}", ReceiveWebhookAsync).WithTags("Billing")
            .AllowAnonymous().RequireRateLimiting(PolicyCareApp.PublicRateLimit).Accepts<JsonElement>("application/json");
        return app;
    }

    /// <summary>The body of a payment: <c>amount</c> as a string ("1200.00"), <c>method</c>, optional <c>receivedOn</c> and <c>reference</c>.</summary>
    public sealed record PaymentInput(string Amount, string Method, DateOnly? ReceivedOn, string? Reference);

    public sealed record MandateInput(string ConsentText, string Channel, string? AccountLast4);

    /// <summary>
    /// Staff and integrators record money received by other means (a cash desk, a bank transfer
    /// the insurer matched). A customer never records a payment: they start a checkout with a
    /// payment provider, and the money is posted when the provider confirms it.
    /// </summary>
    private static async Task<IResult> PostPaymentAsync(Database database, TimeProvider time, HttpContext context, string number, CancellationToken cancel)
    {
        var user = context.User;
        await using var db = database.Open();
        // One connection for the request's half-dozen statements, not one from the pool (and its reset) for each.
        await db.Database.OpenConnectionAsync(cancel);
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        if (!user.IsStaff())
            return Problems.Field("method", $"a customer pays through a payment provider: POST /api/v1/policies/{policy.Number}/checkouts", StatusCodes.Status403Forbidden);
        if (!user.IsAnyOf(Roles.Cashiers)) return TypedResults.Forbid();

        context.Request.EnableBuffering();
        var raw = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync(cancel);
        context.Request.Body.Position = 0;
        using var body = await Problems.ReadJsonAsync(context.Request, cancel);
        var o = new StrictObject(body.RootElement, "$", "amount", "method", "receivedOn", "reference");
        var amount = o.RequiredMoney("amount");
        var product = (await ReferenceData.CurrentAsync(db, cancel)).Products[policy.ProductCode];
        var currency = product.Currency;
        if (amount <= 0) return Problems.Field("$.amount", "must be a positive amount");
        if (!Currencies.FitsMinorUnit(amount, currency)) return Problems.Field("$.amount", $"has more decimals than {currency} allows");
        if (amount > product.Payments.Maximum)
            return Problems.Field("$.amount", $"is more than the product accepts in one payment ({Currencies.Format(product.Payments.Maximum, currency)})");
        var method = o.RequiredString("method");
        if (!Methods.Contains(method)) return Problems.Field("$.method", "must be one of " + string.Join(", ", Methods));
        var today = await Access.TodayAsync(db, time, cancel);
        var on = o.OptionalDate("receivedOn") ?? today;
        if (on > today) return Problems.Field("$.receivedOn", "is in the future");
        if (on < today.AddYears(-1)) return Problems.Field("$.receivedOn", "is more than a year ago; a payment that old is corrected by the back office, not posted");
        var reference = o.OptionalString("reference");
        if (reference is { Length: 0 or > 100 }) return Problems.Field("$.reference", "must be 1 to 100 characters");
        var caller = user.Identity?.Name ?? "unknown";

        return await Idempotency.RunAsync(db, context, raw, policy.Number, async () =>
        {
            // The caller's reference lives in the caller's own namespace: it can never take a bank
            // line's or a provider event's reference, nor another integrator's.
            var external = $"api:{caller}:{reference ?? Guid.NewGuid().ToString("N")}";
            if (await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.ExternalReference == external, cancel) is { } earlier)
                return earlier.PolicyNumber == policy.Number && earlier.Amount == amount
                    ? (StatusCodes.Status200OK, new PaymentPosted(policy.Number, Currencies.Format(amount, currency), Currencies.Format(earlier.Applied, currency),
                        Currencies.Format(earlier.Credit, currency), "", "already-posted"))
                    : throw new InputException("$.reference", "was already used for another payment; nothing was posted");
            var applied = await Collections.ReceiveAsync(db, policy.Number, on, amount, method, external, time.GetUtcNow(), caller, cancel);
            var (allocation, after) = (applied.Event<PaymentReceived>()!.Allocation, applied.Policy);
            return (StatusCodes.Status201Created, new PaymentPosted(policy.Number, Currencies.Format(amount, currency), Currencies.Format(allocation.Applied, currency),
                Currencies.Format(allocation.Credit, currency), Currencies.Format(Account.Outstanding(applied.Terms, after.ToStanding()), currency), after.Status.Code()));
        });
    }

    /// <summary>
    /// A customer starts paying what is due now with the payment provider: the answer is where to
    /// send them. Nothing is posted until the provider's signed confirmation arrives.
    /// </summary>
    private static async Task<IResult> StartCheckoutAsync(Database database, TimeProvider time, PaymentProviders providers, HttpRequest request, string number, CancellationToken cancel)
    {
        var user = request.HttpContext.User;
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        if (user.IsStaff()) return Problems.Field("number", "a checkout is the customer's own payment; staff record payments received (POST .../payments)", StatusCodes.Status403Forbidden);
        var product = (await ReferenceData.CurrentAsync(db, cancel)).Products[policy.ProductCode];
        if (!Checkouts.MayPay(user, policy, product)) return Problems.Field("number", "only the policyholder pays this policy", StatusCodes.Status403Forbidden);
        var methods = providers.CheckoutMethodsFor(await Checkouts.MarketOfAsync(db, product, cancel));
        if (methods.Count == 0) return Problems.Conflict("online payment is not set up for this insurer");
        // The customer may choose among the market's ways to pay ({"provider": "alipay"}); without a body, the first.
        var provider = methods[0];
        if (request.ContentLength is > 0 || request.HasJsonContentType())
        {
            using var body = await Problems.ReadJsonAsync(request, cancel);
            var chosen = new StrictObject(body.RootElement, "$", "provider").OptionalString("provider");
            if (chosen is not null && !methods.Contains(chosen))
                throw new InputException("$.provider", $"is not a way to pay this policy online here; one of: {string.Join(", ", methods)}", chosen);
            provider = chosen ?? provider;
        }
        var checkout = await Checkouts.StartAsync(db, policy, provider, user.Identity?.Name ?? "customer", time, cancel);
        if (checkout is null) return Problems.Conflict("nothing is due on this policy now");
        try
        {
            await ProviderCheckouts.SendAsync(db, checkout, request.HttpContext.RequestServices, $"{request.Scheme}://{request.Host}{request.PathBase}",
                request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1", time, cancel);
        }
        catch (PaymentProviderException)
        {
            return TypedResults.Problem(title: "The payment provider cannot be reached", detail: "nothing was taken; try again in a few minutes",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        var view = await Checkouts.ViewAsync(db, checkout, providers, cancel);
        return TypedResults.Created(view.Url, view);
    }

    private static async Task<Results<Ok<List<PaymentView>>, NotFound>> ListPaymentsAsync(Database database, ClaimsPrincipal user, string number, CancellationToken cancel)
    {
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        var currency = (await ReferenceData.CurrentAsync(db, cancel)).Products[policy.ProductCode].Currency;
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
        if (user.RefuseUnlessHolder(policy) is { } refused) return refused;
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
        if (user.RefuseUnlessHolder(policy) is { } refused) return refused;
        await Mandates.EndAsync(db, number, user.Identity?.Name ?? "api", time.GetUtcNow(), await Access.TodayAsync(db, time, cancel), cancel);
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

        var (imported, errors) = await lines.ImportAsync(db, today, time.GetUtcNow(), request.HttpContext.User.Identity?.Name, cancel);
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

    private static async Task<IResult> ReceiveWebhookAsync(Database database, TimeProvider time, PaymentProviders providers, HttpRequest request,
        string provider, CancellationToken cancel)
    {
        if (providers.SecretOf(provider) is not { } secret) return TypedResults.NotFound();
        var raw = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync(cancel);
        await using var db = database.Open();
        var (outcome, id) = await PaymentWebhooks.ReceiveAsync(db, provider, secret, request.Headers["PolicyCare-Signature"].ToString(), raw, time.GetUtcNow(), cancel);
        return outcome.ToResult(id);
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

    /// <summary>
    /// Null when the signature is good; else why not. One timestamp; any number of <c>v1</c>
    /// signatures, any of which may match (a provider rotating its secret signs with both).
    /// </summary>
    public static string? Verify(string header, string body, string secret, DateTimeOffset now, TimeSpan tolerance)
    {
        var parts = header.Split(',', StringSplitOptions.TrimEntries).Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToList();
        var stamps = parts.Where(p => p[0] == "t").Select(p => p[1]).Distinct().ToList();
        var signatures = parts.Where(p => p[0] == "v1").Select(p => p[1]).ToList();
        if (stamps.Count != 1 || !long.TryParse(stamps[0], NumberStyles.None, CultureInfo.InvariantCulture, out var unix) || signatures.Count == 0)
            return "is missing or malformed (expected t=UNIX,v1=HEX: one timestamp, at least one signature)";
        var nowUnix = now.ToUnixTimeSeconds();
        var slack = (long)tolerance.TotalSeconds;
        // Compared as numbers before any date is made of them: a timestamp of long.MinValue is just old.
        if (unix < nowUnix - slack || unix > nowUnix + slack) return "is too old or from the future (timestamp outside the tolerance)";
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{stamps[0]}.{body}"));
        foreach (var v1 in signatures)
        {
            if (v1.Length == 64 && v1.All(char.IsAsciiHexDigit) && CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(v1))) return null;
        }
        return "does not match the body";
    }
}
