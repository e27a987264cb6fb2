using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyCare.Billing;
using PolicyCare.Hosting;
using PolicyCare.Policies;
using PolicyCare.Support;

namespace PolicyCare.Api;

/// <summary>An integrator's webhook receiver: a real HTTP server on loopback that keeps what it is sent and can be told to fail.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    public ConcurrentQueue<(string Signature, string Body)> Received { get; } = new();
    private volatile bool _failing;
    public bool Failing { get => _failing; set => _failing = value; }
    public string Url { get; }

    private WebhookReceiver(WebApplication app, string url) => (_app, Url) = (app, url);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            if (receiver!.Failing) return Results.StatusCode(503);
            receiver.Received.Enqueue((request.Headers[OutboundWebhooks.SignatureHeader].ToString(), body));
            return Results.NoContent();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new WebhookReceiver(app, address + "/hooks");
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>The demo host sending its events to a <see cref="WebhookReceiver"/>, three attempts before an event is dead-lettered.</summary>
public class WebhookApiServer : ApiServer
{
    public const string Secret = "whsec_outbound_test_0123456789";
    public WebhookReceiver Receiver { get; private set; } = null!;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("PolicyCare:OutboundWebhooks:Url", Receiver.Url),
        new("PolicyCare:OutboundWebhooks:Secret", Secret),
        new("PolicyCare:OutboundWebhooks:MaxAttempts", "3"),
    ];

    public override async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>
/// Outbound webhooks: a claim's steps and a policy's status change reach the integrator signed like
/// the inbound webhooks; a receiver that fails gets the event again with backoff, then it is
/// dead-lettered and shown in the back office, from where it is sent again.
/// </summary>
public sealed class OutboundWebhookTests(WebhookApiServer server) : IClassFixture<WebhookApiServer>
{
    private OutboundWebhooks Webhooks => server.Services.GetRequiredService<OutboundWebhooks>();

    [Fact]
    public async Task AClaimAndAStatusChange_ReachTheIntegrator_Signed_AndAFailingReceiverEndsInTheDeadLetters()
    {
        using var integrator = server.Integrator();
        string policy;
        await using (var db = server.Database.Open())
            policy = await db.Policies.AsNoTracking().Where(p => p.Status == PolicyCare.Delinquency.PolicyStatus.InForce).OrderBy(p => p.Number).Select(p => p.Number).FirstAsync();
        var (claim, _) = await ApiServer.ClaimAsync(integrator, policy);
        // A status change written by the policy-change applicator (not the claim desk): a payment that
        // clears a grace policy, or any policy's lapse written through the cycle, goes the same way.
        await using (var db = server.Database.Open())
        {
            var grace = await db.Policies.AsNoTracking().Where(p => p.Status == PolicyCare.Delinquency.PolicyStatus.Grace).OrderBy(p => p.Number).FirstAsync();
            var owed = PolicyCare.Billing.Account.Outstanding(grace.ToTerms((await db.Products.FindAsync(grace.ProductCode))!.ToProduct()), grace.ToStanding());
            await Collections.PostPaymentAsync(db, grace.Number, ApiServer.Today, owed, "bank-transfer", $"webhook-test-{grace.Number}");
        }
        Assert.True(await Webhooks.DeliverDueAsync() >= 2);
        var events = server.Receiver.Received.Select(r =>
        {
            Assert.Null(WebhookSignature.Verify(r.Signature, r.Body, WebhookApiServer.Secret, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            return JsonDocument.Parse(r.Body).RootElement;
        }).ToList();
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "claim.submitted" && e.GetProperty("data").GetProperty("claim").GetString() == claim);
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "policy.status-changed" && e.GetProperty("data").GetProperty("to").GetString() == "in-force");
        // No personal data: a claim's event names the claim and the policy, never a person.
        Assert.All(events, e => Assert.False(e.GetProperty("data").TryGetProperty("holder", out _)));
        // Sent once: nothing is due again.
        var delivered = server.Receiver.Received.Count;
        Assert.Equal(0, await Webhooks.DeliverDueAsync());
        Assert.Equal(delivered, server.Receiver.Received.Count);

        // The receiver fails: tried again after a backoff, then dead-lettered after the third attempt.
        server.Receiver.Failing = true;
        var (failing, _) = await ApiServer.ClaimAsync(integrator, policy);
        async Task<PolicyCare.Hosting.OutboundEventRecord> EventAsync()
        {
            await using var db = server.Database.Open();
            var line = await db.Timeline.AsNoTracking().Where(t => t.Kind == "claim" && t.Data.Contains(failing)).OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
            return await db.OutboundEvents.AsNoTracking().SingleAsync(e => e.TimelineId == line);
        }
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await using (var db = server.Database.Open())
                await db.OutboundEvents.Where(e => e.Status == OutboundWebhooks.Pending).ExecuteUpdateAsync(s => s.SetProperty(e => e.NextAttemptAt, (DateTimeOffset?)null));
            await Webhooks.DeliverDueAsync();
            var e = await EventAsync();
            Assert.Equal(attempt, e.Attempts);
            Assert.Equal("HTTP 503", e.LastError);
            Assert.Equal(attempt < 3 ? OutboundWebhooks.Pending : OutboundWebhooks.Dead, e.Status);
            if (attempt < 3) Assert.True(e.NextAttemptAt > DateTimeOffset.UtcNow.AddSeconds(20));
        }

        // The back office shows it, and sends it again once the receiver is back.
        var dead = await EventAsync();
        using var admin = await server.SignedInAsync("admin");
        var page = await admin.GetStringAsync("/office/admin/webhooks");
        Assert.Contains($"data-event=\"{dead.Id}\" data-status=\"dead\"", page);
        server.Receiver.Failing = false;
        await using (var db = server.Database.Open()) Assert.True(await OutboundWebhooks.RetryAsync(db, dead.Id));
        await Webhooks.DeliverDueAsync();
        Assert.Equal(OutboundWebhooks.Delivered, (await EventAsync()).Status);
        Assert.Contains(server.Receiver.Received, r => r.Body.Contains(failing, StringComparison.Ordinal));
    }
}
