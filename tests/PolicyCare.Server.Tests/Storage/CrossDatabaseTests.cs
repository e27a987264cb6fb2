using PolicyCare.Scenarios;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Storage;

/// <summary>The cycle decides the same on SQLite and on a real PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CrossDatabaseTests(PostgresServer postgres)
{
    [Theory]
    [InlineData("cn-lapse-and-reinstatement")]
    [InlineData("unreachable-holder")]
    [InlineData("group-policy")]
    [InlineData("kr-end-of-following-month")]
    [InlineData("claims-journey")]
    [InlineData("claims-coverage")]
    public async Task Scenario_OnPostgres_GivesTheSameTimelineAsOnSqlite(string name)
    {
        var file = Path.Combine(Repository.Root, "tests", "scenarios", name + ".json");
        var onSqlite = await ScenarioFileTests.RunAsync(file);
        var onPostgres = await ScenarioFileTests.RunAsync(file, Database.FromSetting(await postgres.CreateDatabaseAsync()));
        Assert.NotEmpty(onSqlite);
        Assert.Equal(onSqlite, onPostgres);
    }
}
