using Xunit.Abstractions;

[assembly: TestCollectionOrderer("PolicyCare.Support.LongestFirst", "PolicyCare.Server.Tests")]

namespace PolicyCare.Support;

/// <summary>
/// Starts the test collections that take longest first (the browser journeys, one Chromium, one after another, and
/// the PostgreSQL cluster's tests, one after another), so that the many short classes fill the other core around
/// them instead of one long collection starting last and running alone at the end. The order decides nothing but
/// when each collection starts: every collection still has its own fixtures and data.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    /// <summary>Measured with <c>--logger trx</c> (2026-12-05): the collections over a minute, longest first.</summary>
    private static readonly string[] Longest =
    [
        Web.BrowserCollection.Name,
        PostgresCollection.Name,
        "Test collection for PolicyCare.Simulation.SimulationTests",
        "Test collection for PolicyCare.Scenarios.ScenarioFileTests",
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderBy(c => Array.IndexOf(Longest, c.DisplayName) is var i and >= 0 ? i : Longest.Length)
            .ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}
