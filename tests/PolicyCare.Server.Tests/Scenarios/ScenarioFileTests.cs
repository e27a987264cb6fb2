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

    /// <summary>
    /// Visiting only the days on which something can happen (an event, or a policy's next review)
    /// gives exactly the timeline of running the cycle on every calendar day.
    /// </summary>
    [Theory]
    [MemberData(nameof(Files))]
    public async Task Scenario_VisitingOnlyTheDaysThatMatter_GivesTheDayByDayTimeline(string name)
    {
        var file = Path.Combine(Repository.Root, "tests", "scenarios", name + ".json");
        var dayByDay = await RunAsync(file, everyDay: true);
        Assert.NotEmpty(dayByDay);
        Assert.Equal(dayByDay, await RunAsync(file));
    }

    /// <summary>A generated sample book over a file's products: lapses, reinstatements and notices, the same whichever days are visited.</summary>
    [Fact]
    public async Task SampleBook_RunsTheSameSkippingQuietDays_AndHasTheWholeLifecycle()
    {
        var json = SampleBook.Generate(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "tests", "scenarios", "example.json")), policies: 60, years: 2);
        var scenario = Scenario.Parse(json);
        Assert.Equal(60, scenario.Book.Policies.Count);
        Assert.Equal(SampleBook.Generate(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "tests", "scenarios", "example.json")), 60, 2), json);
        var skipping = await RunScenarioAsync(scenario, everyDay: false);
        Assert.Equal(await RunScenarioAsync(scenario, everyDay: true), skipping);
        Assert.Contains("\"to\":\"lapsed\"", skipping, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"reinstatement-quote\"", skipping, StringComparison.Ordinal);
        Assert.Contains("\"stage\":\"first-reminder\"", skipping, StringComparison.Ordinal);
        Assert.Contains("\"result\":\"insufficient-funds\"", skipping, StringComparison.Ordinal);
    }

    /// <summary>
    /// The command line records which methods a scenario run compiled (multi-core JIT, for the next
    /// start) in the user's local data folder, and a run that plays the profile back prints the same
    /// timeline; <c>POLICYCARE_JIT_PROFILE=off</c> records nothing.
    /// </summary>
    [Fact]
    public async Task Scenario_FromTheCommandLine_RecordsAStartUpProfile_AndPlaysItBackToTheSameTimeline()
    {
        var file = Path.Combine(Repository.Root, "tests", "scenarios", "unreachable-holder.json");
        var expected = await RunAsync(file);
        var home = Directory.CreateTempSubdirectory("policycare-data-").FullName;
        var off = Directory.CreateTempSubdirectory("policycare-data-off-").FullName;
        try
        {
            Assert.Equal(expected, await CommandLineAsync(file, ("XDG_DATA_HOME", home)));
            var profile = Path.Combine(home, "PolicyCare", "jit", "policycare-scenario.jitprofile");
            Assert.True(File.Exists(profile) && new FileInfo(profile).Length > 0, $"no start-up profile at {profile}");
            Assert.Equal(expected, await CommandLineAsync(file, ("XDG_DATA_HOME", home)));

            Assert.Equal(expected, await CommandLineAsync(file, ("XDG_DATA_HOME", off), ("POLICYCARE_JIT_PROFILE", "off")));
            Assert.Empty(Directory.GetFileSystemEntries(off));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
            Directory.Delete(off, recursive: true);
        }
    }

    private static async Task<string> CommandLineAsync(string file, params (string Name, string Value)[] environment)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Remove("POLICYCARE_JIT_PROFILE");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "policycare.dll"));
        start.ArgumentList.Add("scenario");
        start.ArgumentList.Add(file);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"policycare scenario exited {process.ExitCode}: {await errors}");
        return await output;
    }

    internal static async Task<string> RunAsync(string file, Storage.Database? database = null, bool everyDay = false) =>
        await RunScenarioAsync(Scenario.Parse(await File.ReadAllTextAsync(file)), everyDay, database);

    private static async Task<string> RunScenarioAsync(Scenario scenario, bool everyDay, Storage.Database? database = null)
    {
        await using var scratch = database is null ? await Storage.ScratchDatabase.CreateAsync() : null;
        var output = new StringWriter { NewLine = "\n" };
        await new ScenarioRunner(database ?? scratch!.Database, TimeProvider.System) { EveryDay = everyDay }.RunAsync(scenario, output);
        return output.ToString();
    }

    private static string WithoutTexts(string jsonl) => string.Join('\n', jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
        node.Remove("text");
        return node.ToJsonString();
    }));
}
