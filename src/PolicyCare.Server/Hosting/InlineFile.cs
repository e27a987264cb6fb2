using Microsoft.Net.Http.Headers;

namespace PolicyCare.Hosting;

/// <summary>
/// A file the reader opens in the browser (a letter, a receipt, a claim's invoice), still with a name for when they save
/// it. <c>Results.File</c> with a name would make it an attachment, which every browser downloads instead of showing.
/// </summary>
public static class InlineFile
{
    public static IResult Of(HttpContext context, byte[] bytes, string mediaType, string name)
    {
        context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("inline") { FileName = name }.ToString();
        return Results.File(bytes, mediaType);
    }
}
