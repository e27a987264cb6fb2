namespace PolicyCare.Claims;

public sealed class ClaimDocumentTests
{
    private static (DocumentFormat? Format, DocumentRefusal? Refusal) Identify(byte[] bytes, long? length = null) =>
        ClaimDocument.Identify(bytes, length ?? bytes.Length);

    [Fact]
    public void PdfJpegAndPng_AreKnownByTheirFirstBytes()
    {
        Assert.Equal(DocumentFormat.Pdf, Identify("%PDF-1.7\n"u8.ToArray()).Format);
        Assert.Equal(DocumentFormat.Jpeg, Identify([0xFF, 0xD8, 0xFF, 0xE0, 0x00]).Format);
        Assert.Equal(DocumentFormat.Png, Identify([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00]).Format);
    }

    [Fact]
    public void AnythingElse_IsRefused_WhateverItIsCalled()
    {
        var (format, refusal) = Identify("<html>invoice.pdf</html>"u8.ToArray());
        Assert.Null(format);
        Assert.False(refusal!.TooLarge);
        Assert.Contains("not a PDF, JPEG or PNG", refusal.Reason, StringComparison.Ordinal);
        Assert.NotNull(Identify("GIF89a"u8.ToArray()).Refusal);
    }

    [Fact]
    public void AnEmptyFile_AndOneAboveTheLimit_AreRefused_TheLatterAsTooLarge()
    {
        Assert.Contains("empty", Identify([]).Refusal!.Reason, StringComparison.Ordinal);
        var large = Identify("%PDF-1.7"u8.ToArray(), ClaimDocument.MaxBytes + 1).Refusal!;
        Assert.True(large.TooLarge);
        Assert.Null(Identify("%PDF-1.7"u8.ToArray(), ClaimDocument.MaxBytes).Refusal);
    }
}
