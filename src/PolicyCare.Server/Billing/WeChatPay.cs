using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PolicyCare.Billing;

/// <summary>
/// Who we are to WeChat Pay (API v3): the merchant id and app id, the merchant's API certificate
/// serial and private key (requests are signed with it), the APIv3 key (notifications are encrypted
/// with it) and WeChat Pay's public key (its answers and notifications are signed with it).
/// </summary>
public sealed record WeChatPaySettings(string BaseUrl, string MchId, string AppId, string SerialNo, string PrivateKeyPem, string ApiV3Key, string PlatformPublicKeyPem)
{
    public const string Provider = "wechat-pay";
    public const string LiveUrl = "https://api.mch.weixin.qq.com";

    /// <summary>Reads the settings under <c>PolicyCare:Payments:wechat-pay</c>; keys are PEM text or the path of a PEM file.</summary>
    public static WeChatPaySettings? From(IConfiguration configuration)
    {
        var section = configuration.GetSection("PolicyCare:Payments:wechat-pay");
        if (section["MchId"] is not { Length: > 0 } mchId) return null;
        string Pem(string name) => section[name] is { Length: > 0 } value
            ? value.StartsWith("-----BEGIN", StringComparison.Ordinal) ? value : File.ReadAllText(value)
            : throw new InvalidOperationException($"PolicyCare:Payments:wechat-pay:{name} is required with MchId");
        return new WeChatPaySettings(section["BaseUrl"] is { Length: > 0 } url ? url : LiveUrl, mchId, section["AppId"] ?? "",
            section["SerialNo"] ?? "", Pem("PrivateKey"), section["ApiV3Key"] ?? "", Pem("PlatformPublicKey"));
    }
}

/// <summary>
/// WeChat Pay API v3 for a payment in a mobile browser (H5): the order is placed server to server and
/// the customer pays on WeChat Pay's page. The money is posted only on WeChat Pay's word: its signed,
/// encrypted notification, or its signed answer when PolicyCare asks for the order (the customer's
/// return, which says nothing by itself).
/// </summary>
public sealed class WeChatPayClient(HttpClient http, WeChatPaySettings settings, TimeProvider time)
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>Places the order (<c>POST /v3/pay/transactions/h5</c>); returns WeChat Pay's page for the customer.</summary>
    public async Task<string> PlaceOrderAsync(CheckoutRecord c, string description, string notifyUrl, string returnUrl, string clientIp, CancellationToken cancel)
    {
        var body = new JsonObject
        {
            ["appid"] = settings.AppId,
            ["mchid"] = settings.MchId,
            ["description"] = description,
            ["out_trade_no"] = c.Id,
            ["time_expire"] = c.ExpiresAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["notify_url"] = notifyUrl,
            ["amount"] = new JsonObject { ["total"] = ToFen(c.Amount), ["currency"] = "CNY" },
            ["scene_info"] = new JsonObject { ["payer_client_ip"] = clientIp, ["h5_info"] = new JsonObject { ["type"] = "Wap" } },
        }.ToJsonString();
        using var answer = JsonDocument.Parse(await SendAsync(HttpMethod.Post, "/v3/pay/transactions/h5", body, cancel));
        var page = answer.RootElement.TryGetProperty("h5_url", out var url) ? url.GetString() : null;
        if (string.IsNullOrEmpty(page)) throw new PaymentProviderException("WeChat Pay's order answer has no h5_url");
        // WeChat Pay sends the browser back here when the customer is done (paid or not).
        return $"{page}&redirect_url={Uri.EscapeDataString(returnUrl)}";
    }

    /// <summary>Asks for the order (<c>GET /v3/pay/transactions/out-trade-no/{id}</c>): the transaction when paid, else null.</summary>
    public async Task<ProviderPayment?> QueryAsync(CheckoutRecord c, CancellationToken cancel)
    {
        var path = $"/v3/pay/transactions/out-trade-no/{Uri.EscapeDataString(c.Id)}?mchid={Uri.EscapeDataString(settings.MchId)}";
        return Paid(await SendAsync(HttpMethod.Get, path, "", cancel));
    }

    /// <summary>
    /// Reads a notification: the signature over "timestamp\nnonce\nbody\n" by WeChat Pay's key, at most
    /// five minutes old, then the transaction decrypted with the APIv3 key (AES-256-GCM). Null with the
    /// reason when it is not WeChat Pay's.
    /// </summary>
    public (ProviderPayment? Paid, string? Refused) ReadNotification(string timestamp, string nonce, string signature, string body)
    {
        if (Verify(timestamp, nonce, signature, body) is { } bad) return (null, bad);
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.GetProperty("event_type").GetString() != "TRANSACTION.SUCCESS") return (null, null);
            var resource = doc.RootElement.GetProperty("resource");
            if (resource.GetProperty("algorithm").GetString() != "AEAD_AES_256_GCM") return (null, "resource.algorithm is not AEAD_AES_256_GCM");
            var sealedBytes = Convert.FromBase64String(resource.GetProperty("ciphertext").GetString()!);
            var ad = Encoding.UTF8.GetBytes(resource.TryGetProperty("associated_data", out var a) ? a.GetString() ?? "" : "");
            var nonceBytes = Encoding.UTF8.GetBytes(resource.GetProperty("nonce").GetString()!);
            var plain = new byte[sealedBytes.Length - 16];
            using var aes = new AesGcm(Encoding.UTF8.GetBytes(settings.ApiV3Key), 16);
            aes.Decrypt(nonceBytes, sealedBytes.AsSpan(0, plain.Length), sealedBytes.AsSpan(plain.Length), plain, ad);
            return (Paid(Encoding.UTF8.GetString(plain)), null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or CryptographicException or InvalidOperationException or ArgumentException)
        {
            return (null, "the notification is not WeChat Pay's documented, decryptable shape");
        }
    }

    private static ProviderPayment? Paid(string transactionJson)
    {
        using var doc = JsonDocument.Parse(transactionJson);
        var t = doc.RootElement;
        if (t.GetProperty("trade_state").GetString() != "SUCCESS") return null;
        var amount = t.GetProperty("amount");
        return new ProviderPayment(t.GetProperty("transaction_id").GetString()!, t.GetProperty("out_trade_no").GetString()!,
            amount.GetProperty("total").GetInt64() / 100m, amount.TryGetProperty("currency", out var cur) ? cur.GetString() ?? "CNY" : "CNY",
            DateTimeOffset.Parse(t.GetProperty("success_time").GetString()!, CultureInfo.InvariantCulture));
    }

    /// <summary>WeChat Pay counts in fen.</summary>
    private static long ToFen(decimal yuan) => decimal.IsInteger(yuan * 100)
        ? (long)(yuan * 100)
        : throw new PaymentProviderException("WeChat Pay takes whole fen");

    private async Task<string> SendAsync(HttpMethod method, string pathAndQuery, string body, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(method, settings.BaseUrl.TrimEnd('/') + pathAndQuery);
        if (method != HttpMethod.Get) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("Authorization", Authorization(method.Method, pathAndQuery, body));
        var answer = await ProviderExchange.SendAsync(http, request, "WeChat Pay", cancel);
        // Its answer counts only when signed by WeChat Pay: a payment is posted on it.
        string Header(string name) => answer.Headers.TryGetValues(name, out var v) ? v.First() : "";
        if (Verify(Header("Wechatpay-Timestamp"), Header("Wechatpay-Nonce"), Header("Wechatpay-Signature"), answer.Text) is { } bad)
            throw new PaymentProviderException($"WeChat Pay's answer is not signed by WeChat Pay: {bad}");
        return answer.Text;
    }

    /// <summary>The v3 request signature: RSA-SHA256 over "METHOD\nPATH\nTIMESTAMP\nNONCE\nBODY\n" with the merchant's key.</summary>
    private string Authorization(string method, string pathAndQuery, string body)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        using var rsa = RSA.Create();
        rsa.ImportFromPem(settings.PrivateKeyPem);
        var signature = Convert.ToBase64String(rsa.SignData(Encoding.UTF8.GetBytes($"{method}\n{pathAndQuery}\n{timestamp}\n{nonce}\n{body}\n"),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        return $"WECHATPAY2-SHA256-RSA2048 mchid=\"{settings.MchId}\",nonce_str=\"{nonce}\",signature=\"{signature}\",timestamp=\"{timestamp}\",serial_no=\"{settings.SerialNo}\"";
    }

    private string? Verify(string timestamp, string nonce, string signature, string body)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
            return "Wechatpay-Timestamp is missing or not a time";
        if ((time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance) return "Wechatpay-Timestamp is more than five minutes away";
        byte[] sig;
        try { sig = Convert.FromBase64String(signature); }
        catch (FormatException) { return "Wechatpay-Signature is not base64"; }
        using var rsa = RSA.Create();
        rsa.ImportFromPem(settings.PlatformPublicKeyPem);
        return rsa.VerifyData(Encoding.UTF8.GetBytes($"{timestamp}\n{nonce}\n{body}\n"), sig, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            ? null : "Wechatpay-Signature does not match";
    }
}
