using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Support;

/// <summary>
/// The demo book, seeded through the real cycle (half a year of days), once per test run for each
/// date and place, then copied for every test that asks: each test still gets a database of its own,
/// without paying half a minute to a minute to seed it again.
/// </summary>
public static class DemoDatabases
{
    private static readonly string Folder = CreateFolder();
    private static readonly ConcurrentDictionary<DateOnly, Lazy<Task<string>>> SqliteTemplates = new();
    private static readonly ConcurrentDictionary<(int Port, DateOnly Today), Lazy<Task<string>>> PostgresTemplates = new();

    /// <summary>A SQLite file at <paramref name="path"/> holding the demo book seeded through <paramref name="today"/>.</summary>
    public static async Task<Database> SqliteAsync(string path, DateOnly today)
    {
        var template = await SqliteTemplates.GetOrAdd(today, d => new Lazy<Task<string>>(() => SeedSqliteAsync(d))).Value;
        File.Copy(template, path);
        return Database.FromSetting($"Data Source={path}");
    }

    /// <summary>A new database on the cluster holding the demo book seeded through <paramref name="today"/>.</summary>
    public static async Task<Database> PostgresAsync(PostgresServer server, DateOnly today)
    {
        var template = await PostgresTemplates.GetOrAdd((server.Port, today), k => new Lazy<Task<string>>(() => SeedPostgresAsync(server, k.Today))).Value;
        return Database.FromSetting(await server.CreateDatabaseAsync(template));
    }

    private static async Task<string> SeedSqliteAsync(DateOnly today)
    {
        var path = Path.Combine(Folder, $"demo-{today:yyyyMMdd}.db");
        var database = Database.FromSetting($"Data Source={path}");
        await SeedAsync(database, today);
        await using (var db = database.Open())
        {
            // One self-contained file to copy: the write-ahead log folded back in.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=DELETE;");
        }
        SqliteConnection.ClearAllPools();
        return path;
    }

    private static async Task<string> SeedPostgresAsync(PostgresServer server, DateOnly today)
    {
        var connection = await server.CreateDatabaseAsync();
        var database = Database.FromSetting(connection);
        await SeedAsync(database, today);
        // A template database must have no open sessions when it is copied: the pool is the one of the string the app uses.
        await using (var pooled = new NpgsqlConnection(database.ConnectionString)) NpgsqlConnection.ClearPool(pooled);
        return new NpgsqlConnectionStringBuilder(connection).Database!;
    }

    private static async Task SeedAsync(Database database, DateOnly today)
    {
        await database.MigrateAsync();
        if (!await DemoBook.SeedIfEmptyAsync(database, today, TimeProvider.System))
            throw new InvalidOperationException($"{database.Describe()} was not empty");
    }

    private static string CreateFolder()
    {
        var folder = Directory.CreateTempSubdirectory("policycare-demo-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        };
        return folder;
    }
}
