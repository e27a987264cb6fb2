using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Claims;

/// <summary>
/// The demo book's claims, made through the claims desk on the days they happen, so the queues hold
/// a claim in every stage: paid by the fast track and surveyed, paid in part and refused with their
/// reasons, under investigation, waiting for documents, in review, past its deadline, withdrawn.
/// </summary>
public static class DemoClaims
{
    private sealed record Planned(int DaysAgo, string Product, string Benefit, int Documents, Func<PolicyCareDb, string, DateOnly, CancellationToken, Task>? Then = null, int ThenAfter = 0);

    /// <summary>Which claims arrive on which day, counted back from the demo's today.</summary>
    private static readonly Planned[] Plan =
    [
        // Small and clean: the fast track pays them the day the documents are complete; the survey follows.
        new(40, "HEALTH-1Y", "HOSP", 4), new(38, "HEALTH-1Y", "MED", 4), new(36, "KR-LIFE", "SILSON", 4), new(33, "KR-LIFE", "HOSP", 4),
        // Large: a handler decides — one paid in part, one refused, each with its reason and clause.
        new(30, "CN-LIFE20", "CI", 4, (db, id, on, c) => ClaimDesk.DecideAsync(db, id, ClaimDecision.Partial, 60_000m, ClaimReasons.AboveLimit, on, "第6条第2款", cancel: c), 5),
        new(28, "CN-LIFE20", "CI", 4, (db, id, on, c) => ClaimDesk.DecideAsync(db, id, ClaimDecision.Declined, null, ClaimReasons.Exclusion, on, "第7条", cancel: c), 6),
        // Documents complete 55 days ago and still undecided: past China's 30 days, near its 60-day rule.
        new(55, "CN-LIFE20", "CI", 4),
        // Under investigation.
        new(20, "CN-LIFE20", "DEATH", 4, (db, id, on, c) => ClaimDesk.InvestigateAsync(db, id, "与医院核实身故原因", on, c), 2),
        // Korea's 3 business days run out: overdue in review.
        new(9, "KR-LIFE", "HOSP", 4, (db, id, on, c) => ClaimDesk.InvestigateAsync(db, id, "병원에 입원 사실을 확인하고 있습니다", on, c), 1),
        // Waiting for the customer's documents.
        new(12, "HEALTH-1Y", "MED", 2), new(4, "KR-LIFE", "SILSON", 1),
        // In review, documents just complete.
        new(3, "CN-LIFE20", "CI", 4), new(2, "KR-LIFE", "HOSP", 4),
        // Withdrawn by the claimant.
        new(15, "HEALTH-1Y", "HOSP", 1, (db, id, on, c) => ClaimDesk.WithdrawAsync(db, id, on, c), 3),
    ];

    /// <summary>The claims of <paramref name="day"/> and the steps taken on earlier ones that day.</summary>
    public static async Task RunDayAsync(PolicyCareDb db, DateOnly day, DateOnly today, CancellationToken cancel = default)
    {
        for (var i = 0; i < Plan.Length; i++)
        {
            var p = Plan[i];
            var id = $"CLDEMO{i + 1:000}";
            if (today.AddDays(-p.DaysAgo) == day) await SubmitAsync(db, p, i, id, day, cancel);
            if (p.Then is not null && today.AddDays(-p.DaysAgo + p.ThenAfter) == day && await db.Claims.AnyAsync(c => c.Id == id, cancel))
                await p.Then(db, id, day, cancel);
        }
    }

    private static async Task SubmitAsync(PolicyCareDb db, Planned p, int index, string id, DateOnly day, CancellationToken cancel)
    {
        var product = (await ReferenceData.LoadAsync(db, cancel)).Products[p.Product];
        var benefit = product.Benefit(p.Benefit)!;
        // A policy in force that day, long enough for any waiting period, never claimed on: the index-th, so each plan takes another.
        var since = day.AddDays(-200);
        var policy = await db.Policies.AsNoTracking()
            .Where(x => x.ProductCode == p.Product && x.Status == PolicyStatus.InForce && x.Start < since && !db.Claims.Any(c => c.PolicyNumber == x.Number))
            .OrderBy(x => x.Number).Skip(index % 3).Select(x => x.Number).FirstOrDefaultAsync(cancel);
        if (policy is null) return;
        var loss = benefit.Kind switch
        {
            BenefitKind.PerDay => new ClaimedLoss(Days: 2 + index % 4),
            BenefitKind.Reimbursement => new ClaimedLoss(Expense: p.Product == "KR-LIFE" ? 180_000m + 10_000m * index : 600m + 50m * index),
            _ => new ClaimedLoss(),
        };
        await ClaimDesk.SubmitAsync(db, new ClaimSubmission(id, policy, p.Benefit, day.AddDays(-3), loss, benefit.Documents.Take(p.Documents).ToList(), day)
        {
            ClaimantId = await db.Policies.Where(x => x.Number == policy).Select(x => x.HolderId).SingleAsync(cancel),
        }, cancel);
    }

    /// <summary>Survey answers for the fast-tracked claims, a few days after they closed.</summary>
    public static async Task AnswerSurveysAsync(PolicyCareDb db, DateOnly today, CancellationToken cancel = default)
    {
        var scores = new[] { (5, 10), (4, 8), (5, 9), (3, 6), (2, 3) };
        var closed = await db.Claims.Where(c => c.ClosedOn != null && !c.Withdrawn && c.SurveySent && c.SurveyAnsweredOn == null && c.Id.StartsWith("CLDEMO"))
            .OrderBy(c => c.Id).ToListAsync(cancel);
        for (var i = 0; i < closed.Count && i < scores.Length; i++)
            (closed[i].SurveyCsat, closed[i].SurveyNps, closed[i].SurveyAnsweredOn) = (scores[i].Item1, scores[i].Item2, today.AddDays(-1));
        await db.SaveChangesAsync(cancel);
    }
}
