using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Claims;

/// <summary>A claim as a customer or an integrator asks for it, before it is checked.</summary>
public sealed record ClaimRequest(string Policy, string Benefit, DateOnly? Incurred, decimal? Expense, int? Days, string? PayoutAccount);

/// <summary>A request the book cannot take, with the field to fix (the API's problem names it; a page shows it by the field).</summary>
public sealed record ClaimProblem(string Field, string Message);

/// <summary>
/// The outcome of an upload: the document kept, or why it was refused (too large → 413, not a PDF, JPEG or PNG → 415),
/// or the document these same bytes are already filed as on the claim (→ 409: one file cannot also be another document).
/// </summary>
public sealed record DocumentUpload(ClaimDocumentRecord? Document, DocumentRefusal? Refusal, string? AlreadyFiledAs = null);

/// <summary>
/// The ways into a claim that a customer, an integrator and a handler share: checking a new claim,
/// uploading a document (stored by its bytes, read by OCR when it is an invoice image, then received
/// on the claim), and submitting a draft.
/// </summary>
public static class ClaimIntake
{
    /// <summary>A document that is not one of the benefit's required ones (a second opinion, a photo).</summary>
    public const string OtherDocument = "other";

    /// <summary>A claim id nobody can guess from another's: CL and 12 random digits (digits, so it reads as a number in every language).</summary>
    public static string NewId() => "CL" + RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("000000", System.Globalization.CultureInfo.InvariantCulture)
        + RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("000000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Checks a claim against its policy and product: a benefit the product pays, a date neither in
    /// the future nor before the policy began, the measure its kind needs (an expense, or days), and a
    /// payout account that looks like one. A draft may leave the date and the measure for later.
    /// </summary>
    public static ClaimProblem? Check(ClaimRequest r, PolicyRecord policy, Product product, DateOnly today, bool draft)
    {
        var benefit = product.Benefit(r.Benefit);
        if (benefit is null)
            return new("benefit", product.Benefits is { Count: > 0 } list
                ? $"'{r.Benefit}' is not a benefit of the product {product.Code}; it pays {string.Join(", ", list.Select(b => b.Code))}"
                : $"the product {product.Code} pays no claims");
        if (r.Incurred is { } incurred)
        {
            if (incurred > today) return new("incurred", "is in the future");
            if (incurred < policy.Start) return new("incurred", $"is before the policy began ({policy.Start:yyyy-MM-dd})");
        }
        else if (!draft) return new("incurred", "is required: the day of the loss");
        if (r.Expense is { } expense)
        {
            if (expense <= 0) return new("amount", "must be a positive amount");
            if (!Currencies.FitsMinorUnit(expense, product.Currency)) return new("amount", $"has more decimals than {product.Currency} allows");
            if (expense > Currencies.LargestAmount) return new("amount", "is larger than any amount PolicyCare holds");
        }
        if (r.Days is { } days && days is < 1 or > 3660) return new("days", "must be a whole number of days from 1 to 3660");
        if (!draft && benefit.Kind == BenefitKind.Reimbursement && r.Expense is null) return new("amount", "is required: the expense to reimburse");
        if (!draft && benefit.Kind == BenefitKind.PerDay && r.Days is null) return new("days", "is required: the days in hospital");
        if (r.PayoutAccount is { } account && (account.Length is < 6 or > 34 || !account.All(char.IsAsciiLetterOrDigit)))
            return new("payoutAccount", "must be 6 to 34 letters and digits (a bank account number or IBAN)");
        return null;
    }

    /// <summary>
    /// Keeps a document for a claim (or a draft): refused by its bytes when empty, too large or not a
    /// PDF, JPEG or PNG, with nothing stored; the same bytes twice on one claim are one document, so a file
    /// already filed as another document is refused as this one (the customer sent the wrong file). An
    /// invoice image is read by OCR and its total proposed to the handler. A submitted claim receives
    /// the document at once (it may complete the claim's documents).
    /// </summary>
    public static async Task<DocumentUpload> AddDocumentAsync(PolicyCareDb db, IDocumentStore store, InvoiceReader reader, string claimId, string code,
        byte[] content, string uploadedBy, DateTimeOffset now, DateOnly today, CancellationToken cancel = default)
    {
        var (stored, refusal) = await store.PutAsync(content, cancel);
        if (refusal is not null) return new DocumentUpload(null, refusal);
        var existing = await db.ClaimDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.ClaimId == claimId && d.Sha256 == stored!.Sha256, cancel);
        if (existing is not null) return new DocumentUpload(existing, null, existing.Code == code ? null : existing.Code);
        var record = new ClaimDocumentRecord
        {
            ClaimId = claimId, Code = code, Sha256 = stored!.Sha256, MediaType = stored.Format.MediaType(), Length = stored.Length,
            UploadedAt = now, UploadedBy = uploadedBy,
        };
        if (code == "invoice" && stored.Format != DocumentFormat.Pdf)
        {
            var ocr = await reader.ReadAsync(content, cancel);
            record.OcrTotal = ocr.Reading?.ProposedTotal;
            record.OcrLine = ocr.Reading?.TotalLine;
            record.OcrProblem = ocr.Problem ?? (ocr.Reading?.ProposedTotal is null ? "no total found on the invoice" : null);
        }
        db.ClaimDocuments.Add(record);
        await db.SaveChangesAsync(cancel);
        if (code != OtherDocument && await db.Claims.SingleOrDefaultAsync(c => c.Id == claimId, cancel) is { } claim)
        {
            var supplied = JsonSerializer.Deserialize<string[]>(claim.Documents)!.Append(code).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var benefit = await BenefitOfAsync(db, claim, cancel);
            if (claim.CompleteOn is null && benefit?.Missing(supplied).Count > 0)
            {
                // One document of several: kept on the claim quietly. The request already named them all,
                // and a customer uploading four files should not get three more requests the same hour.
                claim.Documents = JsonSerializer.Serialize(supplied);
                await db.SaveChangesAsync(cancel);
            }
            else await ClaimDesk.ReceiveDocumentsAsync(db, claimId, [code], today, reviewSignals: true, cancel);
        }
        return new DocumentUpload(record, null);
    }

    private static async Task<Benefit?> BenefitOfAsync(PolicyCareDb db, ClaimRecord claim, CancellationToken cancel)
    {
        var product = await db.Policies.AsNoTracking().Where(p => p.Number == claim.PolicyNumber).Select(p => p.ProductCode).SingleAsync(cancel);
        return (await ReferenceData.CurrentAsync(db, cancel)).Products[product].Benefit(claim.BenefitCode);
    }

    /// <summary>The documents a claim may take: the benefit's required ones and "other".</summary>
    public static IReadOnlyList<string> DocumentCodes(Benefit benefit) => [.. benefit.Documents, OtherDocument];

    /// <summary>
    /// Submits a draft as a claim under the draft's id, with the documents already uploaded to it,
    /// and removes the draft. A draft that no longer passes the checks stays a draft.
    /// </summary>
    public static async Task<ClaimProblem?> SubmitDraftAsync(PolicyCareDb db, ClaimDraftRecord draft, DateOnly today, CancellationToken cancel = default)
    {
        var policy = await db.Policies.AsNoTracking().SingleAsync(p => p.Number == draft.PolicyNumber, cancel);
        var product = (await ReferenceData.CurrentAsync(db, cancel)).Products[policy.ProductCode];
        // The account was checked when the draft was saved, and is kept encrypted since.
        var request = new ClaimRequest(draft.PolicyNumber, draft.BenefitCode, draft.Incurred, draft.Expense, draft.Days, null);
        if (Check(request, policy, product, today, draft: false) is { } problem) return problem;
        var documents = await db.ClaimDocuments.AsNoTracking().Where(d => d.ClaimId == draft.Id && d.Code != OtherDocument).Select(d => d.Code).Distinct().ToListAsync(cancel);
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        db.ClaimDrafts.Remove(draft);
        await ClaimDesk.SubmitAsync(db, new ClaimSubmission(draft.Id, draft.PolicyNumber, draft.BenefitCode, draft.Incurred!.Value,
            new ClaimedLoss(draft.Expense, draft.Days), documents, today) { ClaimantId = draft.CustomerId, PayoutAccount = draft.PayoutAccount, ReviewSignals = true }, cancel);
        await tx.CommitAsync(cancel);
        return null;
    }
}
