namespace PolicyCare.Notices;

public sealed class MaskingTests
{
    [Theory]
    [InlineData("110101195003021234", "**************1234")]
    [InlineData("123", "123")]
    public void LastFour_KeepsOnlyTheLastFourDigits(string value, string expected) => Assert.Equal(expected, Masking.LastFour(value));

    [Fact]
    public void Redact_MasksEveryLongDigitRun() =>
        Assert.Equal("card ************3456 and id **************1234, policy P1",
            Masking.Redact("card 6222021234563456 and id 110101195003021234, policy P1"));

    [Fact]
    public void Redact_DropsASurveyLinksToken_WhichWouldAnswerForTheCustomer() =>
        Assert.Equal("请评价：https://pc.example.cn/survey/…（14天内有效）",
            Masking.Redact("请评价：https://pc.example.cn/survey/CfDJ8GVR0Z-4IotBs9hnp50DEq1s1z8W6_-KQ6JqAhjH7Sij（14天内有效）"));

    [Fact]
    public void Phone_And_Email_AreMaskedForDisplay()
    {
        Assert.Equal("+86*******8000", Masking.Phone("+8613800138000"));
        Assert.Equal("w***@example.com", Masking.Email("wang@example.com"));
    }

    [Theory]
    [InlineData("王小明", "王**")]
    [InlineData("김민준", "김**")]
    [InlineData("Ann Lee", "A******")]
    [InlineData("李", "李*")]
    public void APublicName_ShowsTheFirstCharacterOnly(string name, string expected) => Assert.Equal(expected, Masking.PublicName(name));

    [Theory]
    [InlineData("CN000123", "CN****23")]
    [InlineData("KR000004", "KR****04")]
    [InlineData("P1", "**")]
    public void APublicPolicyNumber_ShowsItsEndsOnly(string number, string expected) => Assert.Equal(expected, Masking.PublicPolicyNumber(number));

    [Fact]
    public void APublicListing_SaysNoAmountNoIdNoAddress_AndHowToGetInTouch()
    {
        var text = Templates.RenderPublicListing("CN****23", "王**", Templates.PublicStanding(PolicyCare.Delinquency.PolicyStatus.Lapsed, "zh-CN"), "zh-CN", "CNY");
        Assert.Equal("保单CN****23（投保人王**）：保单已失效，仍可申请复效。我们多次联系未果，请投保人尽快通过客服热线95500或登录客户服务平台与我们联系，并更新联系方式。", text);
        Assert.DoesNotMatch(@"\d{5,}|¥|元", text.Replace("95500", "", StringComparison.Ordinal));
    }
}
