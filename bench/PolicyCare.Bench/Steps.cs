using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Bench;

internal static class Steps
{
    /// <summary>Migrates the database and checks that it holds no policies: every benchmark wants a fresh one.</summary>
    public static async Task<bool> MigrateEmptyAsync(Database database)
    {
        await database.MigrateAsync();
        await using var db = database.Open();
        if (!await db.Policies.AnyAsync()) return true;
        Console.Error.WriteLine($"{database.Describe()} is not empty; give the benchmark a fresh database");
        return false;
    }

    public static async Task AddApiKeyAsync(Database database, string key)
    {
        await using var db = database.Open();
        db.ApiKeys.Add(new ApiKeyRecord { Name = "bench", KeyHash = ApiKeyHandler.Hash(key), Role = Roles.Integrator, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }

    /// <summary>An identical copy of the database as it is now, for a run that must start from the same data.</summary>
    public static async Task<Database> CopyDatabaseAsync(Database database, string suffix)
    {
        if (database.IsPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            var source = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            var target = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = source.Database + "_" + suffix };
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "postgres" }.ConnectionString);
            await admin.OpenAsync();
            await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {target.Database}", admin)) await drop.ExecuteNonQueryAsync();
            await using (var create = new NpgsqlCommand($"CREATE DATABASE {target.Database} TEMPLATE {source.Database}", admin)) await create.ExecuteNonQueryAsync();
            return Database.FromSetting(target.ConnectionString);
        }
        SqliteConnection.ClearAllPools();
        var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        var copy = file + "." + suffix;
        File.Copy(file, copy, overwrite: true);
        return Database.FromSetting($"Data Source={copy}");
    }

    /// <summary>CPU time all cores have spent busy since boot (Linux's /proc/stat); zero elsewhere.</summary>
    private static TimeSpan MachineBusy()
    {
        if (!File.Exists("/proc/stat")) return TimeSpan.Zero;
        // cpu  user nice system idle iowait irq softirq steal …, in clock ticks (100 a second)
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6];
        return TimeSpan.FromSeconds(busy / 100.0);
    }

    public static async Task DropCopyAsync(Database copy)
    {
        if (!copy.IsPostgres)
        {
            SqliteConnection.ClearAllPools();
            File.Delete(new SqliteConnectionStringBuilder(copy.ConnectionString).DataSource);
            return;
        }
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(copy.ConnectionString).Database;
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(copy.ConnectionString) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name}", admin);
        await drop.ExecuteNonQueryAsync();
    }

    public static async Task<CycleDayReport> HeavyDayAsync(Database database, DateOnly date, Report report, string which)
    {
        var runner = new DailyCycleRunner(database, TimeProvider.System);
        var (machine, own) = (MachineBusy(), System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime);
        var day = await runner.RunDayAsync(date);
        (machine, own) = (MachineBusy() - machine, System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - own);
        await using var db = database.Open();
        var timeline = await db.Timeline.CountAsync(t => t.On == date);
        var evidence = await db.Evidence.CountAsync();
        var written = day.PoliciesReviewed + timeline + day.NoticesPlanned + evidence + day.CasesOpened;
        report.Figure($"heavy day ({which}): cycle, {day.StatusChanges:N0} status changes, {day.NoticesPlanned:N0} notices", day.Elapsed, day.PoliciesReviewed, "policies");
        report.Line($"  peak working set so far (load and heavy day): {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MiB");
        if (day.ClaimsReviewed > 0) report.Line($"  claims whose clocks it looked at: {day.ClaimsReviewed:N0}");
        report.Line($"  reading {day.Phases.Reading.TotalSeconds:0.00}s, deciding {day.Phases.Deciding.TotalSeconds:0.00}s, writing {day.Phases.Writing.TotalSeconds:0.00}s");
        // The wall time moves with whatever else the machine's cores do; the CPU spent is steadier.
        if (machine > TimeSpan.Zero)
            report.Line($"  CPU: this process {own.TotalSeconds:0.00}s, the whole machine (with the database) {machine.TotalSeconds:0.00}s");
        report.Line($"  rows read: {day.PoliciesReviewed:N0} policies and their customers; rows written: {written:N0} " +
                    $"({day.PoliciesReviewed:N0} policies, {timeline:N0} timeline, {day.NoticesPlanned:N0} notices, {evidence:N0} evidence, {day.CasesOpened:N0} cases)");
        return day;
    }

    /// <summary>
    /// The month after the heavy day. On its fifth day late payers pay what they owe and the lapsed
    /// who come back apply for reinstatement and pay the quote (timed apart from the cycle).
    /// </summary>
    public static async Task<(TimeSpan Cycle, int Notices)> OrdinaryDaysAsync(Database database, GeneratedBook book, int days, Report report, BookActivity? activity = null)
    {
        var runner = new DailyCycleRunner(database, TimeProvider.System);
        var cycle = TimeSpan.Zero;
        var acting = TimeSpan.Zero;
        var cycleDays = new List<(DateOnly Date, TimeSpan Elapsed, int Claims)>();
        var acted = new BookActivity.DayCounts(0, 0, 0, 0, 0, 0);
        int reviewed = 0, notices = 0;
        for (var d = 1; d <= days; d++)
        {
            var date = book.AsOf.AddDays(d);
            if (activity is not null)
            {
                var clock = Stopwatch.StartNew();
                var c = await activity.RunDayAsync(database, date, d);
                acting += clock.Elapsed;
                acted = new(acted.Claims + c.Claims, acted.FastTracked + c.FastTracked, acted.DocumentsLater + c.DocumentsLater, acted.Decided + c.Decided,
                    acted.Changes + c.Changes, acted.ChangesRefused + c.ChangesRefused);
            }
            if (d == 5)
            {
                var customers = Stopwatch.StartNew();
                var (payments, reinstatements) = await CustomersActAsync(database, book, date);
                report.Figure($"customers act: {payments:N0} payments, {reinstatements:N0} reinstatements", customers.Elapsed, payments + reinstatements, "actions");
            }
            var day = await runner.RunDayAsync(date);
            cycle += day.Elapsed;
            reviewed += day.PoliciesReviewed;
            notices += day.NoticesPlanned;
            cycleDays.Add((date, day.Elapsed, day.ClaimsReviewed));
        }
        report.Figure($"{days} ordinary days: {reviewed:N0} reviews ({reviewed / Math.Max(1, days):N0} a day), {notices:N0} notices", cycle, reviewed, "policies");
        var sorted = cycleDays.Select(c => c.Elapsed.TotalSeconds).Order().ToList();
        // --days 0 measures the heavy day alone: no day, no median.
        if (sorted.Count > 0)
            report.Line($"  {cycle.TotalSeconds / Math.Max(1, days):0.00}s a day (median {sorted[sorted.Count / 2]:0.00}s, longest {sorted[^1]:0.00}s); "
                        + $"claims whose clocks the cycle looked at: {cycleDays.Sum(c => c.Claims):N0}");
        if (activity is not null)
        {
            report.Figure($"claims and changes: {acted.Claims:N0} claims ({acted.FastTracked:N0} fast-tracked), {acted.DocumentsLater:N0} late documents, "
                          + $"{acted.Decided:N0} decisions, {acted.Changes:N0} changes of cover ({acted.ChangesRefused:N0} refused)", acting,
                acted.Claims + acted.DocumentsLater + acted.Decided + acted.Changes + acted.ChangesRefused, "actions");
            var ms = activity.FastTrackMilliseconds.Order().ToList();
            if (ms.Count > 0)
            {
                double P(double share) => ms[Math.Max(0, (int)Math.Ceiling(share * ms.Count) - 1)];
                report.Line($"  a fast-tracked claim, submitted with its documents to decided and its payout instructed (in process, one at a time): "
                            + $"p50 {P(0.5):0.0} ms, p99 {P(0.99):0.0} ms over {ms.Count:N0}");
            }
        }
        return (cycle, notices);
    }

    /// <summary>The month of claims before the book's first cycle, so the heavy day starts with claims in every stage.</summary>
    public static async Task ClaimsBeforeTheFirstDayAsync(Database database, GeneratedBook book, BookActivity activity, Report report)
    {
        var clock = Stopwatch.StartNew();
        int claims = 0, actions = 0;
        for (var d = -30; d <= -1; d++)
        {
            var c = await activity.RunDayAsync(database, book.AsOf.AddDays(d), d + 1_000, beforeTheCycle: true);
            claims += c.Claims;
            actions += c.Claims + c.DocumentsLater + c.Decided;
        }
        await using var db = database.Open();
        var open = await db.Claims.CountAsync(c => c.ClosedOn == null);
        report.Figure($"claims of the 30 days before the first cycle: {claims:N0} ({open:N0} still open)", clock.Elapsed, actions, "actions");
    }

    private static async Task<(int Payments, int Reinstatements)> CustomersActAsync(Database database, GeneratedBook book, DateOnly date)
    {
        int payments = 0, reinstatements = 0;
        var numbers = Enumerable.Range(0, book.Count)
            .Where(i => GeneratedBook.HabitOf(i) is PayingHabit.Late or PayingHabit.Reinstating)
            .Select(i => (Number: GeneratedBook.NumberOf(i), Habit: GeneratedBook.HabitOf(i)));
        foreach (var chunk in numbers.Chunk(500))
        {
            await using var db = database.Open();
            await using var tx = await db.Database.BeginTransactionAsync();
            foreach (var (number, habit) in chunk)
            {
                var policy = await db.Policies.FindAsync(number);
                if (policy is null) continue;
                var terms = policy.ToTerms((await db.Products.FindAsync(policy.ProductCode))!.ToProduct());
                if (habit == PayingHabit.Late && Account.Outstanding(terms, policy.ToStanding()) is > 0 and var owed && policy.Status != PolicyStatus.Lapsed)
                {
                    await Collections.PostPaymentAsync(db, number, date, owed, "bank-transfer", $"bench:{number}:{date:yyyyMMdd}");
                    payments++;
                }
                else if (habit == PayingHabit.Reinstating && policy.Status == PolicyStatus.Lapsed
                         && await Reinstatements.RequestAsync(db, number, date, HealthDeclaration.Clean) is { } quote)
                {
                    await Collections.PostPaymentAsync(db, number, date, quote.Total, "bank-transfer", $"bench:{number}:{date:yyyyMMdd}");
                    reinstatements++;
                }
            }
            await tx.CommitAsync();
        }
        return (payments, reinstatements);
    }

    /// <summary>The heavy day again on copies of the database, shared by 2 and 4 <c>policycare cycle</c> processes.</summary>
    public static async Task WorkersAsync(IReadOnlyDictionary<int, Database> copies, DateOnly date, int policies, Report report)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "policycare.dll");
        foreach (var (workers, database) in copies)
        {
            var clock = Stopwatch.StartNew();
            var processes = Enumerable.Range(0, workers).Select(_ =>
            {
                var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
                foreach (var a in new[] { dll, "cycle", "--date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--db", database.ConnectionString })
                    start.ArgumentList.Add(a);
                return Process.Start(start)!;
            }).ToList();
            foreach (var p in processes)
            {
                await p.StandardOutput.ReadToEndAsync();
                await p.WaitForExitAsync();
                if (p.ExitCode != 0) throw new InvalidOperationException($"a cycle process exited {p.ExitCode}");
            }
            report.Figure($"heavy day shared by {workers} processes", clock.Elapsed, policies, "policies");
        }
    }
}
