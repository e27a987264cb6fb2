using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PolicyCare.Servicing;

/// <summary>
/// A confirmed change to a policy's contract: what it was and what it is now (JSON), from when, who asked
/// and when, and the insured's consent where the law asks for it. The latest endorsement of a kind is the
/// contract's current state of that kind.
/// </summary>
public sealed class EndorsementRecord
{
    public long Id { get; set; }
    public required string PolicyNumber { get; set; }
    /// <summary>"beneficiaries".</summary>
    public required string Kind { get; set; }
    public required string Before { get; set; }
    public required string After { get; set; }
    public DateOnly EffectiveOn { get; set; }
    public required string By { get; set; }
    public DateTimeOffset At { get; set; }
    public string? ConsentBy { get; set; }
    public string? ConsentMethod { get; set; }
    public DateOnly? ConsentOn { get; set; }
}

internal sealed class EndorsementConfiguration : IEntityTypeConfiguration<EndorsementRecord>
{
    public void Configure(EntityTypeBuilder<EndorsementRecord> b)
    {
        b.ToTable("endorsements");
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.PolicyNumber, e.Kind, e.Id });
        b.HasOne<Policies.PolicyRecord>().WithMany().HasForeignKey(e => e.PolicyNumber).OnDelete(DeleteBehavior.Restrict);
    }
}
