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
    public string? InvestigationReason { get; set; }
    public DateOnly? InvestigateBy { get; set; }
    public bool OverdueSaid { get; set; }
    public string? Decision { get; set; }
    public decimal? Benefit { get; set; }
    public decimal? Deducted { get; set; }
    public string? DecisionReason { get; set; }
    public DateOnly? DecidedOn { get; set; }
    public decimal? PaidAmount { get; set; }
    public decimal? DelayInterest { get; set; }
    public DateOnly? ClosedOn { get; set; }
    public bool Withdrawn { get; set; }
    public bool SurveySent { get; set; }
    public DateOnly? NextReviewOn { get; set; }
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
