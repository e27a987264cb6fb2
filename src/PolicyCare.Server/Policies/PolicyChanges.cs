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
        var product = await db.Products.AsNoTracking().SingleAsync(p => p.Code == policy.ProductCode, cancel);
        var terms = policy.ToTerms(product.ToProduct());
        var before = policy.ToStanding();
        var outcome = PolicyChange.Decide(terms, before, on, command);
        var applied = new AppliedChange(policy, terms, outcome);
        if (outcome.Changed)
        {
            policy.Store(outcome.Standing);
            // Only a new standing is worth the cycle's look; a customer's letter is history, not standing.
            if (!ReferenceEquals(outcome.Standing, before)) policy.NextReviewOn = Earlier(policy.NextReviewOn, on);
            alongside?.Invoke(applied);
            var seq = await Timeline.NextEventSeqAsync(db, number, on, cancel);
            foreach (var (kind, data) in outcome.Events.SelectMany(e => Timeline.Rows(e, terms)))
                db.Timeline.Add(Timeline.Entry(number, on, kind, seq++, data));
        }
        await db.SaveChangesAsync(cancel);
        if (applied.Event<RemindersSuppressed>() is not null)
            await Outbox.CancelPendingRemindersAsync(db, [number], at ?? new DateTimeOffset(on.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), cancel);
        if (own is not null) await own.CommitAsync(cancel);
        return applied;
    }

    /// <summary>The review date a change sets: today at the latest, so the cycle looks at the policy again.</summary>
    public static DateOnly? Earlier(DateOnly? current, DateOnly candidate) =>
        current is { } c && c < candidate ? c : candidate;
}
