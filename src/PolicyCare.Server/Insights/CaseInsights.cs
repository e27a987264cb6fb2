using Microsoft.EntityFrameworkCore;
using PolicyCare.Cases;
using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Storage;

namespace PolicyCare.Insights;

/// <summary>The service figures of a period: the cases opened in it, and the survey answers of every moment.</summary>
/// <param name="CausedByNotices">Cases opened in the period that name the notice that caused them, or are about a notice.</param>
public sealed record ServiceReport(CaseMetricsReport Cases, int CausedByNotices, IReadOnlyList<SurveyScore> SurveysByMoment,
    IReadOnlyList<SurveyScore> SurveysByChannel, IReadOnlyList<SurveyScore> SurveysByAgent, IReadOnlyList<SurveyScore> SurveysByProduct)
{
    /// <summary>Every answer of the period together, whatever the moment.</summary>
    public SurveyScore? Surveys { get; init; }
}

public static class CaseInsights
{
    public static IEndpointRouteBuilder MapCaseInsights(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/insights/cases", AnswerAsync).WithTags("Insights").RequireAuthorization(p => p.RequireRole(Roles.Staff))
            .Produces<ServiceReport>().ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<IResult> AnswerAsync(Database database, TimeProvider time, string? from, string? to, CancellationToken cancel)
    {
        await using var db = database.Open();
        var today = await BookSettings.TodayAsync(db, time, cancel);
        var (start, end) = ReportPeriod.Parse(from, to, today, days: 90);
        return TypedResults.Ok(await ReportAsync(db, start, end, today, cancel));
    }

    public static async Task<ServiceReport> ReportAsync(PolicyCareDb db, DateOnly first, DateOnly last, DateOnly today, CancellationToken cancel = default)
    {
        var rows = await db.Cases.AsNoTracking().Where(c => c.Type != "tracing" && c.OpenedOn >= first).ToListAsync(cancel);
        var outcomes = rows.Select(c => (c.OpenedOn, Outcome: new CaseOutcome(c.CustomerId, CaseDesk.KindOf(c),
            CaseCodes.Categories.TryParse(c.Category, out var cat) ? cat : CaseCategory.Other,
            CaseCodes.Channels.TryParse(c.Channel, out var ch) ? ch : CaseChannel.Portal,
            c.OpenedAt ?? new DateTimeOffset(c.OpenedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), c.ClosedAt, TimeSpan.FromMinutes(c.WaitedMinutes),
            c.AtFirstContact, c.Reopened, c.AnswerBy ?? c.OpenedOn, c.AnsweredOn), c.NoticeId, c.Category)).ToList();
        var inPeriod = outcomes.Where(o => o.OpenedOn <= last).ToList();
        var policies = await db.Policies.CountAsync(p => p.Status == PolicyStatus.InForce || p.Status == PolicyStatus.Grace, cancel);
        var report = CaseMetrics.Of(inPeriod.Select(o => o.Outcome).ToList(), outcomes.Select(o => o.Outcome).ToList(), policies, today);
        // Surveys answered in the period, and the claims' own survey (answered on the claim) with them.
        var surveys = await db.Surveys.AsNoTracking().Where(s => s.AnsweredOn >= first && s.AnsweredOn <= last && s.Csat != null && s.Nps != null)
            .Select(s => new { s.Moment, s.Channel, s.Agent, s.ProductCode, Csat = s.Csat!.Value, Nps = s.Nps!.Value }).ToListAsync(cancel);
        var claims = await (from c in db.Claims.AsNoTracking()
                            join p in db.Policies on c.PolicyNumber equals p.Number
                            where c.SurveyAnsweredOn >= first && c.SurveyAnsweredOn <= last && c.SurveyCsat != null && c.SurveyNps != null
                            select new { Moment = "claim", Channel = (string?)"portal", Agent = c.AssignedTo, ProductCode = (string?)p.ProductCode, Csat = c.SurveyCsat!.Value, Nps = c.SurveyNps!.Value })
            .ToListAsync(cancel);
        var all = surveys.Concat(claims).ToList();
        return new ServiceReport(report, inPeriod.Count(o => o.NoticeId is not null || o.Category == "notice"),
            SurveyScores.ByGroup(all.Select(a => new SurveyAnswer(a.Moment, a.Csat, a.Nps))),
            SurveyScores.ByGroup(all.Select(a => new SurveyAnswer(a.Channel ?? "—", a.Csat, a.Nps))),
            SurveyScores.ByGroup(all.Where(a => a.Agent is not null).Select(a => new SurveyAnswer(a.Agent!, a.Csat, a.Nps))),
            SurveyScores.ByGroup(all.Select(a => new SurveyAnswer(a.ProductCode ?? "—", a.Csat, a.Nps))))
        {
            Surveys = SurveyScores.ByGroup(all.Select(a => new SurveyAnswer("all", a.Csat, a.Nps))).SingleOrDefault(),
        };
    }
}
