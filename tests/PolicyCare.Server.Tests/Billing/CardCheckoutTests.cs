using System.Collections.Concurrent;
using System.Net;
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
/// A loopback Stripe speaking the Checkout Sessions API: form-encoded requests with bracketed keys,
/// <c>Authorization: Bearer sk_…</c>, idempotency keys, the hosted page that sends the browser to the
/// success URL with the session id, and events signed <c>Stripe-Signature: t=…,v1=…</c>.
/// </summary>
public sealed class FakeStripe : IAsyncDisposable
{
    public const string SecretKey = "sk_test_51PolicyCare";
    public const string WebhookSecret = "whsec_policycare_test";
    private WebApplication? _app;
    private int _next;

    public sealed record Session(string Id, string ClientReferenceId, long AmountTotal, string Currency, string SuccessUrl, string CancelUrl)
    {
        public bool Paid { get; set; }
    }

    public ConcurrentDictionary<string, Session> Sessions { get; } = new();
    private readonly ConcurrentDictionary<string, string> _byIdempotencyKey = new();
    public string Url { get; private set; } = "";

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/v1/checkout/sessions", async (HttpContext context) =>
        {
            if (context.Request.Headers.Authorization != "Bearer " + SecretKey) return Error(401, "Invalid API Key provided");
            var form = await context.Request.ReadFormAsync();
            if (context.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } key && _byIdempotencyKey.TryGetValue(key, out var earlier))
                return Results.Text(Json(Sessions[earlier]), "application/json");
            if (form["mode"] != "payment" || form["line_items[0][quantity]"] != "1" || !form["success_url"].ToString().Contains("{CHECKOUT_SESSION_ID}", StringComparison.Ordinal))
                return Error(400, "Missing required param");
            var session = new Session($"cs_test_{Interlocked.Increment(ref _next):D24}", form["client_reference_id"]!,
                long.Parse(form["line_items[0][price_data][unit_amount]"]!, System.Globalization.CultureInfo.InvariantCulture),
                form["line_items[0][price_data][currency]"]!, form["success_url"]!, form["cancel_url"]!);
            Sessions[session.Id] = session;
            _byIdempotencyKey[context.Request.Headers["Idempotency-Key"].ToString()] = session.Id;
            return Results.Text(Json(session), "application/json");
        });
        _app.MapGet("/v1/checkout/sessions/{id}", (HttpContext context, string id) =>
            context.Request.Headers.Authorization != "Bearer " + SecretKey ? Error(401, "Invalid API Key provided")
            : Sessions.TryGetValue(id, out var s) ? Results.Text(Json(s), "application/json") : Error(404, "No such checkout.session"));
        // Stripe's hosted page: the customer pays with a test card and is sent to the success URL.
        _app.MapGet("/c/pay/{id}", (string id) =>
        {
            var s = Sessions[id];
            s.Paid = true;
            return Results.Redirect(s.SuccessUrl.Replace("{CHECKOUT_SESSION_ID}", s.Id, StringComparison.Ordinal));
        });
        await _app.StartAsync();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    private string Json(Session s) => Object(s).ToJsonString();

    private JsonObject Object(Session s) => new()
    {
        ["id"] = s.Id, ["object"] = "checkout.session", ["client_reference_id"] = s.ClientReferenceId, ["mode"] = "payment",
        ["amount_total"] = s.AmountTotal, ["currency"] = s.Currency, ["status"] = s.Paid ? "complete" : "open",
        ["payment_status"] = s.Paid ? "paid" : "unpaid", ["payment_intent"] = s.Paid ? "pi_" + s.Id[8..] : null,
        ["url"] = $"{Url}/c/pay/{s.Id}",
    };

    private static IResult Error(int status, string message) =>
        Results.Json(new { error = new { type = "invalid_request_error", message } }, statusCode: status);

    /// <summary>Sends <c>checkout.session.completed</c> for the session to the merchant's endpoint, signed with <paramref name="secret"/>.</summary>
    public async Task<HttpStatusCode> SendCompletedAsync(string endpoint, Session session, string secret = WebhookSecret)
    {
        var body = new JsonObject
        {
            ["id"] = "evt_" + Guid.NewGuid().ToString("N")[..24], ["object"] = "event", ["type"] = "checkout.session.completed",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["data"] = new JsonObject { ["object"] = Object(session) },
        }.ToJsonString();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", WebhookSignature.Sign(body, secret, DateTimeOffset.UtcNow) + ",v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39");
        return (await http.SendAsync(request)).StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

/// <summary>A customer pays by card on Stripe Checkout: posted on Stripe's word only (its signed event or the session it reports), once.</summary>
public sealed class CardCheckoutTests : IAsyncLifetime
{
    private readonly FakeStripe _stripe = new();
    private StripeHost _server = null!;

    private sealed class StripeHost(FakeStripe stripe) : ApiServer
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("PolicyCare:Payments:CheckoutProvider", "card"),
            new("PolicyCare:Payments:card:BaseUrl", stripe.Url),
            new("PolicyCare:Payments:card:SecretKey", FakeStripe.SecretKey),
            new("PolicyCare:Payments:card:WebhookSecret", FakeStripe.WebhookSecret),
        ];
    }

    public async Task InitializeAsync()
    {
        await _stripe.StartAsync();
        _server = new StripeHost(_stripe);
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    [Fact]
    public async Task TheCustomerPaysOnStripe_ThePaymentIsPostedOnStripesWordOnce_WhicheverArrivesFirst()
    {
        var (number, checkoutId, page) = await CheckoutSteps.StartAsync(_server);
        var session = Assert.Single(_stripe.Sessions.Values);
        Assert.Equal(checkoutId, session.ClientReferenceId);
        Assert.Equal("cny", session.Currency);
        Assert.Equal($"{_stripe.Url}/c/pay/{session.Id}", page);
        await using (var db = _server.Database.Open())
            Assert.Equal((await db.Checkouts.AsNoTracking().SingleAsync(c => c.Id == checkoutId)).Amount * 100, session.AmountTotal);

        var endpoint = new Uri(_server.BaseAddress, "/api/v1/webhooks/payments/card/stripe").ToString();
        // An event signed with another secret, or for a session not yet paid, posts nothing.
        Assert.Equal(HttpStatusCode.Unauthorized, await _stripe.SendCompletedAsync(endpoint, session with { Paid = true }, "whsec_forged"));
        using var browser = CheckoutSteps.Browser();
        var cancelled = await browser.GetAsync(new Uri(session.CancelUrl));
        Assert.EndsWith($"/my/policies/{number}/pay?provider=cancelled", cancelled.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // Paid on Stripe's page; the customer comes back and PolicyCare asks Stripe for the session.
        var back = (await browser.GetAsync(page)).Headers.Location!;
        Assert.Contains(session.Id, back.Query, StringComparison.Ordinal);
        var paid = await browser.GetAsync(back);
        Assert.Equal($"/my/policies/{number}?done=paid", paid.Headers.Location!.OriginalString);
        // Stripe's event follows, as it does: acknowledged, nothing posted twice.
        Assert.Equal(HttpStatusCode.OK, await _stripe.SendCompletedAsync(endpoint, session));

        var posted = Assert.Single(await CheckoutSteps.PaymentsAsync(_server, number, "card"));
        Assert.Equal(session.AmountTotal / 100m, posted.Amount);
        Assert.Equal($"card:{session.Id}", posted.ExternalReference);
        Assert.Equal("provider:card", posted.RecordedBy);
    }
}
