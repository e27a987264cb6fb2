using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Insights;

/// <summary>What one training found, as the command and the dashboard report it.</summary>
/// <param name="ObservedFrom">The first day of the book's recorded history: installments before it are not cases.</param>
/// <param name="Cutoff">Cases due before it trained the model; those due on or after it tested it.</param>
/// <param name="ModelAuc">On the test cases; null when they hold only one outcome.</param>
/// <param name="RuleAuc">The plain rule "was late last time" on the same test cases.</param>
/// <param name="Decision">beats-rule (deployed), does-not-beat-rule, too-few-cases.</param>
public sealed record LapseModelReport(
    DateTimeOffset TrainedAt,
    DateOnly AsOf,
    DateOnly ObservedFrom,
    int Policies,
    int Cases,
    int TrainCases,
    int TrainLapses,
    int TestCases,
    int TestLapses,
    DateOnly? Cutoff,
    double? ModelAuc,
    double? RuleAuc,
    IReadOnlyList<CalibrationRow> Calibration,
    bool Deployed,
    string Decision,
    double Seconds)
{
    public const string BeatsRule = "beats-rule";
    public const string DoesNotBeatRule = "does-not-beat-rule";
    public const string TooFewCases = "too-few-cases";
}

/// <summary>
/// The lapse-risk model (issue 17): ML.NET's FastTree on the insurer's own history, evaluated on a time split against
/// the plain rule "was late last time", and deployed only when it beats the rule on the newer due dates. The report and
/// the deployed model are kept in the settings table; nothing from a customer's identity goes in.
/// </summary>
public static class LapseRiskModel
{
    public const string ReportKey = "lapse-risk-report";
    public const string ModelKey = "lapse-risk-model";

    /// <summary>The share of cases, by due date, that trains the model; the newer rest tests it.</summary>
    public const double TrainShare = 0.7;

    /// <summary>Fewer lapses (or fewer cases without one) than this among the test cases, and no figure is trusted.</summary>
    public const int MinimumTestOutcomes = 10;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>One case as ML.NET reads it.</summary>
    internal sealed class Row
    {
        public bool Label { get; set; }
        public float[] Features { get; set; } = [];
    }

    internal sealed class Scored
    {
        public float Probability { get; set; }
    }

    /// <summary>The schema of <see cref="Row"/>: the features as one vector of known length.</summary>
    internal static SchemaDefinition Schema()
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, LapseRisk.Features.Count);
        return schema;
    }

    /// <summary>The probabilities the model gives the feature vectors, in order.</summary>
    internal static List<double> Predict(MLContext ml, ITransformer model, IEnumerable<float[]> features) =>
        ml.Data.CreateEnumerable<Scored>(model.Transform(ml.Data.LoadFromEnumerable(features.Select(f => new Row { Features = f }), Schema())), reuseRowObject: false)
            .Select(s => (double)s.Probability).ToList();

    /// <summary>The deployed model, or null when none is in use.</summary>
    internal static async Task<ITransformer?> DeployedAsync(PolicyCareDb db, MLContext ml, CancellationToken cancel)
    {
        if (await db.Settings.AsNoTracking().Where(s => s.Key == ModelKey).Select(s => s.Value).FirstOrDefaultAsync(cancel) is not { } base64) return null;
        using var zip = new MemoryStream(Convert.FromBase64String(base64));
        return ml.Model.Load(zip, out _);
    }

    /// <summary>Trains on the book as of the date, stores the report (and the model, when it beats the rule), and returns the report.</summary>
    public static async Task<LapseModelReport> TrainAsync(Database database, DateOnly asOf, TimeProvider time, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        List<InstallmentCase> cases;
        DateOnly observedFrom;
        int policies;
        await using (var db = database.Open())
        {
            (var histories, observedFrom) = await LapseHistories.LoadAsync(db, asOf, cancel);
            policies = histories.Count;
            cases = histories.SelectMany(h => LapseRisk.Cases(h, observedFrom, asOf)).OrderBy(c => c.Due).ThenBy(c => c.Policy, StringComparer.Ordinal).ToList();
        }
        var cutoff = cases.Count == 0 ? (DateOnly?)null : cases[(int)(cases.Count * TrainShare)].Due;
        var train = cases.Where(c => c.Due < cutoff).ToList();
        var test = cases.Where(c => c.Due >= cutoff).ToList();
        var testLapses = test.Count(c => c.Lapsed);
        byte[]? model = null;
        double? modelAuc = null, ruleAuc = null;
        IReadOnlyList<CalibrationRow> calibration = [];
        var decision = LapseModelReport.TooFewCases;
        if (train.Any(c => c.Lapsed) && train.Any(c => !c.Lapsed) && testLapses >= MinimumTestOutcomes && test.Count - testLapses >= MinimumTestOutcomes)
        {
            var ml = new MLContext(seed: 17);
            var schema = Schema();
            var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = nameof(Row.Label),
                FeatureColumnName = nameof(Row.Features),
                NumberOfLeaves = 16,
                NumberOfTrees = 100,
                MinimumExampleCountPerLeaf = 20,
                LearningRate = 0.1,
                // One thread: the same book gives the same model on any machine.
                NumberOfThreads = 1,
            });
            var trainData = ml.Data.LoadFromEnumerable(train.Select(ToRow), schema);
            var fitted = trainer.Fit(trainData);
            var scores = Predict(ml, fitted, test.Select(c => c.Features));
            var outcomes = test.Select(c => c.Lapsed).ToList();
            modelAuc = ModelEvaluation.Auc(scores, outcomes);
            ruleAuc = ModelEvaluation.Auc(test.Select(c => c.LateLastTime ? 1.0 : 0.0).ToList(), outcomes);
            calibration = ModelEvaluation.Calibration(scores, outcomes);
            decision = modelAuc > ruleAuc ? LapseModelReport.BeatsRule : LapseModelReport.DoesNotBeatRule;
            if (decision == LapseModelReport.BeatsRule)
            {
                using var stream = new MemoryStream();
                ml.Model.Save(fitted, trainData.Schema, stream);
                model = stream.ToArray();
            }
        }
        var report = new LapseModelReport(time.GetUtcNow(), asOf, observedFrom, policies, cases.Count, train.Count, train.Count(c => c.Lapsed),
            test.Count, testLapses, cutoff, modelAuc, ruleAuc, calibration, model is not null, decision, clock.Elapsed.TotalSeconds);
        await using (var db = database.Open())
        {
            await SaveSettingAsync(db, ReportKey, JsonSerializer.Serialize(report, Json), cancel);
            // A model that does not beat the rule on today's evidence is not kept either: an older model's evaluation is no evidence now.
            await SaveSettingAsync(db, ModelKey, model is null ? null : Convert.ToBase64String(model), cancel);
            await db.SaveChangesAsync(cancel);
        }
        return report;
    }

    private static Row ToRow(InstallmentCase c) => new() { Label = c.Lapsed, Features = c.Features };

    /// <summary>The last training's report, or null when the model was never trained.</summary>
    public static async Task<LapseModelReport?> LastReportAsync(PolicyCareDb db, CancellationToken cancel = default) =>
        await db.Settings.AsNoTracking().Where(s => s.Key == ReportKey).Select(s => s.Value).FirstOrDefaultAsync(cancel) is { } json
            ? JsonSerializer.Deserialize<LapseModelReport>(json, Json)
            : null;

    private static async Task SaveSettingAsync(PolicyCareDb db, string key, string? value, CancellationToken cancel)
    {
        var row = await db.Settings.FirstOrDefaultAsync(s => s.Key == key, cancel);
        if (value is null)
        {
            if (row is not null) db.Settings.Remove(row);
        }
        else if (row is null) db.Settings.Add(new SettingRecord { Key = key, Value = value });
        else row.Value = value;
    }
}

/// <summary>Reads every policy's history the model may learn from in a few set-wise queries (no query per policy).</summary>
public static class LapseHistories
{
    private sealed record StatusData(string From, string To);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<(List<PolicyHistory> Histories, DateOnly ObservedFrom)> LoadAsync(PolicyCareDb db, DateOnly asOf, CancellationToken cancel)
    {
        var observedFrom = await db.Timeline.AsNoTracking().MinAsync(t => (DateOnly?)t.On, cancel) ?? asOf;
        var policies = await db.Policies.AsNoTracking()
            .Select(p => new { p.Number, p.ProductCode, p.Start, p.Frequency, p.Premium, p.HolderId, p.Status, p.MandateActive })
            .ToListAsync(cancel);
        var births = await db.Customers.AsNoTracking().Where(c => c.BirthDate != null).Select(c => new { c.Id, c.BirthDate })
            .ToDictionaryAsync(c => c.Id, c => c.BirthDate, StringComparer.Ordinal, cancel);
        var statuses = (await db.Timeline.AsNoTracking().Where(t => t.Kind == "status" && t.On <= asOf)
                .OrderBy(t => t.On).ThenBy(t => t.Seq).ThenBy(t => t.Id).Select(t => new { t.PolicyNumber, t.On, t.Data }).ToListAsync(cancel))
            .ToLookup(t => t.PolicyNumber, t =>
            {
                var data = JsonSerializer.Deserialize<StatusData>(t.Data, Json)!;
                return new StatusChange(t.On, PolicyStatuses.Parse(data.From), PolicyStatuses.Parse(data.To));
            }, StringComparer.Ordinal);
        var mandateEnded = (await db.Timeline.AsNoTracking().Where(t => t.Kind == "mandate-revoked" && t.On <= asOf)
                .GroupBy(t => t.PolicyNumber).Select(g => new { g.Key, On = g.Max(t => t.On) }).ToListAsync(cancel))
            .ToDictionary(m => m.Key, m => m.On, StringComparer.Ordinal);
        var failures = (await db.DebitRejections.AsNoTracking().Where(r => r.On <= asOf).Select(r => new { r.PolicyNumber, r.On, r.Reason }).ToListAsync(cancel))
            .ToLookup(r => r.PolicyNumber, r => (r.On, r.Reason), StringComparer.Ordinal);
        var undelivered = (await db.Notices.AsNoTracking().Where(n => n.Status == NoticeStatus.Failed && n.PlannedOn <= asOf && n.PolicyNumber != "")
                .Select(n => new { n.PolicyNumber, n.PlannedOn }).ToListAsync(cancel))
            .ToLookup(n => n.PolicyNumber, n => n.PlannedOn, StringComparer.Ordinal);
        var cases = (await db.Cases.AsNoTracking().Where(c => (c.Type == "complaint" || c.Type == "tracing") && c.OpenedOn <= asOf)
                .Select(c => new { c.PolicyNumber, c.Type, c.OpenedOn, c.ClosedAt }).ToListAsync(cancel))
            .ToLookup(c => (c.PolicyNumber, c.Type), c => new OpenSpell(c.OpenedOn, c.ClosedAt is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : null));
        var contactChanges = (await db.Endorsements.AsNoTracking().Where(e => (e.Kind == "mobile" || e.Kind == "email") && e.EffectiveOn <= asOf)
                .Select(e => new { e.PolicyNumber, e.EffectiveOn }).ToListAsync(cancel))
            .ToLookup(e => e.PolicyNumber, e => e.EffectiveOn, StringComparer.Ordinal);

        // Premium size is read against the median of the same product: one currency, one kind of cover.
        var medians = policies.GroupBy(p => p.ProductCode).ToDictionary(g => g.Key, g =>
        {
            var yearly = g.Select(p => p.Premium * 12 / p.Frequency.Months()).Order().ToList();
            return yearly[yearly.Count / 2];
        });
        var histories = policies.Select(p => new PolicyHistory(
            p.Number, p.Start, p.Frequency,
            medians[p.ProductCode] > 0 ? p.Premium * 12 / p.Frequency.Months() / medians[p.ProductCode] : 1m,
            births.GetValueOrDefault(p.HolderId), p.Status, p.MandateActive, mandateEnded.TryGetValue(p.Number, out var ended) ? ended : null,
            statuses[p.Number].ToList(), failures[p.Number].ToList(), undelivered[p.Number].ToList(),
            cases[(p.Number, "complaint")].ToList(), cases[(p.Number, "tracing")].ToList(), contactChanges[p.Number].ToList())).ToList();
        return (histories, observedFrom);
    }
}
