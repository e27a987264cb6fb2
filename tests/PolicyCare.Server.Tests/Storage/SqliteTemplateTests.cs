using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using Microsoft.EntityFrameworkCore.Infrastructure;
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

/// <summary>The shortcuts start-up takes must say exactly what the migrations and the model say; when one fails, regenerate it.</summary>
public sealed class DesignTimeArtifactTests
{
    [Fact]
    public async Task TheEmbeddedMigrationsScript_IsWhatTheMigrationsGenerate()
    {
        using var temp = new TempFolder();
        await using var db = temp.Sqlite("script.db").Open();
        var generated = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().GenerateScript();
        static string Normal(string sql) => sql.TrimStart('\uFEFF').ReplaceLineEndings("\n").Trim();
        Assert.True(Normal(generated) == Normal(SqliteTemplate.MigrationsScript()),
            "schema.sql is stale: run `dotnet ef migrations script --context SqliteDb --project src/PolicyCare.Server -o src/PolicyCare.Server/Storage/Migrations/Sqlite/schema.sql`");
    }

    [Fact]
    public async Task TheCompiledModel_IsTheModelTheCodeBuilds()
    {
        using var temp = new TempFolder();
        await using var db = temp.Sqlite("model.db").Open();
        var built = db.GetService<Microsoft.EntityFrameworkCore.Metadata.IDesignTimeModel>().Model;
        Assert.IsType<CompiledModels.Sqlite.SqliteDbModel>(db.Model);
        // What reads and writes rows: tables, columns, their CLR and store types, converters, keys and indexes.
        static List<string> Shape(Microsoft.EntityFrameworkCore.Metadata.IModel model) =>
            model.GetEntityTypes().SelectMany(e =>
                e.GetProperties().Select(p =>
                        $"{e.GetTableName()}.{p.GetColumnName()} {p.ClrType.Name} null={p.IsNullable} {((Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping)p.GetTypeMapping()).StoreType} {p.GetTypeMapping().Converter?.GetType().Name} gen={p.ValueGenerated}")
                    .Concat(e.GetKeys().Select(k => $"{e.GetTableName()} key {string.Join(",", k.Properties.Select(p => p.Name))}"))
                    .Concat(e.GetIndexes().Select(i => $"{e.GetTableName()} index {string.Join(",", i.Properties.Select(p => p.Name))} unique={i.IsUnique}")))
                .Order(StringComparer.Ordinal).ToList();
        Assert.True(Shape(built).SequenceEqual(Shape(db.Model)),
            "the compiled model is stale: run `dotnet ef dbcontext optimize --project src/PolicyCare.Server --context SqliteDb --output-dir Storage/CompiledModels/Sqlite --namespace PolicyCare.Storage.CompiledModels.Sqlite`\n"
            + string.Join("\n", Shape(built).Except(Shape(db.Model)).Take(5)));
    }
}
