using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Claims;

/// <summary>A handler's recommendation on a claim above their approval limit, as the supervisor reads it.</summary>
public sealed record ClaimReferral(DateOnly On, string By, string Decision, decimal Benefit, string? Reason, string? Clause);

/// <summary>
/// A claim a handler may not decide (above their approval limit) is referred, not dropped: the handler's recommendation
/// (the decision, the benefit, the reason and clause) is kept on the policy's staff timeline, the claim leaves the
/// handler (no owner) and its route reads "supervisor review" until a supervisor decides it; the supervisor who decides
/// becomes its owner, so the claim names who decided. Customers never see the recommendation (their timeline leaves it out).
/// </summary>
public static class ClaimReferrals
{
    /// <summary>The route of a claim waiting for a supervisor.</summary>
    public const string SupervisorRoute = "supervisor";

    /// <summary>A referred claim not yet decided, as a query (the dashboard's count).</summary>
    public static readonly Expression<Func<ClaimRecord, bool>> WaitingForSupervisor = c => c.Route == SupervisorRoute && c.Decision == null && c.ClosedOn == null;

    /// <summary>Where a referred claim waits, in the dashboard's "where open claims wait": with a supervisor, not under the stage it was referred from (as the queue lists it).</summary>
    public const string WaitingStage = "supervisor-review";

    /// <summary>A referred claim not yet decided (a stored claim or its view).</summary>
    public static bool IsWaiting(string? route, bool decided, DateOnly? closedOn) => route == SupervisorRoute && !decided && closedOn is null;

    /// <summary>The timeline kind of a referral: staff only.</summary>
    public const string TimelineKind = "claim-referral";

    public static async Task ReferAsync(PolicyCareDb db, string claimId, string by, ClaimReferral referral, DateOnly on, CancellationToken cancel = default)
    {
        var claim = await db.Claims.SingleAsync(c => c.Id == claimId, cancel);
        claim.Route = SupervisorRoute;
        claim.AssignedTo = null;
        db.Timeline.Add(Timeline.Entry(claim.PolicyNumber, on, TimelineKind, await Timeline.NextEventSeqAsync(db, claim.PolicyNumber, on, cancel), new JsonObject
        {
            ["claim"] = claimId, ["by"] = by, ["decision"] = referral.Decision,
            ["benefit"] = referral.Benefit.ToString(CultureInfo.InvariantCulture), ["reason"] = referral.Reason, ["clause"] = referral.Clause,
        }));
        await db.SaveChangesAsync(cancel);
    }

    /// <summary>The latest referral of the claim, or null.</summary>
    public static async Task<ClaimReferral?> LatestAsync(PolicyCareDb db, ClaimRecord claim, CancellationToken cancel = default)
    {
        var lines = await db.Timeline.AsNoTracking().Where(t => t.PolicyNumber == claim.PolicyNumber && t.Kind == TimelineKind)
            .OrderByDescending(t => t.On).ThenByDescending(t => t.Seq).Select(t => new { t.On, t.Data }).ToListAsync(cancel);
        foreach (var line in lines)
        {
            var data = JsonNode.Parse(line.Data)!;
            if (data["claim"]?.GetValue<string>() != claim.Id) continue;
            return new ClaimReferral(line.On, data["by"]!.GetValue<string>(), data["decision"]!.GetValue<string>(),
                decimal.Parse(data["benefit"]!.GetValue<string>(), CultureInfo.InvariantCulture), data["reason"]?.GetValue<string>(), data["clause"]?.GetValue<string>());
        }
        return null;
    }
}
