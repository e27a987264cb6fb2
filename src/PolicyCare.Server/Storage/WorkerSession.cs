using Npgsql;

namespace PolicyCare.Storage;

/// <summary>
/// A process's hold on the work it has claimed, bound to a PostgreSQL session rather than to a clock: a
/// connection of its own, outside the pool, holds advisory locks. When the process dies, even by
/// <c>kill -9</c>, its socket closes, the server ends the session and drops the locks, and the work is
/// claimable again at once, where a timed lease would keep it for minutes. (A pooled connection would not
/// do: returning it to the pool leaves the session, and its locks, alive.) SQLite has no sessions; there
/// the claims stay leases.
/// </summary>
public sealed class WorkerSession : IAsyncDisposable
{
    /// <summary>The first key of every lock taken here, one per kind of work, so the kinds never collide.</summary>
    public enum Space
    {
        /// <summary>A share of a business date's cycle; the second key is <see cref="ShareKey"/>.</summary>
        CycleShare = 0x5043_0001,
        /// <summary>A dispatcher process; the second key is its <see cref="WorkerKey"/>, written on each notice it claims.</summary>
        Dispatcher = 0x5043_0002,
    }

    private readonly NpgsqlConnection _connection;

    private WorkerSession(NpgsqlConnection connection) => _connection = connection;

    public static async Task<WorkerSession> OpenAsync(Database database, CancellationToken cancel)
    {
        var unpooled = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString;
        var connection = new NpgsqlConnection(unpooled);
        await connection.OpenAsync(cancel);
        return new WorkerSession(connection);
    }

    /// <summary>
    /// Whether the session still lives, asked of the server (a connection whose session the server ended looks
    /// open until it is used): once it is gone, what it held may be someone else's now.
    /// </summary>
    public async Task<bool> IsAliveAsync(CancellationToken cancel)
    {
        if (_connection.FullState != System.Data.ConnectionState.Open) return false;
        try
        {
            await using var command = new NpgsqlCommand("SELECT 1", _connection);
            await command.ExecuteScalarAsync(cancel);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or IOException)
        {
            return false;
        }
    }

    public async Task<bool> TryHoldAsync(Space space, int key, CancellationToken cancel) =>
        (bool)(await LockAsync("SELECT pg_try_advisory_lock($1, $2)", space, key, cancel))!;

    public Task ReleaseAsync(Space space, int key, CancellationToken cancel) => LockAsync("SELECT pg_advisory_unlock($1, $2)", space, key, cancel);

    private async Task<object?> LockAsync(string sql, Space space, int key, CancellationToken cancel)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        command.Parameters.Add(new NpgsqlParameter { Value = (int)space });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        return await command.ExecuteScalarAsync(cancel);
    }

    /// <summary>
    /// Takes a key of the space no live session holds, for a worker that names itself on the rows it claims:
    /// random, so processes starting together do not try the same ones.
    /// </summary>
    public async Task<int> HoldNewWorkerKeyAsync(Space space, CancellationToken cancel)
    {
        while (true)
        {
            var key = Random.Shared.Next(1, int.MaxValue);
            if (await TryHoldAsync(space, key, cancel)) return key;
        }
    }

    /// <summary>
    /// SQL for the worker keys of a space held by live sessions of this database, for a claim's
    /// <c>NOT IN</c>: a row claimed by a key not among them was claimed by a process that is gone.
    /// </summary>
    public static string LiveWorkerKeys(Space space) => $"""
        SELECT objid::bigint FROM pg_locks
        WHERE locktype = 'advisory' AND classid = {(int)space} AND objsubid = 2 AND granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        """;

    /// <summary>The second key of a cycle share: one per (business date, share), never reused by another date.</summary>
    public static int ShareKey(DateOnly date, int share) => checked(date.DayNumber * 1024 + share);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
