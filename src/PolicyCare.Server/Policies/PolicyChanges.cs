using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Notices;
using PolicyCare.Storage;

namespace PolicyCare.Policies;

/// <summary>A command applied to a policy: its record (already stored), its terms, and what the core decided.</summary>
public sealed record AppliedChange(PolicyRecord Policy, PolicyTerms Terms, PolicyChangeOutcome Outcome)
{
    public T? Event<T>() where T : PolicyEvent => Outcome.Events.OfType<T>().FirstOrDefault();
}

/// <summary>One change of a batch; <see cref="Row"/> gives the row recorded with it (the payment, the bank's rejection), if any.</summary>
public sealed record BatchChange(string Policy, DateOnly On, PolicyCommand Command, Func<AppliedChange, object?>? Row = null);

/// <summary>How many rows of each kind a batch recorded alongside its changes (the rows themselves are forgotten chunk by chunk).</summary>
public sealed record BatchApplied(IReadOnlyDictionary<Type, int> Recorded)
{
    public int Count<T>() => Recorded.GetValueOrDefault(typeof(T));
}

/// <summary>
/// The one door through which anything but the daily cycle changes a policy — a payment, a bank
/// line, a mandate, a reinstatement application or decision, a waiver, a payment plan, a payment
/// holiday. In order: lock the policy, take its product (parsed once per definition), ask the core
/// once (<see cref="PolicyChange.Decide"/>), store the new standing, make the policy due for review,
/// write the timeline from the events, cancel the reminders the change made pointless (each
/// cancellation recorded in the evidence chain), save — one transaction.
/// </summary>
public static class PolicyChanges
{
    /// <param name="alongside">Rows the caller writes with the change, in its transaction (the payment with its unique reference, the mandate's consent).</param>
    /// <param name="at">When it happened, for the evidence of cancelled reminders; the start of <paramref name="on"/> (UTC) when not given.</param>
    public static async Task<AppliedChange> ApplyAsync(PolicyCareDb db, string number, DateOnly on, PolicyCommand command,
        Action<AppliedChange>? alongside = null, DateTimeOffset? at = null, CancellationToken cancel = default)
    {
        // One transaction for the change and the evidence of what it cancelled (the caller's, when it has one).
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancel) : null;
        var policy = await db.PolicyForChangeAsync(number, cancel) ?? throw new UnknownPolicyException(number);
        // The process's reference (by its stamp): a payment read and parsed its product's whole definition otherwise.
        var product = (await ReferenceData.CurrentAsync(db, cancel)).Products[policy.ProductCode];
        var lastSeq = await Timeline.NextEventSeqAsync(db, number, on, cancel) - 1;
        var (applied, timeline) = Record(policy, policy.ToTerms(product), on, command, lastSeq);
        if (applied.Outcome.Changed) alongside?.Invoke(applied);
        db.Timeline.AddRange(timeline);
        await db.SaveChangesAsync(cancel);
        if (applied.Event<RemindersSuppressed>() is not null)
            await Outbox.CancelPendingRemindersAsync(db, [number], at ?? new DateTimeOffset(on.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), cancel);
        if (own is not null) await own.CommitAsync(cancel);
        return applied;
    }

    /// <summary>How many policies a batch locks, decides and writes at a time.</summary>
    private const int PoliciesPerChunk = 2_000;

    /// <summary>
    /// Many changes at once (a bank file): for each, what <see cref="ApplyAsync"/> does — the core
    /// decides, the standing is stored, the policy made due, the timeline written from the events,
    /// pointless reminders cancelled with evidence — but policies are locked, read and written a chunk
    /// at a time (COPY on PostgreSQL), each policy's changes in the order given, in the caller's
    /// transaction. Returns how many rows of each kind were recorded alongside.
    /// </summary>
    public static async Task<BatchApplied> ApplyManyAsync(PolicyCareDb db, IReadOnlyList<BatchChange> changes, DateTimeOffset at,
        CancellationToken cancel = default)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("a batch of changes runs in the caller's transaction");
        var recorded = new Dictionary<Type, int>();
        foreach (var chunk in changes.GroupBy(c => c.Policy, StringComparer.Ordinal).Chunk(PoliciesPerChunk))
        {
            var policies = await db.PoliciesForChangeAsync(chunk.Select(g => g.Key).ToList(), cancel);
            var codes = policies.Select(p => p.ProductCode).Distinct().ToList();
            var products = (await db.Products.AsNoTracking().Where(p => codes.Contains(p.Code)).ToListAsync(cancel)).ToDictionary(p => p.Code, p => p.ToProduct());
            var seqs = await Timeline.EventCountsAsync(db, chunk.SelectMany(g => g).Select(c => (c.Policy, c.On)).Distinct().ToList(), cancel);
            var changesOf = chunk.ToDictionary(g => g.Key, StringComparer.Ordinal);
            var rows = new List<object>();
            var timeline = new List<TimelineEntry>();
            var paidUp = new List<string>();
            foreach (var policy in policies)
            {
                var terms = policy.ToTerms(products[policy.ProductCode]);
                var suppressed = false;
                foreach (var change in changesOf[policy.Number])
                {
                    var (applied, entries) = Record(policy, terms, change.On, change.Command, seqs.GetValueOrDefault((policy.Number, change.On)));
                    if (change.Row?.Invoke(applied) is { } row) rows.Add(row);
                    timeline.AddRange(entries);
                    if (entries.Count > 0) seqs[(policy.Number, change.On)] = entries[^1].Seq;
                    suppressed |= applied.Event<RemindersSuppressed>() is not null;
                }
                if (suppressed) paidUp.Add(policy.Number);
            }
            if (db.IsPostgres)
            {
                await PostgresBulk.UpdateAsync(db, policies, cancel);
                foreach (var kind in rows.GroupBy(r => r.GetType())) await PostgresBulk.InsertAsync(db, kind.Key, kind.ToList(), cancel);
                await PostgresBulk.InsertAsync(db, timeline, cancel);
            }
            else
            {
                db.AddRange(rows);
                db.Timeline.AddRange(timeline);
                await db.SaveChangesAsync(cancel);
            }
            if (paidUp.Count > 0) await Outbox.CancelPendingRemindersAsync(db, paidUp, at, cancel);
            foreach (var kind in rows.GroupBy(r => r.GetType())) recorded[kind.Key] = recorded.GetValueOrDefault(kind.Key) + kind.Count();
            // Saved entities are forgotten, so each chunk's change detection is the chunk's alone.
            db.ChangeTracker.Clear();
        }
        return new BatchApplied(recorded);
    }

    /// <summary>
    /// The core's decision on one command, applied to the record: the new standing stored, the policy
    /// made due when the cycle must look at it, and the timeline rows of the events, numbered on from
    /// <paramref name="lastSeq"/> (the day's last event row so far).
    /// </summary>
    private static (AppliedChange Applied, List<TimelineEntry> Timeline) Record(PolicyRecord policy, PolicyTerms terms, DateOnly on,
        PolicyCommand command, int lastSeq)
    {
        var outcome = PolicyChange.Decide(terms, policy.ToStanding(), on, command);
        var timeline = new List<TimelineEntry>();
        if (outcome.Changed)
        {
            policy.Store(outcome.Standing);
            if (outcome.ConcernsTheCycle) policy.NextReviewOn = Earlier(policy.NextReviewOn, on);
            foreach (var (kind, data) in outcome.Events.SelectMany(e => Timeline.Rows(e, terms)))
                timeline.Add(Timeline.Entry(policy.Number, on, kind, ++lastSeq, data));
        }
        return (new AppliedChange(policy, terms, outcome), timeline);
    }

    /// <summary>The review date a change sets: today at the latest, so the cycle looks at the policy again.</summary>
    public static DateOnly? Earlier(DateOnly? current, DateOnly candidate) =>
        current is { } c && c < candidate ? c : candidate;
}
