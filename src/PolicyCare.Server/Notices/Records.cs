using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PolicyCare.Notices;

/// <summary>A notice in the outbox. <see cref="IdempotencyKey"/> is unique: one notice per (policy, installment or event, stage, channel, recipient).</summary>
public sealed class NoticeRecord
{
    public long Id { get; set; }
    public required string IdempotencyKey { get; set; }
    public required string PolicyNumber { get; set; }
    public required Stage Stage { get; set; }
    public required Channel Channel { get; set; }
    public required string Recipient { get; set; }
    public required string Address { get; set; }
    public required string Locale { get; set; }
    public required string Text { get; set; }
    /// <summary>The facts as template variables (JSON), for pre-approved template channels.</summary>
    public string Variables { get; set; } = "{}";
    public DateOnly PlannedOn { get; set; }
    /// <summary>When the notice may go out: the morning of the planned day in the market's time zone.</summary>
    public DateTimeOffset SendAfter { get; set; }
    public required NoticeStatus Status { get; set; }
    public string? FailureReason { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public int Attempts { get; set; }
    /// <summary>On SQLite, a claimed notice not recorded by then (the process stopped) is claimed again and resent with the same key.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }
    /// <summary>
    /// On PostgreSQL, the worker key of the dispatcher that claimed it (<see cref="Storage.WorkerSession"/>): a notice
    /// still sending whose dispatcher's session has ended is claimed again at once and resent with the same key.
    /// </summary>
    public int? ClaimedBy { get; set; }
    /// <summary>The provider's id for the message, to match delivery receipts.</summary>
    public string? ProviderMessageId { get; set; }
}

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<NoticeRecord>
{
    public void Configure(EntityTypeBuilder<NoticeRecord> b)
    {
        b.ToTable("notices");
        b.HasKey(n => n.Id);
        b.HasIndex(n => n.IdempotencyKey).IsUnique();
        b.HasIndex(n => new { n.Status, n.SendAfter });
        b.HasIndex(n => n.PolicyNumber);
        b.HasIndex(n => n.ProviderMessageId);
        b.HasOne<Policies.PolicyRecord>().WithMany().HasForeignKey(n => n.PolicyNumber).OnDelete(DeleteBehavior.Restrict);
    }
}
