namespace PolicyCare.Claims;

/// <summary>The kinds of file a claim takes: what the bytes are, whatever the file is called.</summary>
public enum DocumentFormat { Pdf, Jpeg, Png }

/// <summary>Why a file was refused, for a 413 (too large) or a 415 (not a PDF, JPEG or PNG; empty).</summary>
public sealed record DocumentRefusal(bool TooLarge, string Reason);

public static class ClaimDocument
{
    /// <summary>The largest file a claim takes: a phone photo of an invoice or a scanned discharge summary fits well under it.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>
    /// What a file is, by its first bytes (its signature), never by its name or the type the browser
    /// claimed: <c>%PDF-</c>, JPEG's FF D8 FF, PNG's eight-byte signature. Anything else, an empty
    /// file or one above <paramref name="maxBytes"/> is refused with the reason.
    /// </summary>
    public static (DocumentFormat? Format, DocumentRefusal? Refusal) Identify(ReadOnlySpan<byte> head, long length, long maxBytes = MaxBytes)
    {
        if (length == 0) return (null, new DocumentRefusal(false, "the file is empty"));
        if (length > maxBytes) return (null, new DocumentRefusal(true, $"the file is larger than {maxBytes / (1024 * 1024)} MB"));
        if (head.StartsWith("%PDF-"u8)) return (DocumentFormat.Pdf, null);
        if (head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF })) return (DocumentFormat.Jpeg, null);
        if (head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return (DocumentFormat.Png, null);
        return (null, new DocumentRefusal(false, "the file is not a PDF, JPEG or PNG"));
    }

    /// <summary>The media type a stored document is served with.</summary>
    public static string MediaType(this DocumentFormat format) => format switch
    {
        DocumentFormat.Pdf => "application/pdf",
        DocumentFormat.Jpeg => "image/jpeg",
        _ => "image/png",
    };
}
