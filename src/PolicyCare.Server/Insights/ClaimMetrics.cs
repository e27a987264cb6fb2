using Microsoft.EntityFrameworkCore;
using PolicyCare.Claims;
using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Insights;

/// <summary>The claims figures for the supervisor's dashboard and the API, over the claims submitted in a period.</summary>
public static class ClaimMetrics
{
    public static IEndpointRouteBuilder MapClaimMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/insights/claims", AnswerAsync).WithTags("Insights").RequireAuthorization(p => p.RequireRole(Roles.Staff))
            .Produces<ClaimInsightsReport>();
        return app;
    }

    private static async Task<IResult> AnswerAsync(Database database, TimeProvider time, string? from, string? to, CancellationToken cancel)
    {
        await using var db = database.Open();
        var today = await BookSettings.TodayAsync(db, time, cancel);
        var (start, end) = ReportPeriod.Parse(from, to, today, days: 90);
        return TypedResults.Ok(await ReportAsync(db, start, end, today, cancel));
    }

    /// <summary>The report for the claims submitted from <paramref name="first"/> to <paramref name="last"/>, every claim open today,
    /// the surveys answered and the legal deadlines that fell in the period.</summary>
    public static async Task<ClaimInsightsReport> ReportAsync(PolicyCareDb db, DateOnly first, DateOnly last, DateOnly today, CancellationToken cancel = default)
    {
        var reference = await ReferenceData.CurrentAsync(db, cancel);
        var rows = await (from c in db.Claims.AsNoTracking()
                          join p in db.Policies on c.PolicyNumber equals p.Number
                          where (c.SubmittedOn >= first && c.SubmittedOn <= last) || c.ClosedOn == null
                             || (c.SurveyAnsweredOn >= first && c.SurveyAnsweredOn <= last)
                             || ((c.InvestigateBy ?? c.DecideBy) >= first && (c.InvestigateBy ?? c.DecideBy) <= last)
                          select new { Claim = c, p.ProductCode, PaidOn = db.ClaimPayouts.Where(x => x.ClaimId == c.Id && x.Status == ClaimPayouts.Confirmed).Select(x => x.SettledOn).FirstOrDefault() })
            .ToListAsync(cancel);
        var facts = rows.Select(r =>
        {
            var c = r.Claim;
            return (r.Claim, Facts: new ClaimOutcome(c.BenefitCode, reference.Products[r.ProductCode].Currency, c.SubmittedOn, c.CompleteOn, c.DecidedOn, c.ClosedOn,
                c.InvestigateBy ?? c.DecideBy, c.Withdrawn, c.Route, c.DelayInterest ?? 0m, r.PaidOn, c.SurveyCsat, c.SurveyNps,
                // Where an open claim waits: for the customer's documents, with us, or with a supervisor.
                ClaimReferrals.IsWaiting(c.Route, c.Decision is not null, c.ClosedOn) ? ClaimReferrals.WaitingStage : ClaimViews.StageOf(c, c.CompleteOn is null ? 1 : 0)));
        }).ToList();
        return ClaimInsights.Of(facts.Where(f => f.Claim.SubmittedOn >= first && f.Claim.SubmittedOn <= last).Select(f => f.Facts).ToList(),
            facts.Where(f => f.Claim.ClosedOn is null).Select(f => f.Facts).ToList(),
            facts.Where(f => f.Claim.SurveyAnsweredOn >= first && f.Claim.SurveyAnsweredOn <= last).Select(f => f.Facts).ToList(),
            facts.Where(f => f.Facts.Deadline >= first && f.Facts.Deadline <= last).Select(f => f.Facts).ToList(), today);
    }
}
