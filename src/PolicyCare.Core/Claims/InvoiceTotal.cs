using System.Globalization;
using System.Text.RegularExpressions;
using PolicyCare.Billing;

namespace PolicyCare.Claims;

/// <summary>What the invoice's text says it totals, proposed to the handler, and whether that is what the customer claimed.</summary>
public sealed record InvoiceReading(decimal? ProposedTotal, string? TotalLine)
{
    /// <summary>
    /// A mismatch worth a handler's look: the invoice's total read and the amount claimed differ once
    /// both are in the currency's minor unit. Nothing read is not a mismatch, only nothing proposed.
    /// </summary>
    public bool Mismatches(decimal claimed, string currency) =>
        ProposedTotal is { } total
        && Currencies.RoundToMinorUnitAwayFromZero(total, currency) != Currencies.RoundToMinorUnitAwayFromZero(claimed, currency);
}

/// <summary>
/// Finds the total on an invoice from the text OCR read (Chinese, Korean or English invoices): the
/// amount on the last line that names a total — 合计, 总计, 金额合计, 应付; 합계, 총액, 총 진료비,
/// 납부할 금액; total, amount due. OCR drops and adds spaces, so the labels are matched without them.
/// </summary>
public static partial class InvoiceTotal
{
    private static readonly string[] Labels =
        ["合计", "总计", "应付", "应收", "합계", "총액", "총진료비", "납부할금액", "납부금액", "total", "amountdue"];

    public static InvoiceReading Read(string ocrText)
    {
        InvoiceReading found = new(null, null);
        foreach (var raw in ocrText.Split('\n'))
        {
            var line = raw.Trim();
            var squeezed = Spaces().Replace(line, "").ToLowerInvariant();
            if (!Labels.Any(l => squeezed.Contains(l, StringComparison.Ordinal)) || squeezed.Contains("subtotal", StringComparison.Ordinal)) continue;
            // The amount is the last number on the line: "合计 (小写) ¥1,234.50", "합계 123,457원", "Total: 1,234.50".
            var amounts = Amount().Matches(line);
            if (amounts.Count == 0) continue;
            var text = amounts[^1].Value.Replace(",", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
            if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0)
                found = new InvoiceReading(value, line);
        }
        return found;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>Digits with thousands separators and up to two decimals; a lone digit or two is a line number, not an amount.</summary>
    [GeneratedRegex(@"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{3,}(?:\.\d{1,2})?|\d+\.\d{1,2}")]
    private static partial Regex Amount();
}
