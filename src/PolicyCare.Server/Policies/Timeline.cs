using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Storage;

namespace PolicyCare.Policies;

/// <summary>Writing what happened to a policy into its timeline, with the field names of the scenario format.</summary>
public static class Timeline
{
    /// <summary>Readable JSON: CJK text stays as it is rather than \u escapes.</summary>
    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Timeline entries written by the cycle sort after the day's events.</summary>
    public const int CycleSeqBase = 1_000_000;

    public static TimelineEntry Entry(string policy, DateOnly on, string kind, int seq, JsonObject data) => new()
    {
        PolicyNumber = policy,
        On = on,
        Kind = kind,
        Seq = seq,
        Data = data.ToJsonString(Json),
    };

    /// <summary>The next sequence number for an event on a policy's day (events come before the cycle).</summary>
    public static async Task<int> NextEventSeqAsync(PolicyCareDb db, string policy, DateOnly on, CancellationToken cancel) =>
        await db.Timeline.CountAsync(t => t.PolicyNumber == policy && t.On == on && t.Seq < CycleSeqBase, cancel)
        + db.ChangeTracker.Entries<TimelineEntry>().Count(e => e.State == EntityState.Added && e.Entity.PolicyNumber == policy && e.Entity.On == on)
        + 1;
}
