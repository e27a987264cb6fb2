using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Hosting;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Notices;

public sealed record NoticeView(long Id, string Policy, string Stage, string Channel, string Recipient, string MaskedAddress, DateOnly PlannedOn, string Status, string Text);

/// <summary>The outbox as the back office reads it: recipients masked, texts redacted.</summary>
public static class NoticeEndpoints
{
    public static IEndpointRouteBuilder MapNoticeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/notices").WithTags("Notices").RequireAuthorization(p => p.RequireRole(Roles.Staff)).MapGet("/", async (Database database, string? status, string? policy, CancellationToken cancel) =>
        {
            await using var db = database.Open();
            var query = db.Notices.AsNoTracking();
            if (status is not null) query = query.Where(n => n.Status == status);
            if (policy is not null) query = query.Where(n => n.PolicyNumber == policy);
            var list = await query.OrderByDescending(n => n.Id).Take(200).ToListAsync(cancel);
            return TypedResults.Ok(list.Select(ToView).ToList());
        });
        app.MapGet("/api/v1/policies/{number}/notices", async (Database database, ClaimsPrincipal user, string number, CancellationToken cancel) =>
        {
            await using var db = database.Open();
            if (await db.FindVisiblePolicyAsync(user, number, cancel) is null) return Results.NotFound();
            var customer = user.CustomerId();
            var query = db.Notices.AsNoTracking().Where(n => n.PolicyNumber == number);
            // A customer sees the notices sent to them, not those to the employer or other members.
            if (!user.IsStaff()) query = query.Where(n => n.Recipient == customer);
            var list = await query.OrderByDescending(n => n.Id).Take(200).ToListAsync(cancel);
            return Results.Ok(list.Select(ToView).ToList());
        }).WithTags("Notices").RequireAuthorization();
        return app;
    }

    public static NoticeView ToView(NoticeRecord n) => new(n.Id, n.PolicyNumber, n.Stage, n.Channel, n.Recipient, MaskAddress(n.Channel, n.Address),
        n.PlannedOn, n.Status, Masking.Redact(n.Text));

    public static string MaskAddress(string channel, string address) => channel switch
    {
        "email" => Masking.Email(address),
        "letter" => "(postal address)",
        "wechat" or "kakao" or "push" => Masking.LastFour(address),
        _ => Masking.Phone(address),
    };
}
