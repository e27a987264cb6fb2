using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PolicyCare.Billing;

/// <summary>
/// Who we are to Alipay's open platform: the app id, the app's private key (every request is signed
/// with it, RSA2) and Alipay's public key (its answers and notifications are signed with it).
/// </summary>
public sealed record AlipaySettings(string GatewayUrl, string AppId, string PrivateKeyPem, string AlipayPublicKeyPem)
{
    public const string Provider = "alipay";
    public const string LiveGateway = "https://openapi.alipay.com/gateway.do";

    /// <summary>Reads <c>PolicyCare:Payments:alipay</c>; keys are PEM text or the path of a PEM file.</summary>
    public static AlipaySettings? From(IConfiguration configuration)
    {
        var section = configuration.GetSection("PolicyCare:Payments:alipay");
        if (section["AppId"] is not { Length: > 0 } appId) return null;
        string Pem(string name) => section[name] is { Length: > 0 } value
            ? value.StartsWith("-----BEGIN", StringComparison.Ordinal) ? value : File.ReadAllText(value)
            : throw new InvalidOperationException($"PolicyCare:Payments:alipay:{name} is required with AppId");
        return new AlipaySettings(section["GatewayUrl"] is { Length: > 0 } url ? url : LiveGateway, appId, Pem("PrivateKey"), Pem("AlipayPublicKey"));
    }
}

/// <summary>A payment its provider reports as made: the provider's id for it, our order (the checkout id), the amount, when.</summary>
public sealed record ProviderPayment(string TransactionId, string OrderId, decimal Amount, string Currency, DateTimeOffset PaidAt);

/// <summary>
/// Alipay's mobile website payment (<c>alipay.trade.wap.pay</c>): the customer's browser is sent to
/// Alipay's gateway with a request signed by our key; the money is posted only on Alipay's signed
/// word — its asynchronous notification, or its signed answer to <c>alipay.trade.query</c> when the
/// customer comes back (the return's own parameters are never trusted).
/// </summary>
public sealed class AlipayClient(HttpClient http, AlipaySettings settings, TimeProvider time)
{
    private static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);

    /// <summary>The gateway address the customer's browser goes to, signed.</summary>
    public string PageUrl(CheckoutRecord c, string subject, string returnUrl, string notifyUrl)
    {
        var biz = new JsonObject
        {
            ["out_trade_no"] = c.Id,
            ["total_amount"] = c.Amount.ToString("0.00", CultureInfo.InvariantCulture),
            ["subject"] = subject,
            ["product_code"] = "QUICK_WAP_WAY",
            ["time_expire"] = c.ExpiresAt.ToOffset(ChinaTime).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        }.ToJsonString();
        var parameters = Common("alipay.trade.wap.pay", biz);
        parameters["return_url"] = returnUrl;
        parameters["notify_url"] = notifyUrl;
        parameters["sign"] = Sign(parameters);
        return settings.GatewayUrl + "?" + string.Join('&', parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
    }

    /// <summary>Asks Alipay for the order (<c>alipay.trade.query</c>): the payment when paid, else null.</summary>
    public async Task<ProviderPayment?> QueryAsync(CheckoutRecord c, CancellationToken cancel)
    {
        var parameters = Common("alipay.trade.query", new JsonObject { ["out_trade_no"] = c.Id }.ToJsonString());
        parameters["sign"] = Sign(parameters);
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.GatewayUrl) { Content = new FormUrlEncodedContent(parameters) };
        var text = (await ProviderExchange.SendAsync(http, request, "Alipay", cancel)).Text;
        try
        {
            // Alipay signs the exact text of the answer object, so it is cut out of the body as sent, not re-serialised.
            using var doc = JsonDocument.Parse(text);
            var answer = doc.RootElement.GetProperty("alipay_trade_query_response");
            var signed = text.Substring(answer.GetRawText() is var raw && text.IndexOf(raw, StringComparison.Ordinal) is var at and >= 0
                ? at : throw new PaymentProviderException("Alipay's answer cannot be located for its signature"), raw.Length);
            if (!Verify(signed, doc.RootElement.GetProperty("sign").GetString() ?? ""))
                throw new PaymentProviderException("Alipay's answer is not signed by Alipay");
            if (answer.GetProperty("code").GetString() != "10000") return null; // e.g. 40004 ACQ.TRADE_NOT_EXIST: the customer never paid
            var status = answer.GetProperty("trade_status").GetString();
            if (status is not ("TRADE_SUCCESS" or "TRADE_FINISHED")) return null;
            return new ProviderPayment(answer.GetProperty("trade_no").GetString()!, answer.GetProperty("out_trade_no").GetString()!,
                decimal.Parse(answer.GetProperty("total_amount").GetString()!, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture), "CNY",
                ChinaLocal(answer.TryGetProperty("send_pay_date", out var d) ? d.GetString() : null));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new PaymentProviderException("Alipay's answer is not the JSON it documents", e);
        }
    }

    /// <summary>
    /// Reads Alipay's asynchronous notification (a form): signed over its other fields sorted by name,
    /// for our app. A payment when it reports one, null for other statuses; refused with the reason when not Alipay's.
    /// </summary>
    public (ProviderPayment? Paid, string? Refused) ReadNotification(IReadOnlyDictionary<string, string> form)
    {
        if (!form.TryGetValue("sign", out var sign) || !Verify(Canonical(form), sign)) return (null, "sign does not verify with Alipay's key");
        if (form.GetValueOrDefault("app_id") != settings.AppId) return (null, "app_id is not this merchant's");
        if (form.GetValueOrDefault("trade_status") is not ("TRADE_SUCCESS" or "TRADE_FINISHED")) return (null, null);
        if (form.GetValueOrDefault("trade_no") is not { Length: > 0 } tradeNo || form.GetValueOrDefault("out_trade_no") is not { Length: > 0 } order
            || !decimal.TryParse(form.GetValueOrDefault("total_amount"), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            return (null, "trade_no, out_trade_no or total_amount is missing");
        return (new ProviderPayment(tradeNo, order, amount, "CNY", ChinaLocal(form.GetValueOrDefault("gmt_payment"))), null);
    }

    private SortedDictionary<string, string> Common(string method, string bizContent) => new(StringComparer.Ordinal)
    {
        ["app_id"] = settings.AppId,
        ["method"] = method,
        ["format"] = "JSON",
        ["charset"] = "utf-8",
        ["sign_type"] = "RSA2",
        ["timestamp"] = time.GetUtcNow().ToOffset(ChinaTime).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        ["version"] = "1.0",
        ["biz_content"] = bizContent,
    };

    /// <summary>What Alipay signs: every non-empty parameter but <c>sign</c> (and, in notifications, <c>sign_type</c>), sorted, as k=v joined by &amp;.</summary>
    public static string Canonical(IEnumerable<KeyValuePair<string, string>> parameters, bool withSignType = false) =>
        string.Join('&', parameters.Where(p => p.Key != "sign" && (withSignType || p.Key != "sign_type") && p.Value.Length > 0)
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    private string Sign(SortedDictionary<string, string> parameters)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(settings.PrivateKeyPem);
        return Convert.ToBase64String(rsa.SignData(Encoding.UTF8.GetBytes(Canonical(parameters, withSignType: true)), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private bool Verify(string content, string signature)
    {
        byte[] bytes;
        try { bytes = Convert.FromBase64String(signature); }
        catch (FormatException) { return false; }
        using var rsa = RSA.Create();
        rsa.ImportFromPem(settings.AlipayPublicKeyPem);
        return rsa.VerifyData(Encoding.UTF8.GetBytes(content), bytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private DateTimeOffset ChinaLocal(string? value) =>
        DateTime.TryParseExact(value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, ChinaTime)
            : time.GetUtcNow();
}
