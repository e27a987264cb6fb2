namespace PolicyCare.Billing;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("10.005", "CNY", "10.01")]
    [InlineData("-10.005", "CNY", "-10.01")]
    [InlineData("10.0049", "CNY", "10.00")]
    [InlineData("1234.5", "KRW", "1235")]
    [InlineData("1233.5", "KRW", "1234")]
    [InlineData("1233.49", "KRW", "1233")]
    public void RoundToMinorUnitAwayFromZero_RoundsMidpointsAwayFromZero(string amount, string currency, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            Currencies.RoundToMinorUnitAwayFromZero(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency));

    [Theory]
    [InlineData(1200, "CNY", "1200.00")]
    [InlineData(55000, "KRW", "55000")]
    public void Format_UsesTheCurrencysMinorUnit(decimal amount, string currency, string expected) =>
        Assert.Equal(expected, Currencies.Format(amount, currency));
}
