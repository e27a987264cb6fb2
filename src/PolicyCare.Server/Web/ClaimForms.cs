using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Claims;
using PolicyCare.Hosting;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Web;

/// <summary>
/// The claim pages' file upload: a plain multipart form (no script), checked like the API's upload,
/// answered by a redirect back to the page that says what happened.
/// </summary>
public static class ClaimForms
{
    public static IEndpointRouteBuilder MapClaimForms(this IEndpointRouteBuilder app)
    {
        // The pages open a document with the sign-in cookie, which the API never takes (so no other site can use it there).
        app.MapGet("/ui/claims/{claim}/documents/{document:long}", ClaimEndpoints.DownloadAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/ui/claims/{claim}/documents", async (string claim, [FromForm] string? type, [FromForm] string? back, IFormFile? file, HttpContext context,
            Database database, TimeProvider time, IDocumentStore store, InvoiceReader reader, CancellationToken cancel) =>
        {
            var user = context.User;
            await using var db = database.Open();
            var visible = await db.VisibleClaims(user).AsNoTracking().FirstOrDefaultAsync(c => c.Id == claim, cancel);
            var customer = user.CustomerId();
            var draft = visible is null && customer is not null ? await db.ClaimDrafts.AsNoTracking().FirstOrDefaultAsync(d => d.Id == claim && d.CustomerId == customer, cancel) : null;
            if (visible is null && draft is null) return Results.NotFound();
            var page = back == "office" && user.IsStaff() ? $"/office/claims/{claim}" : $"/my/claims/{claim}";
            string Back(string outcome) => $"{page}?upload={outcome}";
            if (visible?.ClosedOn is not null) return Results.Redirect(Back("closed"));
            if (file is null || file.Length == 0) return Results.Redirect(Back("empty"));
            if (file.Length > ClaimDocument.MaxBytes) return Results.Redirect(Back("too-large"));
            var product = await db.Policies.AsNoTracking().Where(p => p.Number == (visible != null ? visible.PolicyNumber : draft!.PolicyNumber)).Select(p => p.ProductCode).SingleAsync(cancel);
            var benefit = (await ReferenceData.CurrentAsync(db, cancel)).Products[product].Benefit(visible?.BenefitCode ?? draft!.BenefitCode)!;
            if (type is null || !ClaimIntake.DocumentCodes(benefit).Contains(type)) return Results.Redirect(Back("type"));
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancel);
            var upload = await ClaimIntake.AddDocumentAsync(db, store, reader, claim, type, buffer.ToArray(), user.IsStaff() ? "staff" : "customer",
                time.GetUtcNow(), await Access.TodayAsync(db, time, cancel), cancel);
            return Results.Redirect(Back(upload.Refusal is { } r ? (r.TooLarge ? "too-large" : "not-a-document")
                : upload.AlreadyFiledAs is not null ? "same-file" : "ok"));
        }).RequireAuthorization().ExcludeFromDescription()
          // Uploads above the JSON limit are this form's whole point; the store refuses above 10 MB itself.
          .WithMetadata(new RequestSizeLimitAttribute(ClaimDocument.MaxBytes + 1024 * 1024));
        return app;
    }

    /// <summary>What an upload's outcome (the redirect's <c>?upload=</c>) says to the reader, and whether it is an error.</summary>
    public static (string Text, bool Error)? UploadMessage(string? outcome) => outcome switch
    {
        null => null,
        "ok" => (Ui.T("Document received. Thank you."), false),
        "too-large" => (Ui.T("The file is larger than 10 MB. Please send a smaller scan or photo."), true),
        "not-a-document" or "empty" => (Ui.T("The file is not a PDF, JPEG or PNG. Please choose a scan or a photo."), true),
        "type" => (Ui.T("Choose which document this is."), true),
        "closed" => (Ui.T("This claim is closed and takes no more documents."), true),
        "same-file" => (Ui.T("This file is already on the claim as another document. Please upload the document asked for itself."), true),
        _ => null,
    };
}
