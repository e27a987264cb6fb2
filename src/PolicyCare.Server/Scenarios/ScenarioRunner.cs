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
/// notices go to the development sink. The timeline comes back as JSON Lines.
/// </summary>
public sealed class ScenarioRunner(Database database, TimeProvider time)
{
    public async Task RunAsync(Scenario scenario, TextWriter output, CancellationToken cancel = default)
    {
        await database.MigrateAsync(cancel);
        await using (var db = database.Open())
        {
            await BookSettings.SaveAsync(db, scenario.Market, scenario.CalendarJson, DebitSettlement.Assumed, cancel);
            await scenario.Book.LoadAsync(db, scenario.Start, cancel);
        }
        var cycle = new DailyCycleRunner(database, time);
        var byDay = scenario.Events.ToLookup(e => e.Date);
        for (var day = scenario.Start; day <= scenario.End; day = day.AddDays(1))
        {
            if (byDay.Contains(day))
            {
                await using var db = database.Open();
                foreach (var e in byDay[day].OrderBy(e => e.Rank).ThenBy(e => e.Order))
                    await ApplyAsync(db, e, cancel);
            }
            var report = await cycle.RunDayAsync(day, cancel);
            if (report.NoticesPlanned > 0)
            {
                await using var db = database.Open();
                await Outbox.SendDueToSinkAsync(db, new DateTimeOffset(day.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero), cancel);
            }
        }
        await WriteTimelineAsync(output, cancel);
    }

    private static async Task ApplyAsync(PolicyCareDb db, ScenarioEvent e, CancellationToken cancel)
    {
        switch (e)
        {
            case PaymentEvent p:
                await Collections.PostPaymentAsync(db, p.Policy, p.Date, p.Amount, p.Method, $"scenario-{p.Order}", cancel);
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
        }
    }

    /// <summary>The kinds SCENARIOS.md defines; other timeline entries (mandate changes, interest) stay in the policy's timeline only.</summary>
    private static readonly HashSet<string> PublicKinds =
        ["status", "debit", "payment", "notice", "reinstatement-quote", "reinstatement-referred", "case"];

    private async Task WriteTimelineAsync(TextWriter output, CancellationToken cancel)
    {
        await using var db = database.Open();
        var statuses = await db.Notices.AsNoTracking().ToDictionaryAsync(n => n.IdempotencyKey, n => n.Status, cancel);
        var entries = await db.Timeline.AsNoTracking().ToListAsync(cancel);
        foreach (var entry in entries
                     .Where(e => PublicKinds.Contains(e.Kind))
                     .OrderBy(e => e.On).ThenBy(e => e.PolicyNumber, StringComparer.Ordinal).ThenBy(e => e.Seq))
        {
            var line = new JsonObject
            {
                ["date"] = entry.On.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["kind"] = entry.Kind,
                ["policy"] = entry.PolicyNumber,
            };
            var data = JsonNode.Parse(entry.Data)!.AsObject();
            foreach (var (name, value) in data.ToList())
            {
                if (entry.Kind == "notice" && name == "key") continue;
                if (entry.Kind == "notice" && name == "text")
                    line["status"] = statuses.GetValueOrDefault(data["key"]!.GetValue<string>()) == Outbox.Failed ? "failed" : "sent";
                data.Remove(name);
                line[name] = value;
            }
            await output.WriteLineAsync(line.ToJsonString(Timeline.Json).AsMemory(), cancel);
        }
        await output.FlushAsync(cancel);
    }
}
