using System.Diagnostics;
using PolicyCare.Insights;
using PolicyCare.Simulation;
using PolicyCare.Storage;

namespace PolicyCare.Bench;

/// <summary>
/// The lapse-risk model at scale: a generated book with 18 months of payment history (persistent lateness, lapses that
/// follow from it with noise), then `policycare insights train`'s work — reading the history, building the cases,
/// training and testing — timed, with the figures the command reports.
/// </summary>
public static class LapseModelBench
{
    public static readonly DateOnly HistoryFrom = new(2025, 6, 1);
    public static readonly DateOnly AsOf = new(2026, 12, 1);

    public static async Task<int> RunAsync(Database database, int policies)
    {
        if (!await Steps.MigrateEmptyAsync(database)) return 2;
        var report = new Report();
        report.Machine();
        report.Line($"database: {database.Describe()}, {policies:N0} policies, history {HistoryFrom:yyyy-MM-dd} to {AsOf:yyyy-MM-dd}");
        var clock = Stopwatch.StartNew();
        await new GeneratedBook(policies, HistoryFrom).LoadAsync(database);
        report.Figure("load the book (JSON import)", clock.Elapsed, policies, "policies");
        clock.Restart();
        var (changes, failures) = await LapseHistory.WriteAsync(database, HistoryFrom, AsOf, seed: 42);
        report.Figure($"write the history ({changes:N0} status changes, {failures:N0} failed debits)", clock.Elapsed, policies, "policies");
        var before = Process.GetCurrentProcess().PeakWorkingSet64;
        clock.Restart();
        var r = await LapseRiskModel.TrainAsync(database, AsOf, TimeProvider.System);
        report.Figure($"train and test ({r.Cases:N0} installments)", clock.Elapsed, r.Cases, "installments");
        report.Line($"train: {r.TrainCases:N0} due before {r.Cutoff:yyyy-MM-dd}, {r.TrainLapses:N0} lapsed; test: {r.TestCases:N0}, {r.TestLapses:N0} lapsed");
        report.Line($"AUC on the test period: model {r.ModelAuc:0.000}, rule 'was late last time' {r.RuleAuc:0.000}; {r.Decision}");
        report.Line("calibration (test period): decile, cases, predicted, observed");
        foreach (var row in r.Calibration) report.Line($"  {row.Decile,2} {row.Cases,9:N0} {row.MeanPredicted,8:0.0%} {row.ObservedRate,8:0.0%}");
        report.Line($"peak working set: {before / 1024 / 1024:N0} MiB before training, {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MiB after");
        return 0;
    }
}
