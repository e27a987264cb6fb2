using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyCare.Support;

namespace PolicyCare.Billing;

/// <summary>
/// A loopback WeChat Pay speaking API v3: requests must carry the merchant's
/// <c>WECHATPAY2-SHA256-RSA2048</c> signature, answers and notifications are signed with the
/// platform key, and a notification's transaction is encrypted with the APIv3 key (AES-256-GCM).
/// </summary>
public sealed class FakeWeChatPay : IAsyncDisposable
{
    public const string MchId = "1900000109";
    public const string AppId = "wxd678efh567hg6787";
    public const string ApiV3Key = "0123456789abcdef0123456789abcdef";
    public RSA Merchant { get; } = RSA.Create(2048);
    public RSA Platform { get; } = RSA.Create(2048);
    private WebApplication? _app;
    private int _next;

    public sealed record Order(string OutTradeNo, long Total, string NotifyUrl)
    {
        public string? TransactionId { get; set; }
    }

    public ConcurrentDictionary<string, Order> Orders { get; } = new();
    public string Url { get; private set; } = "";
    private int _queries;

    public int Queries => _queries;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/v3/pay/transactions/h5", async (HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            if (!SignedByMerchant(context.Request, body)) return Results.Json(new { code = "SIGN_ERROR", message = "签名错误" }, statusCode: 401);
            using var doc = JsonDocument.Parse(body);
            var r = doc.RootElement;
            if (r.GetProperty("mchid").GetString() != MchId || r.GetProperty("appid").GetString() != AppId
                || r.GetProperty("amount").GetProperty("currency").GetString() != "CNY"
                || r.GetProperty("scene_info").GetProperty("h5_info").GetProperty("type").GetString() != "Wap")
                return Results.Json(new { code = "PARAM_ERROR", message = "参数错误" }, statusCode: 400);
            var order = new Order(r.GetProperty("out_trade_no").GetString()!, r.GetProperty("amount").GetProperty("total").GetInt64(),
                r.GetProperty("notify_url").GetString()!);
            Orders[order.OutTradeNo] = order;
            return Signed(context, new JsonObject { ["h5_url"] = $"{Url}/pay/h5?prepay_id=wx{order.OutTradeNo}" }.ToJsonString());
        });
        // WeChat Pay's page: the customer pays (or not) and is sent back to the merchant's redirect_url.
        _app.MapGet("/pay/h5", (string prepay_id, string redirect_url, string? decline) =>
        {
            var order = Orders[prepay_id[2..]];
            if (decline != "1") order.TransactionId ??= $"42000{Interlocked.Increment(ref _next):D23}";
            return Results.Redirect(redirect_url);
        });
        _app.MapGet("/v3/pay/transactions/out-trade-no/{id}", (HttpContext context, string id) =>
        {
            Interlocked.Increment(ref _queries);
            if (!SignedByMerchant(context.Request, "")) return Results.Json(new { code = "SIGN_ERROR", message = "签名错误" }, statusCode: 401);
            if (context.Request.Query["mchid"] != MchId || !Orders.TryGetValue(id, out var order))
                return Results.Json(new { code = "ORDER_NOT_EXIST", message = "订单不存在" }, statusCode: 404);
            return Signed(context, Transaction(order).ToJsonString());
        });
        await _app.StartAsync();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public static string Pem(RSA key, bool publicOnly) => publicOnly ? key.ExportSubjectPublicKeyInfoPem() : key.ExportPkcs8PrivateKeyPem();

    private JsonObject Transaction(Order order) => new()
    {
        ["appid"] = AppId, ["mchid"] = MchId, ["out_trade_no"] = order.OutTradeNo,
        ["transaction_id"] = order.TransactionId, ["trade_type"] = "MWEB",
        ["trade_state"] = order.TransactionId is null ? "NOTPAY" : "SUCCESS",
        ["success_time"] = order.TransactionId is null ? null : DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        ["amount"] = new JsonObject { ["total"] = order.Total, ["payer_total"] = order.Total, ["currency"] = "CNY", ["payer_currency"] = "CNY" },
        ["payer"] = new JsonObject { ["openid"] = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
    };

    /// <summary>Sends WeChat Pay's notification of the paid order to its notify_url, signed by <paramref name="signer"/> (the platform key unless forging).</summary>
    public async Task<HttpResponseMessage> NotifyAsync(Order order, RSA? signer = null, Func<string, string>? tamper = null)
    {
        var plain = Encoding.UTF8.GetBytes(Transaction(order).ToJsonString());
        var nonce = "fdasflkja484";
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using (var aes = new AesGcm(Encoding.UTF8.GetBytes(ApiV3Key), 16))
            aes.Encrypt(Encoding.UTF8.GetBytes(nonce), plain, cipher, tag, Encoding.UTF8.GetBytes("transaction"));
        var ciphertext = Convert.ToBase64String([.. cipher, .. tag]);
        if (tamper is not null) ciphertext = tamper(ciphertext);
        var body = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(), ["create_time"] = "2026-12-02T10:00:00+08:00", ["resource_type"] = "encrypt-resource",
            ["event_type"] = "TRANSACTION.SUCCESS", ["summary"] = "支付成功",
            ["resource"] = new JsonObject
            {
                ["original_type"] = "transaction", ["algorithm"] = "AEAD_AES_256_GCM", ["ciphertext"] = ciphertext,
                ["associated_data"] = "transaction", ["nonce"] = nonce,
            },
        }.ToJsonString();
        var (timestamp, sigNonce, signature) = Sign(body, signer ?? Platform);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, order.NotifyUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Wechatpay-Timestamp", timestamp);
        request.Headers.Add("Wechatpay-Nonce", sigNonce);
        request.Headers.Add("Wechatpay-Signature", signature);
        request.Headers.Add("Wechatpay-Serial", "PUB_KEY_ID_0114232134912410000000000000");
        return await http.SendAsync(request);
    }

    private static (string Timestamp, string Nonce, string Signature) Sign(string body, RSA key)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Guid.NewGuid().ToString("N");
        var signature = Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes($"{timestamp}\n{nonce}\n{body}\n"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        return (timestamp, nonce, signature);
    }

    private IResult Signed(HttpContext context, string body)
    {
        var (timestamp, nonce, signature) = Sign(body, Platform);
        context.Response.Headers["Wechatpay-Timestamp"] = timestamp;
        context.Response.Headers["Wechatpay-Nonce"] = nonce;
        context.Response.Headers["Wechatpay-Signature"] = signature;
        return Results.Text(body, "application/json");
    }

    /// <summary>The merchant's request signature over "METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n".</summary>
    private bool SignedByMerchant(HttpRequest request, string body)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("WECHATPAY2-SHA256-RSA2048 ", StringComparison.Ordinal)) return false;
        var parts = header["WECHATPAY2-SHA256-RSA2048 ".Length..].Split(',').Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1].Trim('"'));
        if (parts.GetValueOrDefault("mchid") != MchId || parts.GetValueOrDefault("serial_no") is not { Length: > 0 }) return false;
        var message = $"{request.Method}\n{request.Path}{request.QueryString}\n{parts["timestamp"]}\n{parts["nonce_str"]}\n{body}\n";
        return Merchant.VerifyData(Encoding.UTF8.GetBytes(message), Convert.FromBase64String(parts["signature"]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        Merchant.Dispose();
        Platform.Dispose();
    }
}

/// <summary>A customer pays through WeChat Pay: posted on WeChat Pay's signed word only (its notification or its answer to a query), once.</summary>
public sealed class WeChatPayCheckoutTests : IAsyncLifetime
{
    private readonly FakeWeChatPay _wechat = new();
    private WeChatPayHost _server = null!;

    private sealed class WeChatPayHost(FakeWeChatPay wechat) : ApiServer
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("PolicyCare:Payments:CheckoutProvider", "wechat-pay"),
            new("PolicyCare:Payments:wechat-pay:BaseUrl", wechat.Url),
            new("PolicyCare:Payments:wechat-pay:MchId", FakeWeChatPay.MchId),
            new("PolicyCare:Payments:wechat-pay:AppId", FakeWeChatPay.AppId),
            new("PolicyCare:Payments:wechat-pay:SerialNo", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"),
            new("PolicyCare:Payments:wechat-pay:PrivateKey", FakeWeChatPay.Pem(wechat.Merchant, publicOnly: false)),
            new("PolicyCare:Payments:wechat-pay:ApiV3Key", FakeWeChatPay.ApiV3Key),
            new("PolicyCare:Payments:wechat-pay:PlatformPublicKey", FakeWeChatPay.Pem(wechat.Platform, publicOnly: true)),
        ];
    }

    public async Task InitializeAsync()
    {
        await _wechat.StartAsync();
        _server = new WeChatPayHost(_wechat);
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _wechat.DisposeAsync();
    }



    [Fact]
    public async Task TheCustomersReturn_IsCheckedWithWeChatPay_AndALateNotificationPostsNothingMore()
    {
        var (number, checkoutId, page) = await CheckoutSteps.StartAsync(_server);
        Assert.StartsWith(_wechat.Url, page, StringComparison.Ordinal);
        var order = _wechat.Orders[checkoutId];
        await using (var db = _server.Database.Open())
            Assert.Equal((await db.Checkouts.AsNoTracking().SingleAsync(c => c.Id == checkoutId)).Amount * 100, order.Total);
        using var browser = CheckoutSteps.Browser();

        // Back without paying: the return says nothing by itself; WeChat Pay says NOTPAY.
        var unpaidBack = (await browser.GetAsync(page + "&decline=1")).Headers.Location!;
        var unpaid = await browser.GetAsync(unpaidBack);
        Assert.EndsWith($"/my/policies/{number}/pay?provider=pending", unpaid.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Empty(await CheckoutSteps.PaymentsAsync(_server, number, "wechat-pay"));

        // Paid on WeChat Pay's page: the return asks WeChat Pay, whose signed answer posts the money.
        var back = (await browser.GetAsync(page)).Headers.Location!;
        var paid = await browser.GetAsync(back);
        Assert.Equal($"/my/policies/{number}?done=paid", paid.Headers.Location!.OriginalString);
        var posted = Assert.Single(await CheckoutSteps.PaymentsAsync(_server, number, "wechat-pay"));
        Assert.Equal(order.Total / 100m, posted.Amount);
        Assert.Equal($"wechat-pay:{order.TransactionId}", posted.ExternalReference);
        Assert.Equal("provider:wechat-pay", posted.RecordedBy);

        // WeChat Pay's notification arrives afterwards, as it does: acknowledged, nothing posted twice.
        var late = await _wechat.NotifyAsync(order);
        Assert.Equal(HttpStatusCode.NoContent, late.StatusCode);
        Assert.Single(await CheckoutSteps.PaymentsAsync(_server, number, "wechat-pay"));
        // A reload of the return does not even ask WeChat Pay again.
        var queries = _wechat.Queries;
        Assert.Equal($"/my/policies/{number}?done=paid", (await browser.GetAsync(back)).Headers.Location!.OriginalString);
        Assert.Equal(queries, _wechat.Queries);
    }

    [Fact]
    public async Task OnlyWeChatPaysSignedEncryptedNotification_PostsTheMoney()
    {
        var (number, checkoutId, _) = await CheckoutSteps.StartAsync(_server);
        var order = _wechat.Orders[checkoutId];
        order.TransactionId = "4200000000000000000000000001";

        // Signed with another key (a forger who knows the notify URL): refused in WeChat Pay's error shape.
        using var forger = RSA.Create(2048);
        var forged = await _wechat.NotifyAsync(order, forger);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("FAIL", JsonDocument.Parse(await forged.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        // Signed by WeChat Pay's key but not decryptable with our APIv3 key (a ciphertext altered before signing): refused too.
        var tampered = await _wechat.NotifyAsync(order, tamper: c => c[..^4] + (c[^4] == 'A' ? "B" : "A") + c[^3..]);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        Assert.Empty(await CheckoutSteps.PaymentsAsync(_server, number, "wechat-pay"));

        // The real one (the customer closed the browser and never came back) posts it; a retry does not.
        Assert.Equal(HttpStatusCode.NoContent, (await _wechat.NotifyAsync(order)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _wechat.NotifyAsync(order)).StatusCode);
        var posted = Assert.Single(await CheckoutSteps.PaymentsAsync(_server, number, "wechat-pay"));
        Assert.Equal($"wechat-pay:{order.TransactionId}", posted.ExternalReference);
        using var customer = await _server.SignedInAsync("customer1");
        using var policy = JsonDocument.Parse(await customer.GetStringAsync($"/api/v1/policies/{number}"));
        Assert.Equal("0.00", policy.RootElement.GetProperty("outstanding").GetString());
        Assert.NotEqual("grace", policy.RootElement.GetProperty("status").GetString());
    }
}
