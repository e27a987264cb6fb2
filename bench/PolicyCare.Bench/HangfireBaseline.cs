using System.Diagnostics;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PolicyCare.Storage;

namespace PolicyCare.Bench;

/// <summary>
/// The other design a .NET team reaches for: one Hangfire delayed job per planned reminder, stored
/// in PostgreSQL. Each job does what sending a reminder needs at the least: read the policy (is it
/// still owed?) and record the notice. Run on a sample of the reminders this run planned; the cost
/// per reminder is extrapolated to all of them.
/// </summary>
internal static class HangfireBaseline
{
    private static string _connection = "";
    private static int _done;

    public static async Task RunAsync(Database database, int sample, int reminders, TimeSpan cycle, Report report)
    {
        var source = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var hangfire = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = source.Database + "_hangfire" };
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "postgres" }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {hangfire.Database}", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {hangfire.Database}", admin);
            await create.ExecuteNonQueryAsync();
        }
        _connection = database.ConnectionString;
        await using (var connection = new NpgsqlConnection(_connection))
        {
            await connection.OpenAsync();
            await using var table = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS hangfire_reminders (key text PRIMARY KEY, policy text, sent_at timestamptz)", connection);
            await table.ExecuteNonQueryAsync();
        }
        List<(string Key, string Policy)> keys;
        await using (var db = database.Open())
            keys = (await db.Notices.AsNoTracking().OrderBy(n => n.Id).Take(sample).Select(n => new { n.IdempotencyKey, n.PolicyNumber }).ToListAsync())
                .Select(n => (n.IdempotencyKey, n.PolicyNumber)).ToList();

        GlobalConfiguration.Configuration.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(hangfire.ConnectionString),
            new PostgreSqlStorageOptions { QueuePollInterval = TimeSpan.FromMilliseconds(100), PrepareSchemaIfNecessary = true });
        var client = new BackgroundJobClient();
        var clock = Stopwatch.StartNew();
        foreach (var (key, policy) in keys) client.Schedule(() => Send(key, policy), TimeSpan.FromSeconds(1));
        var scheduling = clock.Elapsed;
        using (new BackgroundJobServer(new BackgroundJobServerOptions { SchedulePollingInterval = TimeSpan.FromSeconds(1), WorkerCount = 8 }))
        {
            while (Volatile.Read(ref _done) < keys.Count && clock.Elapsed < TimeSpan.FromMinutes(15)) await Task.Delay(100);
        }
        var total = clock.Elapsed;
        var perReminder = total / Math.Max(1, keys.Count);
        var projected = perReminder * reminders;
        report.Figure($"baseline: Hangfire, {keys.Count:N0} reminders as delayed jobs (schedule {scheduling.TotalSeconds:0.0}s)", total, keys.Count, "reminders");
        report.Line($"  projected for the {reminders:N0} reminders of this run: {projected.TotalSeconds:0}s, against {cycle.TotalSeconds:0}s for the whole cycle: " +
                    $"{projected.TotalSeconds / cycle.TotalSeconds:0.0}× speed-up");
    }

    /// <summary>A reminder job: the policy is read, the notice recorded (once, by its key).</summary>
    public static void Send(string key, string policy)
    {
        using var connection = new NpgsqlConnection(_connection);
        connection.Open();
        using (var read = new NpgsqlCommand("SELECT \"Status\" FROM policies WHERE \"Number\" = @p", connection))
        {
            read.Parameters.AddWithValue("p", policy);
            read.ExecuteScalar();
        }
        using (var write = new NpgsqlCommand("INSERT INTO hangfire_reminders (key, policy, sent_at) VALUES (@k, @p, now()) ON CONFLICT DO NOTHING", connection))
        {
            write.Parameters.AddWithValue("k", key);
            write.Parameters.AddWithValue("p", policy);
            write.ExecuteNonQuery();
        }
        Interlocked.Increment(ref _done);
    }
}
