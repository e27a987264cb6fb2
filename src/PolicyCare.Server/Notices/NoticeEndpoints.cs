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
            if (status is not null)
            {
                if (!NoticeStatuses.Table.TryParse(status, out var wanted)) return Problems.Field("status", $"must be one of {string.Join(", ", NoticeStatuses.Table.Codes)}");
                query = query.Where(n => n.Status == wanted);
            }
            if (policy is not null) query = query.Where(n => n.PolicyNumber == policy);
            var list = await query.OrderByDescending(n => n.Id).Take(200).ToListAsync(cancel);
            return Results.Ok(list.Select(ToView).ToList());
        }).Produces<List<NoticeView>>().ProducesProblem(StatusCodes.Status400BadRequest);
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
        }).WithTags("Notices").RequireAuthorization().Produces<List<NoticeView>>().Produces(StatusCodes.Status404NotFound);
        return app;
    }

    public static NoticeView ToView(NoticeRecord n) => new(n.Id, n.PolicyNumber, n.Stage.Code(), n.Channel.Code(), n.Recipient, MaskAddress(n.Channel, n.Address),
        n.PlannedOn, n.Status.Code(), Masking.Redact(n.Text));

    public static string MaskAddress(Channel channel, string address) => channel switch
    {
        Channel.Email => Masking.Email(address),
        Channel.Letter => "(postal address)",
        Channel.Public => "(public page)",
        Channel.Wechat or Channel.Kakao or Channel.Push => Masking.LastFour(address),
        _ => Masking.Phone(address),
    };
}
