using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace PolicyCare.Storage;

/// <summary>A connection string that does not work, with what is wrong in words an operator can act on.</summary>
public sealed class DatabaseConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Chooses the provider from the connection string: PostgreSQL for <c>Host=…</c> or
/// <c>postgres://…</c>, SQLite for <c>Data Source=…</c> or a file path. The default is an
/// embedded SQLite file under <c>data/</c>.
/// </summary>
public sealed record Database(string ConnectionString, bool IsPostgres)
{
    public const string EnvironmentVariable = "POLICYCARE_DB";
    public const string DefaultConnection = "Data Source=data/policycare.db";

    /// <summary>The key that seals this database's evidence; the installation's key file unless given.</summary>
    public PolicyCare.Notices.EvidenceKey? Evidence { get; init; }

    public PolicyCare.Notices.EvidenceKey EvidenceKey => Evidence ?? PolicyCare.Notices.EvidenceKey.Default;

    /// <summary>EF Core interceptors every context gets (the simulator's crash injector).</summary>
    public IReadOnlyList<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor> Interceptors { get; init; } = [];

    public static Database FromSetting(string? setting)
    {
        var value = string.IsNullOrWhiteSpace(setting) ? Environment.GetEnvironmentVariable(EnvironmentVariable) : setting;
        if (string.IsNullOrWhiteSpace(value)) value = DefaultConnection;
        value = value.Trim();
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return new Database(FromUri(value), true);
        if (value.Contains("Host=", StringComparison.OrdinalIgnoreCase) || value.Contains("Server=", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new Database(Tuned(new NpgsqlConnectionStringBuilder(value), value).ConnectionString, true);
            }
            catch (ArgumentException e)
            {
                throw new DatabaseConfigurationException($"the PostgreSQL connection string is not valid: {e.Message}", e);
            }
        }
        if (!value.Contains('=', StringComparison.Ordinal)) value = "Data Source=" + value;
        try
        {
            return new Database(new SqliteConnectionStringBuilder(value).ConnectionString, false);
        }
        catch (ArgumentException e)
        {
            throw new DatabaseConfigurationException($"the SQLite connection string is not valid: {e.Message}", e);
        }
    }

    private static string FromUri(string uri)
    {
        var u = new Uri(uri);
        var userInfo = u.UserInfo.Split(':', 2);
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = u.Host,
            Port = u.IsDefaultPort || u.Port < 0 ? 5432 : u.Port,
            Database = u.AbsolutePath.TrimStart('/'),
            Username = Uri.UnescapeDataString(userInfo[0]),
        };
        if (userInfo.Length > 1) b.Password = Uri.UnescapeDataString(userInfo[1]);
        return Tuned(b, "").ConnectionString;
    }

    /// <summary>
    /// Statements the API and the cycle run thousands of times are prepared on each pooled connection after a few uses
    /// (Npgsql's automatic preparation), unless the connection string says otherwise: PostgreSQL then skips parsing and
    /// planning them, which halves its share of a policy read.
    /// </summary>
    private static NpgsqlConnectionStringBuilder Tuned(NpgsqlConnectionStringBuilder b, string given)
    {
        if (!given.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !given.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase)) b.MaxAutoPrepare = 64;
        return b;
    }

    public PolicyCareDb Open()
    {
        // Contexts come from a pool per connection string and interceptors: setting up a new context's services was a
        // quarter of the simulator's time on SQLite, and the cycle and the API open one for every step.
        var pool = Pools.GetOrAdd((ConnectionString, IsPostgres, Interceptors), static key => key.IsPostgres
            ? Pool(new DbContextOptionsBuilder<PostgresDb>().UseNpgsql(key.ConnectionString, o => o.CommandTimeout(600)).AddInterceptors(key.Interceptors).Options)
            : Pool(new DbContextOptionsBuilder<SqliteDb>().UseSqlite(key.ConnectionString).AddInterceptors(key.Interceptors).Options));
        return pool().LeasedFrom(this);
    }

    private static Func<PolicyCareDb> Pool<T>(DbContextOptions<T> options) where T : PolicyCareDb
    {
        var factory = new Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<T>(options);
        return factory.CreateDbContext;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string ConnectionString, bool IsPostgres,
        IReadOnlyList<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor> Interceptors), Func<PolicyCareDb>> Pools = new();

    /// <summary>
    /// Creates the SQLite folder if needed, checks the server answers, and applies the migrations
    /// (a new SQLite database is a copy of the schema this process migrated once).
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancel = default)
    {
        if (!IsPostgres)
        {
            var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(folder) && file != ":memory:") Directory.CreateDirectory(folder);
        }
        await using var db = Open();
        try
        {
            if (IsPostgres || !await SqliteTemplate.TryCopyIntoNewAsync(ConnectionString, cancel))
                await db.Database.MigrateAsync(cancel);
            // Readers cache the reference data by its stamp; a database from before stamps gets its first one here.
            if (!await db.Settings.AnyAsync(s => s.Key == PolicyCare.Policies.ReferenceData.StampKey, cancel))
            {
                db.Settings.Add(new PolicyCare.Delinquency.SettingRecord { Key = PolicyCare.Policies.ReferenceData.StampKey, Value = PolicyCare.Policies.ReferenceData.NewStamp() });
                try { await db.SaveChangesAsync(cancel); }
                catch (DbUpdateException) { /* another process starting at the same moment added it */ }
            }
            if (!IsPostgres)
            {
                // WAL lets the web host read while the cycle writes.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancel);
            }
        }
        catch (Exception e) when (e is NpgsqlException or SqliteException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new DatabaseConfigurationException($"cannot use the database ({Describe()}): {e.GetBaseException().Message}", e);
        }
    }

    /// <summary>The connection without its password, for messages and logs.</summary>
    public string Describe()
    {
        if (!IsPostgres) return "SQLite " + new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
    }
}
