using Microsoft.EntityFrameworkCore;
using PolicyCare.Hosting;
using PolicyCare.Storage;

namespace PolicyCare.Billing;

/// <summary>
/// Sends a new checkout to its provider, takes the customer back from the provider's page, and takes
/// the provider's notifications. Whatever the provider, the money is posted only on the provider's
/// own word (its signed notification, or its answer when PolicyCare asks), for the checkout's policy
/// and amount, once.
/// </summary>
public static class ProviderCheckouts
{
    /// <summary>
    /// Registers the checkout with its provider (KakaoPay's <c>ready</c>, WeChat Pay's order, a Stripe
    /// Checkout Session, Alipay's signed page address); the sandbox and gateways that sign our own
    /// webhook need nothing. A provider that cannot be reached leaves no open checkout behind, and the
    /// customer is told to try again.
    /// </summary>
    public static async Task SendAsync(PolicyCareDb db, CheckoutRecord checkout, IServiceProvider services, string publicBase, string clientIp,
        TimeProvider time, CancellationToken cancel)
    {
        var site = publicBase.TrimEnd('/');
        var back = $"{site}/pay/{checkout.Provider}/{checkout.Id}";
        var description = $"PolicyCare {checkout.PolicyNumber}";
        try
        {
            var currency = await db.CurrencyOfAsync(checkout.PolicyNumber, cancel);
            switch (checkout.Provider)
            {
                case KakaoPaySettings.Provider:
                    if (services.GetService<KakaoPayClient>() is not { } kakao) throw new PaymentProviderException("KakaoPay is not configured");
                    if (currency != "KRW") throw new PaymentProviderException("KakaoPay takes Korean won only");
                    var ready = await kakao.ReadyAsync(checkout, description, back + "/approved", back + "/cancelled", back + "/failed", cancel);
                    (checkout.ProviderReference, checkout.RedirectUrl) = (ready.Tid, ready.RedirectUrl);
                    break;
                case WeChatPaySettings.Provider when services.GetService<WeChatPayClient>() is { } weChat:
                    if (currency != "CNY") throw new PaymentProviderException("WeChat Pay takes Chinese yuan only");
                    checkout.RedirectUrl = await weChat.PlaceOrderAsync(checkout, description, $"{site}/api/v1/webhooks/payments/wechat-pay/v3",
                        back + "/returned", clientIp, cancel);
                    break;
                case AlipaySettings.Provider when services.GetService<AlipayClient>() is { } alipay:
                    if (currency != "CNY") throw new PaymentProviderException("Alipay takes Chinese yuan only");
                    checkout.RedirectUrl = alipay.PageUrl(checkout, description, back + "/returned", $"{site}/api/v1/webhooks/payments/alipay/notify");
                    break;
                case CardSettings.Provider when services.GetService<CardCheckoutClient>() is { } card:
                    (checkout.ProviderReference, checkout.RedirectUrl) = await card.CreateSessionAsync(checkout, currency, description, back + "/returned", back + "/cancelled", cancel);
                    break;
                default:
                    return; // the sandbox, or a gateway that signs our own webhook and hosts its page itself
            }
        }
        catch (PaymentProviderException)
        {
            checkout.ExpiresAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancel);
            throw;
        }
        await db.SaveChangesAsync(cancel);
    }

    public static IEndpointRouteBuilder MapProviderReturns(this IEndpointRouteBuilder app)
    {
        // Open to anyone with the link (a sign-in that expired meanwhile must not lose a payment): the
        // checkout id is unguessable, and only the provider's own answer posts anything.
        // Pages a customer's browser comes back to, not API: left out of the API description.
        var back = app.MapGroup("/pay/{provider}/{id}").WithTags("Billing").AllowAnonymous().ExcludeFromDescription();
        back.MapGet("/returned", ReturnedAsync);
        back.MapGet("/approved", KakaoPayApprovedAsync);
        back.MapGet("/cancelled", (Database database, string provider, string id, CancellationToken cancel) => BackToPayPageAsync(database, provider, id, "cancelled", cancel));
        back.MapGet("/failed", (Database database, string provider, string id, CancellationToken cancel) => BackToPayPageAsync(database, provider, id, "failed", cancel));

        var notices = app.MapGroup("/api/v1/webhooks/payments").WithTags("Billing").AllowAnonymous().RequireRateLimiting(PolicyCareApp.PublicRateLimit);
        notices.MapPost("/wechat-pay/v3", WeChatPayNotifiedAsync).Accepts<System.Text.Json.JsonElement>("application/json");
        notices.MapPost("/card/stripe", CardEventAsync).Accepts<System.Text.Json.JsonElement>("application/json");
        notices.MapPost("/alipay/notify", AlipayNotifiedAsync).DisableAntiforgery().Accepts<IFormCollection>("application/x-www-form-urlencoded");
        return app;
    }

    private static Task<CheckoutRecord?> CheckoutAsync(PolicyCareDb db, string provider, string id, CancellationToken cancel) =>
        db.Checkouts.FirstOrDefaultAsync(c => c.Id == id && c.Provider == provider, cancel);

    private static IResult NoSuchCheckout(string provider) =>
        Problems.Field("id", $"no {provider} payment was started with this id", StatusCodes.Status404NotFound);

    private static string PolicyPage(CheckoutRecord c) => $"/my/policies/{Uri.EscapeDataString(c.PolicyNumber)}";

    /// <summary>
    /// The customer is back from the provider's page. WeChat Pay, Alipay and Stripe send them back
    /// whether or not they paid, and what the return says is not trusted: PolicyCare asks the
    /// provider for the order and posts the money if the provider says it is paid.
    /// </summary>
    private static async Task<IResult> ReturnedAsync(Database database, TimeProvider time, IServiceProvider services, string provider, string id, CancellationToken cancel)
    {
        await using var db = database.Open();
        if (await CheckoutAsync(db, provider, id, cancel) is not { } checkout) return NoSuchCheckout(provider);
        if (checkout.PaidAt is not null) return Results.Redirect(PolicyPage(checkout) + "?done=paid");
        Func<Task<ProviderPayment?>>? ask = provider switch
        {
            WeChatPaySettings.Provider when services.GetService<WeChatPayClient>() is { } weChat => () => weChat.QueryAsync(checkout, cancel),
            AlipaySettings.Provider when services.GetService<AlipayClient>() is { } alipay => () => alipay.QueryAsync(checkout, cancel),
            CardSettings.Provider when services.GetService<CardCheckoutClient>() is { } card && checkout.ProviderReference is not null => () => card.PaidSessionAsync(checkout, cancel),
            _ => null,
        };
        if (ask is null) return NoSuchCheckout(provider);
        ProviderPayment? paid;
        try { paid = await ask(); }
        catch (PaymentProviderException) { paid = null; }
        if (paid is null) return Results.Redirect($"{PolicyPage(checkout)}/pay?provider=pending");
        var outcome = await PostAsync(db, checkout, paid, time.GetUtcNow(), cancel);
        return outcome.Field is null ? Results.Redirect(PolicyPage(checkout) + "?done=paid") : outcome.ToResult(paid.TransactionId);
    }

    /// <summary>
    /// The customer approved on KakaoPay's page: only KakaoPay's answer to <c>approve</c> — for this
    /// checkout's tid, order and amount — posts anything.
    /// </summary>
    private static async Task<IResult> KakaoPayApprovedAsync(Database database, TimeProvider time, IServiceProvider services, string provider, string id,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "pg_token")] string? pgToken, CancellationToken cancel)
    {
        await using var db = database.Open();
        if (provider != KakaoPaySettings.Provider || await CheckoutAsync(db, provider, id, cancel) is not { ProviderReference: not null } checkout)
            return NoSuchCheckout(provider);
        if (checkout.PaidAt is not null) return Results.Redirect(PolicyPage(checkout) + "?done=paid");
        if (string.IsNullOrEmpty(pgToken) || pgToken.Length > 200) return Problems.Field("pg_token", "is missing");
        if (services.GetService<KakaoPayClient>() is not { } kakao) return Problems.Conflict("KakaoPay is not configured");
        KakaoPayApproval approval;
        try { approval = await kakao.ApproveAsync(checkout, pgToken, cancel); }
        catch (PaymentProviderException) { return Results.Redirect($"{PolicyPage(checkout)}/pay?provider=failed"); }
        if (approval.Tid != checkout.ProviderReference || approval.OrderId != checkout.Id)
            return Problems.Field("pg_token", "KakaoPay approved another payment than this checkout; nothing was posted", StatusCodes.Status409Conflict);
        var outcome = await PostAsync(db, checkout, new ProviderPayment(approval.Tid, approval.OrderId, approval.Total, "KRW", approval.ApprovedAt), time.GetUtcNow(), cancel);
        return outcome.Field is null ? Results.Redirect(PolicyPage(checkout) + "?done=paid") : outcome.ToResult(approval.Tid);
    }

    /// <summary>
    /// WeChat Pay's notification (API v3): signed by WeChat Pay, the transaction encrypted with the
    /// APIv3 key. Answers 204 when posted or already posted, and WeChat Pay's error shape otherwise
    /// (it retries until it gets a 2xx).
    /// </summary>
    private static async Task<IResult> WeChatPayNotifiedAsync(Database database, TimeProvider time, IServiceProvider services, HttpRequest request, CancellationToken cancel)
    {
        if (services.GetService<WeChatPayClient>() is not { } weChat) return TypedResults.NotFound();
        var body = await new StreamReader(request.Body, System.Text.Encoding.UTF8).ReadToEndAsync(cancel);
        string Header(string name) => request.Headers[name].ToString();
        var (paid, refused) = weChat.ReadNotification(Header("Wechatpay-Timestamp"), Header("Wechatpay-Nonce"), Header("Wechatpay-Signature"), body);
        var outcome = await NotifiedAsync(database, WeChatPaySettings.Provider, paid, refused, time, cancel);
        return outcome.Field is null ? Results.NoContent() : Results.Json(new { code = "FAIL", message = outcome.Problem }, statusCode: outcome.Status);
    }

    /// <summary>Alipay's asynchronous notification: a signed form. Alipay retries until it reads <c>success</c>.</summary>
    private static async Task<IResult> AlipayNotifiedAsync(Database database, TimeProvider time, IServiceProvider services, HttpRequest request, CancellationToken cancel)
    {
        if (services.GetService<AlipayClient>() is not { } alipay) return TypedResults.NotFound();
        if (!request.HasFormContentType) return Results.Text("fail: not a form", statusCode: StatusCodes.Status400BadRequest);
        var form = (await request.ReadFormAsync(cancel)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var (paid, refused) = alipay.ReadNotification(form);
        var outcome = await NotifiedAsync(database, AlipaySettings.Provider, paid, refused, time, cancel);
        return outcome.Field is null ? Results.Text("success") : Results.Text("fail: " + outcome.Problem, statusCode: outcome.Status);
    }

    /// <summary>Stripe's signed event (<c>Stripe-Signature: t=…,v1=…</c>, the same HMAC as PolicyCare's own webhook).</summary>
    private static async Task<IResult> CardEventAsync(Database database, TimeProvider time, IServiceProvider services, HttpRequest request, CancellationToken cancel)
    {
        if (services.GetService<CardCheckoutClient>() is not { } card) return TypedResults.NotFound();
        var body = await new StreamReader(request.Body, System.Text.Encoding.UTF8).ReadToEndAsync(cancel);
        var (paid, refused) = card.ReadEvent(request.Headers["Stripe-Signature"].ToString(), body, time.GetUtcNow());
        var outcome = await NotifiedAsync(database, CardSettings.Provider, paid, refused, time, cancel);
        return outcome.Field is null ? Results.Ok(new { received = true }) : outcome.ToResult(paid?.TransactionId ?? "");
    }

    /// <summary>What a provider's notification comes to: refused (not the provider's), nothing to post, or the payment posted for its checkout.</summary>
    private static async Task<WebhookOutcome> NotifiedAsync(Database database, string provider, ProviderPayment? paid, string? refused, TimeProvider time, CancellationToken cancel)
    {
        if (refused is not null) return new WebhookOutcome(StatusCodes.Status401Unauthorized, Field: "signature", Problem: refused);
        if (paid is null) return new WebhookOutcome(200, Posted: "ignored");
        await using var db = database.Open();
        if (await CheckoutAsync(db, provider, paid.OrderId, cancel) is not { } checkout)
            return new WebhookOutcome(StatusCodes.Status422UnprocessableEntity, Field: "order", Problem: $"names no {provider} checkout");
        return await PostAsync(db, checkout, paid, time.GetUtcNow(), cancel);
    }

    /// <summary>A paid order is posted for its checkout's policy, once, if the provider reports the checkout's amount and currency (and its own reference, where it gave one).</summary>
    private static async Task<WebhookOutcome> PostAsync(PolicyCareDb db, CheckoutRecord checkout, ProviderPayment paid, DateTimeOffset now, CancellationToken cancel)
    {
        if (paid.Amount != checkout.Amount || paid.Currency != await db.CurrencyOfAsync(checkout.PolicyNumber, cancel)
            || (checkout.ProviderReference is { } reference && reference != paid.TransactionId))
            return new WebhookOutcome(StatusCodes.Status409Conflict, Field: "amount", Problem: "the provider reports another payment than this checkout's; nothing was posted");
        return await PaymentWebhooks.PostConfirmedAsync(db, checkout.Provider, paid.TransactionId, checkout.PolicyNumber, paid.Amount, paid.PaidAt, checkout, now, cancel);
    }

    private static async Task<IResult> BackToPayPageAsync(Database database, string provider, string id, string outcome, CancellationToken cancel)
    {
        await using var db = database.Open();
        var number = await db.Checkouts.AsNoTracking().Where(c => c.Id == id && c.Provider == provider).Select(c => c.PolicyNumber).FirstOrDefaultAsync(cancel);
        return number is null ? NoSuchCheckout(provider) : Results.Redirect($"/my/policies/{Uri.EscapeDataString(number)}/pay?provider={outcome}");
    }
}
