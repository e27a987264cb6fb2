using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
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
/// A loopback KakaoPay speaking its online payment API: <c>ready</c> and <c>approve</c> under
/// <c>Authorization: SECRET_KEY …</c>, snake_case JSON, its error shape, and the approval page that
/// sends the browser back with a <c>pg_token</c>.
/// </summary>
public sealed class FakeKakaoPay : IAsyncDisposable
{
    public const string SecretKey = "DEV_SECRET_KEY_TEST";
    private WebApplication? _app;
    private int _next;
    private readonly ConcurrentDictionary<string, Payment> _payments = new();

    public sealed record Payment(string Tid, string OrderId, string UserId, long Total, string ApprovalUrl, string CancelUrl, string FailUrl)
    {
        public string PgToken { get; } = Guid.NewGuid().ToString("N")[..20];
        public int Approvals { get; set; }
    }

    public string Url { get; private set; } = "";
    public bool Down { get; set; }
    public IReadOnlyCollection<Payment> Payments => _payments.Values.ToList();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/online/v1/payment/ready", async (HttpContext context) =>
        {
            if (Down) return Results.StatusCode(503);
            if (context.Request.Headers.Authorization != "SECRET_KEY " + SecretKey) return Error(401, -401, "unauthorized");
            using var doc = await JsonDocument.ParseAsync(context.Request.Body);
            var r = doc.RootElement;
            if (r.GetProperty("cid").GetString() != "TC0ONETIME" || r.GetProperty("quantity").GetInt32() != 1
                || r.GetProperty("tax_free_amount").GetInt64() != 0 || r.GetProperty("item_name").GetString() is not { Length: > 0 })
                return Error(400, -2, "invalid request");
            var tid = $"T{Interlocked.Increment(ref _next):D18}";
            _payments[tid] = new Payment(tid, r.GetProperty("partner_order_id").GetString()!, r.GetProperty("partner_user_id").GetString()!,
                r.GetProperty("total_amount").GetInt64(), r.GetProperty("approval_url").GetString()!, r.GetProperty("cancel_url").GetString()!,
                r.GetProperty("fail_url").GetString()!);
            return Results.Json(new Dictionary<string, object>
            {
                ["tid"] = tid,
                ["next_redirect_pc_url"] = $"{Url}/online/v1/payment/ready/{tid}",
                ["next_redirect_mobile_url"] = $"{Url}/online/v1/payment/ready/{tid}?mobile=1",
                ["created_at"] = "2026-12-02T10:00:00",
            });
        });
        // The customer approves on KakaoPay's page, which sends the browser back to the merchant.
        _app.MapGet("/online/v1/payment/ready/{tid}", (string tid, string? cancel) =>
            _payments.TryGetValue(tid, out var p)
                ? Results.Redirect(cancel == "1" ? p.CancelUrl : $"{p.ApprovalUrl}?pg_token={p.PgToken}")
                : Results.NotFound());
        _app.MapPost("/online/v1/payment/approve", async (HttpContext context) =>
        {
            if (context.Request.Headers.Authorization != "SECRET_KEY " + SecretKey) return Error(401, -401, "unauthorized");
            using var doc = await JsonDocument.ParseAsync(context.Request.Body);
            var r = doc.RootElement;
            if (!_payments.TryGetValue(r.GetProperty("tid").GetString()!, out var p)
                || r.GetProperty("partner_order_id").GetString() != p.OrderId || r.GetProperty("partner_user_id").GetString() != p.UserId)
                return Error(400, -702, "payment not found");
            if (r.GetProperty("pg_token").GetString() != p.PgToken) return Error(400, -780, "approval failure: invalid pg_token");
            if (p.Approvals++ > 0) return Error(400, -702, "already approved");
            return Results.Json(new Dictionary<string, object>
            {
                ["aid"] = "A" + p.Tid[1..], ["tid"] = p.Tid, ["cid"] = "TC0ONETIME", ["partner_order_id"] = p.OrderId,
                ["partner_user_id"] = p.UserId, ["payment_method_type"] = "MONEY", ["item_name"] = "x", ["quantity"] = 1,
                ["amount"] = new Dictionary<string, long> { ["total"] = p.Total, ["tax_free"] = 0, ["vat"] = p.Total / 11, ["point"] = 0, ["discount"] = 0 },
                ["created_at"] = "2026-12-02T10:00:00", ["approved_at"] = "2026-12-02T10:00:30",
            });
        });
        await _app.StartAsync();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    private static IResult Error(int status, int code, string message) =>
        Results.Json(new Dictionary<string, object> { ["error_code"] = code, ["error_message"] = message }, statusCode: status);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

/// <summary>A customer pays through KakaoPay: the money is posted only by KakaoPay's answer to <c>approve</c>, once.</summary>
public sealed class KakaoPayCheckoutTests : IAsyncLifetime
{
    private readonly FakeKakaoPay _kakao = new();
    private KakaoPayHost _server = null!;

    private sealed class KakaoPayHost(FakeKakaoPay kakao) : ApiServer
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("PolicyCare:Payments:CheckoutProvider", "kakaopay"),
            new("PolicyCare:Payments:kakaopay:SecretKey", FakeKakaoPay.SecretKey),
            new("PolicyCare:Payments:kakaopay:BaseUrl", kakao.Url),
        ];
    }

    public async Task InitializeAsync()
    {
        await _kakao.StartAsync();
        _server = new KakaoPayHost(_kakao);
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _kakao.DisposeAsync();
    }

    /// <summary>The demo's Korean customer (customer3) and their policy in grace, billed in won.</summary>
    private async Task<(HttpClient Customer, string Number)> KoreanHolderAsync()
    {
        var customer = await _server.SignedInAsync("customer3");
        using var list = JsonDocument.Parse(await customer.GetStringAsync("/api/v1/policies"));
        var number = list.RootElement.EnumerateArray().First(p => p.GetProperty("status").GetString() == "grace").GetProperty("number").GetString()!;
        using var detail = JsonDocument.Parse(await customer.GetStringAsync($"/api/v1/policies/{number}"));
        Assert.Equal("KRW", detail.RootElement.GetProperty("currency").GetString());
        return (customer, number);
    }

    private HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _server.BaseAddress };

    [Fact]
    public async Task TheCustomerApprovesOnKakaoPay_AndOnlyKakaoPaysApprovalPostsTheMoney_Once()
    {
        var (customer, number) = await KoreanHolderAsync();
        using var browser = Browser();

        // The provider is down: the customer is told, and no checkout stays open.
        _kakao.Down = true;
        var down = await customer.PostAsync($"/api/v1/policies/{number}/checkouts", null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        _kakao.Down = false;

        var started = await customer.PostAsync($"/api/v1/policies/{number}/checkouts", null);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        using var view = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        var checkoutId = view.RootElement.GetProperty("id").GetString()!;
        var providerPage = view.RootElement.GetProperty("url").GetString()!;
        Assert.StartsWith(_kakao.Url, providerPage, StringComparison.Ordinal);
        var payment = Assert.Single(_kakao.Payments);
        Assert.Equal(checkoutId, payment.OrderId);
        await using (var db = _server.Database.Open())
        {
            var checkout = await db.Checkouts.AsNoTracking().SingleAsync(c => c.Id == checkoutId);
            Assert.Equal(checkout.Amount, payment.Total);
            Assert.Equal(payment.Tid, checkout.ProviderReference);
            Assert.False(await db.Payments.AnyAsync(p => p.PolicyNumber == number && p.Method == "kakaopay"));
        }

        // A forged return (a pg_token KakaoPay did not issue) posts nothing: KakaoPay refuses the approval.
        var forged = await browser.GetAsync($"/pay/kakaopay/{checkoutId}/approved?pg_token=forged");
        Assert.EndsWith($"/my/policies/{number}/pay?provider=failed", forged.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // The customer approves on KakaoPay's page and is sent back with the real token.
        using var kakaoBrowser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = (await kakaoBrowser.GetAsync(providerPage)).Headers.Location!;
        Assert.StartsWith(_server.BaseAddress.ToString().TrimEnd('/') + $"/pay/kakaopay/{checkoutId}/approved", back.ToString(), StringComparison.Ordinal);
        var approved = await browser.GetAsync(back);
        Assert.Equal($"/my/policies/{number}?done=paid", approved.Headers.Location!.OriginalString);
        // The same return again (a reload, the back button) posts nothing more.
        var again = await browser.GetAsync(back);
        Assert.Equal($"/my/policies/{number}?done=paid", again.Headers.Location!.OriginalString);

        await using (var db = _server.Database.Open())
        {
            var posted = Assert.Single(await db.Payments.AsNoTracking().Where(p => p.PolicyNumber == number && p.Method == "kakaopay").ToListAsync());
            Assert.Equal((decimal)payment.Total, posted.Amount);
            Assert.Equal($"kakaopay:{payment.Tid}", posted.ExternalReference);
            Assert.Equal("provider:kakaopay", posted.RecordedBy);
            Assert.NotNull((await db.Checkouts.AsNoTracking().SingleAsync(c => c.Id == checkoutId)).PaidAt);
        }
        Assert.Equal(1, payment.Approvals);
        using var policy = JsonDocument.Parse(await customer.GetStringAsync($"/api/v1/policies/{number}"));
        Assert.Equal("0", policy.RootElement.GetProperty("outstanding").GetString());
    }

    [Fact]
    public async Task TheCustomerCancelsOnKakaoPay_NothingIsPosted_AndThePayPageSaysSo()
    {
        var (customer, number) = await KoreanHolderAsync();
        var started = await customer.PostAsync($"/api/v1/policies/{number}/checkouts", null);
        using var view = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        using var kakaoBrowser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = (await kakaoBrowser.GetAsync(view.RootElement.GetProperty("url").GetString() + "?cancel=1")).Headers.Location!;
        using var browser = Browser();
        var cancelled = await browser.GetAsync(back);
        Assert.Equal($"/my/policies/{number}/pay?provider=cancelled", cancelled.Headers.Location!.OriginalString);
        await using var db = _server.Database.Open();
        Assert.False(await db.Payments.AnyAsync(p => p.PolicyNumber == number && p.Method == "kakaopay"));
    }
}
