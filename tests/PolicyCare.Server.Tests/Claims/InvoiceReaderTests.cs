using SkiaSharp;

namespace PolicyCare.Claims;

/// <summary>
/// Tesseract reads invoices these tests draw (Chinese, Korean, English, in the CJK font the letters
/// use), and the total it finds is proposed; a claimed amount other than the invoice's is a mismatch.
/// </summary>
public sealed class InvoiceReaderTests
{
    /// <summary>Invoices are drawn in another face than letters (Debian's fonts-noto-cjk), as a hospital's own printer would.</summary>
    private const string NotoCjk = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

    internal static byte[] Invoice(string locale, params string[] lines)
    {
        // The collection's faces: 1 Korean, 2 Simplified Chinese, 0 Japanese (Latin digits in all).
        var face = locale switch { "ko-KR" => 1, "zh-CN" => 2, _ => 0 };
        using var typeface = SKTypeface.FromFile(NotoCjk, face)
            ?? throw new InvalidOperationException($"{NotoCjk} is missing: install fonts-noto-cjk (.ci/run does)");
        using var font = new SKFont(typeface, 36);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var surface = SKSurface.Create(new SKImageInfo(1100, 120 + 64 * lines.Length));
        surface.Canvas.Clear(SKColors.White);
        for (var i = 0; i < lines.Length; i++) surface.Canvas.DrawText(lines[i], 60, 90 + 64 * i, SKTextAlign.Left, font, ink);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static async Task<InvoiceReading> ReadAsync(byte[] image)
    {
        Assert.True(File.Exists("/usr/bin/tesseract"), "tesseract is missing: install tesseract-ocr, tesseract-ocr-chi-sim and tesseract-ocr-kor (.ci/run does)");
        var ocr = await new InvoiceReader().ReadAsync(image);
        Assert.True(ocr.Reading is not null, ocr.Problem);
        return ocr.Reading!;
    }

    [Fact]
    public async Task AChineseInvoice_ItsTotalIsProposed_AndADifferentClaimIsAMismatch()
    {
        var reading = await ReadAsync(Invoice("zh-CN", "医疗费用发票", "西药费 320.00", "检查费 880.50", "合计 1,200.50"));
        Assert.Equal(1200.50m, reading.ProposedTotal);
        Assert.True(reading.Mismatches(1250m, "CNY"));
        Assert.False(reading.Mismatches(1200.50m, "CNY"));
    }

    [Fact]
    public async Task AKoreanReceipt_ItsTotalIsProposedInWon()
    {
        var reading = await ReadAsync(Invoice("ko-KR", "진료비 영수증", "진찰료 15,000", "검사료 108,457", "합계 123,457"));
        Assert.Equal(123457m, reading.ProposedTotal);
    }

    [Fact]
    public async Task AnEnglishInvoice_ItsTotalIsProposed()
    {
        var reading = await ReadAsync(Invoice("en-US", "INVOICE 2026-0042", "Room, 3 nights 900.00", "Medicine 120.00", "TOTAL 1,020.00"));
        Assert.Equal(1020.00m, reading.ProposedTotal);
    }

    [Fact]
    public async Task AnImageWithoutATotal_ProposesNothing()
    {
        var reading = await ReadAsync(Invoice("en-US", "Room, 3 nights 900.00", "Medicine 120.00"));
        Assert.Null(reading.ProposedTotal);
    }

    [Fact]
    public async Task WithoutOcrInstalled_TheInvoiceIsLeftToTheHandler_WithTheReason()
    {
        var ocr = await new InvoiceReader(tesseract: "/nonexistent/tesseract").ReadAsync(Invoice("en-US", "TOTAL 1.00"));
        Assert.Null(ocr.Reading);
        Assert.Contains("not installed", ocr.Problem, StringComparison.Ordinal);
    }
}
