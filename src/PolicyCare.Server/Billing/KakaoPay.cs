using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

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

/// <summary>A provider's answer that it accepted: its exact text (some providers sign it) and its headers.</summary>
public sealed record ProviderAnswer(string Text, System.Net.Http.Headers.HttpResponseHeaders Headers);

/// <summary>
/// One exchange with a payment provider. Unreachable and refused both become a <see cref="PaymentProviderException"/>
/// (the customer is told to try later, the log says why); what the answer means is the provider client's business.
/// </summary>
public static class ProviderExchange
{
    /// <param name="explainRefusal">Reads the provider's own error code from a refusal's text, for the log.</param>
    public static async Task<ProviderAnswer> SendAsync(HttpClient http, HttpRequestMessage request, string provider, CancellationToken cancel,
        Func<string, string?>? explainRefusal = null)
    {
        HttpResponseMessage response;
        try { response = await http.SendAsync(request, cancel); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
        {
            throw new PaymentProviderException($"{provider} cannot be reached", e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancel);
            if (!response.IsSuccessStatusCode)
            {
                var detail = explainRefusal?.Invoke(text) is { } code ? $", error code {code}" : "";
                throw new PaymentProviderException($"{provider} refused {request.Method} {request.RequestUri?.AbsolutePath} ({(int)response.StatusCode}{detail})");
            }
            return new ProviderAnswer(text, response.Headers);
        }
    }
}

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
        // KakaoPay explains a refusal as {"error_code": -780, "error_message": "…"}; the code is enough for the log.
        var answer = await ProviderExchange.SendAsync(http, request, "KakaoPay", cancel, explainRefusal: ErrorCode);
        try
        {
            return JsonSerializer.Deserialize<T>(answer.Text, Json) ?? throw new PaymentProviderException($"KakaoPay's answer to {path} is empty");
        }
        catch (JsonException e)
        {
            throw new PaymentProviderException($"KakaoPay's answer to {path} is not the JSON it documents", e);
        }
    }

    private static string? ErrorCode(string refusal)
    {
        try { return refusal.Length > 0 ? JsonSerializer.Deserialize<ErrorAnswer>(refusal, Json)?.ErrorCode?.ToString(CultureInfo.InvariantCulture) : null; }
        catch (JsonException) { return null; }
    }

    private sealed record ReadyRequest(string Cid, string PartnerOrderId, string PartnerUserId, string ItemName, int Quantity,
        long TotalAmount, long TaxFreeAmount, string ApprovalUrl, string CancelUrl, string FailUrl);

    private sealed record ReadyAnswer(string? Tid, string? NextRedirectPcUrl, string? NextRedirectMobileUrl);

    private sealed record ApproveRequest(string Cid, string Tid, string PartnerOrderId, string PartnerUserId, string PgToken);

    private sealed record ApproveAnswer(string? Aid, string? Tid, string? PartnerOrderId, ApproveAmount? Amount, string? ApprovedAt);

    private sealed record ApproveAmount(decimal Total);

    private sealed record ErrorAnswer(int? ErrorCode, string? ErrorMessage);
}
