using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.ML;
using PolicyCare.Delinquency;
using PolicyCare.Storage;

namespace PolicyCare.Insights;

/// <summary>A policy's lapse-risk score of the night: for its agent, never shown to the customer.</summary>
public sealed class LapseScoreRecord
{
    public required string PolicyNumber { get; set; }
    public DateOnly ScoredOn { get; set; }
    public double Probability { get; set; }
    public required RiskTier Tier { get; set; }
    /// <summary>In the control group: keeps the standard cadence whatever the score.</summary>
    public bool Control { get; set; }
    /// <summary>
    /// What the worklist orders by: the probability times the yearly premium against the product's median — the premium
    /// likely to be lost, comparable across currencies.
    /// </summary>
    public double Priority { get; set; }
    /// <summary>The top reasons as JSON: <c>[{feature, value, effect}]</c>.</summary>
    public string Factors { get; set; } = "[]";
}

internal sealed class LapseScoreConfiguration : IEntityTypeConfiguration<LapseScoreRecord>
{
    public void Configure(EntityTypeBuilder<LapseScoreRecord> b)
    {
        b.ToTable("lapse_scores");
        b.HasKey(s => s.PolicyNumber);
        b.HasOne<Policies.PolicyRecord>().WithMany().HasForeignKey(s => s.PolicyNumber).OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.Tier).HasConversion(t => t.ToString().ToLowerInvariant(), s => Enum.Parse<RiskTier>(s, true)).HasMaxLength(10);
        b.HasIndex(s => s.Tier);
        b.HasIndex(s => s.Priority);
    }
}

/// <summary>
/// A policy's tier and group when it was first scored in a month, and whether it lapsed in the 90 days after: what the
/// dashboard compares to measure the extra reminders (the high tier with them against the control group without).
/// </summary>
public sealed class RiskCohortRecord
{
    public required string PolicyNumber { get; set; }
    /// <summary>The first day of the month the policy was scored in.</summary>
    public DateOnly Month { get; set; }
    public DateOnly ScoredOn { get; set; }
    public required RiskTier Tier { get; set; }
    public bool Control { get; set; }
    /// <summary>
    /// Lapsed within <see cref="LapseRisk.LabelDays"/> days after <see cref="ScoredOn"/> (the model's own label): null until
    /// known — at the lapse, or once the days are over without one.
    /// </summary>
    public bool? Lapsed { get; set; }
}

internal sealed class RiskCohortConfiguration : IEntityTypeConfiguration<RiskCohortRecord>
{
    public void Configure(EntityTypeBuilder<RiskCohortRecord> b)
    {
        b.ToTable("lapse_risk_cohorts");
        b.HasKey(c => new { c.PolicyNumber, c.Month });
        b.Property(c => c.Tier).HasConversion(t => t.ToString().ToLowerInvariant(), s => Enum.Parse<RiskTier>(s, true)).HasMaxLength(10);
        b.HasIndex(c => c.ScoredOn);
    }
}

/// <summary>A tier's lapse rate with the cadence it had: the extra reminders, or the standard cadence of the control group.</summary>
/// <param name="Policies">Scored in the tier at least <see cref="LapseRisk.LabelDays"/> days ago, so the outcome is known.</param>
public sealed record CohortOutcome(RiskTier Tier, bool Control, int Policies, int Lapsed)
{
    public double Rate => Policies == 0 ? 0 : Lapsed / (double)Policies;
}

/// <summary>
/// The nightly scores: every policy in force or in grace scored by the deployed model with what is known at the end of
/// the day, put in a tier, explained by its top reasons, and marked when it is in the control group.
/// </summary>
public static class LapseScores
{
    public const string ThresholdsKey = "lapse-risk-tiers";
    public const string ControlShareKey = "lapse-risk-control-share";
    public const int DefaultControlShare = 10;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The insurer's tier thresholds ("medium,high" probabilities, e.g. "0.1,0.3"), else the defaults.</summary>
    public static async Task<(RiskThresholds Thresholds, int ControlShare)> SettingsAsync(PolicyCareDb db, CancellationToken cancel)
    {
        var settings = await db.Settings.AsNoTracking().Where(s => s.Key == ThresholdsKey || s.Key == ControlShareKey).ToDictionaryAsync(s => s.Key, s => s.Value, cancel);
        var thresholds = new RiskThresholds();
        if (settings.TryGetValue(ThresholdsKey, out var t) && t.Split(',') is [var m, var h]
            && double.TryParse(m, CultureInfo.InvariantCulture, out var medium) && double.TryParse(h, CultureInfo.InvariantCulture, out var high) && 0 < medium && medium < high && high < 1)
            thresholds = new RiskThresholds(medium, high);
        var share = settings.TryGetValue(ControlShareKey, out var c) && int.TryParse(c, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 50 ? n : DefaultControlShare;
        return (thresholds, share);
    }

    /// <returns>How many policies were scored; none (and no scores kept) while no model is in use.</returns>
    public static async Task<int> ScoreAsync(Database database, DateOnly today, CancellationToken cancel = default)
    {
        await using var db = database.Open();
        var ml = new MLContext(seed: 17);
        if (await LapseRiskModel.DeployedAsync(db, ml, cancel) is not { } model)
        {
            await db.Set<LapseScoreRecord>().ExecuteDeleteAsync(cancel);
            return 0;
        }
        var (thresholds, controlShare) = await SettingsAsync(db, cancel);
        var (histories, _) = await LapseHistories.LoadAsync(db, today, cancel);
        // What is known at the end of the day, as if the next premium fell due tomorrow.
        var open = histories.Where(h => LapseRisk.StatusOn(h, today) is PolicyStatus.InForce or PolicyStatus.Grace)
            .Select(h => (h.Number, Features: LapseRisk.FeaturesOn(h, today.AddDays(1)), h.PremiumRelative)).ToList();
        var scores = LapseRiskModel.Predict(ml, model, open.Select(p => p.Features));
        // Reasons for those an agent will look at: each reason taken away in turn, all scored in one pass.
        var explained = open.Select((p, i) => (p, i)).Where(x => thresholds.TierOf(scores[x.i]) != RiskTier.Low)
            .SelectMany(x => RiskExplanation.Variants(x.p.Features).Select(v => (Policy: x.i, v.Index, v.Without))).ToList();
        var without = LapseRiskModel.Predict(ml, model, explained.Select(e => e.Without));
        var reasons = explained.Select((e, k) => (e.Policy, e.Index, Score: without[k])).ToLookup(e => e.Policy, e => (e.Index, e.Score));

        await using var transaction = await db.Database.BeginTransactionAsync(cancel);
        var heightenedBefore = await HeightenedAsync(db, cancel);
        await db.Set<LapseScoreRecord>().ExecuteDeleteAsync(cancel);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var tonight = new List<LapseScoreRecord>(open.Count);
        for (var i = 0; i < open.Count; i++)
        {
            tonight.Add(new LapseScoreRecord
            {
                PolicyNumber = open[i].Number, ScoredOn = today, Probability = Math.Round(scores[i], 4), Tier = thresholds.TierOf(scores[i]),
                Priority = Math.Round(scores[i] * (double)open[i].PremiumRelative, 4),
                Control = RiskExplanation.InControlGroup(open[i].Number, controlShare),
                Factors = JsonSerializer.Serialize(RiskExplanation.TopFactors(open[i].Features, scores[i], reasons[i]), Json),
            });
        }
        db.AddRange(tonight);
        await RecordCohortsAsync(db, today, tonight, histories, cancel);
        await db.SaveChangesAsync(cancel);
        await ReviewChangedAttentionAsync(db, today, heightenedBefore, tonight, cancel);
        await transaction.CommitAsync(cancel);
        return open.Count;
    }

    /// <summary>The policies whose cadence the scores heighten (<see cref="RiskAttention.For"/>): high risk, outside the control group.</summary>
    public static async Task<HashSet<string>> HeightenedAsync(PolicyCareDb db, CancellationToken cancel, IReadOnlyCollection<string>? among = null)
    {
        var high = db.LapseScores.AsNoTracking().Where(s => s.Tier == RiskTier.High);
        if (among is not null) high = high.Where(s => among.Contains(s.PolicyNumber));
        var rows = await high.Select(s => new { s.PolicyNumber, s.Tier, s.Control }).ToListAsync(cancel);
        return rows.Where(r => RiskAttention.For(r.Tier, r.Control) == Attention.Heightened).Select(r => r.PolicyNumber).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// A policy whose cadence changes tonight is visited by tomorrow's cycle, which plans its next review with the new
    /// cadence (a reminder before the due date it would otherwise skip, or no longer).
    /// </summary>
    private static async Task ReviewChangedAttentionAsync(PolicyCareDb db, DateOnly today, HashSet<string> before, List<LapseScoreRecord> tonight, CancellationToken cancel)
    {
        var after = tonight.Where(s => RiskAttention.For(s.Tier, s.Control) == Attention.Heightened).Select(s => s.PolicyNumber).ToHashSet(StringComparer.Ordinal);
        var changed = before.ToHashSet(StringComparer.Ordinal);
        changed.SymmetricExceptWith(after);
        if (changed.Count == 0) return;
        var tomorrow = today.AddDays(1);
        foreach (var chunk in changed.Chunk(1000))
            await db.Policies.Where(p => chunk.Contains(p.Number) && p.NextReviewOn != null && p.NextReviewOn > tomorrow)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.NextReviewOn, tomorrow), cancel);
    }

    /// <summary>
    /// Each policy's first score of the month joins that month's cohort with its tier and group; one whose outcome is
    /// open learns it from the same history the model learns from — lapsed, or not once its 90 days are over (also after
    /// nights without scores).
    /// </summary>
    private static async Task RecordCohortsAsync(PolicyCareDb db, DateOnly today, List<LapseScoreRecord> tonight, List<PolicyHistory> histories, CancellationToken cancel)
    {
        var month = new DateOnly(today.Year, today.Month, 1);
        var cohorts = db.Set<RiskCohortRecord>();
        var joined = (await cohorts.AsNoTracking().Where(c => c.Month == month).Select(c => c.PolicyNumber).ToListAsync(cancel)).ToHashSet(StringComparer.Ordinal);
        cohorts.AddRange(tonight.Where(s => !joined.Contains(s.PolicyNumber))
            .Select(s => new RiskCohortRecord { PolicyNumber = s.PolicyNumber, Month = month, ScoredOn = today, Tier = s.Tier, Control = s.Control }));

        // Only a policy that lapsed since the oldest open cohort can settle one as lapsed: those are read, not the whole cohort.
        if (await cohorts.Where(c => c.Lapsed == null && c.ScoredOn < today).MinAsync(c => (DateOnly?)c.ScoredOn, cancel) is not { } oldest) return;
        var lapsed = histories.Where(h => h.StatusChanges.Any(c => c.To == PolicyStatus.Lapsed && c.On > oldest)).ToDictionary(h => h.Number, StringComparer.Ordinal);
        foreach (var chunk in lapsed.Keys.Chunk(1000))
        {
            var open = await cohorts.AsNoTracking().Where(c => c.Lapsed == null && c.ScoredOn < today && chunk.Contains(c.PolicyNumber))
                .Select(c => new { c.PolicyNumber, c.Month, c.ScoredOn }).ToListAsync(cancel);
            // A night's lapses are few: one update each; the policies whose days ran out, one update for all.
            foreach (var c in open.Where(c => LapseRisk.LapsedWithin(lapsed[c.PolicyNumber], c.ScoredOn)))
                await cohorts.Where(x => x.PolicyNumber == c.PolicyNumber && x.Month == c.Month).ExecuteUpdateAsync(u => u.SetProperty(x => x.Lapsed, true), cancel);
        }
        var over = today.AddDays(-LapseRisk.LabelDays);
        await cohorts.Where(c => c.Lapsed == null && c.ScoredOn <= over).ExecuteUpdateAsync(u => u.SetProperty(c => c.Lapsed, false), cancel);
    }

    /// <summary>
    /// The lapse rate of each tier with the extra reminders and without (the control group), over the cohorts whose 90
    /// days are over; and how many are still being watched. Counted by the database.
    /// </summary>
    public static async Task<(IReadOnlyList<CohortOutcome> Known, int Watching, DateOnly? FirstKnownOn)> CohortOutcomesAsync(PolicyCareDb db, DateOnly today, CancellationToken cancel)
    {
        var c = await CohortsAsync(db, today, cancel);
        return (c.Known, c.Watching, c.FirstKnownOn);
    }

    /// <summary>The same, with how many of those being watched are at high risk with the extra reminders and in the control group.</summary>
    public static async Task<(IReadOnlyList<CohortOutcome> Known, int Watching, DateOnly? FirstKnownOn, int WatchingHeightened, int WatchingHighControl)> CohortsAsync(PolicyCareDb db, DateOnly today, CancellationToken cancel)
    {
        var cutoff = today.AddDays(-LapseRisk.LabelDays);
        var cohorts = db.Set<RiskCohortRecord>().AsNoTracking();
        var known = await cohorts.Where(c => c.ScoredOn <= cutoff)
            .GroupBy(c => new { c.Tier, c.Control })
            .Select(g => new { g.Key.Tier, g.Key.Control, Policies = g.Count(), Lapsed = g.Count(c => c.Lapsed == true) })
            .ToListAsync(cancel);
        var watching = await cohorts.Where(c => c.ScoredOn > cutoff).GroupBy(c => new { High = c.Tier == RiskTier.High, c.Control })
            .Select(g => new { g.Key.High, g.Key.Control, Count = g.Count() }).ToListAsync(cancel);
        var first = await cohorts.MinAsync(c => (DateOnly?)c.ScoredOn, cancel);
        return (known.Select(k => new CohortOutcome(k.Tier, k.Control, k.Policies, k.Lapsed)).OrderByDescending(k => k.Tier).ThenBy(k => k.Control).ToList(),
            watching.Sum(w => w.Count), first?.AddDays(LapseRisk.LabelDays),
            watching.Where(w => w.High && !w.Control).Sum(w => w.Count), watching.Where(w => w.High && w.Control).Sum(w => w.Count));
    }

    /// <summary>The top reasons of a score as stored.</summary>
    public static IReadOnlyList<RiskFactor> FactorsOf(LapseScoreRecord score) => JsonSerializer.Deserialize<List<RiskFactor>>(score.Factors, Json) ?? [];
}
