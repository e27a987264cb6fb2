using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PolicyCare.Claims;

/// <summary>
/// A claim as stored: what was claimed, the documents supplied (their codes), and where its clocks
/// and money stand. <see cref="NextReviewOn"/> is the next day its clocks can change something (the
/// day after a deadline), so the cycle reads only the claims due.
/// </summary>
public sealed class ClaimRecord
{
    public required string Id { get; set; }
    public required string PolicyNumber { get; set; }
    public required string BenefitCode { get; set; }
    /// <summary>The customer who claimed (the holder, an insured person or a group member); null when staff or a scenario entered it for the holder.</summary>
    public string? ClaimantId { get; set; }
    /// <summary>The handler who owns the claim (a user name), from the moment one takes it from the queue.</summary>
    public string? AssignedTo { get; set; }
    /// <summary>The bank account the benefit is paid to, encrypted at rest (as national ids are); shown masked.</summary>
    public string? PayoutAccount { get; set; }
    public DateOnly Incurred { get; set; }
    public DateOnly SubmittedOn { get; set; }
    public decimal? Expense { get; set; }
    public int? Days { get; set; }
    /// <summary>The document codes supplied, as a JSON array.</summary>
    public string Documents { get; set; } = "[]";
    public DateOnly? CompleteOn { get; set; }
    public DateOnly? DecideBy { get; set; }
    public string? Route { get; set; }
    /// <summary>The flags raised when the documents were complete, as a JSON array of codes.</summary>
    public string Flags { get; set; } = "[]";
    /// <summary>The same flags with the fact behind each (a date, an amount, another claim, a count), for the handler's screen.</summary>
    public string FlagFacts { get; set; } = "[]";
    public string? InvestigationReason { get; set; }
    public DateOnly? InvestigateBy { get; set; }
    public bool OverdueSaid { get; set; }
    public string? Decision { get; set; }
    public decimal? Benefit { get; set; }
    public decimal? Deducted { get; set; }
    public string? DecisionReason { get; set; }
    /// <summary>The policy clause a partial payment or a refusal rests on, as the handler cited it.</summary>
    public string? DecisionClause { get; set; }
    public DateOnly? DecidedOn { get; set; }
    public decimal? PaidAmount { get; set; }
    public decimal? DelayInterest { get; set; }
    public DateOnly? ClosedOn { get; set; }
    public bool Withdrawn { get; set; }
    public bool SurveySent { get; set; }
    public DateOnly? NextReviewOn { get; set; }
    /// <summary>The customer's answer to the survey: satisfaction 1–5, recommendation 0–10, and a comment.</summary>
    public int? SurveyCsat { get; set; }
    public int? SurveyNps { get; set; }
    public string? SurveyComment { get; set; }
    public DateOnly? SurveyAnsweredOn { get; set; }
}

/// <summary>
/// A document uploaded to a claim (or to a claim still in draft, under the id it will have): what it
/// is (a document code of the benefit), its bytes' SHA-256 in the document store, and what OCR read
/// on an invoice. The same bytes twice on one claim are one document.
/// </summary>
public sealed class ClaimDocumentRecord
{
    public long Id { get; set; }
    public required string ClaimId { get; set; }
    public required string Code { get; set; }
    public required string Sha256 { get; set; }
    public required string MediaType { get; set; }
    public long Length { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    /// <summary>"customer" or "staff": who put it there.</summary>
    public required string UploadedBy { get; set; }
    public decimal? OcrTotal { get; set; }
    public string? OcrLine { get; set; }
    public string? OcrProblem { get; set; }
}

/// <summary>
/// A claim being written by a customer, kept on the server so it survives a closed browser; the
/// documents uploaded to it wait under <see cref="Id"/>, the id the claim takes when submitted.
/// </summary>
public sealed class ClaimDraftRecord
{
    public required string Id { get; set; }
    public required string CustomerId { get; set; }
    public required string PolicyNumber { get; set; }
    public required string BenefitCode { get; set; }
    public DateOnly? Incurred { get; set; }
    public decimal? Expense { get; set; }
    public int? Days { get; set; }
    public string? PayoutAccount { get; set; }
    public DateTimeOffset SavedAt { get; set; }
}

/// <summary>
/// The money a decided claim pays: instructed the day of the decision, put in one bank transfer
/// file, then confirmed (or rejected) by the bank's file. One per claim, by the unique key on
/// <see cref="ClaimId"/>: a benefit is paid at most once.
/// </summary>
public sealed class ClaimPayoutRecord
{
    public long Id { get; set; }
    public required string ClaimId { get; set; }
    public required string PolicyNumber { get; set; }
    public decimal Amount { get; set; }
    public required string Currency { get; set; }
    public DateOnly InstructedOn { get; set; }
    /// <summary>instructed, in-file, confirmed or rejected.</summary>
    public required string Status { get; set; }
    public long? FileId { get; set; }
    public string? BankReference { get; set; }
    public string? RejectionReason { get; set; }
    public DateOnly? SettledOn { get; set; }
}

/// <summary>A bank transfer file of payouts, kept as written so it can be fetched again byte for byte.</summary>
public sealed class ClaimPayoutFileRecord
{
    public long Id { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Count { get; set; }
    public required string Content { get; set; }
}

internal sealed class ClaimConfiguration : IEntityTypeConfiguration<ClaimRecord>
{
    public void Configure(EntityTypeBuilder<ClaimRecord> b)
    {
        b.ToTable("claims");
        b.HasKey(c => c.Id);
        b.HasIndex(c => c.PolicyNumber);
        b.HasIndex(c => c.NextReviewOn);
        b.HasOne<Policies.PolicyRecord>().WithMany().HasForeignKey(c => c.PolicyNumber).OnDelete(DeleteBehavior.Restrict);
        foreach (var money in new[] { nameof(ClaimRecord.Expense), nameof(ClaimRecord.Benefit), nameof(ClaimRecord.Deducted), nameof(ClaimRecord.PaidAmount), nameof(ClaimRecord.DelayInterest) })
            b.Property(money).HasPrecision(18, 4);
    }
}

internal sealed class ClaimDocumentConfiguration : IEntityTypeConfiguration<ClaimDocumentRecord>
{
    public void Configure(EntityTypeBuilder<ClaimDocumentRecord> b)
    {
        b.ToTable("claim_documents");
        b.HasIndex(d => new { d.ClaimId, d.Sha256 }).IsUnique();
        // The duplicate-document signal looks a hash up across claims.
        b.HasIndex(d => d.Sha256);
        b.Property(d => d.OcrTotal).HasPrecision(18, 4);
    }
}

internal sealed class ClaimDraftConfiguration : IEntityTypeConfiguration<ClaimDraftRecord>
{
    public void Configure(EntityTypeBuilder<ClaimDraftRecord> b)
    {
        b.ToTable("claim_drafts");
        b.HasIndex(d => d.CustomerId);
        b.Property(d => d.Expense).HasPrecision(18, 4);
    }
}

internal sealed class ClaimPayoutConfiguration : IEntityTypeConfiguration<ClaimPayoutRecord>
{
    public void Configure(EntityTypeBuilder<ClaimPayoutRecord> b)
    {
        b.ToTable("claim_payouts");
        b.HasIndex(p => p.ClaimId).IsUnique();
        b.HasIndex(p => new { p.Status, p.FileId });
        b.Property(p => p.Amount).HasPrecision(18, 4);
    }
}

internal sealed class ClaimPayoutFileConfiguration : IEntityTypeConfiguration<ClaimPayoutFileRecord>
{
    public void Configure(EntityTypeBuilder<ClaimPayoutFileRecord> b) => b.ToTable("claim_payout_files");
}
