using System.Text.Json.Nodes;
using PolicyCare.Cli;
using PolicyCare.Json;
using PolicyCare.Support;

namespace PolicyCare.Scenarios;

/// <summary>A bad scenario file is refused with the JSON path and the value, and nothing runs.</summary>
public sealed class ScenarioValidationTests
{
    private static JsonObject Valid() => JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "tests", "scenarios", "example.json")))!.AsObject();

    public static TheoryData<string, string, string> BadFiles() => new()
    {
        // description, JSON Pointer-ish edit (path=value as JSON), expected error path
        { "unknown top-level field", "$.extra=1", "$.extra" },
        { "typo in a customer field", "$.customers[0].mobil=\"x\"", "$.customers[0].mobil" },
        { "impossible date", "$.policies[0].start=\"2026-02-30\"", "$.policies[0].start" },
        { "negative premium", "$.policies[0].premium=\"-5.00\"", "$.policies[0].premium" },
        { "premium as a number", "$.policies[0].premium=1200", "$.policies[0].premium" },
        { "unknown product", "$.policies[0].product=\"NOPE\"", "$.policies[0].product" },
        { "unknown customer", "$.policies[0].holder=\"C9\"", "$.policies[0].holder" },
        { "unknown policy in an event", "$.events[0].policy=\"P9\"", "$.events[0].policy" },
        { "unknown event type", "$.events[0].type=\"refund\"", "$.events[0].type" },
        { "unknown debit reason", "$.events[0].reason=\"card-expired\"", "$.events[0].reason" },
        { "event outside the scenario", "$.events[1].date=\"2030-01-01\"", "$.events[1].date" },
        { "bad frequency", "$.policies[0].frequency=\"weekly\"", "$.policies[0].frequency" },
        { "unknown market", "$.market=\"JP\"", "$.market" },
        { "bad weekend day", "$.calendar.weekend[0]=\"Saturday\"", "$.calendar.weekend[0]" },
        { "end before start", "$.end=\"2025-01-01\"", "$.end" },
        { "more decimals than the currency", "$.policies[0].premium=\"1200.001\"", "$.policies[0].premium" },
        { "unknown channel preference", "$.customers[0].channels[0]=\"fax\"", "$.customers[0].channels[0]" },
        { "negative retry day", "$.products[0].debitRetryDays=[-1]", "$.products[0].debitRetryDays[0]" },
    };

    private static JsonObject ValidClaims() => JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "tests", "scenarios", "claims-journey.json")))!.AsObject();

    public static TheoryData<string, string, string> BadClaimFiles() => new()
    {
        { "a benefit the product lacks", "$.events[0].benefit=\"DENTAL\"", "$.events[0].benefit" },
        { "a loss after the claim is made", "$.events[0].incurred=\"2026-03-03\"", "$.events[0].incurred" },
        { "a loss before the policy", "$.events[0].incurred=\"2025-06-09\"", "$.events[0].incurred" },
        { "a per-day claim without days", "$.events[0].days=null", "$.events[0].days" },
        { "a reimbursement without the expense", "$.events[1].amount=null", "$.events[1].amount" },
        { "a negative expense", "$.events[1].amount=\"-5.00\"", "$.events[1].amount" },
        { "a claim id used twice", "$.events[1].claim=\"CL1\"", "$.events[1].claim" },
        { "documents for no claim", "$.events[2].claim=\"CL9\"", "$.events[2].claim" },
        { "a document that is not a string", "$.events[2].documents[0]=7", "$.events[2].documents[0]" },
        { "an unknown decision", "$.events[4].decision=\"maybe\"", "$.events[4].decision" },
        { "a partial decision without an amount", "$.events[4].amount=null", "$.events[4].amount" },
        { "a partial amount of nothing", "$.events[4].amount=\"0.00\"", "$.events[4].amount" },
        { "a partial decision without a reason", "$.events[4].reason=null", "$.events[4].reason" },
        { "an amount on an approval", "$.events[8].amount=\"100.00\"", "$.events[8].amount" },
        { "an investigation without a reason", "$.events[7].reason=null", "$.events[7].reason" },
        { "an unknown field on a claim", "$.events[0].hospital=\"x\"", "$.events[0].hospital" },
        { "a benefit with a measure of another kind", "$.products[0].benefits[0].amount=\"1.00\"", "$.products[0].benefits[0].amount" },
    };

    private static JsonObject ValidRenewals() => JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "tests", "scenarios", "renewal-rate-lock.json")))!.AsObject();

    public static TheoryData<string, string, string> BadRenewalFiles() => new()
    {
        { "renewal terms on a long-term product", "$.products[0].term=\"long\"", "$.products[0].renewal" },
        { "bands that overlap", "$.products[0].renewal.rates=[{\"toAge\":59,\"premium\":\"1.00\"},{\"toAge\":40,\"premium\":\"2.00\"}]", "$.products[0].renewal.rates[1].toAge" },
        { "an adjustment factor of zero", "$.products[0].renewal.adjustments[1].factor=\"0\"", "$.products[0].renewal.adjustments[1].factor" },
        { "a typo in the renewal terms", "$.products[0].renewal.maxage=80", "$.products[0].renewal.maxage" },
        { "a renewal event on an unknown policy", "$.events[0].policy=\"P9\"", "$.events[0].policy" },
        { "a renewal event with an extra field", "$.events[0].premium=\"1.00\"", "$.events[0].premium" },
    };

    [Theory]
    [MemberData(nameof(BadRenewalFiles))]
    public void BadRenewal_IsRefusedNamingThePath(string description, string edit, string expectedPath)
    {
        var json = Edit(ValidRenewals(), edit);
        var error = Assert.Throws<InputException>(() => Scenario.Parse(json));
        Assert.True(error.Path == expectedPath, $"{description}: expected {expectedPath}, got {error.Path}: {error.Message}");
    }

    [Fact]
    public void ARenewalEventOnAProductWithoutRenewalTerms_IsAnInputError()
    {
        var json = ValidRenewals();
        json["products"]![0]!.AsObject().Remove("renewal");
        var error = Assert.Throws<InputException>(() => Scenario.Parse(json.ToJsonString()));
        Assert.Equal("$.events[0].policy", error.Path);
    }

    [Theory]
    [MemberData(nameof(BadClaimFiles))]
    public void BadClaimEvent_IsRefusedNamingThePath(string description, string edit, string expectedPath)
    {
        var json = Edit(ValidClaims(), edit);
        var error = Assert.Throws<InputException>(() => Scenario.Parse(json));
        Assert.True(error.Path == expectedPath, $"{description}: expected {expectedPath}, got {error.Path}: {error.Message}");
    }

    [Fact]
    public void AClaimOnAProductWithoutBenefits_IsAnInputError()
    {
        var json = ValidClaims();
        json["products"]![0]!.AsObject().Remove("benefits");
        var error = Assert.Throws<InputException>(() => Scenario.Parse(json.ToJsonString()));
        Assert.Equal("$.events[0].policy", error.Path);
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadFile_IsRefusedNamingThePath(string description, string edit, string expectedPath)
    {
        var json = Edit(Valid(), edit);
        var error = Assert.Throws<InputException>(() => Scenario.Parse(json));
        Assert.True(error.Path == expectedPath, $"{description}: expected {expectedPath}, got {error.Message}");
    }

    [Fact]
    public void NotJson_IsRefusedWithTheLine()
    {
        var error = Assert.Throws<InputException>(() => Scenario.Parse("{\n \"start\": \"2026-01-01\",\n oops\n}"));
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_BadFile_ExitsWith2_AndWritesNothing()
    {
        using var temp = new TempFolder();
        var file = Path.Combine(temp.Path, "bad.json");
        await File.WriteAllTextAsync(file, Edit(Valid(), "$.policies[0].premium=\"-1.00\""));
        var output = Path.Combine(temp.Path, "out.jsonl");
        var code = await Commands.Build().Parse(["scenario", file, "--out", output]).InvokeAsync();
        Assert.Equal(Commands.InvalidInput, code);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("outbox", "--status", "bogus")]
    [InlineData("scenario")]
    [InlineData("cycle", "--date")]
    [InlineData("serve", "--no-such-option")]
    public async Task Cli_ALineTheParserRefuses_ExitsWith2LikeOtherBadInput(params string[] args)
    {
        using var error = new StringWriter();
        Assert.Equal(Commands.InvalidInput, await Commands.RunAsync(args, error));
        Assert.NotEqual("", error.ToString().Trim());
    }

    [Fact]
    public async Task Cli_Example_WritesTheTimeline()
    {
        using var temp = new TempFolder();
        var output = Path.Combine(temp.Path, "out.jsonl");
        var code = await Commands.Build().Parse(["scenario", Path.Combine(Repository.Root, "tests", "scenarios", "example.json"), "--out", output]).InvokeAsync();
        Assert.Equal(0, code);
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Contains(lines, l => l.Contains("\"kind\":\"status\"", StringComparison.Ordinal) && l.Contains("\"to\":\"grace\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cli_ProductFileWithAnUnknownField_ExitsWith2_AndLoadsNone()
    {
        using var temp = new TempFolder();
        var good = Path.Combine(temp.Path, "good.json");
        var bad = Path.Combine(temp.Path, "bad.json");
        await File.WriteAllTextAsync(good, """{"code":"GOOD","currency":"CNY"}""");
        await File.WriteAllTextAsync(bad, """{"code":"BAD","currency":"CNY","graceDays":30}""");
        var dbFile = Path.Combine(temp.Path, "p.db");
        var code = await Commands.Build().Parse(["products", good, bad, "--db", $"Data Source={dbFile}"]).InvokeAsync();
        Assert.Equal(Commands.InvalidInput, code);
        Assert.False(File.Exists(dbFile));

        code = await Commands.Build().Parse(["products", good, "--db", $"Data Source={dbFile}"]).InvokeAsync();
        Assert.Equal(0, code);
        await using var db = Storage.Database.FromSetting($"Data Source={dbFile}").Open();
        Assert.Equal(["GOOD"], db.Products.Select(p => p.Code).ToList());
    }

    [Fact]
    public async Task Cli_Import_LoadsABookFile_AndABadCsvLoadsNothing()
    {
        using var temp = new TempFolder();
        var keys = Path.Combine(temp.Path, "keys");
        // The command reads its key ring from the environment; set for this test only (other tests share the process).
        var previousKeys = Environment.GetEnvironmentVariable("POLICYCARE_KEYS");
        Environment.SetEnvironmentVariable("POLICYCARE_KEYS", keys);
        try
        {
            await ImportAsync(temp, keys);
        }
        finally
        {
            Environment.SetEnvironmentVariable("POLICYCARE_KEYS", previousKeys);
        }
    }

    private static async Task ImportAsync(TempFolder temp, string keys)
    {
        var dbFile = Path.Combine(temp.Path, "i.db");
        var book = Path.Combine(temp.Path, "book.json");
        await File.WriteAllTextAsync(book, """
            {"asOf":"2026-01-01","products":[{"code":"L","currency":"CNY"}],
             "customers":[{"id":"A","name":"A","nationalId":"110101198001011234"}],
             "policies":[{"number":"P1","product":"L","holder":"A","start":"2025-01-10","premium":"100.00","frequency":"monthly"}]}
            """);
        Assert.Equal(0, await Commands.Build().Parse(["import", book, "--db", $"Data Source={dbFile}"]).InvokeAsync());

        var bad = Path.Combine(temp.Path, "customers.csv");
        await File.WriteAllTextAsync(bad, string.Join('\n', "id,name,locale", "B,B,zh-CN", "C,C,xx-XX"));
        Assert.Equal(Commands.InvalidInput, await Commands.Build().Parse(["import", bad, "--db", $"Data Source={dbFile}"]).InvokeAsync());

        await using var db = Storage.Database.FromSetting($"Data Source={dbFile}").Open();
        Assert.Equal(["A"], db.Customers.Select(c => c.Id).ToList());
        var policy = db.Policies.Single();
        Assert.Equal(12, policy.InstallmentsBilled);
        Assert.NotNull(db.Customers.Single().NationalIdProtected);
        Assert.True(Directory.Exists(keys));
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("tomorrow")]
    public async Task Cli_CycleWithABadDate_ExitsWith2(string date)
    {
        using var temp = new TempFolder();
        var code = await Commands.Build().Parse(["cycle", "--date", date, "--db", $"Data Source={Path.Combine(temp.Path, "x.db")}"]).InvokeAsync();
        Assert.Equal(Commands.InvalidInput, code);
        Assert.False(File.Exists(Path.Combine(temp.Path, "x.db")));
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2")]
    [InlineData("Host=127.0.0.1;Port=notaport")]
    public async Task Cli_UnusableDatabase_ExitsWith2(string connection)
    {
        var code = await Commands.Build().Parse(["cycle", "--date", "2026-01-01", "--db", connection]).InvokeAsync();
        Assert.Equal(Commands.InvalidInput, code);
    }

    /// <summary>Applies "path=json" to a copy of the document (paths with .name and [index]).</summary>
    private static string Edit(JsonObject root, string edit)
    {
        var eq = edit.IndexOf('=', StringComparison.Ordinal);
        var path = edit[..eq];
        var value = JsonNode.Parse(edit[(eq + 1)..]);
        var parts = System.Text.RegularExpressions.Regex.Matches(path[1..], @"\.([A-Za-z]+)|\[(\d+)\]").Select(m => m.Groups[1].Success ? (object)m.Groups[1].Value : int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        JsonNode node = root;
        for (var i = 0; i < parts.Count - 1; i++)
            node = parts[i] is string name ? node[name]! : node[(int)parts[i]]!;
        if (parts[^1] is string last) node[last] = value;
        else node[(int)parts[^1]] = value;
        return root.ToJsonString();
    }
}
