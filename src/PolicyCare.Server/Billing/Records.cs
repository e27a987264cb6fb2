using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PolicyCare.Billing;

/// <summary>
/// Money received for a policy. <see cref="ExternalReference"/> is unique and namespaced by its
/// source (<c>bank:</c>, a provider's name, <c>api:</c> and the caller), so the same payment is never
/// posted twice and no caller can take another source's reference.
/// </summary>
public sealed class PaymentRecord
{
    public long Id { get; set; }
    public required string PolicyNumber { get; set; }
    public DateOnly ReceivedOn { get; set; }
    public decimal Amount { get; set; }
    public required string Method { get; set; }
    public required string ExternalReference { get; set; }
    public decimal Applied { get; set; }
    public decimal Credit { get; set; }
    /// <summary>Who posted it: a provider (<c>provider:wechat-pay</c>), a bank file and who imported it, or the staff sign-in or API key that recorded it.</summary>
    public string? RecordedBy { get; set; }
}

/// <summary>A failed auto-debit as the bank reported it, one per policy and day.</summary>
public sealed class DebitRejectionRecord
{
    public long Id { get; set; }
    public required string PolicyNumber { get; set; }
    /// <summary>The day the debit was attempted.</summary>
    public DateOnly On { get; set; }
    /// <summary>The day PolicyCare learned of it (the bank file's import day); the cycle of that day acts on it.</summary>
    public DateOnly ReceivedOn { get; set; }
    public required DebitFailureReason Reason { get; set; }
    public bool InsurerFault { get; set; }
    public string? BankReference { get; set; }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<PaymentRecord>
{
    public void Configure(EntityTypeBuilder<PaymentRecord> b)
    {
        b.ToTable("payments");
        b.HasKey(p => p.Id);
        b.HasIndex(p => p.ExternalReference).IsUnique();
        b.HasIndex(p => new { p.PolicyNumber, p.ReceivedOn });
        b.HasOne<Policies.PolicyRecord>().WithMany().HasForeignKey(p => p.PolicyNumber).OnDelete(DeleteBehavior.Restrict);
        b.Property(p => p.Amount).HasPrecision(18, 4);
        b.Property(p => p.Applied).HasPrecision(18, 4);
        b.Property(p => p.Credit).HasPrecision(18, 4);
        b.Property(p => p.RecordedBy).HasMaxLength(200);
    }
}

internal sealed class DebitRejectionConfiguration : IEntityTypeConfiguration<DebitRejectionRecord>
{
    public void Configure(EntityTypeBuilder<DebitRejectionRecord> b)
    {
        b.ToTable("debit_rejections");
        b.HasKey(d => d.Id);
        b.HasIndex(d => new { d.PolicyNumber, d.On }).IsUnique();
        b.HasIndex(d => d.On);
        b.HasIndex(d => d.ReceivedOn);
        b.HasOne<Policies.PolicyRecord>().WithMany().HasForeignKey(d => d.PolicyNumber).OnDelete(DeleteBehavior.Restrict);
    }
}
