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
[Collection(ScaleOutCollection.Name)]
public sealed class ScaleOutTests(PostgresServer postgres, Xunit.Abstractions.ITestOutputHelper output) : IDisposable
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
            // The work really was shared: each process reviews two shares side by side (its lanes), so more than one lane
            // claimed the heavy first day's shares; and with more than one process, more than one claimed shares of the
            // days the processes caught up together. (Not of the first day alone: its 1,200 policies are three groups of
            // shares, which one process's two lanes can finish before another process has started.) A worker is named process/lane.
            var firstDay = await db.CyclePartitions.Where(p => p.BusinessDate == FirstDay).Select(p => p.ClaimedBy!).Distinct().ToListAsync();
            Assert.True(firstDay.Count > 1, $"{processes} processes, but only one lane claimed shares of the first day");
            var claimingProcesses = (await db.CyclePartitions.Where(p => p.BusinessDate > FirstDay).Select(p => p.ClaimedBy!).Distinct().ToListAsync())
                .Select(c => c[..c.LastIndexOf('/')]).Distinct().Count();
            if (processes > 1) Assert.True(claimingProcesses > 1, $"{processes} processes, but only {claimingProcesses} claimed shares");
            else Assert.Equal(1, claimingProcesses);
        }
    }

    /// <summary>
    /// A cycle process killed with SIGKILL in the middle of a share gives the share up the moment its
    /// database session ends: the next process takes it over at once, not after a lease, and the day
    /// comes out as an uninterrupted run makes it, row for row.
    /// </summary>
    [Fact]
    public async Task AProcessKilledMidShare_GivesItUpAtOnce_AndTheDayComesOutTheSame()
    {
        const int policies = 4_000;
        var reference = _temp.Sqlite();
        await reference.MigrateAsync();
        await new GeneratedBook(policies, FirstDay, seed: 11).LoadAsync(reference);
        await new DailyCycleRunner(reference, TimeProvider.System).RunDayAsync(FirstDay);
        var expected = await SnapshotAsync(reference);

        var database = Database.FromSetting(await postgres.CreateDatabaseAsync());
        await database.MigrateAsync();
        await new GeneratedBook(policies, FirstDay, seed: 11).LoadAsync(database);
        // One policy per transaction, so that the process is caught with a share half done.
        using var victim = Cli(database.ConnectionString, "cycle", "--date", FirstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--batch-size", "1");
        CyclePartitionRecord? held = null;
        var looking = Stopwatch.StartNew();
        while (held is null)
        {
            if (victim.HasExited) Assert.Fail($"the cycle process ended ({victim.ExitCode}) before it was stopped: {await victim.StandardOutput.ReadToEndAsync()} {await victim.StandardError.ReadToEndAsync()}");
            Assert.True(looking.Elapsed < TimeSpan.FromMinutes(3), "the cycle process never started a share");
            await using var db = database.Open();
            held = await db.CyclePartitions.AsNoTracking()
                .FirstOrDefaultAsync(p => p.BusinessDate == FirstDay && p.ClaimedBy != null && p.CompletedAt == null && p.PoliciesReviewed > 0 && p.PoliciesReviewed < 10);
            if (held is null) await Task.Delay(5);
        }
        victim.Kill();
        var killed = Stopwatch.StartNew();
        await victim.WaitForExitAsync();

        await using (var db = database.Open())
        {
            var abandoned = await db.CyclePartitions.AsNoTracking().SingleAsync(p => p.BusinessDate == FirstDay && p.Partition == held.Partition);
            Assert.Null(abandoned.CompletedAt);
            Assert.Equal(held.ClaimedBy, abandoned.ClaimedBy);
        }
        var takeover = new DailyCycleRunner(database, TimeProvider.System).RunDayAsync(FirstDay);
        TimeSpan? wait = null;
        while (wait is null && !takeover.IsCompleted)
        {
            await using var db = database.Open();
            var share = await db.CyclePartitions.AsNoTracking().SingleAsync(p => p.BusinessDate == FirstDay && p.Partition == held.Partition);
            if (share.ClaimedBy != held.ClaimedBy) wait = killed.Elapsed;
            else await Task.Delay(5);
        }
        await takeover;
        wait ??= killed.Elapsed;
        output.WriteLine($"share {held.Partition} ({held.PoliciesReviewed} reviewed when killed) taken over {wait.Value.TotalMilliseconds:0} ms after the kill; the day finished {killed.Elapsed.TotalSeconds:0.0} s after it");
        // A timed lease kept a dead process's share for five minutes; the session hands it over at once.
        Assert.True(wait < TimeSpan.FromMinutes(1), $"the share waited {wait} for its dead holder");

        var outcome = await SnapshotAsync(database);
        Assert.Equal(expected.Policies, outcome.Policies);
        Assert.Equal(expected.Timeline, outcome.Timeline);
        Assert.Equal(expected.Notices, outcome.Notices);
        Assert.Equal(expected.Cases, outcome.Cases);
        Assert.Equal(expected.Days, outcome.Days);
        await using (var db = database.Open())
        {
            Assert.Empty(await EvidenceLog.VerifyAsync(db));
            var share = await db.CyclePartitions.AsNoTracking().SingleAsync(p => p.BusinessDate == FirstDay && p.Partition == held.Partition);
            Assert.NotNull(share.CompletedAt);
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
