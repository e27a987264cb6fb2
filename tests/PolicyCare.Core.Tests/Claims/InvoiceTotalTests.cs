namespace PolicyCare.Claims;

public sealed class InvoiceTotalTests
{
    [Theory]
    [InlineData("医疗费用发票\n药品费 320.00\n检查费 880.50\n合 计 (小写) ¥1,200.50\n", "1200.50")]
    [InlineData("진료비 영수증\n진찰료 15,000\n검사료 108,457\n합계 123,457원\n", "123457")]
    [InlineData("INVOICE 2026-0042\nRoom 3 nights 900.00\nMedicine 120.00\nTOTAL: 1,020.00\n", "1020.00")]
    [InlineData("Subtotal 1,000.00\nTax 60.00\nAmount due 1,060.00\n", "1060.00")] // the last total line wins
    [InlineData("Total 1,060.00\nSubtotal (medicine) 120.00\n", "1060.00")] // a subtotal is not the total
    public void TheTotal_IsTheAmountOnTheLastLineThatNamesIt(string text, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), InvoiceTotal.Read(text).ProposedTotal);

    [Fact]
    public void NoTotalLine_ProposesNothing_AndIsNoMismatch()
    {
        var reading = InvoiceTotal.Read("Room 900.00\nMedicine 120.00\n");
        Assert.Null(reading.ProposedTotal);
        Assert.False(reading.Mismatches(1020m, "CNY"));
    }

    [Fact]
    public void AClaimedAmountOtherThanTheInvoices_IsAMismatch()
    {
        var reading = InvoiceTotal.Read("合计 1,200.50");
        Assert.True(reading.Mismatches(1250m, "CNY"));
        Assert.False(reading.Mismatches(1200.50m, "CNY"));
    }
}
