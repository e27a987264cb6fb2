using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
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

    /// <summary>
    /// The timeline rows of something that happened to a policy — an effect of the daily cycle or an
    /// event of a change — with the field names of the scenario format. The cycle and the change
    /// applicator both write through this one mapping. Notices and cases are written by the cycle,
    /// which also puts them in the outbox; a few events (a rejection noted, reminders suppressed)
    /// leave their record elsewhere.
    /// </summary>
    public static IEnumerable<(string Kind, JsonObject Data)> Rows(object happened, PolicyTerms terms)
    {
        string M(decimal amount) => Currencies.Format(amount, terms.Currency);
        static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        switch (happened)
        {
            case DebitAttempted d:
                yield return ("debit", new JsonObject { ["amount"] = M(d.Amount), ["result"] = d.FailedBecause?.Code() ?? "paid" });
                break;
            case DebitRequested q:
                yield return ("debit", new JsonObject { ["amount"] = M(q.Amount), ["result"] = "requested" });
                break;
            case IncentiveGranted g:
                yield return ("incentive", new JsonObject
                {
                    ["discount"] = M(g.Discount), ["points"] = g.Points, ["loyaltyBonus"] = g.LoyaltyBonus, ["onTimeStreak"] = g.Streak,
                });
                break;
            case RebindAdvised b:
                yield return ("rebind-guidance", new JsonObject { ["reason"] = b.Reason.Code(), ["consecutiveFailures"] = b.ConsecutiveFailures });
                break;
            case PlanCompleted c:
                yield return ("payment-plan-completed", new JsonObject { ["agreedOn"] = Day(c.AgreedOn) });
                break;
            case StatusChanged s:
                yield return ("status", new JsonObject { ["from"] = s.From.Code(), ["to"] = s.To.Code() });
                break;
            case StatusCured s:
                // The same row as the cycle's status change: a reader cannot tell, and need not.
                foreach (var row in Rows(new StatusChanged(s.From, s.To), terms)) yield return row;
                break;
            case InterestCollected i:
                yield return ("interest-collected", new JsonObject { ["amount"] = M(i.Amount) });
                break;
            case ReinstatementInterestCollected i:
                foreach (var row in Rows(new InterestCollected(i.Amount), terms)) yield return row;
                break;
            case PaymentReceived p:
                yield return ("payment", new JsonObject
                {
                    ["amount"] = M(p.Amount), ["applied"] = M(p.Allocation.Applied), ["credit"] = M(p.Allocation.Credit), ["method"] = p.Method,
                });
                break;
            case MandateStarted m:
                yield return ("mandate-created", new JsonObject { ["channel"] = m.Channel });
                break;
            case MandateEnded:
                yield return ("mandate-revoked", new JsonObject());
                break;
            case ReinstatementQuoted r:
                yield return ("reinstatement-quote", new JsonObject
                {
                    ["arrears"] = M(r.Quote.Arrears), ["interest"] = M(r.Quote.Interest), ["total"] = M(r.Quote.Total), ["validUntil"] = Day(r.Quote.ValidUntil),
                });
                if (r.ReferredToUnderwriting) yield return ("reinstatement-referred", new JsonObject());
                break;
            case UnderwritingDecided u:
                var decision = new JsonObject { ["decision"] = u.Approved ? "approved" : "declined" };
                if (u.By is not null) decision["by"] = u.By;
                if (u.Reason is not null) decision["reason"] = u.Reason;
                yield return ("underwriting-decision", decision);
                break;
            case InterestWaived w:
                yield return ("interest-waived", new JsonObject { ["amount"] = M(w.Amount), ["by"] = w.By, ["reason"] = w.Reason });
                break;
            case PlanAgreed a:
                yield return ("payment-plan-agreed", new JsonObject
                {
                    ["amount"] = M(a.Plan.Amount), ["parts"] = a.Plan.Parts.Count, ["lastDueDate"] = Day(a.Plan.Parts[^1].DueDate),
                });
                break;
            case CustomerContacted c:
                yield return ("case", new JsonObject { ["type"] = c.Type, ["from"] = c.From, ["reference"] = c.Reference, ["message"] = c.Message });
                break;
            case RenewalOffered o:
                var offer = new JsonObject
                {
                    ["renewalDate"] = Day(o.Offer.RenewalDate), ["offered"] = o.Offer.Offered, ["premium"] = M(o.Offer.Premium),
                    ["previousPremium"] = M(o.Offer.PreviousPremium),
                    ["reasons"] = new JsonArray(o.Offer.Reasons.Select(r => (JsonNode?)new JsonObject { ["reason"] = r.Reason, ["change"] = M(r.Change) }).ToArray()),
                };
                if (o.Offer.NotOfferedReason is { } why) offer["reason"] = why;
                yield return ("renewal-offer", offer);
                break;
            case RenewalSettled r:
                yield return ("renewal", new JsonObject
                {
                    ["renewalDate"] = Day(r.RenewalDate), ["result"] = r.Result.ToString().ToLowerInvariant(), ["premium"] = M(r.Premium),
                });
                break;
            case RenewalOnCredit c:
                yield return ("renewal-on-credit", new JsonObject { ["renewalDate"] = Day(c.RenewalDate), ["collectBy"] = Day(c.Until) });
                break;
            case RenewalAccepted a:
                yield return ("renewal-accepted", new JsonObject { ["renewalDate"] = Day(a.RenewalDate), ["premium"] = M(a.Premium) });
                break;
            case RenewalDeclined d:
                var declined = new JsonObject { ["renewalDate"] = Day(d.RenewalDate) };
                if (d.Reason is not null) declined["reason"] = d.Reason;
                yield return ("renewal-declined", declined);
                break;
            case RateLocked l:
                yield return ("rate-lock", new JsonObject { ["premium"] = M(l.Premium), ["renewals"] = l.Renewals });
                break;
            case HolidayGranted h:
                yield return ("payment-holiday-granted", new JsonObject
                {
                    ["installment"] = h.Holiday.Sequence, ["dueDate"] = Day(terms.DueDate(h.Holiday.Sequence)), ["until"] = Day(h.Holiday.Until),
                });
                break;
        }
    }

    /// <summary>
    /// How many events each of these policy days already holds (days without any are left out), in one
    /// query. On PostgreSQL each pair is looked up in the (policy, day, seq) index on its own (LATERAL):
    /// a plain join lets the planner, which cannot know how many events a bank file has just added,
    /// scan the whole timeline once for every pair.
    /// </summary>
    public static async Task<Dictionary<(string Policy, DateOnly On), int>> EventCountsAsync(PolicyCareDb db,
        IReadOnlyCollection<(string Policy, DateOnly On)> days, CancellationToken cancel)
    {
        if (days.Count == 0) return [];
        List<DayEvents> counts;
        if (db.IsPostgres)
        {
            var policies = days.Select(d => d.Policy).ToArray();
            var dates = days.Select(d => d.On).ToArray();
            counts = await db.Database.SqlQuery<DayEvents>($"""
                SELECT k.policy AS "PolicyNumber", k.day AS "On", c.n AS "Count"
                FROM unnest({policies}::text[], {dates}::date[]) AS k(policy, day)
                CROSS JOIN LATERAL (
                    SELECT count(*)::int AS n FROM timeline t
                    WHERE t."PolicyNumber" = k.policy AND t."On" = k.day AND t."Seq" < {CycleSeqBase}) AS c
                WHERE c.n > 0
                """).ToListAsync(cancel);
        }
        else
        {
            var numbers = days.Select(d => d.Policy).Distinct().ToList();
            var dates = days.Select(d => d.On).Distinct().ToList();
            counts = await db.Timeline.AsNoTracking()
                .Where(t => numbers.Contains(t.PolicyNumber) && dates.Contains(t.On) && t.Seq < CycleSeqBase)
                .GroupBy(t => new { t.PolicyNumber, t.On }).Select(g => new DayEvents { PolicyNumber = g.Key.PolicyNumber, On = g.Key.On, Count = g.Count() })
                .ToListAsync(cancel);
        }
        return counts.ToDictionary(c => (c.PolicyNumber, c.On), c => c.Count);
    }

    private sealed class DayEvents
    {
        public required string PolicyNumber { get; init; }
        public DateOnly On { get; init; }
        public int Count { get; init; }
    }

    /// <summary>The next sequence number for an event on a policy's day (events come before the cycle).</summary>
    public static async Task<int> NextEventSeqAsync(PolicyCareDb db, string policy, DateOnly on, CancellationToken cancel) =>
        await db.Timeline.CountAsync(t => t.PolicyNumber == policy && t.On == on && t.Seq < CycleSeqBase, cancel)
        + db.ChangeTracker.Entries<TimelineEntry>().Count(e => e.State == EntityState.Added && e.Entity.PolicyNumber == policy && e.Entity.On == on)
        + 1;
}
