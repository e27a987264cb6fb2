using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Hosting;

/// <summary>
/// One event for the integrator's webhook: a timeline line (a policy's status change, a claim
/// submitted, decided or paid) put here by a database trigger in the same transaction as the line —
/// whoever wrote it, the cycle's bulk copy included — while outbound webhooks are on. Delivered at
/// least once, retried with backoff, dead-lettered after the last attempt.
/// </summary>
public sealed class OutboundEventRecord
{
    public long Id { get; set; }
    public long TimelineId { get; set; }
    /// <summary>pending, delivered or dead.</summary>
    public string Status { get; set; } = OutboundWebhooks.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
}

internal sealed class OutboundEventConfiguration : IEntityTypeConfiguration<OutboundEventRecord>
{
    public void Configure(EntityTypeBuilder<OutboundEventRecord> b)
    {
        b.ToTable("outbound_events");
        b.HasIndex(e => e.TimelineId).IsUnique();
        b.HasIndex(e => new { e.Status, e.NextAttemptAt });
        b.Property(e => e.Status).HasDefaultValue(OutboundWebhooks.Pending);
    }
}

/// <param name="Url">Where the integrator takes events.</param>
/// <param name="Secret">The shared secret of the HMAC signature, as for the inbound webhooks.</param>
/// <param name="MaxAttempts">After this many failed attempts an event is dead-lettered.</param>
public sealed record OutboundWebhookSettings(string Url, string Secret, int MaxAttempts = 8);

/// <summary>
/// Posts the integrator's events: <c>policy.status-changed</c>, <c>policy.change-requested</c> (the policy
/// administration system confirms it through the API), <c>policy.change-referred</c>, <c>policy.change-decided</c>, <c>claim.submitted</c>,
/// <c>claim.decided</c>, <c>claim.paid</c>, each signed <c>PolicyCare-Signature: t=…,v1=…</c>
/// (HMAC-SHA256 of <c>t.body</c>, the inbound webhooks' scheme). A 2xx answer delivers it; anything
/// else is tried again after 30 s, 1, 2, 4 … minutes, then dead-lettered for the back office.
/// </summary>
public sealed class OutboundWebhooks(Database database, HttpClient http, OutboundWebhookSettings settings, TimeProvider time)
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Dead = "dead";
    /// <summary>The settings row the trigger looks for: events are collected only while webhooks are on.</summary>
    public const string EnabledKey = "outbound-webhooks";
    public const string SignatureHeader = "PolicyCare-Signature";

    /// <summary>How long a claimed event is left to its sender before another process may try it.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>Turns the collection of events on or off (the host does it at start, from its configuration).</summary>
    public static async Task SetEnabledAsync(PolicyCareDb db, bool enabled, CancellationToken cancel = default)
    {
        var row = await db.Settings.FindAsync([EnabledKey], cancel);
        if (enabled && row is null) db.Settings.Add(new SettingRecord { Key = EnabledKey, Value = "on" });
        if (!enabled && row is not null) db.Settings.Remove(row);
        await db.SaveChangesAsync(cancel);
    }

    /// <summary>The event a timeline line makes, if any: its type and its data (no names, contacts or ids of people).</summary>
    public static (string Type, JsonObject Data)? EventOf(TimelineEntry line)
    {
        var data = JsonNode.Parse(line.Data)?.AsObject() ?? [];
        data.Remove("key");
        data["policy"] = line.PolicyNumber;
        data["on"] = line.On.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return line.Kind switch
        {
            "status" => ("policy.status-changed", data),
            // A change of cover or frequency: sent for the policy administration system to confirm, put to underwriting, decided.
            "change-request" => data["status"]?.GetValue<string>() switch
            {
                "sent" => ("policy.change-requested", data),
                "underwriting" => ("policy.change-referred", data),
                _ => ("policy.change-decided", data),
            },
            "claim" => data["stage"]?.GetValue<string>() switch
            {
                "submitted" => ("claim.submitted", data),
                "decided" => ("claim.decided", data),
                "paid" => ("claim.paid", data),
                _ => null,
            },
            _ => null,
        };
    }

    /// <summary>Sends the events due now, oldest first, each claimed for a lease so two processes do not send it together. Returns how many were tried.</summary>
    public async Task<int> DeliverDueAsync(int batch = 100, CancellationToken cancel = default)
    {
        var now = time.GetUtcNow();
        await using var db = database.Open();
        var due = await db.Set<OutboundEventRecord>().AsNoTracking()
            .Where(e => e.Status == Pending && (e.NextAttemptAt == null || e.NextAttemptAt <= now))
            .OrderBy(e => e.Id).Take(batch).ToListAsync(cancel);
        var tried = 0;
        foreach (var e in due)
        {
            // Claimed by moving its next attempt past the lease, only if nobody moved it first.
            var claimed = await db.Set<OutboundEventRecord>()
                .Where(x => x.Id == e.Id && x.Status == Pending && x.NextAttemptAt == e.NextAttemptAt)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextAttemptAt, now + Lease), cancel);
            if (claimed == 0) continue;
            tried++;
            var line = await db.Timeline.AsNoTracking().SingleAsync(t => t.Id == e.TimelineId, cancel);
            string? error;
            if (EventOf(line) is not { } ev) error = null; // a line that makes no event (cannot happen through the trigger) is simply done
            else error = await PostAsync(e.Id, ev.Type, ev.Data, cancel);
            var attempts = e.Attempts + 1;
            var dead = error is not null && attempts >= settings.MaxAttempts;
            var status = error is null ? Delivered : dead ? Dead : Pending;
            DateTimeOffset? next = error is null || dead ? null : time.GetUtcNow() + Backoff(attempts);
            var delivered = error is null ? time.GetUtcNow() : (DateTimeOffset?)null;
            await db.Set<OutboundEventRecord>().Where(x => x.Id == e.Id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, status).SetProperty(x => x.Attempts, attempts).SetProperty(x => x.NextAttemptAt, next)
                .SetProperty(x => x.LastError, error).SetProperty(x => x.DeliveredAt, delivered), cancel);
        }
        return tried;
    }

    /// <summary>30 seconds after the first failure, doubling each time, at most 6 hours.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, attempts - 1), 6 * 3600));

    /// <summary>Null when the integrator took it (2xx), else why not, for the back office.</summary>
    private async Task<string?> PostAsync(long id, string type, JsonObject data, CancellationToken cancel)
    {
        var body = new JsonObject { ["id"] = $"evt_{id}", ["type"] = type, ["data"] = data }.ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(SignatureHeader, WebhookSignature.Sign(body, settings.Secret, time.GetUtcNow()));
        request.Headers.Add("PolicyCare-Event", type);
        try
        {
            using var response = await http.SendAsync(request, cancel);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return e.HttpRequestError.ToString();
        }
        catch (TaskCanceledException) when (!cancel.IsCancellationRequested)
        {
            return "timed out";
        }
    }

    /// <summary>A dead event sent again: pending now, its attempts kept for the record.</summary>
    public static async Task<bool> RetryAsync(PolicyCareDb db, long id, CancellationToken cancel = default) =>
        await db.Set<OutboundEventRecord>().Where(x => x.Id == id && x.Status == Dead)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, Pending).SetProperty(x => x.NextAttemptAt, (DateTimeOffset?)null), cancel) == 1;
}

/// <summary>Sends the due events every few seconds in a host that runs the cycle and the dispatcher.</summary>
internal sealed class OutboundWebhookService(OutboundWebhooks webhooks, TimeProvider time, ILogger<OutboundWebhookService> log, DemoLoading loading) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await loading.Ready.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await webhooks.DeliverDueAsync(cancel: stoppingToken) > 0) { }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError("Outbound webhooks failed: {Message}", e.Message);
            }
            await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
        }
    }
}
