using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Simulation;

/// <summary>
/// Months of payment history for a large generated book, written straight into the tables the cycle writes (status
/// changes on the timeline, failed debits) — the cycle itself would take hours to live through 18 months of 100,000
/// policies. Lateness is a habit of the holder: most are punctual, some now and then, a few chronically; each late
/// premium of a habitual late payer makes giving up more likely; and anyone may stop without warning. Seeded per
/// policy number, so a book gets the same history on any machine and either database. For benchmarks and tests of the
/// lapse-risk model only: the demo's history is the real cycle's.
/// </summary>
public static class LapseHistory
{
    /// <summary>Days in grace before a policy that is not paid lapses (the reference Chinese products' 60 days).</summary>
    public const int GraceDays = 60;

    private sealed record Habit(double Lateness, bool AutoDebit);

    /// <returns>How many status changes and failed debits were written.</returns>
    public static async Task<(int StatusChanges, int FailedDebits)> WriteAsync(Database database, DateOnly from, DateOnly to, int seed, CancellationToken cancel = default)
    {
        List<(string Number, DateOnly Start, Frequency Frequency, bool MandateActive)> policies;
        await using (var db = database.Open())
            policies = (await db.Policies.AsNoTracking().OrderBy(p => p.Number).Select(p => new { p.Number, p.Start, p.Frequency, p.MandateActive }).ToListAsync(cancel))
                .Select(p => (p.Number, p.Start, p.Frequency, p.MandateActive)).ToList();
        int changes = 0, failures = 0;
        foreach (var chunk in policies.Chunk(5_000))
        {
            await using var db = database.Open();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var standing = new List<(string Number, PolicyStatus Status, DateOnly Since)>();
            foreach (var p in chunk)
            {
                var (timeline, rejections, status, since) = Live(p.Number, p.Start, p.Frequency, p.MandateActive, from, to, seed);
                db.Timeline.AddRange(timeline);
                db.DebitRejections.AddRange(rejections);
                changes += timeline.Count;
                failures += rejections.Count;
                if (since is { } s) standing.Add((p.Number, status, s));
            }
            await db.SaveChangesAsync(cancel);
            foreach (var (number, status, since) in standing)
                await db.Policies.Where(x => x.Number == number).ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, status).SetProperty(x => x.StatusSince, since)
                    .SetProperty(x => x.LapsedOn, status == PolicyStatus.Lapsed ? since : (DateOnly?)null), cancel);
        }
        return (changes, failures);
    }

    /// <summary>One policy's months from <paramref name="from"/> to <paramref name="to"/>: what it wrote, and its status at the end (with the day it began, when it changed).</summary>
    private static (List<TimelineEntry> Timeline, List<DebitRejectionRecord> Rejections, PolicyStatus Status, DateOnly? Since) Live(
        string number, DateOnly start, Frequency frequency, bool mandate, DateOnly from, DateOnly to, int seed)
    {
        var random = new Random(number.Aggregate(seed, (h, c) => unchecked(h * 31 + c)));
        var roll = random.Next(100);
        var habit = new Habit(roll < 70 ? 0.02 : roll < 90 ? 0.1 + random.NextDouble() * 0.25 : 0.4 + random.NextDouble() * 0.4, mandate);
        var timeline = new List<TimelineEntry>();
        var rejections = new List<DebitRejectionRecord>();
        var status = PolicyStatus.InForce;
        DateOnly? since = null;
        var busyUntil = DateOnly.MinValue;
        var lateCount = 0;
        void Change(DateOnly on, PolicyStatus to)
        {
            timeline.Add(new TimelineEntry
            {
                PolicyNumber = number, On = on, Kind = "status", Seq = timeline.Count,
                Data = new JsonObject { ["from"] = status.Code(), ["to"] = to.Code() }.ToJsonString(),
            });
            (status, since) = (to, on);
        }
        // The first premium is paid with the application.
        for (var seq = Math.Max(1, InstallmentSchedule.CountDueBefore(start, frequency, from)); ; seq++)
        {
            var due = InstallmentSchedule.DueDate(start, frequency, seq);
            if (due > to) break;
            // An installment falling due while the last one is still unpaid (or the policy lapsed) is part of the same arrears.
            if (due <= busyUntil) continue;
            var givesUp = random.NextDouble() < 0.003 + (lateCount >= 2 ? habit.Lateness * 0.25 : 0);
            if (!givesUp && random.NextDouble() >= habit.Lateness) continue;
            lateCount++;
            var technical = !givesUp && habit.AutoDebit && random.Next(10) == 0;
            if (habit.AutoDebit)
            {
                var reason = technical ? DebitFailureReason.TechnicalError : givesUp && random.Next(3) == 0 ? DebitFailureReason.AccountClosed : DebitFailureReason.InsufficientFunds;
                rejections.Add(new DebitRejectionRecord { PolicyNumber = number, On = due, ReceivedOn = due, Reason = reason, InsurerFault = technical });
            }
            Change(due.AddDays(1), PolicyStatus.Grace);
            if (givesUp)
            {
                var lapseOn = due.AddDays(GraceDays + 1);
                busyUntil = DateOnly.MaxValue;
                if (lapseOn > to) break;
                Change(lapseOn, PolicyStatus.Lapsed);
                // One in five comes back within four months.
                if (random.Next(5) > 0) break;
                var back = lapseOn.AddDays(random.Next(30, 120));
                if (back > to) break;
                Change(back, PolicyStatus.InForce);
                busyUntil = back;
                lateCount = 0;
                continue;
            }
            var daysLate = technical ? random.Next(1, 6) : random.Next(10) < 7 ? random.Next(1, 31) : random.Next(31, GraceDays);
            var paidOn = due.AddDays(daysLate);
            busyUntil = paidOn;
            if (paidOn > to) break;
            Change(paidOn, PolicyStatus.InForce);
        }
        return (timeline, rejections, status, since);
    }
}
