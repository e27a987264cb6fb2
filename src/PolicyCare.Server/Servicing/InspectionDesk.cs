using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Servicing;

/// <summary>An inspection as the worklist and the API show it.</summary>
public sealed record InspectionView(long Id, string Policy, string Product, string? SumInsured, DateOnly DueOn, string Stage, DateOnly? InspectedOn,
    string? Inspector, string? Findings, IReadOnlyList<Recommendation> Recommendations, DateOnly? ClosedOn);

/// <summary>Why an inspection's report or follow-up is refused: the field and what is wrong.</summary>
public sealed class InspectionRefusedException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// The host of loss-prevention inspections: schedules them for large commercial risks as they come due, records the
/// report with its written recommendations and sends it to the holder, and follows each recommendation to closure.
/// </summary>
public static class InspectionDesk
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<Recommendation> RecommendationsOf(InspectionRecord r) =>
        JsonSerializer.Deserialize<List<Recommendation>>(r.Recommendations, Json) ?? [];

    /// <summary>
    /// Schedules the inspections coming due within <see cref="Inspections.ScheduleAheadDays"/> days, one per policy and due
    /// date: policies in force of a product with inspections whose sum insured reaches its threshold, none open already.
    /// </summary>
    /// <param name="reference">The book's settings and products as the daily runner holds them; read here when not given.</param>
    public static async Task<int> ScheduleDueAsync(PolicyCareDb db, DateOnly date, ReferenceData? reference, CancellationToken cancel)
    {
        var products = (reference ?? await ReferenceData.CurrentAsync(db, cancel)).Products.Values.Where(p => p.Inspection is not null).ToDictionary(p => p.Code);
        if (products.Count == 0) return 0;
        var codes = products.Keys.ToList();
        var policies = await db.Policies.AsNoTracking()
            .Where(p => codes.Contains(p.ProductCode) && (p.Status == PolicyStatus.InForce || p.Status == PolicyStatus.Grace))
            .Select(p => new { p.Number, p.ProductCode, p.Start, p.SumInsured }).ToListAsync(cancel);
        var numbers = policies.Select(p => p.Number).ToList();
        var history = (await db.Inspections.AsNoTracking().Where(i => numbers.Contains(i.PolicyNumber))
                .Select(i => new { i.PolicyNumber, i.InspectedOn }).ToListAsync(cancel))
            .ToLookup(i => i.PolicyNumber);
        var scheduled = 0;
        foreach (var p in policies)
        {
            var product = products[p.ProductCode];
            // Sums are compared here, not in SQL: SQLite keeps decimals as text.
            if (!Inspections.Apply(product.Inspection, p.SumInsured ?? product.Review?.SumInsured)) continue;
            var past = history[p.Number].ToList();
            if (past.Any(i => i.InspectedOn is null)) continue;
            var due = Inspections.NextDue(p.Start, past.Max(i => i.InspectedOn), product.Inspection!);
            if (due > date.AddDays(Inspections.ScheduleAheadDays)) continue;
            db.Inspections.Add(new InspectionRecord { PolicyNumber = p.Number, DueOn = due });
            var seq = await Timeline.NextEventSeqAsync(db, p.Number, date, cancel);
            db.Timeline.Add(Timeline.Entry(p.Number, date, "inspection-scheduled", seq, new JsonObject { ["dueOn"] = Day(due) }));
            scheduled++;
        }
        await db.SaveChangesAsync(cancel);
        return scheduled;
    }

    /// <summary>The open inspections (to make, or with recommendations to follow up), the soonest due first.</summary>
    public static async Task<List<InspectionView>> OpenAsync(PolicyCareDb db, CancellationToken cancel)
    {
        var reference = await ReferenceData.CurrentAsync(db, cancel);
        var rows = await (from i in db.Inspections.AsNoTracking()
                          join p in db.Policies.AsNoTracking() on i.PolicyNumber equals p.Number
                          where i.ClosedOn == null
                          select new { Inspection = i, p.ProductCode, p.SumInsured }).ToListAsync(cancel);
        return rows.Select(r => View(r.Inspection, reference.Products.GetValueOrDefault(r.ProductCode), r.ProductCode, r.SumInsured))
            .OrderBy(v => v.Recommendations.Where(x => x.DoneOn is null).Select(x => (DateOnly?)x.DueOn).Min() ?? v.DueOn).ToList();
    }

    public static InspectionView View(InspectionRecord i, Product? product, string productCode, decimal? sumInsured)
    {
        var recommendations = RecommendationsOf(i);
        var sum = sumInsured ?? product?.Review?.SumInsured;
        return new InspectionView(i.Id, i.PolicyNumber, productCode, sum is { } s ? Billing.Currencies.Format(s, product?.Currency ?? "CNY") : null, i.DueOn,
            Inspections.Stage(i.InspectedOn, recommendations) switch
            {
                InspectionStage.Scheduled => "scheduled",
                InspectionStage.FollowingUp => "following-up",
                _ => "closed",
            }, i.InspectedOn, i.Inspector, i.Findings, recommendations, i.ClosedOn);
    }

    /// <summary>
    /// Records an inspection's report: when, by whom, the findings and the written recommendations (each due the
    /// product's follow-up days later), on the timeline, and sends it to the holder in writing. Closed at once when
    /// nothing is recommended.
    /// </summary>
    public static async Task<InspectionRecord> ReportAsync(PolicyCareDb db, long id, DateOnly inspectedOn, string inspector, string findings,
        IReadOnlyList<string> recommendations, DateOnly today, DateTimeOffset now, CancellationToken cancel)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        var inspection = await db.Inspections.SingleOrDefaultAsync(i => i.Id == id, cancel) ?? throw new KeyNotFoundException();
        if (inspection.InspectedOn is not null) throw new InspectionRefusedException("id", "this inspection is already reported");
        if (inspectedOn > today) throw new InspectionRefusedException("$.inspectedOn", "must not be in the future");
        if (string.IsNullOrWhiteSpace(findings) || findings.Length > 4000) throw new InspectionRefusedException("$.findings", "must say what was found (up to 4000 characters)");
        if (recommendations.Count > 30 || recommendations.Any(r => r.Length > 1000))
            throw new InspectionRefusedException("$.recommendations", "must be at most 30 recommendations of up to 1000 characters each");
        var policy = await db.Policies.AsNoTracking().SingleAsync(p => p.Number == inspection.PolicyNumber, cancel);
        var reference = await ReferenceData.CurrentAsync(db, cancel);
        var product = reference.Products[policy.ProductCode];
        var terms = product.Inspection ?? new InspectionTerms(0m, 12, 60);
        if (inspectedOn < policy.Start) throw new InspectionRefusedException("$.inspectedOn", "must not be before the policy started");
        var recommended = Inspections.Recommend(recommendations, inspectedOn, terms);
        (inspection.InspectedOn, inspection.Inspector, inspection.Findings) = (inspectedOn, inspector, findings.Trim());
        inspection.Recommendations = JsonSerializer.Serialize(recommended, Json);
        if (recommended.Count == 0) inspection.ClosedOn = today;
        var seq = await Timeline.NextEventSeqAsync(db, policy.Number, today, cancel);
        db.Timeline.Add(Timeline.Entry(policy.Number, today, "inspection", seq++, new JsonObject
        {
            ["inspectedOn"] = Day(inspectedOn), ["recommendations"] = recommended.Count, ["by"] = inspector,
        }));
        var holder = (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == policy.HolderId, cancel)).ToCustomer();
        var facts = new NoticeFacts(policy.Number, product.Currency, 0m, Inspection: new InspectionNoticeFacts(inspectedOn, findings.Trim(), recommended));
        var planned = Outbox.AddPlanned(db, policy.Number, [new NoticeOccasion(Stage.InspectionReport, $"inspection-{inspection.Id}", facts)],
            holder, today, product, reference.Book, seq);
        await db.SaveChangesAsync(cancel);
        await Outbox.EvidencePlannedAsync(db, planned, now, cancel);
        await tx.CommitAsync(cancel);
        return inspection;
    }

    /// <summary>Marks a recommendation carried out (as the customer showed); the inspection closes with its last one.</summary>
    public static async Task<InspectionRecord> CompleteAsync(PolicyCareDb db, long id, int index, string by, DateOnly today, CancellationToken cancel)
    {
        var inspection = await db.Inspections.SingleOrDefaultAsync(i => i.Id == id, cancel) ?? throw new KeyNotFoundException();
        var recommendations = RecommendationsOf(inspection).ToList();
        if (inspection.InspectedOn is null) throw new InspectionRefusedException("id", "this inspection is not reported yet");
        if (index < 1 || index > recommendations.Count) throw new InspectionRefusedException("$.recommendation", $"must be a recommendation of the report, from 1 to {recommendations.Count}");
        if (recommendations[index - 1].DoneOn is not null) throw new InspectionRefusedException("done", "this recommendation is already done");
        recommendations[index - 1] = recommendations[index - 1] with { DoneOn = today };
        inspection.Recommendations = JsonSerializer.Serialize(recommendations, Json);
        var seq = await Timeline.NextEventSeqAsync(db, inspection.PolicyNumber, today, cancel);
        db.Timeline.Add(Timeline.Entry(inspection.PolicyNumber, today, "inspection-follow-up", seq, new JsonObject
        {
            ["recommendation"] = index, ["by"] = by, ["closed"] = recommendations.All(r => r.DoneOn is not null),
        }));
        if (recommendations.All(r => r.DoneOn is not null)) inspection.ClosedOn = today;
        await db.SaveChangesAsync(cancel);
        return inspection;
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
