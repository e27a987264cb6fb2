using Npgsql;

namespace PolicyCare.Storage;

/// <summary>
/// PostgreSQL breaks a deadlock by undoing one of the transactions in it. Work that locks many
/// policies at once (a cycle batch, a bank file) is all or nothing, so the one undone is run again.
/// </summary>
public static class Deadlocks
{
    public static bool Detected(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected } || (e.InnerException is { } inner && Detected(inner));
}
