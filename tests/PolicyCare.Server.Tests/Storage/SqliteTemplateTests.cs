using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Support;

namespace PolicyCare.Storage;

/// <summary>A new SQLite database is a copy of the schema the process migrated once: it must be exactly a migrated database.</summary>
public sealed class SqliteTemplateTests
{
    [Fact]
    public async Task ANewDatabase_HasEveryMigrationApplied_AndTakesNewOnesAsUsual()
    {
        using var temp = new TempFolder();
        var first = temp.Sqlite("first.db");
        var second = temp.Sqlite("second.db");
        await first.MigrateAsync();
        await second.MigrateAsync();
        await using var db = second.Open();
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges());
        // The copy is a working database of its own, in WAL mode like a migrated one.
        db.Settings.Add(new SettingRecord { Key = "probe", Value = "1" });
        await db.SaveChangesAsync();
        await using var other = first.Open();
        Assert.False(await other.Settings.AnyAsync(s => s.Key == "probe"));
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(second.ConnectionString))
        {
            await connection.OpenAsync();
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", await pragma.ExecuteScalarAsync());
        }
        // Migrating a database that holds data does not copy over it.
        await second.MigrateAsync();
        await using var again = second.Open();
        Assert.True(await again.Settings.AnyAsync(s => s.Key == "probe"));
    }
}
