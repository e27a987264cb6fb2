using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Hosting;
using PolicyCare.Json;
using PolicyCare.Storage;

namespace PolicyCare.Notices;

/// <summary>
/// Delivery receipts from a provider, signed like payment webhooks: a notice moves from sent to
/// delivered, or to failed with the reason (a dead number marks the contact invalid and the next
/// channel takes over).
/// </summary>
public static class ReceiptEndpoints
{
    public static IEndpointRouteBuilder MapReceiptEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/webhooks/receipts/{provider}", ReceiveAsync).WithTags("Notices").AllowAnonymous()
            .RequireRateLimiting(PolicyCareApp.PublicRateLimit).Accepts<JsonElement>("application/json");
        return app;
    }

    private static async Task<IResult> ReceiveAsync(Database database, TimeProvider time, IConfiguration configuration, ILoggerFactory logs, HttpRequest request,
        string provider, CancellationToken cancel)
    {
        var log = logs.CreateLogger("PolicyCare.Notices.Receipts");
        var secret = configuration[$"PolicyCare:Webhooks:{provider}:Secret"];
        if (string.IsNullOrEmpty(secret)) return TypedResults.NotFound();
        var raw = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync(cancel);
        var signature = WebhookSignature.Verify(request.Headers["PolicyCare-Signature"].ToString(), raw, secret, time.GetUtcNow(), TimeSpan.FromMinutes(5));
        if (signature is not null)
        {
            log.LogWarning("Receipt from {Provider} refused: signature {Problem}", provider, signature);
            return Problems.Field("PolicyCare-Signature", signature, StatusCodes.Status401Unauthorized);
        }
        JsonDocument doc;
        try { doc = JsonDocument.Parse(raw); }
        catch (JsonException) { return Problems.Field("$", "is not valid JSON"); }
        using (doc)
        {
            var o = new StrictObject(doc.RootElement, "$", "messageId", "status", "reason");
            var id = o.RequiredString("messageId");
            var status = o.RequiredString("status");
            if (status is not ("delivered" or "failed")) return Problems.Field("$.status", "must be delivered or failed");
            await using var db = database.Open();
            var notice = await db.Notices.FirstOrDefaultAsync(n => n.ProviderMessageId == id, cancel);
            if (notice is null)
            {
                log.LogWarning("Receipt from {Provider} for unknown message {MessageId}", provider, id);
                return Problems.Field("$.messageId", "no notice was sent with this message id", StatusCodes.Status404NotFound);
            }
            if (notice.Status is not NoticeStatus.Sent) return TypedResults.Ok(new { status = "already-recorded", notice = notice.Id });
            var now = time.GetUtcNow();
            if (status == "delivered")
            {
                notice.Status = NoticeStatus.Delivered;
                notice.DeliveredAt = now;
                await using var tx = await db.Database.BeginTransactionAsync(cancel);
                await db.SaveChangesAsync(cancel);
                await EvidenceLog.AppendAsync(db, [new EvidenceEvent(notice, "delivered", now, provider)], cancel);
                await tx.CommitAsync(cancel);
                Insights.DeliveryMetrics.Count(notice, "delivered");
            }
            else
            {
                var reason = o.OptionalString("reason") ?? "not delivered";
                await NoticeDispatcher.FailAsync(db, notice, now, $"{provider}: {reason}", reason is "invalid-number" or "unknown-subscriber", cancel);
            }
            return TypedResults.Ok(new { status = "recorded", notice = notice.Id });
        }
    }
}
