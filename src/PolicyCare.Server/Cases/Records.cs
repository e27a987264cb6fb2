using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PolicyCare.Cases;

/// <summary>Work for an agent, such as tracing an unreachable customer. <see cref="Key"/> is unique.</summary>
public sealed class CaseRecord
{
    public long Id { get; set; }
    public required string Key { get; set; }
    public required string Type { get; set; }
    public required string PolicyNumber { get; set; }
    public required string CustomerId { get; set; }
    public DateOnly OpenedOn { get; set; }
    public required string Status { get; set; }
}

internal sealed class CaseConfiguration : IEntityTypeConfiguration<CaseRecord>
{
    public void Configure(EntityTypeBuilder<CaseRecord> b)
    {
        b.ToTable("cases");
        b.HasKey(c => c.Id);
        b.HasIndex(c => c.Key).IsUnique();
        b.HasOne<Policies.PolicyRecord>().WithMany().HasForeignKey(c => c.PolicyNumber).OnDelete(DeleteBehavior.Restrict);
    }
}
