namespace PolicyCare.Claims;

/// <summary>What the insights need of one claim: its dates, its deadline, how it went, and the customer's answer.</summary>
/// <param name="Deadline">The binding legal deadline (the investigation's, else the decision's); null while documents are owed.</param>
/// <param name="PaidOn">The day the bank confirmed the payout; null until then (or without a payout).</param>
public sealed record ClaimOutcome(string Benefit, string Currency, DateOnly Submitted, DateOnly? Complete, DateOnly? Decided, DateOnly? Closed, DateOnly? Deadline,
    bool Withdrawn, string? Route, decimal DelayInterest, DateOnly? PaidOn, int? Csat, int? Nps, string Stage);

/// <summary>
/// How long one part of a claim took, in days: the median and the 90th percentile (nearest rank), over <see cref="Claims"/> claims
/// that got through it. A part's time counts only once it is over, so <see cref="StillIn"/> says how many of the period's claims
/// are in it still (for the documents, the assessment and the whole): a claim waiting for weeks would otherwise not show at all.
/// </summary>
public sealed record StageTime(string Stage, int Claims, int? Median, int? P90, int StillIn = 0);

/// <summary>The survey by benefit: CSAT the mean of 1–5, NPS the promoters' share (9–10) less the detractors' (0–6), in points.</summary>
public sealed record BenefitSatisfaction(string Benefit, int Answers, decimal? Csat, int? Nps);

public sealed record ClaimInsightsReport(IReadOnlyList<StageTime> CycleTimes, IReadOnlyDictionary<string, int> OpenByStage, int Submitted, int Decided,
    int DeadlinesMissed, int FastTracked, IReadOnlyDictionary<string, decimal> DelayInterestPaid, IReadOnlyList<BenefitSatisfaction> Satisfaction)
{
    /// <summary>The share of decided claims the fast track decided, or null with none decided.</summary>
    public decimal? FastTrackShare => Decided == 0 ? null : (decimal)FastTracked / Decided;
}

/// <summary>
/// The claims figures of the seed's review: where claims wait (cycle time per part, median and 90th
/// percentile), the legal deadlines missed, the fast track's share, the delay interest paid, and the
/// customers' satisfaction by benefit.
/// </summary>
public static class ClaimInsights
{
    /// <summary>The parts of a claim timed: waiting for the customer's documents, our assessment, the bank's payment, and the whole.</summary>
    public static readonly string[] Parts = ["documents", "assessment", "payment", "total"];

    /// <param name="claims">The claims submitted in the period (whatever became of them since).</param>
    /// <param name="open">Every claim still open, for where claims wait now.</param>
    /// <param name="surveyed">The claims whose survey was answered in the period: satisfaction belongs to the day the customer
    /// answered (as on the dashboard's "after a claim" row), and most answers come weeks after the claim was submitted.</param>
    /// <param name="due">The claims whose legal deadline fell in the period, whenever they were submitted: a deadline is missed in
    /// the period it fell in (a claim submitted before the period and decided late in it is this period's miss).</param>
    public static ClaimInsightsReport Of(IReadOnlyCollection<ClaimOutcome> claims, IReadOnlyCollection<ClaimOutcome> open, IReadOnlyCollection<ClaimOutcome> surveyed,
        IReadOnlyCollection<ClaimOutcome> due, DateOnly today)
    {
        static int Days(DateOnly from, DateOnly to) => to.DayNumber - from.DayNumber;
        var decided = claims.Where(c => c.Decided is not null).ToList();
        var stillOpen = claims.Where(c => c.Closed is null).ToList();
        var times = new[]
        {
            Time("documents", claims.Where(c => c.Complete is not null).Select(c => Days(c.Submitted, c.Complete!.Value))) with
                { StillIn = stillOpen.Count(c => c.Complete is null) },
            Time("assessment", decided.Where(c => c.Complete is not null).Select(c => Days(c.Complete!.Value, c.Decided!.Value))) with
                { StillIn = stillOpen.Count(c => c.Complete is not null && c.Decided is null) },
            // Not "still in" for the payment: a claim closes when its payout is instructed, and a refusal has none to wait for.
            Time("payment", decided.Where(c => c.PaidOn is not null).Select(c => Days(c.Decided!.Value, c.PaidOn!.Value))),
            Time("total", claims.Where(c => c.Closed is not null && !c.Withdrawn).Select(c => Days(c.Submitted, c.Closed!.Value))) with { StillIn = stillOpen.Count },
        };
        // Missed: decided after the deadline, or still undecided with the deadline gone.
        var missed = due.Count(c => c.Deadline is { } d && (c.Decided is { } on ? on > d : c.Closed is null && today > d));
        var answered = surveyed.Where(c => c.Csat is not null && c.Nps is not null).ToList();
        var satisfaction = answered.GroupBy(c => c.Benefit).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new BenefitSatisfaction(g.Key, g.Count(),
            Math.Round((decimal)g.Average(c => c.Csat!.Value), 1, MidpointRounding.AwayFromZero),
            (int)Math.Round(100m * (g.Count(c => c.Nps >= 9) - g.Count(c => c.Nps <= 6)) / g.Count(), MidpointRounding.AwayFromZero))).ToList();
        return new ClaimInsightsReport(times,
            open.GroupBy(c => c.Stage).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            claims.Count, decided.Count, missed, decided.Count(c => c.Route == "fast-track"),
            decided.Where(c => c.DelayInterest > 0).GroupBy(c => c.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.DelayInterest)),
            satisfaction);
    }

    private static StageTime Time(string stage, IEnumerable<int> days)
    {
        var sorted = days.Order().ToList();
        return new StageTime(stage, sorted.Count, Rank(sorted, 0.5), Rank(sorted, 0.9));
    }

    /// <summary>The nearest-rank percentile: the smallest value with at least that share of the values at or below it.</summary>
    public static int? Rank(IReadOnlyList<int> sorted, double share) =>
        sorted.Count == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(share * sorted.Count) - 1)];
}
