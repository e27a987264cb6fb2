using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Hosting;
using PolicyCare.Json;
using PolicyCare.Storage;

namespace PolicyCare.Notices;

public enum CallOutcome { Recorded, NotFound, NotWaiting, OutOfDate }

public sealed record CallTaskView(long Id, string Policy, string Stage, string Recipient, string MaskedNumber, DateOnly PlannedOn, string Locale, string Script);

/// <summary>The agents' call worklist: agent-call notices waiting for a call, and the outcome of each call.</summary>
public static class CallTaskEndpoints
{
    private static readonly string[] Agents = [Roles.CollectionsAgent, Roles.ServiceAgent, Roles.Supervisor, Roles.Admin];

    public static IEndpointRouteBuilder MapCallTaskEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/call-tasks").WithTags("Notices").RequireAuthorization(p => p.RequireRole(Agents));
        group.MapGet("/", ListAsync).Produces<List<CallTaskView>>();
        group.MapPost("/{id:long}/outcome", RecordAsync).Accepts<OutcomeInput>("application/json");
        return app;
    }

    public sealed record OutcomeInput(string Outcome, string? Note);

    /// <summary>Calls to make, oldest first; calls whose moment has passed are closed first.</summary>
    private static async Task<IResult> ListAsync(Database database, TimeProvider time, CancellationToken cancel)
    {
        await using var db = database.Open();
        // The list an integrator's dialer works from holds only calls still worth making, like the worklist.
        await CallTasks.CloseOutOfDateAsync(db, time, cancel);
        var tasks = await db.Notices.AsNoTracking().Where(n => n.Channel == Channel.AgentCall && n.Status == NoticeStatus.Sent)
            .OrderBy(n => n.PlannedOn).ThenBy(n => n.Id).Take(500).ToListAsync(cancel);
        return TypedResults.Ok(tasks.Select(n => new CallTaskView(n.Id, n.PolicyNumber, n.Stage.Code(), n.Recipient, Masking.Phone(n.Address), n.PlannedOn, n.Locale, n.Text)).ToList());
    }

    /// <summary>
    /// Reached: the notice was delivered. No answer: it stays on the list for another try. Wrong
    /// number: the contact is marked invalid and the next channel (or the unreachable rule) takes over.
    /// </summary>
    private static async Task<IResult> RecordAsync(Database database, TimeProvider time, ClaimsPrincipal user, HttpRequest request, long id, CancellationToken cancel)
    {
        using var body = await Problems.ReadJsonAsync(request, cancel);
        var o = new StrictObject(body.RootElement, "$", "outcome", "note");
        var outcome = o.RequiredString("outcome");
        if (outcome is not ("reached" or "no-answer" or "wrong-number")) return Problems.Field("$.outcome", "must be reached, no-answer or wrong-number");
        var note = o.OptionalString("note") ?? "";
        await using var db = database.Open();
        return await RecordOutcomeAsync(db, id, outcome, note, user.Identity?.Name ?? "?", time, cancel) switch
        {
            CallOutcome.NotFound => TypedResults.NotFound(),
            CallOutcome.NotWaiting => Problems.Conflict($"call task {id} is not waiting for a call"),
            CallOutcome.OutOfDate => Problems.Conflict($"call task {id} was out of date and is closed: {(await db.Notices.AsNoTracking().FirstAsync(n => n.Id == id, cancel)).FailureReason}"),
            _ => TypedResults.Ok(new { id, outcome, status = (await db.Notices.AsNoTracking().FirstAsync(n => n.Id == id, cancel)).Status }),
        };
    }

    /// <summary>Records what an agent's call achieved, with the agent's name in the evidence.</summary>
    public static async Task<CallOutcome> RecordOutcomeAsync(PolicyCareDb db, long id, string outcome, string note, string agent, TimeProvider time, CancellationToken cancel)
    {
        // A call whose moment has passed is closed, not recorded: a wrong number on it would send its stale words by the next channel.
        if (await CallTasks.CloseOutOfDateAsync(db, time, cancel, onlyId: id) > 0) return CallOutcome.OutOfDate;
        var now = time.GetUtcNow();
        var notice = await db.Notices.FirstOrDefaultAsync(n => n.Id == id && n.Channel == Channel.AgentCall, cancel);
        if (notice is null) return CallOutcome.NotFound;
        if (notice.Status != NoticeStatus.Sent) return CallOutcome.NotWaiting;
        var detail = $"{outcome} by {agent}: {note}";
        switch (outcome)
        {
            case "reached":
                notice.Status = NoticeStatus.Delivered;
                notice.DeliveredAt = now;
                await using (var tx = await db.Database.BeginTransactionAsync(cancel))
                {
                    await db.SaveChangesAsync(cancel);
                    await EvidenceLog.AppendAsync(db, [new EvidenceEvent(notice, "delivered", now, detail)], cancel);
                    await tx.CommitAsync(cancel);
                }
                Insights.DeliveryMetrics.Count(notice, "delivered");
                break;
            case "no-answer":
                // The task stays open for another try; the worklist shows how many were made.
                notice.Attempts++;
                await using (var tx = await db.Database.BeginTransactionAsync(cancel))
                {
                    await db.SaveChangesAsync(cancel);
                    await EvidenceLog.AppendAsync(db, [new EvidenceEvent(notice, "attempt-failed", now, detail)], cancel);
                    await tx.CommitAsync(cancel);
                }
                break;
            default:
                await NoticeDispatcher.FailAsync(db, notice, now, detail, contactInvalid: true, cancel);
                break;
        }
        return CallOutcome.Recorded;
    }
}
