using System.Text.Json;
using PolicyCare.Json;

namespace PolicyCare.Policies;

public sealed class ProductFileTests
{
    private static Product Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return ProductFile.Parse(doc.RootElement, "$.products[0]");
    }

    [Fact]
    public void LeftOut_TakeTheScenarioDefaults()
    {
        var p = Parse("""{"code":"X","currency":"CNY"}""");
        Assert.Equal(PolicyTerm.Long, p.Term);
        Assert.Equal(GraceRule.OfDays(60), p.Grace);
        Assert.Equal(ReinstatementRule.Default, p.Reinstatement);
        Assert.Equal(3, p.PreDebitNoticeDays);
        Assert.Equal(65, p.ElderlyAge);
        Assert.Null(Parse("""{"code":"X","currency":"CNY","term":"short"}""").Grace);
    }

    [Theory]
    [InlineData("""{"code":"X","currency":"CNY","grase":{"days":3}}""", "$.products[0].grase")]
    [InlineData("""{"code":"X","currency":"XYZ"}""", "$.products[0].currency")]
    [InlineData("""{"code":"X","currency":"CNY","grace":{"days":-1}}""", "$.products[0].grace.days")]
    [InlineData("""{"code":"X","currency":"CNY","grace":{}}""", "$.products[0].grace")]
    [InlineData("""{"code":"X","currency":"CNY","term":"medium"}""", "$.products[0].term")]
    [InlineData("""{"code":"X","currency":"CNY","debitRetryDays":[3,0]}""", "$.products[0].debitRetryDays[1]")]
    [InlineData("""{"code":"X","currency":"CNY","reinstatement":{"annualInterestRate":"abc"}}""", "$.products[0].reinstatement.annualInterestRate")]
    [InlineData("""{"code":"X","currency":"CNY","names":{"fr-FR":"Vie"}}""", "$.products[0].names.fr-FR")]
    [InlineData("""{"code":"X","currency":"CNY","names":{"ko-KR":" "}}""", "$.products[0].names.ko-KR")]
    public void Invalid_IsRefusedWithTheJsonPath(string json, string path)
    {
        var error = Assert.Throws<InputException>(() => Parse(json));
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void AProductsName_IsReadInTheReadersLanguage_ElseItsOneName_ElseItsCode()
    {
        var p = Parse("""{"code":"X","currency":"CNY","name":"Life","names":{"zh-CN":"终身寿险","ko-KR":"종신보험"}}""");
        Assert.Equal("终身寿险", p.NameIn("zh-CN"));
        Assert.Equal("종신보험", p.NameIn("ko-KR"));
        Assert.Equal("Life", p.NameIn("en-US"));
        Assert.Equal("X", Parse("""{"code":"X","currency":"CNY"}""").NameIn("ko-KR"));
        // Every reference product names itself in the three languages.
        Assert.All(ProductFile.ReferenceProducts(), r => Assert.Equal(3, r.Names?.Count));
    }

    [Fact]
    public void ReferenceProducts_LoadAndCoverChinaKoreaAndShortTerm()
    {
        var products = ProductFile.ReferenceProducts();
        Assert.Contains(products, p => p.Market == "CN" && p.Term == PolicyTerm.Long && p.Grace == GraceRule.OfDays(60));
        Assert.Contains(products, p => p.Market == "KR" && p.Grace == GraceRule.UntilEndOfFollowingMonth && p.Reinstatement.WindowDays == 1095);
        Assert.Contains(products, p => p.Term == PolicyTerm.Short);
    }
}
