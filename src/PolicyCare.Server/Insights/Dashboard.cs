using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Notices;
using PolicyCare.Storage;

namespace PolicyCare.Insights;

/// <summary>
/// A plain first page: how the book stands, the policies that need attention, and the latest
/// notices. The full portal and back office come with the web UI issue.
/// </summary>
public static class Dashboard
{
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", async (Database database, HttpContext context, CancellationToken cancel) =>
        {
            // An overview for whoever runs the server on this machine; the portal and back office come with the web UI.
            if (context.Connection.RemoteIpAddress is { } ip && !System.Net.IPAddress.IsLoopback(ip)) return Results.NotFound();
            await using var db = database.Open();
            var byStatus = await db.Policies.AsNoTracking().GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancel);
            var attention = await db.Policies.AsNoTracking().Where(p => p.Status == "grace" || p.Status == "lapsed")
                .OrderBy(p => p.StatusSince).Take(50).ToListAsync(cancel);
            var notices = await db.Notices.AsNoTracking().OrderByDescending(n => n.Id).Take(30).ToListAsync(cancel);
            var lastCycle = await db.CycleRuns.MaxAsync(r => (DateOnly?)r.BusinessDate, cancel);

            var html = new StringBuilder();
            html.Append("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>PolicyCare</title>
                <style>body{font-family:system-ui,'Noto Sans CJK SC','Noto Sans CJK KR',sans-serif;margin:2rem;color:#1b1b1b}
                table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
                th{background:#f0f3f7}.n{font-size:1.6rem;font-weight:600}.cards{display:flex;gap:1rem;flex-wrap:wrap}
                .card{border:1px solid #ccc;border-radius:.5rem;padding:.8rem 1.2rem;min-width:8rem}</style></head><body>
                <h1>PolicyCare</h1>
                """);
            html.Append("<p>Daily cycle completed through <strong>").Append(lastCycle?.ToString("yyyy-MM-dd", null) ?? "—")
                .Append("</strong>. API: <a href=\"/api/v1/policies\">/api/v1/policies</a>, <a href=\"/api/v1/notices\">/api/v1/notices</a>.</p><div class=\"cards\">");
            foreach (var s in byStatus.OrderBy(s => s.Key, StringComparer.Ordinal))
                html.Append("<div class=\"card\"><div>").Append(E(s.Key)).Append("</div><div class=\"n\">").Append(s.Count).Append("</div></div>");
            html.Append("</div><h2>Needs attention</h2><table><tr><th>Policy</th><th>Status</th><th>Since</th><th>Holder</th></tr>");
            foreach (var p in attention)
                html.Append("<tr><td><a href=\"/api/v1/policies/").Append(Uri.EscapeDataString(p.Number)).Append("/timeline\">").Append(E(p.Number))
                    .Append("</a></td><td>").Append(E(p.Status)).Append("</td><td>").Append(p.StatusSince.ToString("yyyy-MM-dd", null))
                    .Append("</td><td>").Append(E(p.HolderId)).Append("</td></tr>");
            html.Append("</table><h2>Latest notices</h2><table><tr><th>Planned</th><th>Policy</th><th>Stage</th><th>Channel</th><th>To</th><th>Status</th><th>Text</th></tr>");
            foreach (var n in notices.Select(NoticeEndpoints.ToView))
                html.Append("<tr><td>").Append(n.PlannedOn.ToString("yyyy-MM-dd", null)).Append("</td><td>").Append(E(n.Policy)).Append("</td><td>")
                    .Append(E(n.Stage)).Append("</td><td>").Append(E(n.Channel)).Append("</td><td>").Append(E(n.MaskedAddress)).Append("</td><td>")
                    .Append(E(n.Status)).Append("</td><td>").Append(E(n.Text)).Append("</td></tr>");
            html.Append("</table></body></html>");
            return Results.Content(html.ToString(), "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        return app;
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
