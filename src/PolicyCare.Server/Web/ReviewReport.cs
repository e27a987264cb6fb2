using System.Globalization;
using System.Text;
using PolicyCare.Billing;
using PolicyCare.Insights;
using PolicyCare.Notices;
using static PolicyCare.Web.Ui;

namespace PolicyCare.Web;

/// <summary>How a figure of the review reads: a share, a count, hours, days or NPS points.</summary>
public enum FigureKind { Rate, Count, Hours, Days, Points }

/// <summary>One line of the monthly review: the month's figure and the month before's, in the reader's language.</summary>
/// <param name="Comparable">False for a month not over yet: set against a whole month, a change would mislead.</param>
public sealed record ReviewRow(string Key, string Label, FigureKind Kind, decimal? Month, decimal? Before, bool Comparable = true)
{
    /// <summary>The change between the figures as shown (rounded as they are written), so the three columns agree.</summary>
    public decimal? Change => Comparable && Month is { } m && Before is { } b ? ReviewReport.Shown(Kind, m) - ReviewReport.Shown(Kind, b) : null;
}

/// <summary>
/// The monthly review's lines, the same on the page, in the CSV and in the PDF: so the three never disagree. Labels in the
/// reader's language (the current UI culture); the CSV's values are plain numbers (shares as fractions) for a spreadsheet.
/// </summary>
public static class ReviewReport
{
    public static IReadOnlyList<ReviewRow> Rows(MonthlyReview r)
    {
        ReviewRow Row(string key, string label, FigureKind kind, Func<ReviewFigures, decimal?> of) => new(key, label, kind, of(r.Month), of(r.Before), !r.Partial);
        return
        [
            Row("premiums-due", T("Premiums due"), FigureKind.Count, f => f.PremiumsDue),
            Row("on-time-rate", T("Paid by the due date"), FigureKind.Rate, f => f.OnTimeRate),
            Row("debit-success-rate", T("Auto-debits collected"), FigureKind.Rate, f => f.DebitSuccessRate),
            Row("delinquency-rate", T("Premiums paid late or not at all"), FigureKind.Rate, f => f.DelinquencyRate),
            Row("went-overdue", T("Policies that went into grace"), FigureKind.Count, f => f.WentOverdue),
            Row("lapses", T("Lapses"), FigureKind.Count, f => f.Lapses),
            Row("lapse-rate", T("Lapse rate (of policies covered at the start of the month)"), FigureKind.Rate, f => f.LapseRate),
            Row("notices-sent", T("Notices sent or delivered"), FigureKind.Count, f => f.NoticesSent),
            Row("notices-failed", T("Notices that failed"), FigureKind.Count, f => f.NoticesFailed),
            Row("notice-success-rate", T("Notices sent without a failure"), FigureKind.Rate, f => f.NoticeSuccessRate),
            Row("notices-held", T("Notices held by the check before sending"), FigureKind.Count, f => f.NoticesHeld),
            Row("held-cancelled", T("Held notices cancelled"), FigureKind.Count, f => f.HeldCancelled),
            Row("cases-caused-by-notices", T("Questions and complaints caused by a notice"), FigureKind.Count, f => f.CasesCausedByNotices),
            Row("complaints", T("Complaints received"), FigureKind.Count, f => f.ComplaintsOpened),
            Row("complaint-mttr-hours", T("Mean time to resolve a complaint"), FigureKind.Hours, f => f.ComplaintMttrHours),
            Row("reinstatement-applications", T("Reinstatement applications"), FigureKind.Count, f => f.ReinstatementApplications),
            Row("reinstatement-referred", T("Referred to underwriting"), FigureKind.Count, f => f.ReinstatementReferred),
            Row("reinstatement-approved", T("Approved by underwriting"), FigureKind.Count, f => f.ReinstatementApproved),
            Row("reinstatement-conversion", T("Applications that led to reinstatement"), FigureKind.Rate, f => f.ReinstatementConversion),
            Row("days-to-reinstate", T("Days from lapse to reinstatement"), FigureKind.Days, f => f.DaysToReinstate),
            Row("claims-closed", T("Claims closed"), FigureKind.Count, f => f.ClaimsClosed),
            Row("claim-days-median", T("Days from claim to close (median)"), FigureKind.Days, f => f.ClaimDaysMedian),
            Row("survey-answers", T("Survey answers"), FigureKind.Count, f => f.SurveyAnswers),
            Row("csat", T("Satisfied (4 or 5 of 5)"), FigureKind.Rate, f => f.Csat),
            Row("nps", T("Net promoter score"), FigureKind.Points, f => f.Nps),
            Row("renewals-settled", T("Renewals settled (renewed, expired or declined)"), FigureKind.Count, f => f.RenewalsSettled),
            Row("renewal-rate", T("Renewal rate"), FigureKind.Rate, f => f.RenewalRate),
        ];
    }

    /// <summary>A value rounded as it is written: shares to a tenth of a point, hours and days to a tenth.</summary>
    public static decimal Shown(FigureKind kind, decimal value) => kind switch
    {
        FigureKind.Rate => Math.Round(value, 3, MidpointRounding.AwayFromZero),
        FigureKind.Hours or FigureKind.Days => Math.Round(value, 1, MidpointRounding.AwayFromZero),
        _ => value,
    };

    public static string Format(FigureKind kind, decimal? value) => value is not { } v ? "—" : kind switch
    {
        FigureKind.Rate => v.ToString("P1", CultureInfo.CurrentCulture),
        FigureKind.Hours => T("{0} h", v.ToString("0.0", CultureInfo.CurrentCulture)),
        FigureKind.Days => T("{0} days", v.ToString("0.0", CultureInfo.CurrentCulture)),
        _ => v.ToString("#,0", CultureInfo.CurrentCulture),
    };

    /// <summary>The change in the figure's own unit: points for shares, a signed count otherwise.</summary>
    public static string FormatChange(FigureKind kind, decimal? change) => change is not { } c ? "—" : kind switch
    {
        FigureKind.Rate => T("{0} points", (c * 100).ToString("+0.0;−0.0;0", CultureInfo.CurrentCulture)),
        FigureKind.Hours => T("{0} h", c.ToString("+0.0;−0.0;0", CultureInfo.CurrentCulture)),
        FigureKind.Days => T("{0} days", c.ToString("+0.0;−0.0;0", CultureInfo.CurrentCulture)),
        _ => c.ToString("+#,0;−#,0;0", CultureInfo.CurrentCulture),
    };

    public static string CauseName(CauseCount c) => c.Cause switch
    {
        LapseCause.Unreachable => T("Could not be reached"),
        LapseCause.FailedDebit => T("Auto-debit failed: {0}", DebitFailureName(c.Debit!.Value.Code())),
        LapseCause.NoAutoDebit => T("No auto-debit, not paid by hand"),
        _ => T("Auto-debit set up, premium not paid"),
    };

    /// <summary>A month as short as a chart's axis needs: "Jun", "6月", "6월".</summary>
    public static string ShortMonth(DateOnly month) => month.ToString(Locale switch { "zh-CN" => "M月", "ko-KR" => "M월", _ => "MMM" }, CultureInfo.CurrentCulture);

    public static string MonthName(DateOnly month) => month.ToString(Locale switch { "zh-CN" => "yyyy年M月", "ko-KR" => "yyyy년 M월", _ => "MMMM yyyy" }, CultureInfo.CurrentCulture);

    /// <summary>The review as CSV: the figures, then the lapse causes and the notices by channel and by stage.</summary>
    public static string Csv(MonthlyReview r)
    {
        var csv = new StringBuilder();
        static string V(decimal? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";
        static string Q(string s) => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        csv.Append("section,key,label,").Append(r.Month.First.ToString("yyyy-MM", CultureInfo.InvariantCulture)).Append(',')
            .Append(r.Before.First.ToString("yyyy-MM", CultureInfo.InvariantCulture)).Append(",change\n");
        foreach (var row in Rows(r))
            csv.Append("figure,").Append(row.Key).Append(',').Append(Q(row.Label)).Append(',').Append(V(row.Month)).Append(',').Append(V(row.Before)).Append(',').Append(V(row.Change)).Append('\n');
        foreach (var c in r.Month.LapseCauses)
            csv.Append("lapse-cause,").Append(c.Cause.ToString().ToLowerInvariant()).Append(c.Debit is { } d ? ":" + d.Code() : "").Append(',').Append(Q(CauseName(c))).Append(',').Append(c.Lapses).Append(",,\n");
        // A channel's or kind's counts and success, one line each, so every line has the same columns.
        foreach (var (section, tallies) in new[] { ("notices-by-channel", r.Month.ByChannel), ("notices-by-stage", r.Month.ByStage) })
        {
            foreach (var t in tallies)
            {
                foreach (var (what, value) in new (string, decimal?)[] { ("sent", t.Sent), ("failed", t.Failed), ("held", t.Held), ("success-rate", t.SuccessRate) })
                    csv.Append(section).Append(',').Append(t.Group).Append(':').Append(what).Append(',').Append(Q(Group(section, t.Group))).Append(',').Append(V(value)).Append(",,\n");
            }
        }
        return csv.ToString();
    }

    public static string Group(string section, string code) =>
        section == "notices-by-channel" ? Channels.Table.TryParse(code, out var ch) ? ChannelName(ch) : code
        : Stages.Table.TryParse(code, out var st) ? StageName(st) : code;

    /// <summary>The review as a PDF set in the CJK font: one line a figure, with the month before and the change.</summary>
    public static byte[] Pdf(MonthlyReview r, LetterRenderer letters, DateOnly today)
    {
        var body = new List<string> { T("Monthly review of {0}, compared with {1}.", MonthName(r.Month.First), MonthName(r.Before.First)) };
        var (open, close, semicolon) = Locale == "zh-CN" ? ("（", "）", "；") : (" (", ")", "; ");
        body.AddRange(Rows(r).Select(row => $"{row.Label}{Colon}{Format(row.Kind, row.Month)}{open}{T("month before")}{Colon}{Format(row.Kind, row.Before)}{semicolon}{T("change")}{Colon}{FormatChange(row.Kind, row.Change)}{close}"));
        if (r.Month.LapseCauses.Count > 0)
            body.Add(T("Why policies lapsed") + Colon + string.Join(ListSeparator, r.Month.LapseCauses.Select(c => $"{CauseName(c)} {c.Lapses}")));
        if (r.Month.ByChannel.Count > 0)
            body.Add(T("Notices delivered by channel") + Colon + string.Join(ListSeparator, r.Month.ByChannel.Select(t => $"{Group("notices-by-channel", t.Group)} {Format(FigureKind.Rate, t.SuccessRate)}")));
        return letters.Render(new Letter(Locale, T("Supervisors"), [], today, $"review-{r.Month.First:yyyy-MM}", "",
            T("Monthly review: {0}", MonthName(r.Month.First)), body));
    }
}
