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
/// A loopback Alipay gateway speaking the open platform's protocol: requests signed RSA2 over their
/// sorted parameters by the app's key, <c>alipay.trade.wap.pay</c> as the customer's page,
/// <c>alipay.trade.query</c> answered with a signature over the answer object's exact text, and the
/// asynchronous notification as a signed form that must be answered <c>success</c>.
/// </summary>
public sealed class FakeAlipay : IAsyncDisposable
{
    public const string AppId = "2021000117650000";
    public RSA App { get; } = RSA.Create(2048);
    public RSA Alipay { get; } = RSA.Create(2048);
    private WebApplication? _app;
    private int _next;

    public sealed record Order(string OutTradeNo, string TotalAmount, string NotifyUrl)
    {
        public string? TradeNo { get; set; }
    }

    public ConcurrentDictionary<string, Order> Orders { get; } = new();
    public string Gateway { get; private set; } = "";
    public bool DeclineNext { get; set; }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        // The customer's page: the signed request arrives in the browser's address.
        _app.MapGet("/gateway.do", (HttpContext context) =>
        {
            var p = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
            if (!SignedByApp(p) || p["method"] != "alipay.trade.wap.pay" || p["app_id"] != AppId) return Results.Text("invalid-signature", statusCode: 400);
            using var biz = JsonDocument.Parse(p["biz_content"]);
            if (biz.RootElement.GetProperty("product_code").GetString() != "QUICK_WAP_WAY") return Results.Text("invalid product_code", statusCode: 400);
            var order = Orders.GetOrAdd(biz.RootElement.GetProperty("out_trade_no").GetString()!,
                id => new Order(id, biz.RootElement.GetProperty("total_amount").GetString()!, p["notify_url"]));
            if (!DeclineNext) order.TradeNo ??= $"2026120222001{Interlocked.Increment(ref _next):D15}";
            DeclineNext = false;
            // The synchronous return carries parameters of its own; the merchant must not trust them.
            return Results.Redirect($"{p["return_url"]}?out_trade_no={order.OutTradeNo}&trade_no={order.TradeNo}&total_amount=0.01");
        });
        _app.MapPost("/gateway.do", async (HttpContext context) =>
        {
            var form = (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            if (!SignedByApp(form) || form["method"] != "alipay.trade.query") return Results.Text("invalid-signature", statusCode: 400);
            using var biz = JsonDocument.Parse(form["biz_content"]);
            var answer = Orders.TryGetValue(biz.RootElement.GetProperty("out_trade_no").GetString()!, out var order)
                ? new JsonObject
                {
                    ["code"] = "10000", ["msg"] = "Success", ["trade_no"] = order.TradeNo, ["out_trade_no"] = order.OutTradeNo,
                    ["trade_status"] = order.TradeNo is null ? "WAIT_BUYER_PAY" : "TRADE_SUCCESS", ["total_amount"] = order.TotalAmount,
                    ["send_pay_date"] = "2026-12-02 10:00:30",
                }
                : new JsonObject { ["code"] = "40004", ["msg"] = "Business Failed", ["sub_code"] = "ACQ.TRADE_NOT_EXIST" };
            var text = answer.ToJsonString();
            return Results.Text($"{{\"alipay_trade_query_response\":{text},\"sign\":\"{SignText(text, Alipay)}\"}}", "application/json");
        });
        await _app.StartAsync();
        Gateway = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/gateway.do";
    }

    public static string Pem(RSA key, bool publicOnly) => publicOnly ? key.ExportSubjectPublicKeyInfoPem() : key.ExportPkcs8PrivateKeyPem();

    private static string SignText(string text, RSA key) =>
        Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(text), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    private bool SignedByApp(Dictionary<string, string> p) =>
        p.TryGetValue("sign", out var sign) && App.VerifyData(Encoding.UTF8.GetBytes(AlipayClient.Canonical(p, withSignType: true)),
            Convert.FromBase64String(sign), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>Alipay's asynchronous notification of the order, signed by <paramref name="signer"/> (Alipay's key unless forging).</summary>
    public async Task<(HttpStatusCode Status, string Body)> NotifyAsync(Order order, RSA? signer = null, string? amount = null)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["notify_time"] = "2026-12-02 10:00:31", ["notify_type"] = "trade_status_sync", ["notify_id"] = Guid.NewGuid().ToString("N"),
            ["app_id"] = AppId, ["charset"] = "utf-8", ["version"] = "1.0", ["trade_no"] = order.TradeNo!, ["out_trade_no"] = order.OutTradeNo,
            ["trade_status"] = "TRADE_SUCCESS", ["total_amount"] = amount ?? order.TotalAmount, ["gmt_payment"] = "2026-12-02 10:00:30",
        };
        form["sign"] = SignText(AlipayClient.Canonical(form), signer ?? Alipay);
        form["sign_type"] = "RSA2";
        using var http = new HttpClient();
        var response = await http.PostAsync(order.NotifyUrl, new FormUrlEncodedContent(form));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        App.Dispose();
        Alipay.Dispose();
    }
}

/// <summary>A customer pays through Alipay: posted on Alipay's signed word only (its notification or its answer to a query), once.</summary>
public sealed class AlipayCheckoutTests : IAsyncLifetime
{
    private readonly FakeAlipay _alipay = new();
    private AlipayHost _server = null!;

    private sealed class AlipayHost(FakeAlipay alipay) : ApiServer
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("PolicyCare:Payments:CheckoutProvider", "alipay"),
            new("PolicyCare:Payments:alipay:GatewayUrl", alipay.Gateway),
            new("PolicyCare:Payments:alipay:AppId", FakeAlipay.AppId),
            new("PolicyCare:Payments:alipay:PrivateKey", FakeAlipay.Pem(alipay.App, publicOnly: false)),
            new("PolicyCare:Payments:alipay:AlipayPublicKey", FakeAlipay.Pem(alipay.Alipay, publicOnly: true)),
        ];
    }

    public async Task InitializeAsync()
    {
        await _alipay.StartAsync();
        _server = new AlipayHost(_alipay);
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _alipay.DisposeAsync();
    }

    [Fact]
    public async Task TheCustomersReturn_IsCheckedWithAlipay_NotTakenOnItsWord()
    {
        var (number, checkoutId, page) = await CheckoutSteps.StartAsync(_server);
        Assert.StartsWith(_alipay.Gateway + "?", page, StringComparison.Ordinal);
        using var browser = CheckoutSteps.Browser();

        // The customer leaves Alipay's page without paying: Alipay's query says WAIT_BUYER_PAY.
        _alipay.DeclineNext = true;
        var unpaid = await browser.GetAsync((await browser.GetAsync(page)).Headers.Location!);
        Assert.EndsWith($"/my/policies/{number}/pay?provider=pending", unpaid.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Empty(await CheckoutSteps.PaymentsAsync(_server, number, "alipay"));

        // Paid: the return claims 0.01, but only Alipay's signed answer counts, and it says the checkout's amount.
        var back = (await browser.GetAsync(page)).Headers.Location!;
        Assert.Contains("total_amount=0.01", back.Query, StringComparison.Ordinal);
        var paid = await browser.GetAsync(back);
        Assert.Equal($"/my/policies/{number}?done=paid", paid.Headers.Location!.OriginalString);
        var order = _alipay.Orders[checkoutId];
        var posted = Assert.Single(await CheckoutSteps.PaymentsAsync(_server, number, "alipay"));
        Assert.Equal(decimal.Parse(order.TotalAmount, CultureInfo.InvariantCulture), posted.Amount);
        Assert.Equal($"alipay:{order.TradeNo}", posted.ExternalReference);

        // Alipay's notification follows: answered success, nothing posted twice.
        Assert.Equal((HttpStatusCode.OK, "success"), await _alipay.NotifyAsync(order));
        Assert.Single(await CheckoutSteps.PaymentsAsync(_server, number, "alipay"));
    }

    [Fact]
    public async Task OnlyAlipaysSignedNotification_ForTheCheckoutsAmount_PostsTheMoney()
    {
        var (number, checkoutId, page) = await CheckoutSteps.StartAsync(_server);
        using var browser = CheckoutSteps.Browser();
        _alipay.DeclineNext = true;
        await browser.GetAsync(page); // the order now exists at Alipay
        var order = _alipay.Orders[checkoutId];
        order.TradeNo = "2026120222001400000000000001";

        using var forger = RSA.Create(2048);
        var (forgedStatus, forgedBody) = await _alipay.NotifyAsync(order, forger);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedStatus);
        Assert.StartsWith("fail", forgedBody, StringComparison.Ordinal);
        // Signed by Alipay, but for another amount than the checkout's: a conflict, never a silent post.
        var (otherStatus, _) = await _alipay.NotifyAsync(order, amount: "0.01");
        Assert.Equal(HttpStatusCode.Conflict, otherStatus);
        Assert.Empty(await CheckoutSteps.PaymentsAsync(_server, number, "alipay"));

        Assert.Equal((HttpStatusCode.OK, "success"), await _alipay.NotifyAsync(order));
        Assert.Equal((HttpStatusCode.OK, "success"), await _alipay.NotifyAsync(order));
        Assert.Single(await CheckoutSteps.PaymentsAsync(_server, number, "alipay"));
    }
}
