using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Hosting;
using PolicyCare.Storage;

namespace PolicyCare.Billing;

/// <summary>Where KakaoPay's online payment API is and who we are to it.</summary>
public sealed record KakaoPaySettings(string BaseUrl, string SecretKey, string Cid)
{
    public const string Provider = "kakaopay";
    public const string LiveUrl = "https://open-api.kakaopay.com";
    /// <summary>KakaoPay's test merchant code for one-time payments: its page takes no real money.</summary>
    public const string TestCid = "TC0ONETIME";
}

/// <summary>The provider could not be reached or refused the request; the customer is told to try again later.</summary>
public sealed class PaymentProviderException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>KakaoPay's answer to <c>ready</c>: its payment id and the page the customer goes to.</summary>
public sealed record KakaoPayReady(string Tid, string RedirectUrl);

/// <summary>KakaoPay's answer to <c>approve</c>: the money it took, for which order, when (Korea time).</summary>
public sealed record KakaoPayApproval(string Aid, string Tid, string OrderId, decimal Total, DateTimeOffset ApprovedAt);

/// <summary>
/// KakaoPay's single payment (<c>/online/v1/payment/ready</c> then <c>/approve</c>), authorised with
/// <c>Authorization: SECRET_KEY …</c>. The customer approves on KakaoPay's page, which sends the
/// browser back to our approval URL with a <c>pg_token</c>; the payment exists only once PolicyCare
/// calls <c>approve</c> with that token server to server and KakaoPay answers with the amount taken.
/// Nothing the browser says is taken on trust.
/// </summary>
public sealed class KakaoPayClient(HttpClient http, KakaoPaySettings settings)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public async Task<KakaoPayReady> ReadyAsync(CheckoutRecord c, string itemName, string approvalUrl, string cancelUrl, string failUrl, CancellationToken cancel)
    {
        var answer = await SendAsync<ReadyAnswer>("/online/v1/payment/ready", new ReadyRequest(settings.Cid, c.Id, c.PolicyNumber, itemName, 1,
            ToWon(c.Amount), 0, approvalUrl, cancelUrl, failUrl), cancel);
        if (string.IsNullOrEmpty(answer.Tid) || string.IsNullOrEmpty(answer.NextRedirectPcUrl))
            throw new PaymentProviderException("KakaoPay's ready answer has no tid or redirect URL");
        return new KakaoPayReady(answer.Tid, answer.NextRedirectPcUrl);
    }

    public async Task<KakaoPayApproval> ApproveAsync(CheckoutRecord c, string pgToken, CancellationToken cancel)
    {
        var answer = await SendAsync<ApproveAnswer>("/online/v1/payment/approve",
            new ApproveRequest(settings.Cid, c.ProviderReference!, c.Id, c.PolicyNumber, pgToken), cancel);
        if (answer.Amount is null || answer.Tid is null || answer.Aid is null || answer.PartnerOrderId is null)
            throw new PaymentProviderException("KakaoPay's approve answer lacks the payment's ids or amount");
        // KakaoPay gives Korea's local time without an offset.
        var approvedAt = DateTime.TryParse(answer.ApprovedAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), TimeSpan.FromHours(9))
            : throw new PaymentProviderException("KakaoPay's approve answer has no approval time");
        return new KakaoPayApproval(answer.Aid, answer.Tid, answer.PartnerOrderId, answer.Amount.Total, approvedAt);
    }

    /// <summary>KakaoPay takes whole won; a checkout in another currency cannot go there.</summary>
    private static long ToWon(decimal amount) => decimal.IsInteger(amount)
        ? (long)amount
        : throw new PaymentProviderException("KakaoPay takes whole Korean won only");

    private async Task<T> SendAsync<T>(string path, object body, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.BaseUrl.TrimEnd('/') + path)
        {
            Content = JsonContent.Create(body, options: Json),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "SECRET_KEY " + settings.SecretKey);
        HttpResponseMessage response;
        try { response = await http.SendAsync(request, cancel); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
        {
            throw new PaymentProviderException("KakaoPay cannot be reached", e);
        }
        using (response)
        {
            try
            {
                if (!response.IsSuccessStatusCode)
                {
                    // KakaoPay explains a refusal as {"error_code": -780, "error_message": "…"}; the code is enough for the log.
                    var text = await response.Content.ReadAsStringAsync(cancel);
                    var code = text.Length > 0 ? JsonSerializer.Deserialize<ErrorAnswer>(text, Json)?.ErrorCode : null;
                    throw new PaymentProviderException($"KakaoPay refused {path} ({(int)response.StatusCode}, error code {code})");
                }
                return await response.Content.ReadFromJsonAsync<T>(Json, cancel) ?? throw new PaymentProviderException($"KakaoPay's answer to {path} is empty");
            }
            catch (JsonException e)
            {
                throw new PaymentProviderException($"KakaoPay's answer to {path} ({(int)response.StatusCode}) is not the JSON it documents", e);
            }
        }
    }

    private sealed record ReadyRequest(string Cid, string PartnerOrderId, string PartnerUserId, string ItemName, int Quantity,
        long TotalAmount, long TaxFreeAmount, string ApprovalUrl, string CancelUrl, string FailUrl);

    private sealed record ReadyAnswer(string? Tid, string? NextRedirectPcUrl, string? NextRedirectMobileUrl);

    private sealed record ApproveRequest(string Cid, string Tid, string PartnerOrderId, string PartnerUserId, string PgToken);

    private sealed record ApproveAnswer(string? Aid, string? Tid, string? PartnerOrderId, ApproveAmount? Amount, string? ApprovedAt);

    private sealed record ApproveAmount(decimal Total);

    private sealed record ErrorAnswer(int? ErrorCode, string? ErrorMessage);
}

/// <summary>Sends a new checkout to its provider, and takes the customer's return and the provider's word on it.</summary>
public static class ProviderCheckouts
{
    /// <summary>
    /// Registers the checkout with its provider where the provider needs it first (KakaoPay's
    /// <c>ready</c>); the sandbox and signing gateways need nothing. A provider that cannot be reached
    /// leaves no open checkout behind, and the customer is told to try again.
    /// </summary>
    public static async Task SendAsync(PolicyCareDb db, CheckoutRecord checkout, IServiceProvider services, string publicBase, string clientIp,
        TimeProvider time, CancellationToken cancel)
    {
        if (checkout.Provider is not (KakaoPaySettings.Provider or WeChatPaySettings.Provider or AlipaySettings.Provider)) return;
        var site = publicBase.TrimEnd('/');
        var back = $"{site}/pay/{checkout.Provider}/{checkout.Id}";
        var description = $"PolicyCare {checkout.PolicyNumber}";
        try
        {
            var currency = await db.CurrencyOfAsync(checkout.PolicyNumber, cancel);
            if (checkout.Provider == KakaoPaySettings.Provider)
            {
                if (services.GetService<KakaoPayClient>() is not { } kakao) throw new PaymentProviderException("KakaoPay is not configured");
                if (currency != "KRW") throw new PaymentProviderException("KakaoPay takes Korean won only");
                var ready = await kakao.ReadyAsync(checkout, description, back + "/approved", back + "/cancelled", back + "/failed", cancel);
                checkout.ProviderReference = ready.Tid;
                checkout.RedirectUrl = ready.RedirectUrl;
            }
            else if (checkout.Provider == AlipaySettings.Provider)
            {
                if (services.GetService<AlipayClient>() is not { } alipay) return; // a gateway that signs our own webhook hosts the page itself
                if (currency != "CNY") throw new PaymentProviderException("Alipay takes Chinese yuan only");
                checkout.RedirectUrl = alipay.PageUrl(checkout, description, back + "/returned", $"{site}/api/v1/webhooks/payments/alipay/notify");
            }
            else if (services.GetService<WeChatPayClient>() is { } weChat)
            {
                if (currency != "CNY") throw new PaymentProviderException("WeChat Pay takes Chinese yuan only");
                checkout.RedirectUrl = await weChat.PlaceOrderAsync(checkout, description, $"{site}/api/v1/webhooks/payments/wechat-pay/v3",
                    back + "/returned", clientIp, cancel);
            }
            else return; // a gateway that signs our own webhook hosts the page itself
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
        app.MapGet("/pay/wechat-pay/{id}/returned", WeChatPayReturnedAsync).WithTags("Billing").AllowAnonymous();
        app.MapGet("/pay/alipay/{id}/returned", AlipayReturnedAsync).WithTags("Billing").AllowAnonymous();
        app.MapPost("/api/v1/webhooks/payments/alipay/notify", AlipayNotifiedAsync).WithTags("Billing")
            .AllowAnonymous().RequireRateLimiting(PolicyCareApp.PublicRateLimit).DisableAntiforgery().Accepts<IFormCollection>("application/x-www-form-urlencoded");
        app.MapPost("/api/v1/webhooks/payments/wechat-pay/v3", WeChatPayNotifiedAsync).WithTags("Billing")
            .AllowAnonymous().RequireRateLimiting(PolicyCareApp.PublicRateLimit).Accepts<JsonElement>("application/json");
        var kakao = app.MapGroup("/pay/kakaopay/{id}").WithTags("Billing").AllowAnonymous();
        kakao.MapGet("/approved", KakaoPayApprovedAsync);
        kakao.MapGet("/cancelled", (Database database, string id, CancellationToken cancel) => BackToPayPageAsync(database, id, "cancelled", cancel));
        kakao.MapGet("/failed", (Database database, string id, CancellationToken cancel) => BackToPayPageAsync(database, id, "failed", cancel));
        return app;
    }

    /// <summary>
    /// The customer approved on KakaoPay's page. Open to anyone with the link (a sign-in that expired
    /// meanwhile must not lose a payment): the checkout id is unguessable, and only KakaoPay's own
    /// answer to <c>approve</c> — for this checkout's tid, order and amount — posts anything.
    /// </summary>
    private static async Task<IResult> KakaoPayApprovedAsync(Database database, TimeProvider time, IServiceProvider services, string id,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "pg_token")] string? pgToken, CancellationToken cancel)
    {
        await using var db = database.Open();
        var checkout = await db.Checkouts.FirstOrDefaultAsync(c => c.Id == id && c.Provider == KakaoPaySettings.Provider, cancel);
        if (checkout?.ProviderReference is null) return Problems.Field("id", "no KakaoPay payment was started with this id", StatusCodes.Status404NotFound);
        var policyPage = $"/my/policies/{Uri.EscapeDataString(checkout.PolicyNumber)}";
        if (checkout.PaidAt is not null) return Results.Redirect(policyPage + "?done=paid");
        if (string.IsNullOrEmpty(pgToken) || pgToken.Length > 200) return Problems.Field("pg_token", "is missing");
        if (services.GetService<KakaoPayClient>() is not { } kakao) return Problems.Conflict("KakaoPay is not configured");
        KakaoPayApproval approval;
        try { approval = await kakao.ApproveAsync(checkout, pgToken, cancel); }
        catch (PaymentProviderException) { return Results.Redirect($"{policyPage}/pay?provider=failed"); }
        if (approval.Tid != checkout.ProviderReference || approval.OrderId != checkout.Id || approval.Total != checkout.Amount)
            return Problems.Field("pg_token", "KakaoPay approved another payment than this checkout; nothing was posted", StatusCodes.Status409Conflict);
        var outcome = await PaymentWebhooks.PostConfirmedAsync(db, KakaoPaySettings.Provider, approval.Tid, checkout.PolicyNumber, approval.Total,
            approval.ApprovedAt, checkout, time.GetUtcNow(), cancel);
        return outcome.Field is null ? Results.Redirect(policyPage + "?done=paid") : outcome.ToResult(approval.Tid);
    }

    /// <summary>
    /// WeChat Pay sends the customer back whether or not they paid, and says nothing: PolicyCare asks
    /// WeChat Pay for the order (its signed answer) and posts the money if it is paid.
    /// </summary>
    private static async Task<IResult> WeChatPayReturnedAsync(Database database, TimeProvider time, IServiceProvider services, string id, CancellationToken cancel)
    {
        await using var db = database.Open();
        var checkout = await db.Checkouts.FirstOrDefaultAsync(c => c.Id == id && c.Provider == WeChatPaySettings.Provider, cancel);
        if (checkout is null) return Problems.Field("id", "no WeChat Pay payment was started with this id", StatusCodes.Status404NotFound);
        var policyPage = $"/my/policies/{Uri.EscapeDataString(checkout.PolicyNumber)}";
        if (checkout.PaidAt is not null) return Results.Redirect(policyPage + "?done=paid");
        if (services.GetService<WeChatPayClient>() is not { } weChat) return Problems.Conflict("WeChat Pay is not configured");
        ProviderPayment? paid;
        try { paid = await weChat.QueryAsync(checkout, cancel); }
        catch (PaymentProviderException) { return Results.Redirect($"{policyPage}/pay?provider=pending"); }
        if (paid is null) return Results.Redirect($"{policyPage}/pay?provider=pending");
        var outcome = await PostProviderPaymentAsync(db, checkout, paid, time.GetUtcNow(), cancel);
        return outcome.Field is null ? Results.Redirect(policyPage + "?done=paid") : outcome.ToResult(paid.TransactionId);
    }

    /// <summary>
    /// Alipay sends the customer back with parameters of its own, which are not trusted: PolicyCare
    /// asks Alipay for the order (its signed answer) and posts the money if it is paid.
    /// </summary>
    private static async Task<IResult> AlipayReturnedAsync(Database database, TimeProvider time, IServiceProvider services, string id, CancellationToken cancel)
    {
        await using var db = database.Open();
        var checkout = await db.Checkouts.FirstOrDefaultAsync(c => c.Id == id && c.Provider == AlipaySettings.Provider, cancel);
        if (checkout is null) return Problems.Field("id", "no Alipay payment was started with this id", StatusCodes.Status404NotFound);
        var policyPage = $"/my/policies/{Uri.EscapeDataString(checkout.PolicyNumber)}";
        if (checkout.PaidAt is not null) return Results.Redirect(policyPage + "?done=paid");
        if (services.GetService<AlipayClient>() is not { } alipay) return Problems.Conflict("Alipay is not configured");
        ProviderPayment? paid;
        try { paid = await alipay.QueryAsync(checkout, cancel); }
        catch (PaymentProviderException) { return Results.Redirect($"{policyPage}/pay?provider=pending"); }
        if (paid is null) return Results.Redirect($"{policyPage}/pay?provider=pending");
        var outcome = await PostProviderPaymentAsync(db, checkout, paid, time.GetUtcNow(), cancel);
        return outcome.Field is null ? Results.Redirect(policyPage + "?done=paid") : outcome.ToResult(paid.TransactionId);
    }

    /// <summary>
    /// Alipay's asynchronous notification: a form signed with Alipay's key. Alipay retries until it
    /// reads the text <c>success</c>, which it gets when the payment is posted or was already.
    /// </summary>
    private static async Task<IResult> AlipayNotifiedAsync(Database database, TimeProvider time, IServiceProvider services, HttpRequest request, CancellationToken cancel)
    {
        if (services.GetService<AlipayClient>() is not { } alipay) return TypedResults.NotFound();
        if (!request.HasFormContentType) return Results.Text("fail: not a form", statusCode: StatusCodes.Status400BadRequest);
        var form = (await request.ReadFormAsync(cancel)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var (paid, refused) = alipay.ReadNotification(form);
        if (refused is not null) return Results.Text("fail: " + refused, statusCode: StatusCodes.Status401Unauthorized);
        if (paid is null) return Results.Text("success"); // a status with nothing to post (waiting, closed)
        await using var db = database.Open();
        var checkout = await db.Checkouts.FirstOrDefaultAsync(c => c.Id == paid.OrderId && c.Provider == AlipaySettings.Provider, cancel);
        if (checkout is null) return Results.Text("fail: out_trade_no names no Alipay checkout", statusCode: StatusCodes.Status422UnprocessableEntity);
        var outcome = await PostProviderPaymentAsync(db, checkout, paid, time.GetUtcNow(), cancel);
        return outcome.Field is null ? Results.Text("success") : Results.Text("fail: " + outcome.Problem, statusCode: outcome.Status);
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
        if (refused is not null) return Results.Json(new { code = "FAIL", message = refused }, statusCode: StatusCodes.Status401Unauthorized);
        if (paid is null) return Results.NoContent(); // another event type: nothing to post
        await using var db = database.Open();
        var checkout = await db.Checkouts.FirstOrDefaultAsync(c => c.Id == paid.OrderId && c.Provider == WeChatPaySettings.Provider, cancel);
        if (checkout is null) return Results.Json(new { code = "FAIL", message = "out_trade_no names no WeChat Pay checkout" }, statusCode: StatusCodes.Status422UnprocessableEntity);
        var outcome = await PostProviderPaymentAsync(db, checkout, paid, time.GetUtcNow(), cancel);
        return outcome.Field is null ? Results.NoContent() : Results.Json(new { code = "FAIL", message = outcome.Problem }, statusCode: outcome.Status);
    }

    /// <summary>A paid order is posted for its checkout's policy, once, if the provider reports the checkout's amount.</summary>
    private static async Task<WebhookOutcome> PostProviderPaymentAsync(PolicyCareDb db, CheckoutRecord checkout, ProviderPayment paid, DateTimeOffset now, CancellationToken cancel) =>
        paid.Amount != checkout.Amount || paid.Currency != await db.CurrencyOfAsync(checkout.PolicyNumber, cancel)
            ? new WebhookOutcome(StatusCodes.Status409Conflict, Field: "amount", Problem: "the provider reports another amount than this checkout's; nothing was posted")
            : await PaymentWebhooks.PostConfirmedAsync(db, checkout.Provider, paid.TransactionId, checkout.PolicyNumber, paid.Amount, paid.PaidAt, checkout, now, cancel);

    private static async Task<IResult> BackToPayPageAsync(Database database, string id, string outcome, CancellationToken cancel)
    {
        await using var db = database.Open();
        var number = await db.Checkouts.AsNoTracking().Where(c => c.Id == id && c.Provider == KakaoPaySettings.Provider).Select(c => c.PolicyNumber).FirstOrDefaultAsync(cancel);
        return number is null
            ? Problems.Field("id", "no KakaoPay payment was started with this id", StatusCodes.Status404NotFound)
            : Results.Redirect($"/my/policies/{Uri.EscapeDataString(number)}/pay?provider={outcome}");
    }
}
