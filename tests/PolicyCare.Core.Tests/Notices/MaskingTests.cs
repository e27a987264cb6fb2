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
    public void Phone_And_Email_AreMaskedForDisplay()
    {
        Assert.Equal("+86*******8000", Masking.Phone("+8613800138000"));
        Assert.Equal("w***@example.com", Masking.Email("wang@example.com"));
    }
}
