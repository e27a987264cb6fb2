using Microsoft.EntityFrameworkCore;
using PolicyCare.Simulation;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Simulation;

/// <summary>
/// The simulator in the suite (issue 12): a fixed set of seeds must hold every invariant; the same
/// seed must leave the same book on SQLite and PostgreSQL; and the invariants must catch a book
/// changed behind the application's back.
/// </summary>
public sealed class SimulationTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    public const int Seeds = 200, Steps = 25, Policies = 6;

    private static async Task<SimOutcome> RunOnScratchAsync(int seed, Func<PolicyCareDb, Task>? sabotage = null)
    {
        await using var scratch = await ScratchDatabase.CreateAsync();
        return await Simulator.RunAsync(scratch.Database, seed, Simulator.Plan(seed, Steps, Policies), Policies, sabotage: sabotage);
    }

    [Fact]
    public async Task FixedSeeds_HoldEveryInvariant()
    {
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var outcome = await RunOnScratchAsync(seed);
            if (outcome.FailedAt is { } at)
            {
                var plan = Simulator.Plan(seed, Steps, Policies);
                var shortest = await Simulator.ShrinkAsync(() => ScratchDatabase.CreateAsync(), seed, plan, at, Policies);
                Assert.Fail($"seed {seed} broke an invariant after step {at + 1}: {outcome.Violation}\nshortest failing list:\n  "
                    + string.Join("\n  ", shortest.Select(s => s.Describe())));
            }
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(42)]
    public async Task TheSameSeed_LeavesTheSameBook_OnSqliteAndPostgres(int seed)
    {
        var onSqlite = await RunOnScratchAsync(seed);
        var onPostgres = await Simulator.RunAsync(Database.FromSetting(await postgres.CreateDatabaseAsync()), seed, Simulator.Plan(seed, Steps, Policies), Policies);
        Assert.Null(onSqlite.Violation);
        Assert.Null(onPostgres.Violation);
        Assert.Equal(onSqlite.Snapshot, onPostgres.Snapshot);
    }

    [Fact]
    public async Task TheInvariants_CatchMoneyPostedBehindTheApplicationsBack()
    {
        var outcome = await RunOnScratchAsync(3, db => db.Database.ExecuteSqlRawAsync(
            """INSERT INTO payments ("PolicyNumber", "ReceivedOn", "Amount", "Method", "ExternalReference", "Applied", "Credit") VALUES ('P1', '2026-03-02', 50.0, 'cash', 'forged-1', 50.0, 0.0)"""));
        Assert.Equal(0, outcome.FailedAt);
        Assert.Contains("P1: received", outcome.Violation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheInvariants_CatchAStatusChangeMissingFromTheTimeline()
    {
        var outcome = await RunOnScratchAsync(5, db => db.Database.ExecuteSqlRawAsync("""UPDATE policies SET "Status" = 'lapsed' WHERE "Number" = 'P2'"""));
        Assert.Equal(0, outcome.FailedAt);
        Assert.Contains("P2", outcome.Violation, StringComparison.Ordinal);
    }
}
