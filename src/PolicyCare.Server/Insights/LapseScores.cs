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
        var open = histories.Where(h => h.CurrentStatus is PolicyStatus.InForce or PolicyStatus.Grace)
            .Select(h => (h.Number, Features: LapseRisk.FeaturesOn(h, today.AddDays(1)), h.PremiumRelative)).ToList();
        var scores = LapseRiskModel.Predict(ml, model, open.Select(p => p.Features));
        // Reasons for those an agent will look at: each reason taken away in turn, all scored in one pass.
        var explained = open.Select((p, i) => (p, i)).Where(x => thresholds.TierOf(scores[x.i]) != RiskTier.Low)
            .SelectMany(x => RiskExplanation.Variants(x.p.Features).Select(v => (Policy: x.i, v.Index, v.Without))).ToList();
        var without = LapseRiskModel.Predict(ml, model, explained.Select(e => e.Without));
        var reasons = explained.Select((e, k) => (e.Policy, e.Index, Score: without[k])).ToLookup(e => e.Policy, e => (e.Index, e.Score));

        await using var transaction = await db.Database.BeginTransactionAsync(cancel);
        await db.Set<LapseScoreRecord>().ExecuteDeleteAsync(cancel);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = 0; i < open.Count; i++)
        {
            db.Add(new LapseScoreRecord
            {
                PolicyNumber = open[i].Number, ScoredOn = today, Probability = Math.Round(scores[i], 4), Tier = thresholds.TierOf(scores[i]),
                Priority = Math.Round(scores[i] * (double)open[i].PremiumRelative, 4),
                Control = RiskExplanation.InControlGroup(open[i].Number, controlShare),
                Factors = JsonSerializer.Serialize(RiskExplanation.TopFactors(open[i].Features, scores[i], reasons[i]), Json),
            });
        }
        await db.SaveChangesAsync(cancel);
        await transaction.CommitAsync(cancel);
        return open.Count;
    }

    /// <summary>The top reasons of a score as stored.</summary>
    public static IReadOnlyList<RiskFactor> FactorsOf(LapseScoreRecord score) => JsonSerializer.Deserialize<List<RiskFactor>>(score.Factors, Json) ?? [];
}
