using System.Text.Json;
using PolicyCare.Scenarios;
using PolicyCare.Support;

namespace PolicyCare.Scenarios;

/// <summary>
/// Every scenario under tests/scenarios runs through the real cycle and gives its reviewed timeline
/// (the .expected.jsonl beside it). Texts may change with the templates, so they are checked for
/// substance, not compared byte for byte.
/// </summary>
public sealed class ScenarioFileTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(Repository.Root, "tests", "scenarios"), "*.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Scenario_MatchesItsReviewedTimeline(string name)
    {
        var folder = Path.Combine(Repository.Root, "tests", "scenarios");
        var actual = await RunAsync(Path.Combine(folder, name + ".json"));
        var expectedFile = Path.Combine(folder, name + ".expected.jsonl");
        if (Environment.GetEnvironmentVariable("POLICYCARE_ACCEPT") == "1") await File.WriteAllTextAsync(expectedFile, actual);
        Assert.True(File.Exists(expectedFile), $"{expectedFile} is missing: run with POLICYCARE_ACCEPT=1, review it by hand, and commit it");
        var expected = await File.ReadAllTextAsync(expectedFile);
        Assert.Equal(WithoutTexts(expected), WithoutTexts(actual));

        foreach (var line in actual.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.GetProperty("kind").GetString() != "notice") continue;
            var text = doc.RootElement.GetProperty("text").GetString()!;
            Assert.Contains(doc.RootElement.GetProperty("policy").GetString()!, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Scenario_SameFileTwice_GivesTheSameTimelineByteForByte()
    {
        var file = Path.Combine(Repository.Root, "tests", "scenarios", "cn-lapse-and-reinstatement.json");
        Assert.Equal(await RunAsync(file), await RunAsync(file));
    }

    internal static async Task<string> RunAsync(string file, Storage.Database? database = null)
    {
        using var temp = new TempFolder();
        var scenario = Scenario.Parse(await File.ReadAllTextAsync(file));
        var output = new StringWriter { NewLine = "\n" };
        await new ScenarioRunner(database ?? temp.Sqlite(), TimeProvider.System).RunAsync(scenario, output);
        return output.ToString();
    }

    private static string WithoutTexts(string jsonl) => string.Join('\n', jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
        node.Remove("text");
        return node.ToJsonString();
    }));
}
