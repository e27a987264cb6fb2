using Xunit.Abstractions;

[assembly: TestCollectionOrderer("PolicyCare.Support.LongestFirst", "PolicyCare.Server.Tests")]

namespace PolicyCare.Support;

/// <summary>
/// Starts the test collections that take longest first (the two halves of the browser journeys, the scale-out tests
/// and the other PostgreSQL tests, each a chain of classes run one after another), so that the many short classes fill
/// the time around them instead of one long collection starting last and running alone at the end (the office's
/// browser tests did, started at minute 9 of 13, before they were listed here). The order decides nothing but
/// when each collection starts: every collection still has its own fixtures and data.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    /// <summary>Measured with <c>--logger trx</c> (2026-12-06): the collections over two minutes, longest first (the first four start together).</summary>
    private static readonly string[] Longest =
    [
        Web.BrowserCollection.Name,
        Web.OfficeBrowserCollection.Name,
        ScaleOutCollection.Name,
        PostgresCollection.Name,
        "Test collection for PolicyCare.Simulation.SimulationTests",
        "Test collection for PolicyCare.Scenarios.ScenarioFileTests",
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderBy(c => Array.IndexOf(Longest, c.DisplayName) is var i and >= 0 ? i : Longest.Length)
            .ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}
