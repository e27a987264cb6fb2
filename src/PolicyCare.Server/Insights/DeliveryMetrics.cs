using PolicyCare.Delinquency;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Hosting;
using PolicyCare.Notices;
using PolicyCare.Storage;

namespace PolicyCare.Insights;

/// <summary>Delivery success of a channel and stage over a period.</summary>
/// <param name="Held">Stopped by the check before dispatch (no longer matching the book): counted, not rated.</param>
public sealed record DeliveryRate(string Channel, string Stage, int Sent, int Delivered, int Failed, int Pending, decimal? SuccessRate, int Held = 0);

/// <summary>
/// Notice delivery as numbers: counters exported as OpenTelemetry metrics (Prometheus at /metrics),
/// and the success rate by channel and stage from the outbox through the API.
/// </summary>
public static class DeliveryMetrics
{
    public const string MeterName = "PolicyCare.Notices";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Outcomes = Meter.CreateCounter<long>("policycare.notices.outcomes", description: "Notice outcomes by channel, stage and outcome (sent, delivered, failed, held)");

    public static void Count(NoticeRecord notice, string outcome) =>
        Outcomes.Add(1, new KeyValuePair<string, object?>("channel", notice.Channel.Code()), new KeyValuePair<string, object?>("stage", notice.Stage.Code()),
            new KeyValuePair<string, object?>("outcome", outcome));

    public static IEndpointRouteBuilder MapDeliveryMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/insights/notice-delivery", RatesAsync).WithTags("Insights").RequireAuthorization(p => p.RequireRole(Roles.Staff));
        return app;
    }

    /// <summary>
    /// Success = sent or delivered ÷ (sent + delivered + failed), for notices planned from <c>from</c>
    /// to <c>to</c> (inclusive; the last 30 days by default). Pending ones, and those held by the check before dispatch, are counted but not rated.
    /// </summary>
    private static async Task<IResult> RatesAsync(Database database, TimeProvider time, string? from, string? to, CancellationToken cancel)
    {
        await using var db = database.Open();
        var (start, end) = ReportPeriod.Parse(from, to, await BookSettings.TodayAsync(db, time, cancel), days: 30);
        var rows = await db.Notices.AsNoTracking().Where(n => n.PlannedOn >= start && n.PlannedOn <= end)
            .GroupBy(n => new { n.Channel, n.Stage, n.Status }).Select(g => new { g.Key.Channel, g.Key.Stage, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancel);
        var rates = rows.GroupBy(r => (r.Channel, r.Stage)).Select(g =>
        {
            int Of(NoticeStatus status) => g.Where(r => r.Status == status).Sum(r => r.Count);
            var (sent, delivered, failed) = (Of(NoticeStatus.Sent), Of(NoticeStatus.Delivered), Of(NoticeStatus.Failed));
            var pending = Of(NoticeStatus.Pending) + Of(NoticeStatus.Sending);
            var rated = sent + delivered + failed;
            return new DeliveryRate(g.Key.Channel.Code(), g.Key.Stage.Code(), sent, delivered, failed, pending,
                rated == 0 ? null : Math.Round((decimal)(sent + delivered) / rated, 4), Of(NoticeStatus.Held));
        }).OrderBy(r => r.Channel, StringComparer.Ordinal).ThenBy(r => r.Stage, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new { from = start, to = end, rates });
    }
}
