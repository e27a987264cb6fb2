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
    [InlineData("""{"code":"X","currency":"CNY","benefits":[{"code":"CI","kind":"fixd","amount":"1.00"}]}""", "$.products[0].benefits[0].kind")]
    [InlineData("""{"code":"X","currency":"CNY","benefits":[{"code":"CI","kind":"fixed"}]}""", "$.products[0].benefits[0].amount")]
    [InlineData("""{"code":"X","currency":"CNY","benefits":[{"code":"CI","kind":"fixed","amount":"1.00","perDay":"2.00"}]}""", "$.products[0].benefits[0].perDay")]
    [InlineData("""{"code":"X","currency":"CNY","benefits":[{"code":"H","kind":"per-day","perDay":"200.00","maxDays":0}]}""", "$.products[0].benefits[0].maxDays")]
    [InlineData("""{"code":"X","currency":"CNY","benefits":[{"code":"M","kind":"reimbursement","coPay":"1.5"}]}""", "$.products[0].benefits[0].coPay")]
    [InlineData("""{"code":"X","currency":"KRW","benefits":[{"code":"M","kind":"reimbursement","deductible":"100.50"}]}""", "$.products[0].benefits[0].deductible")]
    [InlineData("""{"code":"X","currency":"CNY","benefits":[{"code":"M","kind":"reimbursement"},{"code":"M","kind":"reimbursement"}]}""", "$.products[0].benefits[1].code")]
    [InlineData("""{"code":"X","currency":"CNY","benefits":[{"code":"M","kind":"reimbursement","documents":["invoice",""]}]}""", "$.products[0].benefits[0].documents[1]")]
    [InlineData("""{"code":"X","currency":"CNY","benefits":[{"code":"M","kind":"reimbursement","waitingDay":30}]}""", "$.products[0].benefits[0].waitingDay")]
    [InlineData("""{"code":"X","currency":"CNY","claims":{"decideWithin":{"days":30,"businessDays":3}}}""", "$.products[0].claims.decideWithin")]
    [InlineData("""{"code":"X","currency":"CNY","claims":{"investigateWithin":{"businessDays":0}}}""", "$.products[0].claims.investigateWithin.businessDays")]
    [InlineData("""{"code":"X","currency":"CNY","claims":{"fastTrackLimit":"-1.00"}}""", "$.products[0].claims.fastTrackLimit")]
    [InlineData("""{"code":"X","currency":"CNY","claims":{"delayInterestRate":"2"}}""", "$.products[0].claims.delayInterestRate")]
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

    [Fact]
    public void BenefitsAndClaimRules_AreReadAsTheScenarioFormatGivesThem()
    {
        var p = Parse("""
            {"code":"H1","currency":"CNY",
             "benefits":[
               {"code":"HOSP","kind":"per-day","perDay":"200.00","maxDays":180,"waitingDays":90,"documents":["claim-form","id-card","discharge-summary","invoice"]},
               {"code":"MED","kind":"reimbursement","deductible":"100.00","coPay":"0.10","annualLimit":"20000.00","waitingDays":30,"documents":["claim-form"]},
               {"code":"CI","kind":"fixed","amount":"100000.00","waitingDays":180,"documents":["diagnosis"]}],
             "claims":{"fastTrackLimit":"5000.00","decideWithin":{"businessDays":3},"delayInterestRate":"0.05"}}
            """);
        Assert.Equal(200m, p.Benefit("HOSP")!.PerDay);
        Assert.Equal(180, p.Benefit("HOSP")!.MaxDays);
        Assert.Equal(["claim-form", "id-card", "discharge-summary", "invoice"], p.Benefit("HOSP")!.Documents);
        Assert.Equal((100m, 0.10m, 20000m, 30), (p.Benefit("MED")!.Deductible, p.Benefit("MED")!.CoPay, p.Benefit("MED")!.AnnualLimit!.Value, p.Benefit("MED")!.WaitingDays));
        Assert.Equal(100000m, p.Benefit("CI")!.Amount);
        Assert.Null(p.Benefit("DEATH"));
        var rules = p.ClaimRulesIn("CN");
        Assert.Equal(5000m, rules.FastTrackLimit);
        Assert.Equal(Claims.ClaimClock.BusinessDaysAfter(3), rules.DecideWithin);
        Assert.Equal(Claims.ClaimClock.Days(30), rules.InvestigateWithin); // the market's default for what is left out
        Assert.Equal(0.05m, rules.DelayInterestRate);
        Assert.Null(Parse("""{"code":"X","currency":"CNY"}""").Benefits);
    }

    [Theory]
    [InlineData("CN-LIFE20", "DEATH", "CI")] // death and critical illness
    [InlineData("HEALTH-1Y", "HOSP", "MED")] // hospital per day and medical reimbursement
    [InlineData("KR-LIFE", "HOSP", "SILSON")] // hospital per day and 실손-style reimbursement
    public void TheReferenceProducts_PayTheirBenefits_WithAFastTrack(string product, string first, string second)
    {
        var p = ProductFile.ReferenceProducts().Single(x => x.Code == product);
        Assert.Equal([first, second], p.Benefits!.Select(b => b.Code));
        Assert.All(p.Benefits!, b => Assert.Contains("claim-form", b.Documents));
        Assert.True(p.ClaimRulesIn(p.Market!).FastTrackLimit > 0);
    }
}
