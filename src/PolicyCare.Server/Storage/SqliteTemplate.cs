using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace PolicyCare.Storage;

/// <summary>
/// A new SQLite database gets its schema by copying an in-memory database this process migrated
/// once, instead of running the migrations again: scenarios and tests open many fresh databases,
/// and applying the migrations costs far more than copying their result page by page. The template
/// itself runs the migrations' own SQL, generated at design time (<c>schema.sql</c>, checked against
/// the migrations by a test), because EF's migrator builds the whole design-time model first — most
/// of a scenario's start-up.
/// </summary>
public static class SqliteTemplate
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static SqliteConnection? _template;

    /// <summary>
    /// Copies the migrated schema into the database when it is new (no file yet, an empty file, or
    /// an empty in-memory database); false when it already holds anything, which is migrated as usual.
    /// </summary>
    public static async Task<bool> TryCopyIntoNewAsync(string connectionString, CancellationToken cancel)
    {
        await using var target = new SqliteConnection(connectionString);
        await target.OpenAsync(cancel);
        await using (var count = target.CreateCommand())
        {
            count.CommandText = "SELECT count(*) FROM sqlite_master";
            if ((long)(await count.ExecuteScalarAsync(cancel))! > 0) return false;
        }
        await Gate.WaitAsync(cancel);
        try
        {
            _template ??= await MigrateTemplateAsync(cancel);
            _template.BackupDatabase(target);
        }
        finally
        {
            Gate.Release();
        }
        return true;
    }

    /// <summary>Every migration's SQL in order, with the history rows that say they ran (<c>dotnet ef migrations script --context SqliteDb</c>).</summary>
    public static string MigrationsScript()
    {
        using var stream = typeof(SqliteTemplate).Assembly.GetManifestResourceStream("sqlite-migrations.sql")
            ?? throw new InvalidOperationException("the SQLite migrations script is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task<SqliteConnection> MigrateTemplateAsync(CancellationToken cancel)
    {
        var name = $"Data Source=policycare-template-{Environment.ProcessId}-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
        // The in-memory database lives as long as one connection to it is open: this one, for the process.
        var keepAlive = new SqliteConnection(name);
        await keepAlive.OpenAsync(cancel);
        await using var migrate = keepAlive.CreateCommand();
        migrate.CommandText = MigrationsScript();
        await migrate.ExecuteNonQueryAsync(cancel);
        return keepAlive;
    }
}

/// <summary>
/// A private SQLite database in memory for one run (a scenario's book): nothing touches the disk,
/// and the database is gone when this is disposed. Empty until migrated (a copy of the process's template).
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly SqliteConnection _keepAlive;

    private ScratchDatabase(Database database, SqliteConnection keepAlive) => (Database, _keepAlive) = (database, keepAlive);

    public Database Database { get; }

    public static async Task<ScratchDatabase> CreateAsync(CancellationToken cancel = default)
    {
        var database = Database.FromSetting($"Data Source=policycare-scratch-{Guid.NewGuid():N};Mode=Memory;Cache=Shared") with { Evidence = Notices.EvidenceKey.Ephemeral() };
        // The in-memory database lives as long as one connection to it is open.
        var keepAlive = new SqliteConnection(database.ConnectionString);
        await keepAlive.OpenAsync(cancel);
        return new ScratchDatabase(database, keepAlive);
    }

    public async ValueTask DisposeAsync() => await _keepAlive.DisposeAsync();
}
