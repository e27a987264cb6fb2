using System.Text.Json;
using PolicyCare.Json;
using PolicyCare.Servicing;

namespace PolicyCare.Policies;

/// <summary>Clauses that limit cover, explained in every language, and each explanation recorded with the hash of the text shown.</summary>
public sealed class DisclosureTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private static Product Health => ProductFile.ReferenceProducts().Single(p => p.Code == "HEALTH-1Y");

    private static Product Parse(string clauses) =>
        ProductFile.Parse(JsonDocument.Parse($$"""{"code":"P","currency":"CNY","clauses":{{clauses}}}""").RootElement, "$");

    private const string Texts = """{"zh-CN":"中","ko-KR":"한","en-US":"en"}""";

    [Fact]
    public void TheReferenceProductsCarryTheirExclusions_DeductiblesAndCoPaymentCountToo()
    {
        Assert.Equal([ClauseKind.Exclusion, ClauseKind.WaitingPeriod, ClauseKind.Deductible, ClauseKind.CoPayment], Health.Clauses!.Select(c => c.Kind));
        Assert.All(ProductFile.ReferenceProducts(), p => Assert.NotEmpty(p.Clauses!));
        Assert.Contains("100", Health.Clauses![2].ExplanationIn("ko-KR"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"id":"A","kind":"exclusion","title":{"zh-CN":"中","ko-KR":"한"},"explanation":@T}]""", "$.clauses[0].title.en-US")]
    [InlineData("""[{"id":"A","kind":"exclusion","title":@T,"explanation":{"zh-CN":"中","ko-KR":" ","en-US":"en"}}]""", "$.clauses[0].explanation.ko-KR")]
    [InlineData("""[{"id":"A","kind":"small-print","title":@T,"explanation":@T}]""", "$.clauses[0].kind")]
    [InlineData("""[{"id":"A","kind":"exclusion","title":@T,"explanation":@T},{"id":"A","kind":"limit","title":@T,"explanation":@T}]""", "$.clauses[1].id")]
    [InlineData("""[{"id":"A B","kind":"exclusion","title":@T,"explanation":@T}]""", "$.clauses[0].id")]
    [InlineData("""[{"id":"A","kind":"exclusion","title":@T}]""", "$.clauses[0].explanation")]
    public void AClauseNotExplainedInEveryLanguage_OrMalformed_IsRefusedByItsPath(string clauses, string path) =>
        Assert.Equal(path, Assert.Throws<InputException>(() => Parse(clauses.Replace("@T", Texts, StringComparison.Ordinal))).Path);

    [Fact]
    public void TheHashIsOfExactlyTheTextShown_InTheReadersLanguage()
    {
        var (explanation, refusal) = Disclosure.Check(Health, null, "ko-KR", "web", null, "Kim", null, Now);
        Assert.Null(refusal);
        Assert.Equal(Health.Clauses!.Select(c => c.Id), explanation!.ClauseIds);
        Assert.Equal(Disclosure.Hash(Disclosure.TextShown(Health.Clauses!, "ko-KR")), explanation.TextHash);
        Assert.NotEqual(Disclosure.Hash(Disclosure.TextShown(Health.Clauses!, "zh-CN")), explanation.TextHash);
        // One character more in what was shown is another text.
        Assert.NotEqual(Disclosure.Hash(Disclosure.TextShown(Health.Clauses!, "ko-KR") + " "), explanation.TextHash);
        Assert.Equal(Now, explanation.ShownAt);
    }

    [Fact]
    public void ASalesSystemGivesItsOwnHash_AndTheClausesItCovered()
    {
        var hash = new string('A', 64);
        var (explanation, _) = Disclosure.Check(Health, ["HEALTH-EX-1", "HEALTH-DED"], "zh-CN", "in-person", Now.AddDays(-1), "Wang Fang", hash, Now);
        Assert.Equal(["HEALTH-EX-1", "HEALTH-DED"], explanation!.ClauseIds);
        Assert.Equal(new string('a', 64), explanation.TextHash);
        Assert.Equal(ExplanationMethod.InPerson, explanation.Method);
        Assert.Equal(["HEALTH-WAIT", "HEALTH-COPAY"], Disclosure.StillToExplain(Health, [explanation.ClauseIds]).Select(c => c.Id));
        Assert.Empty(Disclosure.StillToExplain(Health, [explanation.ClauseIds, ["HEALTH-WAIT", "HEALTH-COPAY"]]));
    }

    [Theory]
    [InlineData("HEALTH-EX-9", "zh-CN", "web", 0, "Wang", null, "clauses")]
    [InlineData("HEALTH-EX-1,HEALTH-EX-1", "zh-CN", "web", 0, "Wang", null, "clauses")]
    [InlineData("", "fr-FR", "web", 0, "Wang", null, "locale")]
    [InlineData("", "zh-CN", "leaflet", 0, "Wang", null, "method")]
    [InlineData("", "zh-CN", "audio", 60, "Wang", null, "shownAt")]
    [InlineData("", "zh-CN", "video", 0, " ", null, "acknowledgedBy")]
    [InlineData("", "zh-CN", "web", 0, "Wang", "abc", "textHash")]
    public void AnExplanationThatCannotBeTrue_IsRefusedNamingTheField(string ids, string locale, string method, int minutesAhead, string by, string? hash, string field)
    {
        var clauseIds = ids.Length == 0 ? null : ids.Split(',');
        Assert.Equal(field, Disclosure.Check(Health, clauseIds, locale, method, Now.AddMinutes(minutesAhead), by, hash, Now).Refusal!.Field);
    }

    [Fact]
    public void ClausesWrittenAndReadBack_AreTheSame()
    {
        var json = new System.Text.Json.Nodes.JsonObject { ["code"] = "P", ["currency"] = "CNY", ["clauses"] = Disclosure.Write(Health.Clauses!) };
        var back = ProductFile.Parse(JsonDocument.Parse(json.ToJsonString()).RootElement, "$").Clauses!;
        Assert.Equal(Health.Clauses!.Select(c => (c.Id, c.Kind, c.TitleIn("ko-KR"), c.ExplanationIn("zh-CN"))), back.Select(c => (c.Id, c.Kind, c.TitleIn("ko-KR"), c.ExplanationIn("zh-CN"))));
    }

    [Fact]
    public void AProductWithoutClauses_HasNothingToExplain() =>
        Assert.Equal("policy", Disclosure.Check(Product.WithDefaults("P", PolicyTerm.Long, "CNY"), null, "en-US", "web", null, "Li", null, Now).Refusal!.Field);
}
