using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PolicyCare.Billing;

/// <summary>An auto-debit mandate: the consent the customer gave, when and how, and its end.</summary>
public sealed class MandateRecord
{
    public long Id { get; set; }
    public required string PolicyNumber { get; set; }
    public required string ConsentText { get; set; }
    public DateTimeOffset ConsentedAt { get; set; }
    public required string Channel { get; set; }
    public string? AccountLast4 { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class MandateConfiguration : IEntityTypeConfiguration<MandateRecord>
{
    public void Configure(EntityTypeBuilder<MandateRecord> b)
    {
        b.ToTable("mandates");
        b.HasKey(m => m.Id);
        b.HasIndex(m => m.PolicyNumber);
        b.HasOne<Policies.PolicyRecord>().WithMany().HasForeignKey(m => m.PolicyNumber).OnDelete(DeleteBehavior.Restrict);
    }
}
