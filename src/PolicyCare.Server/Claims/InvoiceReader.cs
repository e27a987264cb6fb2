using System.Diagnostics;

namespace PolicyCare.Claims;

/// <summary>What OCR made of an invoice: the reading, or why there is none (the handler then reads it by eye).</summary>
public sealed record InvoiceOcr(InvoiceReading? Reading, string? Problem)
{
    public static InvoiceOcr Failed(string problem) => new(null, problem);
}

/// <summary>
/// Reads an invoice image with Tesseract (Debian's <c>tesseract-ocr</c> with its Simplified Chinese
/// and Korean data) and proposes its total (<see cref="InvoiceTotal"/>). The command-line tool is
/// called rather than bound: it is what Debian maintains, and a crash in it cannot take the server down.
/// </summary>
public sealed class InvoiceReader(string tesseract = "tesseract", TimeSpan? timeout = null)
{
    /// <summary>The languages read at once: an invoice may mix Chinese or Korean labels with Latin digits.</summary>
    public const string Languages = "chi_sim+kor+eng";

    public async Task<InvoiceOcr> ReadAsync(byte[] image, CancellationToken cancel = default)
    {
        var file = Path.Combine(Path.GetTempPath(), $"policycare-invoice-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(file, image, cancel);
        try
        {
            var start = new ProcessStartInfo(tesseract) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            // --psm 6: one block of text, the layout of a receipt; stdout: the text, not a file.
            foreach (var a in new[] { file, "stdout", "-l", Languages, "--psm", "6" }) start.ArgumentList.Add(a);
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return InvoiceOcr.Failed("OCR is not installed on this server (Debian: tesseract-ocr, tesseract-ocr-chi-sim, tesseract-ocr-kor)");
            }
            using (process)
            {
                var text = process.StandardOutput.ReadToEndAsync(cancel);
                var errors = process.StandardError.ReadToEndAsync(cancel);
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                limit.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
                try
                {
                    await process.WaitForExitAsync(limit.Token);
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    process.Kill(entireProcessTree: true);
                    return InvoiceOcr.Failed("OCR took too long on this image");
                }
                // Tesseract's own messages may quote the file, never the invoice: nothing of them is logged.
                _ = await errors;
                return process.ExitCode == 0
                    ? new InvoiceOcr(InvoiceTotal.Read(await text), null)
                    : InvoiceOcr.Failed("OCR could not read this image");
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
