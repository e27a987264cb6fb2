using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Scenarios;

/// <summary>
/// Runs a scenario on the real cycle against a fresh database: the book is loaded with every
/// earlier installment paid, then each day's events are applied and that day's cycle runs, and
/// notices go to the development sink. The timeline comes back as JSON Lines, written day by day
/// as the run goes.
/// </summary>
/// <remarks>
/// Only days on which something can happen are visited: a day with events, or the earliest next
/// review the cycle set for a policy (by construction the first day its rules would change it or
/// send it something). The days between would run the cycle over nothing. <see cref="EveryDay"/>
/// visits every calendar day instead; the tests prove both give the same timeline.
/// </remarks>
public sealed class ScenarioRunner(Database database, TimeProvider time)
{
    /// <summary>Visit every calendar day, not only those on which something can happen.</summary>
    public bool EveryDay { get; init; }

    /// <summary>Where to report progress on a long run (standard error in the command line); null for none.</summary>
    public TextWriter? Progress { get; init; }

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);

    public async Task RunAsync(Scenario scenario, TextWriter output, CancellationToken cancel = default)
    {
        await database.MigrateAsync(cancel);
        await using (var db = database.Open())
        {
            await BookSettings.SaveAsync(db, scenario.Market, scenario.CalendarJson, DebitSettlement.Assumed, cancel);
            await Servicing.RenewalLinks.UseFixedKeyAsync(db, "scenario", cancel);
            await scenario.Book.LoadAsync(db, scenario.Start, cancel);
        }
        var cycle = new DailyCycleRunner(database, time);
        var byDay = scenario.Events.ToLookup(e => e.Date);
        var eventDays = new SortedSet<DateOnly>(byDay.Select(g => g.Key));
        var withClaims = scenario.Events.Any(e => e is ClaimEvent);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var reported = TimeSpan.Zero;
        long lines = 0;
        for (var day = scenario.Start; day <= scenario.End; day = await NextDayAsync(day, eventDays, withClaims, cancel))
        {
            if (byDay.Contains(day))
            {
                await using var db = database.Open();
                foreach (var e in byDay[day].OrderBy(e => e.Rank).ThenBy(e => e.Order))
                    await ApplyAsync(db, e, cancel);
            }
            var report = await cycle.RunDayAsync(day, cancel);
            // The cycle's notices and those of the day's claims go out the same day.
            if (report.NoticesPlanned > 0 || report.ClaimsReviewed > 0 || (withClaims && byDay.Contains(day)))
            {
                await using var db = database.Open();
                await Outbox.SendDueToSinkAsync(db, new DateTimeOffset(day.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero), cancel);
            }
            lines += await WriteDayAsync(day, output, cancel);
            if (Progress is not null && clock.Elapsed - reported >= ProgressEvery)
            {
                reported = clock.Elapsed;
                var total = scenario.End.DayNumber - scenario.Start.DayNumber + 1;
                await Progress.WriteLineAsync(
                    $"scenario: {day:yyyy-MM-dd}, day {day.DayNumber - scenario.Start.DayNumber + 1} of {total}, {lines} timeline lines, {clock.Elapsed.TotalSeconds:0}s");
            }
        }
        await output.FlushAsync(cancel);
    }

    /// <summary>The next day to visit: the next event, or the earliest next review of any policy.</summary>
    private async Task<DateOnly> NextDayAsync(DateOnly day, SortedSet<DateOnly> eventDays, bool withClaims, CancellationToken cancel)
    {
        var next = day.AddDays(1);
        if (EveryDay) return next;
        await using var db = database.Open();
        var policyReview = await db.Policies.MinAsync(p => p.NextReviewOn, cancel);
        var claimReview = withClaims ? await Claims.ClaimDesk.NextReviewAsync(db, cancel) : null;
        var review = policyReview is null ? claimReview : claimReview is null ? policyReview : policyReview < claimReview ? policyReview : claimReview;
        var candidate = review is null ? DateOnly.MaxValue : review.Value > next ? review.Value : next;
        var nextEvent = eventDays.GetViewBetween(next, DateOnly.MaxValue);
        return nextEvent.Count > 0 && nextEvent.Min < candidate ? nextEvent.Min : candidate;
    }

    private static async Task ApplyAsync(PolicyCareDb db, ScenarioEvent e, CancellationToken cancel)
    {
        switch (e)
        {
            case PaymentEvent p:
                await Collections.PostPaymentAsync(db, p.Policy, p.Date, p.Amount, p.Method, $"scenario-{p.Order}", cancel: cancel);
                break;
            case DebitFailedEvent d:
                await Collections.RecordDebitRejectionAsync(db, d.Policy, d.Date, d.Reason, d.InsurerFault, cancel: cancel);
                break;
            case MandateRevokedEvent m:
                await Collections.RevokeMandateAsync(db, m.Policy, m.Date, cancel);
                break;
            case ReinstatementRequestEvent r:
                await Reinstatements.RequestAsync(db, r.Policy, r.Date, r.Declaration, cancel);
                break;
            case UnderwritingDecisionEvent u:
                await Reinstatements.DecideAsync(db, u.Policy, u.Date, u.Approved, cancel);
                break;
            case ContactInvalidEvent c:
                await Contacts.MarkInvalidAsync(db, c.Customer, c.Kind, cancel);
                break;
            case RenewalEvent r:
                await PolicyChanges.ApplyAsync(db, r.Policy, r.Date, r.Command, cancel: cancel);
                break;
            case ClaimEvent c:
                await Claims.ClaimDesk.SubmitAsync(db, new Claims.ClaimSubmission(c.Claim, c.Policy, c.Benefit, c.Incurred, c.Loss, c.Documents, c.Date), cancel);
                break;
            case ClaimDocumentsEvent d:
                await Claims.ClaimDesk.ReceiveDocumentsAsync(db, d.Claim, d.Documents, d.Date, cancel: cancel);
                break;
            case ClaimInvestigationEvent i:
                await Claims.ClaimDesk.InvestigateAsync(db, i.Claim, i.Reason, i.Date, cancel);
                break;
            case ClaimDecisionEvent d:
                await Claims.ClaimDesk.DecideAsync(db, d.Claim, d.Decision, d.Amount, d.Reason, d.Date, cancel: cancel);
                break;
            case ClaimWithdrawnEvent w:
                await Claims.ClaimDesk.WithdrawAsync(db, w.Claim, w.Date, cancel);
                break;
        }
    }

    /// <summary>The kinds SCENARIOS.md defines; other timeline entries (mandate changes, interest) stay in the policy's timeline only.</summary>
    private static readonly HashSet<string> PublicKinds =
        ["status", "debit", "payment", "notice", "reinstatement-quote", "reinstatement-referred", "case", "claim", "renewal-offer", "renewal"];

    /// <summary>
    /// Writes the day's timeline: nothing later adds a line dated on or before a day already run,
    /// so the output can be written as the run goes, ordered by policy and then as it happened.
    /// </summary>
    private async Task<int> WriteDayAsync(DateOnly day, TextWriter output, CancellationToken cancel)
    {
        await using var db = database.Open();
        var entries = await db.Timeline.AsNoTracking().Where(e => e.On == day).ToListAsync(cancel);
        if (entries.Count == 0) return 0;
        var keys = new List<string>();
        var lines = new List<(TimelineEntry Entry, JsonObject Data)>();
        foreach (var entry in entries.Where(e => PublicKinds.Contains(e.Kind)))
        {
            var data = JsonNode.Parse(entry.Data)!.AsObject();
            if (entry.Kind == "notice") keys.Add(data["key"]!.GetValue<string>());
            lines.Add((entry, data));
        }
        var failed = keys.Count == 0 ? [] : (await db.Notices.AsNoTracking()
            .Where(n => keys.Contains(n.IdempotencyKey) && n.Status == NoticeStatus.Failed).Select(n => n.IdempotencyKey).ToListAsync(cancel))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (entry, data) in lines.OrderBy(l => l.Entry.PolicyNumber, StringComparer.Ordinal).ThenBy(l => l.Entry.Seq))
        {
            var line = new JsonObject
            {
                ["date"] = entry.On.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["kind"] = entry.Kind,
                ["policy"] = entry.PolicyNumber,
            };
            foreach (var (name, value) in data.ToList())
            {
                if (entry.Kind == "notice" && name == "key") continue;
                if (entry.Kind == "notice" && name == "text")
                    line["status"] = failed.Contains(data["key"]!.GetValue<string>()) ? "failed" : "sent";
                data.Remove(name);
                line[name] = value;
            }
            await output.WriteLineAsync(line.ToJsonString(Timeline.Json).AsMemory(), cancel);
        }
        return lines.Count;
    }
}
