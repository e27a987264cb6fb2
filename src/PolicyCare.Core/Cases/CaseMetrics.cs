namespace PolicyCare.Cases;

/// <summary>What the metrics need of one case.</summary>
/// <param name="WaitingForCustomer">Time the case waited for the customer's answer, not counted against the insurer.</param>
/// <param name="ResolvedAtFirstContact">Answered during the contact that opened it (a call answered on the phone).</param>
/// <param name="AnswerBy">The deadline the case had when it was answered (or has now).</param>
public sealed record CaseOutcome(string Customer, CaseKind Kind, CaseCategory Category, CaseChannel Channel,
    DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt, TimeSpan WaitingForCustomer, bool ResolvedAtFirstContact, int Reopened,
    DateOnly AnswerBy, DateOnly? AnsweredOn);

/// <summary>The figures of one group of cases (all, a category, a channel). Shares are 0–1, null when nothing is counted.</summary>
/// <param name="MttrHours">Mean time to resolve, opening to close, in hours.</param>
/// <param name="MttrHoursOwn">The same less the time waiting for the customer: the insurer's own time.</param>
public sealed record CaseFigures(string Group, int Opened, int Closed, decimal? MttrHours, decimal? MttrHoursOwn,
    decimal? FirstContactResolution, decimal? ReopenRate, decimal? OnTime, int OpenOverdue);

public sealed record CaseMetricsReport(CaseFigures All, decimal? ComplaintsPer10000Policies,
    IReadOnlyList<CaseFigures> ByCategory, IReadOnlyList<CaseFigures> ByChannel);

/// <summary>
/// The service figures the seeds ask for. MTTR is the mean of opening to close, with and without the
/// time waiting for the customer. First-contact resolution: a closed case counts when it was answered
/// at the first contact, or when the same customer raised nothing more in the same category within
/// <see cref="RepeatWindowDays"/> days of its close and it was not reopened; a case closed less than that
/// long ago (and not answered at the first contact) is not judged yet. Reopen rate: the closed cases
/// reopened at least once. On time: answered on or before the deadline, of those answered. Complaints
/// per 10,000 policies: the complaints opened over the policies in force.
/// </summary>
public static class CaseMetrics
{
    public const int RepeatWindowDays = 7;

    /// <param name="cases">The cases opened in the period (whatever became of them since).</param>
    /// <param name="later">Every case opened from the period's start on, to find repeat contacts after a close.</param>
    public static CaseMetricsReport Of(IReadOnlyCollection<CaseOutcome> cases, IReadOnlyCollection<CaseOutcome> later, int policiesInForce, DateOnly today)
    {
        var repeats = later.ToLookup(c => (c.Customer, c.Category));
        CaseFigures Figures(string group, IReadOnlyCollection<CaseOutcome> of) => Compute(group, of, repeats, today);
        var complaints = cases.Count(c => c.Kind == CaseKind.Complaint);
        return new CaseMetricsReport(
            Figures("all", cases),
            policiesInForce == 0 ? null : Math.Round(10_000m * complaints / policiesInForce, 2, MidpointRounding.AwayFromZero),
            cases.GroupBy(c => c.Category).OrderBy(g => g.Key).Select(g => Figures(CaseCodes.Categories.Code(g.Key), g.ToList())).ToList(),
            cases.GroupBy(c => c.Channel).OrderBy(g => g.Key).Select(g => Figures(CaseCodes.Channels.Code(g.Key), g.ToList())).ToList());
    }

    /// <summary>Whether a closed case counts as resolved at first contact; null while its repeat window is still open.</summary>
    public static bool? FirstContactResolved(CaseOutcome c, ILookup<(string, CaseCategory), CaseOutcome> repeats, DateOnly today)
    {
        if (c.ClosedAt is not { } closed) return null;
        if (c.Reopened > 0) return false;
        if (c.ResolvedAtFirstContact) return true;
        var windowEnd = closed.AddDays(RepeatWindowDays);
        var repeated = repeats[(c.Customer, c.Category)].Any(o => o.OpenedAt > closed && o.OpenedAt <= windowEnd);
        if (repeated) return false;
        return DateOnly.FromDateTime(windowEnd.UtcDateTime) < today ? true : null;
    }

    private static CaseFigures Compute(string group, IReadOnlyCollection<CaseOutcome> cases, ILookup<(string, CaseCategory), CaseOutcome> repeats, DateOnly today)
    {
        var closed = cases.Where(c => c.ClosedAt is not null).ToList();
        decimal? Hours(Func<CaseOutcome, TimeSpan> time) => closed.Count == 0 ? null
            : Math.Round((decimal)closed.Average(c => Math.Max(0, time(c).TotalHours)), 1, MidpointRounding.AwayFromZero);
        var judged = closed.Select(c => FirstContactResolved(c, repeats, today)).OfType<bool>().ToList();
        var answered = cases.Where(c => c.AnsweredOn is not null).ToList();
        return new CaseFigures(group, cases.Count, closed.Count,
            Hours(c => c.ClosedAt!.Value - c.OpenedAt),
            Hours(c => c.ClosedAt!.Value - c.OpenedAt - c.WaitingForCustomer),
            Share(judged.Count(j => j), judged.Count),
            Share(closed.Count(c => c.Reopened > 0), closed.Count),
            Share(answered.Count(c => c.AnsweredOn <= c.AnswerBy), answered.Count),
            cases.Count(c => c.ClosedAt is null && c.AnswerBy < today));
    }

    private static decimal? Share(int part, int whole) => whole == 0 ? null : Math.Round((decimal)part / whole, 4, MidpointRounding.AwayFromZero);
}

/// <summary>One survey answer: CSAT 1–5 and NPS 0–10.</summary>
public sealed record SurveyAnswer(string Group, int Csat, int Nps);

/// <summary>The survey's figures for a group: CSAT the share of 4s and 5s (0–1), NPS the promoters' share (9–10) less the detractors' (0–6), in points.</summary>
public sealed record SurveyScore(string Group, int Answers, decimal Csat, int Nps);

public static class SurveyScores
{
    public static SurveyScore Of(string group, IReadOnlyCollection<SurveyAnswer> answers) => answers.Count == 0
        ? new SurveyScore(group, 0, 0m, 0)
        : new SurveyScore(group, answers.Count,
            Math.Round((decimal)answers.Count(a => a.Csat >= 4) / answers.Count, 4, MidpointRounding.AwayFromZero),
            (int)Math.Round(100m * (answers.Count(a => a.Nps >= 9) - answers.Count(a => a.Nps <= 6)) / answers.Count, MidpointRounding.AwayFromZero));

    /// <summary>The scores of each group, in the groups' order.</summary>
    public static IReadOnlyList<SurveyScore> ByGroup(IEnumerable<SurveyAnswer> answers) =>
        answers.GroupBy(a => a.Group).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Of(g.Key, g.ToList())).ToList();
}
