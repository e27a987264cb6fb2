using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace PolicyCare.Billing;

/// <summary>Card payments through Stripe Checkout: the secret API key and the webhook endpoint's signing secret.</summary>
public sealed record CardSettings(string BaseUrl, string SecretKey, string WebhookSecret)
{
    public const string Provider = "card";
    public const string LiveUrl = "https://api.stripe.com";

    public static CardSettings? From(IConfiguration configuration)
    {
        var section = configuration.GetSection("PolicyCare:Payments:card");
        if (section["SecretKey"] is not { Length: > 0 } key) return null;
        return new CardSettings(section["BaseUrl"] is { Length: > 0 } url ? url : LiveUrl, key,
            section["WebhookSecret"] is { Length: > 0 } secret ? secret : throw new InvalidOperationException("PolicyCare:Payments:card:WebhookSecret is required with SecretKey"));
    }
}

/// <summary>
/// A card payment on Stripe's hosted Checkout page: a Checkout Session is created server to server
/// (form-encoded, <c>Authorization: Bearer</c>, an idempotency key per checkout), and the money is
/// posted only on Stripe's word — its signed <c>checkout.session.completed</c> event, or the session
/// as Stripe reports it when the customer comes back. No card number ever reaches PolicyCare.
/// </summary>
public sealed class CardCheckoutClient(HttpClient http, CardSettings settings)
{
    /// <summary>Creates the Checkout Session; returns its id and Stripe's page for the customer.</summary>
    public async Task<(string SessionId, string Url)> CreateSessionAsync(CheckoutRecord c, string currency, string description, string successUrl, string cancelUrl, CancellationToken cancel)
    {
        var form = new Dictionary<string, string>
        {
            ["mode"] = "payment",
            ["client_reference_id"] = c.Id,
            ["success_url"] = successUrl + "?session_id={CHECKOUT_SESSION_ID}",
            ["cancel_url"] = cancelUrl,
            ["line_items[0][quantity]"] = "1",
            ["line_items[0][price_data][currency]"] = currency.ToLowerInvariant(),
            ["line_items[0][price_data][unit_amount]"] = ToMinor(c.Amount, currency).ToString(CultureInfo.InvariantCulture),
            ["line_items[0][price_data][product_data][name]"] = description,
            ["metadata[policy]"] = c.PolicyNumber,
        };
        using var request = Request(HttpMethod.Post, "/v1/checkout/sessions");
        request.Content = new FormUrlEncodedContent(form);
        // A retry of the same checkout (a timeout) gets the same session, not a second one.
        request.Headers.Add("Idempotency-Key", c.Id);
        using var session = await SendAsync(request, cancel);
        var root = session.RootElement;
        return (root.GetProperty("id").GetString()!, root.GetProperty("url").GetString()!);
    }

    /// <summary>The session as Stripe reports it: a payment when paid, else null.</summary>
    public async Task<ProviderPayment?> PaidSessionAsync(CheckoutRecord c, CancellationToken cancel)
    {
        using var request = Request(HttpMethod.Get, $"/v1/checkout/sessions/{Uri.EscapeDataString(c.ProviderReference!)}");
        using var session = await SendAsync(request, cancel);
        return Paid(session.RootElement, DateTimeOffset.UtcNow);
    }

    /// <summary>A payment from a signed event (<c>checkout.session.completed</c> or an async payment succeeding); null for other events.</summary>
    public (ProviderPayment? Paid, string? Refused) ReadEvent(string signatureHeader, string body, DateTimeOffset now)
    {
        if (WebhookSignature.Verify(signatureHeader, body, settings.WebhookSecret, now, PaymentWebhooks.SignatureTolerance) is { } bad)
            return (null, "Stripe-Signature " + bad);
        try
        {
            using var doc = JsonDocument.Parse(body);
            var type = doc.RootElement.GetProperty("type").GetString();
            if (type is not ("checkout.session.completed" or "checkout.session.async_payment_succeeded")) return (null, null);
            var created = DateTimeOffset.FromUnixTimeSeconds(doc.RootElement.TryGetProperty("created", out var t) ? t.GetInt64() : now.ToUnixTimeSeconds());
            return (Paid(doc.RootElement.GetProperty("data").GetProperty("object"), created), null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            return (null, "the event is not Stripe's documented shape");
        }
    }

    private static ProviderPayment? Paid(JsonElement session, DateTimeOffset at)
    {
        if (session.GetProperty("payment_status").GetString() != "paid") return null;
        var currency = session.GetProperty("currency").GetString()!.ToUpperInvariant();
        return new ProviderPayment(session.GetProperty("id").GetString()!, session.GetProperty("client_reference_id").GetString()!,
            FromMinor(session.GetProperty("amount_total").GetInt64(), currency), currency, at);
    }

    /// <summary>Stripe counts in the currency's smallest unit: fen for yuan, won itself (a zero-decimal currency).</summary>
    private static long ToMinor(decimal amount, string currency) => (long)(amount * Pow10(Currencies.MinorUnitsOf(currency)));

    private static decimal FromMinor(long minor, string currency) => minor / Pow10(Currencies.IsKnown(currency) ? Currencies.MinorUnitsOf(currency) : 2);

    private static decimal Pow10(int digits) => digits switch { 0 => 1m, 1 => 10m, 2 => 100m, _ => 1000m };

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, settings.BaseUrl.TrimEnd('/') + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.SecretKey);
        return request;
    }

    private async Task<JsonDocument> SendAsync(HttpRequestMessage request, CancellationToken cancel)
    {
        var answer = await ProviderExchange.SendAsync(http, request, "Stripe", cancel);
        try { return JsonDocument.Parse(answer.Text); }
        catch (JsonException e) { throw new PaymentProviderException("Stripe's answer is not JSON", e); }
    }
}
