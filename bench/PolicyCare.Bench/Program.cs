using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Bench;
using PolicyCare.Storage;

// The scale benchmark over one generated book: load, the heavy first day (every policy reviewed)
// measured against the database's own floor and against a plain EF Core loop, ordinary days, a
// bank result file against a plain COPY, and a worker count for the shared cycle.
// Usage: PolicyCare.Bench --policies N --db CONN [--days 30] [--baseline] [--bank-lines 50000] [--api-key KEY] [--no-workers] [--workers-only] [--activity] [--cold-only]
// (--activity: claims and changes of cover through their desks, 30 days of claims open before the heavy day; see BookActivity)
// Or: PolicyCare.Bench --dispatch --policies N --db CONN  (the heavy day's notices through the dispatcher to loopback providers)
// Or: PolicyCare.Bench --lapse-model --policies N --db CONN  (18 months of generated history, then the lapse-risk model's training)
// Or: PolicyCare.Bench --claims N --url URL --api-key KEY --db-name NAME  (the fast track over HTTP against a running server)
if (args.Contains("--claims"))
{
    string Arg(string name) => args.SkipWhile(a => a != name).Skip(1).First();
    return await ClaimBench.RunAsync(Arg("--url"), Arg("--api-key"), int.Parse(Arg("--claims"), CultureInfo.InvariantCulture), Arg("--db-name"));
}
if (args.Contains("--dispatch"))
{
    string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    return await DispatchBench.RunAsync(Database.FromSetting(Value("--db") ?? "Data Source=/tmp/policycare-dispatch.db"),
        int.Parse(Value("--policies") ?? "20000", CultureInfo.InvariantCulture), new Report());
}
if (args.Contains("--lapse-model"))
{
    string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    return await LapseModelBench.RunAsync(Database.FromSetting(Value("--db") ?? "Data Source=/tmp/policycare-lapse.db"),
        int.Parse(Value("--policies") ?? "100000", CultureInfo.InvariantCulture));
}
var options = BenchOptions.Parse(args);
var database = Database.FromSetting(options.Connection);
if (!await Steps.MigrateEmptyAsync(database)) return 2;

var report = new Report();
report.Machine();
report.Line($"database: {database.Describe()}, {options.Policies:N0} policies");

var book = new GeneratedBook(options.Policies, new DateOnly(2026, 6, 1));
var clock = Stopwatch.StartNew();
await book.LoadAsync(database);
report.Figure("load (JSON book import, 5,000 a transaction)", clock.Elapsed, options.Policies, "policies");
if (options.ApiKey is { } key) await Steps.AddApiKeyAsync(database, key);
var activity = options.Activity ? new BookActivity(book) : null;
if (activity is not null) await Steps.ClaimsBeforeTheFirstDayAsync(database, book, activity, report);

var floorRead = database.IsPostgres && !options.ApiBook ? await Floor.ReadInputsAsync(database) : (TimeSpan?)null;
if (floorRead is { } fr) report.Figure("floor: COPY out the cycle's input rows", fr, options.Policies, "policies");

var baselineDb = options.Baseline ? await Steps.CopyDatabaseAsync(database, "baseline") : null;
var workerCopies = new Dictionary<int, Database>();
if (database.IsPostgres && options.Workers)
    foreach (var workers in new[] { 2, 4 }) workerCopies[workers] = await Steps.CopyDatabaseAsync(database, $"workers{workers}");

// The first cycle in a process also pays the JIT compiling the cycle's code (a fifth of both cores
// over a heavy day at 100,000): measured on a copy of the book, so that the heavy day below is what a
// server that has run a cycle before takes. --cold-only measures the first cycle on the book itself.
TimeSpan? cold = null;
if (!options.ApiBook && !options.ColdOnly)
{
    var first = await Steps.CopyDatabaseAsync(database, "first");
    cold = (await Steps.HeavyDayAsync(first, book.AsOf, report, "first cycle in this process, on a copy of the book")).Elapsed;
    await Steps.DropCopyAsync(first);
}
var heavyDay = await Steps.HeavyDayAsync(database, book.AsOf, report, cold is null ? "first cycle in this process" : "a process that has run a cycle before");
var heavy = heavyDay.Elapsed;
// The API's book: the policies as the first cycle leaves them, nothing more (a 1,000,000-policy book in minutes, not an hour).
if (options.ApiBook) return 0;
if (database.IsPostgres)
{
    var written = await Floor.CopyOutputsAsync(database, book.AsOf);
    var floor = floorRead!.Value + written;
    report.Figure("floor: COPY in the rows the cycle wrote, to empty copies", written, 0, "");
    report.Line($"cycle ÷ floor (heavy day): {heavy.TotalSeconds / floor.TotalSeconds:0.0}× (floor {floor.TotalSeconds:0.00}s)"
                + (cold is { } c ? $"; the first cycle in a process: {c.TotalSeconds / floor.TotalSeconds:0.0}×" : ""));
}
if (baselineDb is not null)
{
    var baseline = await PlainEfLoop.RunDayAsync(baselineDb, book.AsOf);
    report.Figure("baseline: plain EF Core loop, heavy day", baseline.Elapsed, baseline.Reviewed, "policies");
    report.Line($"speed-up over the plain EF Core loop: {baseline.Elapsed.TotalSeconds / heavy.TotalSeconds:0.0}×");
}

if (workerCopies.Count > 0) await Steps.WorkersAsync(workerCopies, book.AsOf, options.Policies, report);
if (!options.WorkersOnly)
{
    var (month, monthNotices) = await Steps.OrdinaryDaysAsync(database, book, options.Days, report, activity);
    if (options.Baseline && database.IsPostgres)
        await HangfireBaseline.RunAsync(database, 5_000, heavyDay.NoticesPlanned + monthNotices, heavy + month, report);
    if (options.BankLines > 0) await BankFileBench.RunAsync(database, book, options.BankLines, report);
}
report.Line($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MiB");
return 0;

internal sealed record BenchOptions(int Policies, string Connection, int Days, bool Baseline, int BankLines, string? ApiKey, bool WorkersOnly, bool Workers,
    bool Activity, bool ApiBook, bool ColdOnly)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new BenchOptions(Int("--policies", 100_000), Value("--db") ?? "Data Source=/tmp/policycare-bench.db", Int("--days", 30),
            args.Contains("--baseline"), Int("--bank-lines", 0), Value("--api-key"), args.Contains("--workers-only"), !args.Contains("--no-workers"),
            args.Contains("--activity"), args.Contains("--api-book"), args.Contains("--cold-only"));
    }
}

/// <summary>Prints each figure as it is measured, aligned, so a run reads as the table in docs/performance.md.</summary>
internal sealed class Report
{
    public void Line(string text) => Console.WriteLine(text);

    public void Machine() => Line($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");

    public void Figure(string what, TimeSpan elapsed, long count, string unit) =>
        Console.WriteLine(count > 0
            ? $"{what,-62} {elapsed.TotalSeconds,8:0.00}s  {count / elapsed.TotalSeconds,10:N0} {unit}/s"
            : $"{what,-62} {elapsed.TotalSeconds,8:0.00}s");
}
