using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyCare.Billing;
using PolicyCare.Delinquency;

namespace PolicyCare.Policies;

/// <summary>A product as stored: its code and its servicing rules as the JSON of the product format.</summary>
public sealed class ProductRecord
{
    public required string Code { get; set; }
    public required string Definition { get; set; }
}

public sealed class CustomerRecord
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public DateOnly? BirthDate { get; set; }
    public required string Locale { get; set; }
    /// <summary>Only the last four digits are kept in clear; the full ID is never needed to service a policy.</summary>
    public string? NationalIdLast4 { get; set; }
    /// <summary>The full national ID, encrypted with ASP.NET Core Data Protection; never shown, never logged.</summary>
    public string? NationalIdProtected { get; set; }
    public string? Mobile { get; set; }
    public string? Email { get; set; }
    public string? Wechat { get; set; }
    public string? Kakao { get; set; }
    public string? Push { get; set; }
    public string? Address { get; set; }
    /// <summary>Preferred digital channels, comma-separated, most preferred first.</summary>
    public string PreferredChannels { get; set; } = "";
    public string? EmergencyName { get; set; }
    public string? EmergencyMobile { get; set; }
    /// <summary>Contacts known not to work (mobile, email, …), comma-separated.</summary>
    public string InvalidContacts { get; set; } = "";
}

public sealed class EmployerRecord
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactMobile { get; set; }
}

public sealed class PolicyRecord
{
    private string _number = "";

    public required string Number
    {
        get => _number;
        set
        {
            _number = value;
            CyclePartition = Delinquency.CyclePartitions.Of(value);
        }
    }

    /// <summary>Which share of the book the daily cycle reviews this policy in; follows from the number.</summary>
    public int CyclePartition { get; set; }
    public required string ProductCode { get; set; }
    public required string HolderId { get; set; }
    public required string InsuredId { get; set; }
    public string? EmployerId { get; set; }
    public DateOnly Start { get; set; }
    public decimal Premium { get; set; }
    /// <summary>The policy's own sum insured where the book gives one (a commercial risk); else its product's plan.</summary>
    public decimal? SumInsured { get; set; }
    public required Frequency Frequency { get; set; }
    /// <summary>Endorsements that changed the premium or the frequency from an installment on (JSON, oldest first); null when none did.</summary>
    public string? PremiumChanges { get; set; }

    // The standing: what the daily cycle reads and writes.
    public required PolicyStatus Status { get; set; }
    public DateOnly StatusSince { get; set; }
    public int InstallmentsBilled { get; set; }
    public decimal Applied { get; set; }
    public decimal Credit { get; set; }
    public decimal InterestCollected { get; set; }
    public bool MandateActive { get; set; }
    public DateOnly? FailedDebitOn { get; set; }
    public DateOnly? FailedDebitScheduledOn { get; set; }
    public decimal? FailedDebitAmount { get; set; }
    public DebitFailureReason? FailedDebitReason { get; set; }
    public bool FailedDebitInsurerFault { get; set; }
    public int FailedDebitCount { get; set; }
    public DateOnly? LapsedOn { get; set; }
    public bool LapseInsurerFault { get; set; }
    public DateOnly? ReinstatementRequestedOn { get; set; }
    public decimal? QuoteArrears { get; set; }
    public decimal? QuoteInterest { get; set; }
    public DateOnly? QuoteValidUntil { get; set; }
    public HealthReview? HealthReview { get; set; }
    public decimal PaidSinceRequest { get; set; }
    /// <summary>A running arrears plan as JSON (agreed on, money applied then, installments covered, parts).</summary>
    public string? Plan { get; set; }
    /// <summary>The renewal state of a one-year policy (JSON): the year in force and its price, the open offer, a rate lock.</summary>
    public string? Renewal { get; set; }
    public int? HolidaySequence { get; set; }
    public DateOnly? HolidayUntil { get; set; }
    public int OnTimeStreak { get; set; }
    public long Points { get; set; }
    public decimal DiscountsGranted { get; set; }
    /// <summary>The next business date the cycle must look at this policy; null when it never will again.</summary>
    public DateOnly? NextReviewOn { get; set; }
}

public sealed class PolicyMemberRecord
{
    public required string PolicyNumber { get; set; }
    public required string CustomerId { get; set; }
}

/// <summary>Something that happened to a policy, as the timeline shows it; <see cref="Data"/> holds the kind's fields as JSON.</summary>
public sealed class TimelineEntry
{
    public long Id { get; set; }
    public required string PolicyNumber { get; set; }
    public DateOnly On { get; set; }
    public required string Kind { get; set; }
    /// <summary>Orders entries within a policy's day: events first, then what the cycle did, as it happened.</summary>
    public int Seq { get; set; }
    public required string Data { get; set; }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<ProductRecord>
{
    public void Configure(EntityTypeBuilder<ProductRecord> b)
    {
        b.ToTable("products");
        b.HasKey(p => p.Code);
    }
}

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<CustomerRecord>
{
    public void Configure(EntityTypeBuilder<CustomerRecord> b)
    {
        b.ToTable("customers");
        b.HasKey(c => c.Id);
        b.Property(c => c.NationalIdLast4).HasMaxLength(4);
    }
}

internal sealed class EmployerConfiguration : IEntityTypeConfiguration<EmployerRecord>
{
    public void Configure(EntityTypeBuilder<EmployerRecord> b)
    {
        b.ToTable("employers");
        b.HasKey(e => e.Id);
    }
}

internal sealed class PolicyConfiguration : IEntityTypeConfiguration<PolicyRecord>
{
    public void Configure(EntityTypeBuilder<PolicyRecord> b)
    {
        b.ToTable("policies");
        b.HasKey(p => p.Number);
        b.HasOne<ProductRecord>().WithMany().HasForeignKey(p => p.ProductCode).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CustomerRecord>().WithMany().HasForeignKey(p => p.HolderId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CustomerRecord>().WithMany().HasForeignKey(p => p.InsuredId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<EmployerRecord>().WithMany().HasForeignKey(p => p.EmployerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => p.NextReviewOn);
        b.HasIndex(p => new { p.CyclePartition, p.NextReviewOn });
        b.HasIndex(p => p.HolderId);
        foreach (var money in new[] { nameof(PolicyRecord.Premium), nameof(PolicyRecord.Applied), nameof(PolicyRecord.Credit),
                     nameof(PolicyRecord.InterestCollected), nameof(PolicyRecord.FailedDebitAmount), nameof(PolicyRecord.QuoteArrears),
                     nameof(PolicyRecord.QuoteInterest), nameof(PolicyRecord.PaidSinceRequest), nameof(PolicyRecord.DiscountsGranted) })
            b.Property(money).HasPrecision(18, 4);
    }
}

internal sealed class PolicyMemberConfiguration : IEntityTypeConfiguration<PolicyMemberRecord>
{
    public void Configure(EntityTypeBuilder<PolicyMemberRecord> b)
    {
        b.ToTable("policy_members");
        b.HasKey(m => new { m.PolicyNumber, m.CustomerId });
        b.HasOne<PolicyRecord>().WithMany().HasForeignKey(m => m.PolicyNumber).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CustomerRecord>().WithMany().HasForeignKey(m => m.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TimelineConfiguration : IEntityTypeConfiguration<TimelineEntry>
{
    public void Configure(EntityTypeBuilder<TimelineEntry> b)
    {
        b.ToTable("timeline");
        b.HasKey(t => t.Id);
        b.HasIndex(t => new { t.PolicyNumber, t.On, t.Seq });
        b.HasIndex(t => t.On);
    }
}
