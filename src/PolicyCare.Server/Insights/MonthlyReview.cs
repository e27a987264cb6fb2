using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Storage;

namespace PolicyCare.Insights;

/// <summary>How many lapses of a period had one cause (a failed debit with its reason).</summary>
public sealed record CauseCount(LapseCause Cause, Billing.DebitFailureReason? Debit, int Lapses);

/// <summary>A channel's (or a stage's) notices of a period: delivered or sent, failed, held by the check before dispatch.</summary>
public sealed record NoticeTally(string Group, int Sent, int Failed, int Held)
{
    public decimal? SuccessRate => Sent + Failed == 0 ? null : Math.Round((decimal)Sent / (Sent + Failed), 4);
}

/// <summary>
/// One period's figures of the monthly review (the lapse-notification seed's 每月复盘, with the renewal and service
/// figures): counts as counted, rates as fractions 0–1, null where nothing was counted.
/// </summary>
public sealed record ReviewFigures(
    DateOnly First, DateOnly Last,
    int PremiumsDue, int PremiumsOnTime,
    int DebitsAnswered, int DebitsCollected,
    int CoveredAtStart, int WentOverdue, int Lapses, IReadOnlyList<CauseCount> LapseCauses,
    int NoticesSent, int NoticesFailed, int NoticesHeld, int HeldCancelled, IReadOnlyList<NoticeTally> ByChannel, IReadOnlyList<NoticeTally> ByStage,
    int CasesCausedByNotices, int ComplaintsOpened, decimal? ComplaintMttrHours,
    int ReinstatementApplications, int ReinstatementReferred, int ReinstatementApproved, int Reinstated, decimal? DaysToReinstate,
    int ClaimsClosed, int? ClaimDaysMedian,
    int SurveyAnswers, decimal? Csat, int? Nps,
    int RenewalsSettled, int Renewed)
{
    public decimal? OnTimeRate => Rate(PremiumsOnTime, PremiumsDue);
    public decimal? DebitSuccessRate => Rate(DebitsCollected, DebitsAnswered);
    public decimal? DelinquencyRate => Rate(PremiumsDue - PremiumsOnTime, PremiumsDue);
    public decimal? LapseRate => Rate(Lapses, CoveredAtStart);
    public decimal? NoticeSuccessRate => Rate(NoticesSent, NoticesSent + NoticesFailed);
    public decimal? ReinstatementConversion => Rate(Reinstated, ReinstatementApplications);
    public decimal? RenewalRate => Rate(Renewed, RenewalsSettled);

    private static decimal? Rate(int part, int whole) => whole == 0 ? null : Math.Round((decimal)part / whole, 4);
}

/// <summary>A month's review with the month before it, and the months before that for the charts.</summary>
/// <param name="HistoryFrom">The first day of the book's recorded history: nothing before it is known.</param>
/// <param name="Partial">The month is not over: its figures count the days up to today.</param>
public sealed record MonthlyReview(ReviewFigures Month, ReviewFigures Before, IReadOnlyList<ReviewFigures> Trend, DateOnly HistoryFrom = default, bool Partial = false);

/// <summary>
/// The monthly review: every event count by a query the database answers (the timeline's lines, the outbox, the cases,
/// the surveys, the claims), the schedule-based figures (premiums due, on time, policies covered, lapse causes) from the
/// histories the lapse-risk model reads, read once for all months. Generated on the first business day of a month for the
/// month before (<see cref="ReviewMail"/>) and on demand for any month.
/// </summary>
public static class MonthlyReviews
{
    /// <summary>Months shown in the charts, the reviewed one last.</summary>
    public const int TrendMonths = 6;

    public static (DateOnly First, DateOnly Last) MonthOf(DateOnly day) =>
        (new DateOnly(day.Year, day.Month, 1), new DateOnly(day.Year, day.Month, 1).AddMonths(1).AddDays(-1));

    public static async Task<MonthlyReview> ForMonthAsync(PolicyCareDb db, DateOnly month, DateOnly today, CancellationToken cancel = default)
    {
        var (histories, historyFrom) = await LapseHistories.LoadAsync(db, today, cancel);
        var trend = new List<ReviewFigures>();
        for (var k = TrendMonths - 1; k >= 0; k--)
        {
            var (first, last) = MonthOf(month.AddMonths(-k));
            trend.Add(await FiguresAsync(db, histories, first, last, historyFrom, today, cancel));
        }
        return new MonthlyReview(trend[^1], trend[^2], trend, historyFrom, trend[^1].Last >= today);
    }

    private static async Task<ReviewFigures> FiguresAsync(PolicyCareDb db, List<PolicyHistory> histories, DateOnly first, DateOnly last, DateOnly historyFrom, DateOnly today, CancellationToken cancel)
    {
        var all = db.Timeline.AsNoTracking();
        var period = BookEvents.Between(all, first, last);
        // Before the recorded history nothing is known of lateness: no premium of those days is judged.
        var (due, onTime) = last < historyFrom ? (0, 0) : BookMonth.Premiums(histories, first < historyFrom ? historyFrom : first, last, today);
        var days = await BookEvents.DaysAsync(all, first, last, cancel);
        var wentOverdue = await period.CountAsync(e => e.Kind == "status" && EF.Functions.Like(e.Data, ToGrace), cancel);

        var byNumber = histories.ToDictionary(h => h.Number, StringComparer.Ordinal);
        var lapses = await BookEvents.Of(period, BookEvents.Lapses).Select(e => new { e.PolicyNumber, e.On }).ToListAsync(cancel);
        var causes = lapses.Where(l => byNumber.ContainsKey(l.PolicyNumber)).Select(l => BookMonth.CauseOf(byNumber[l.PolicyNumber], l.On))
            .GroupBy(c => c).Select(g => new CauseCount(g.Key.Cause, g.Key.Debit, g.Count()))
            .OrderByDescending(c => c.Lapses).ThenBy(c => c.Cause).ThenBy(c => c.Debit).ToList();

        // Calls on an agent's list are work, not deliveries; the public page is not a message to anyone.
        var notices = await db.Notices.AsNoTracking()
            .Where(n => n.PlannedOn >= first && n.PlannedOn <= last && n.Channel != Channel.AgentCall && n.Channel != Channel.Public)
            .GroupBy(n => new { n.Channel, n.Stage, n.Status, HeldFirst = n.FailureReason != null && n.FailureReason.StartsWith(DispatchChecks.HeldPrefix) })
            .Select(g => new { g.Key.Channel, g.Key.Stage, g.Key.Status, g.Key.HeldFirst, Count = g.Count() })
            .ToListAsync(cancel);
        int Of(IEnumerable<(NoticeStatus Status, bool HeldFirst, int Count)> rows, Func<NoticeStatus, bool, bool> which) => rows.Where(r => which(r.Status, r.HeldFirst)).Sum(r => r.Count);
        static bool Sent(NoticeStatus s, bool _) => s is NoticeStatus.Sent or NoticeStatus.Delivered;
        static bool Failed(NoticeStatus s, bool _) => s == NoticeStatus.Failed;
        static bool Held(NoticeStatus s, bool heldFirst) => s == NoticeStatus.Held || (s == NoticeStatus.Cancelled && heldFirst);
        NoticeTally TallyOf(string group, IEnumerable<(NoticeStatus, bool, int)> rows)
        {
            var list = rows.ToList();
            return new NoticeTally(group, Of(list, Sent), Of(list, Failed), Of(list, Held));
        }
        var rowsOf = notices.Select(n => (n.Channel, n.Stage, Row: (n.Status, n.HeldFirst, n.Count))).ToList();
        var byChannel = rowsOf.GroupBy(n => n.Channel).Select(g => TallyOf(g.Key.Code(), g.Select(x => x.Row))).OrderBy(t => t.Group, StringComparer.Ordinal).ToList();
        var byStage = rowsOf.GroupBy(n => n.Stage).Select(g => TallyOf(g.Key.Code(), g.Select(x => x.Row))).OrderBy(t => t.Group, StringComparer.Ordinal).ToList();
        var total = TallyOf("all", rowsOf.Select(x => x.Row));
        var heldCancelled = Of(rowsOf.Select(x => x.Row), (s, held) => s == NoticeStatus.Cancelled && held);

        var service = await CaseInsights.ReportAsync(db, first, last, today, cancel);
        var complaints = await db.Cases.AsNoTracking().Where(c => c.Type == "complaint" && c.OpenedOn >= first && c.OpenedOn <= last).CountAsync(cancel);
        // Closed in the period, judged in memory (SQLite keeps the instant as text): only those opened by its end are read.
        var resolved = await db.Cases.AsNoTracking().Where(c => c.Type == "complaint" && c.OpenedOn <= last && c.ClosedAt != null && c.OpenedAt != null)
            .Select(c => new { OpenedAt = c.OpenedAt!.Value, ClosedAt = c.ClosedAt!.Value }).ToListAsync(cancel);
        var closedInPeriod = resolved.Where(c => DateOnly.FromDateTime(c.ClosedAt.UtcDateTime) >= first && DateOnly.FromDateTime(c.ClosedAt.UtcDateTime) <= last).ToList();

        var applied = await BookEvents.Of(period, BookEvents.Applications).Select(e => new { e.PolicyNumber, e.On }).ToListAsync(cancel);
        var appliedPolicies = applied.Select(a => a.PolicyNumber).Distinct(StringComparer.Ordinal).ToList();
        var referred = await period.Where(e => e.Kind == "reinstatement-referred").Select(e => e.PolicyNumber).Distinct().CountAsync(cancel);
        var approved = await period.Where(e => e.Kind == "underwriting-decision" && EF.Functions.Like(e.Data, Approved)).Select(e => e.PolicyNumber).Distinct().CountAsync(cancel);
        // Conversion is a cohort: of those who applied in the month, how many are restored since, whenever that was.
        var restoredSince = (await BookEvents.Of(all, BookEvents.Restorations).Where(e => appliedPolicies.Contains(e.PolicyNumber) && e.On >= first)
            .Select(e => new { e.PolicyNumber, e.On }).ToListAsync(cancel)).ToLookup(e => e.PolicyNumber, e => e.On, StringComparer.Ordinal);
        var firstApplied = applied.GroupBy(a => a.PolicyNumber, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(a => a.On), StringComparer.Ordinal);
        var converted = appliedPolicies.Count(p => restoredSince[p].Any(r => r >= firstApplied[p]));
        // Time to reinstate: from the lapse to the restoration, for those restored in the month.
        var restored = await BookEvents.Of(period, BookEvents.Restorations).Select(e => new { e.PolicyNumber, e.On }).ToListAsync(cancel);
        var waits = restored.Where(r => byNumber.ContainsKey(r.PolicyNumber))
            .Select(r => byNumber[r.PolicyNumber].StatusChanges.LastOrDefault(c => c.To == PolicyStatus.Lapsed && c.On <= r.On) is { } lapse ? r.On.DayNumber - lapse.On.DayNumber : (int?)null)
            .OfType<int>().ToList();

        var claims = (await ClaimMetrics.ReportAsync(db, first, last, today, cancel)).CycleTimes.FirstOrDefault(t => t.Stage == "total");
        var renewals = await period.Where(e => e.Kind == "renewal")
            .GroupBy(e => 1).Select(g => new { Settled = g.Count(), Renewed = g.Count(e => EF.Functions.Like(e.Data, Renewed)) }).FirstOrDefaultAsync(cancel);

        return new ReviewFigures(first, last, due, onTime, days.Sum(d => d.Debits), days.Sum(d => d.Collected),
            BookMonth.Covered(histories, first.AddDays(-1)), wentOverdue, lapses.Count, causes,
            total.Sent, total.Failed, total.Held, heldCancelled, byChannel, byStage,
            service.CausedByNotices, complaints, closedInPeriod.Count == 0 ? null : Math.Round((decimal)closedInPeriod.Average(c => (c.ClosedAt - c.OpenedAt).TotalHours), 1),
            appliedPolicies.Count, referred, approved, converted, waits.Count == 0 ? null : Math.Round((decimal)waits.Average(), 1),
            claims?.Claims ?? 0, claims?.Median,
            service.Surveys?.Answers ?? 0, service.Surveys?.Csat, service.Surveys?.Nps,
            renewals?.Settled ?? 0, renewals?.Renewed ?? 0);
    }

    private const string ToGrace = "%\"to\":\"grace\"%";
    private const string Approved = "%\"decision\":\"approved\"%";
    private const string Renewed = "%\"result\":\"renewed\"%";
}
