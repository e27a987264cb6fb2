using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Bench;
using PolicyCare.Notices;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Delinquency;

/// <summary>
/// The daily cycle split across server processes: 1, 2 and 4 real <c>policycare cycle</c> processes
/// against one PostgreSQL database, each claiming shares of the day with SKIP LOCKED, decide exactly
/// what one process decides on SQLite, row for row.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ScaleOutTests(PostgresServer postgres) : IDisposable
{
    private static readonly DateOnly FirstDay = new(2026, 6, 1);
    private const int Policies = 1_200;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task OneTwoAndFourProcesses_OnPostgres_DecideExactlyAsOneProcessOnSqlite()
    {
        var reference = await RunAsync(_temp.Sqlite(), processes: 1);
        Assert.Contains("lapsed", reference.Policies);
        Assert.Contains("\tgrace\t", reference.Policies);
        Assert.True(reference.NoticeCount > 100, $"the book should produce notices, got {reference.NoticeCount}");

        foreach (var processes in new[] { 1, 2, 4 })
        {
            var database = Database.FromSetting(await postgres.CreateDatabaseAsync());
            var outcome = await RunAsync(database, processes);
            Assert.Equal(reference.Policies, outcome.Policies);
            Assert.Equal(reference.Timeline, outcome.Timeline);
            Assert.Equal(reference.Notices, outcome.Notices);
            Assert.Equal(reference.Cases, outcome.Cases);
            Assert.Equal(reference.Days, outcome.Days);

            await using var db = database.Open();
            Assert.Empty(await EvidenceLog.VerifyAsync(db));
            if (processes > 1)
            {
                // The work really was shared: more than one process completed shares of the heavy first day.
                var claimants = await db.CyclePartitions.Where(p => p.BusinessDate == FirstDay).Select(p => p.ClaimedBy).Distinct().CountAsync();
                Assert.True(claimants > 1, $"{processes} processes, but only {claimants} claimed shares of the first day");
            }
        }
    }

    private sealed record Outcome(string Policies, string Timeline, string Notices, string Cases, string Days, int NoticeCount);

    private static async Task<Outcome> RunAsync(Database database, int processes)
    {
        await database.MigrateAsync();
        await new GeneratedBook(Policies, FirstDay, seed: 7).LoadAsync(database);
        // The first day reviews every policy; then a month and a half of ordinary days, caught up in one run.
        await RunProcessesAsync(database, processes, FirstDay);
        await RunProcessesAsync(database, processes, FirstDay.AddDays(45));
        return await SnapshotAsync(database);
    }

    private static async Task RunProcessesAsync(Database database, int processes, DateOnly through)
    {
        var date = through.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var running = Enumerable.Range(0, processes).Select(_ => Cli(database.ConnectionString, "cycle", "--date", date)).ToList();
        foreach (var process in running)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            Assert.True(process.ExitCode == 0, $"policycare cycle exited {process.ExitCode}: {await output}\n{await errors}");
        }
    }

    /// <summary>The server's own command line, as an operator would start it on another machine.</summary>
    private static Process Cli(string connection, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // The processes of one installation share its key ring, and with it the key that seals the evidence.
        start.Environment["POLICYCARE_KEYS"] = PolicyCare.Notices.EvidenceKey.Default.Folder;
        var folder = AppContext.BaseDirectory;
        // The server project is built next to the tests, with its own runtime config and dependency list.
        start.ArgumentList.Add(Path.Combine(folder, "policycare.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--db");
        start.ArgumentList.Add(connection);
        return Process.Start(start)!;
    }

    private static async Task<Outcome> SnapshotAsync(Database database)
    {
        await using var db = database.Open();
        var policies = (await db.Policies.AsNoTracking().OrderBy(p => p.Number).ToListAsync())
            .Select(p => string.Join('\t', p.Number, p.Status.Code(), p.StatusSince, p.InstallmentsBilled, p.Applied.ToString("0.00", CultureInfo.InvariantCulture),
                p.Credit.ToString("0.00", CultureInfo.InvariantCulture), p.InterestCollected.ToString("0.00", CultureInfo.InvariantCulture), p.MandateActive,
                p.FailedDebitOn, p.FailedDebitCount, p.LapsedOn, p.OnTimeStreak, p.Points, p.NextReviewOn));
        var timeline = (await db.Timeline.AsNoTracking().ToListAsync())
            .Select(t => $"{t.PolicyNumber}\t{t.On:yyyy-MM-dd}\t{t.Seq}\t{t.Kind}\t{t.Data}").Order(StringComparer.Ordinal);
        var notices = await db.Notices.AsNoTracking().ToListAsync();
        var noticeLines = notices
            .Select(n => string.Join('\t', n.IdempotencyKey, n.PolicyNumber, n.Stage.Code(), n.Channel.Code(), n.Recipient, n.Locale, n.PlannedOn, n.SendAfter.UtcDateTime.ToString("O"), n.Status.Code(), n.Text))
            .Order(StringComparer.Ordinal);
        var cases = (await db.Cases.AsNoTracking().ToListAsync()).Select(c => $"{c.Key}\t{c.Type}\t{c.PolicyNumber}\t{c.OpenedOn}\t{c.Status}").Order(StringComparer.Ordinal);
        var days = (await db.CycleRuns.AsNoTracking().OrderBy(r => r.BusinessDate).ToListAsync())
            .Select(r => $"{r.BusinessDate:yyyy-MM-dd}\t{r.PoliciesReviewed}\t{r.NoticesPlanned}");
        return new Outcome(string.Join('\n', policies), string.Join('\n', timeline), string.Join('\n', noticeLines), string.Join('\n', cases),
            string.Join('\n', days), notices.Count);
    }
}
