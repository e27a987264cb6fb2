using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PolicyCare.Cases;

/// <summary>
/// A customer's inquiry or complaint, owned by one agent from the first contact to the answer — or
/// work the cycle opens for an agent, such as tracing an unreachable customer (<see cref="Type"/>
/// "tracing", without the clocks). <see cref="Key"/> is unique.
/// </summary>
public sealed class CaseRecord
{
    public long Id { get; set; }
    public required string Key { get; set; }
    /// <summary>"inquiry", "complaint" or "tracing".</summary>
    public required string Type { get; set; }
    public required string PolicyNumber { get; set; }
    public required string CustomerId { get; set; }
    public DateOnly OpenedOn { get; set; }
    /// <summary>"open" or "closed".</summary>
    public required string Status { get; set; }

    public string? Category { get; set; }
    public string? Channel { get; set; }
    public string? Subject { get; set; }
    public string? Message { get; set; }
    /// <summary>The claim or notice that caused it, when known.</summary>
    public string? ClaimId { get; set; }
    public long? NoticeId { get; set; }
    public string? Market { get; set; }
    public DateTimeOffset? OpenedAt { get; set; }

    /// <summary>The agent (user name) who took the first contact and owns the case to its end.</summary>
    public string? Owner { get; set; }
    /// <summary>A transfer offered and not yet accepted: to whom, and why.</summary>
    public string? TransferTo { get; set; }
    public string? TransferReason { get; set; }

    public DateOnly? AcknowledgedOn { get; set; }
    public DateOnly? AcknowledgeBy { get; set; }
    public DateOnly? AnswerBy { get; set; }
    public DateOnly? EscalateOn { get; set; }
    public DateOnly? EscalatedOn { get; set; }
    public int ExtendedBy { get; set; }
    public string? ExtensionReason { get; set; }
    public string? ExtensionApprovedBy { get; set; }

    /// <summary>Since when the case waits for the customer's reply (null when not waiting), and the minutes waited before.</summary>
    public DateTimeOffset? WaitingSince { get; set; }
    public int WaitedMinutes { get; set; }

    public DateOnly? AnsweredOn { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? Decision { get; set; }
    public string? RootCause { get; set; }
    public string? Answer { get; set; }
    public bool AtFirstContact { get; set; }
    public int Reopened { get; set; }
}

/// <summary>
/// One survey per event (a closed case, a closed claim, a renewal, a reinstatement): <see cref="Key"/>
/// is unique, so an event is never surveyed twice. Answered once, by a signed link, before <see cref="ExpiresOn"/>.
/// </summary>
public sealed class SurveyRecord
{
    public long Id { get; set; }
    /// <summary>"{moment}:{subject}", e.g. "case:17".</summary>
    public required string Key { get; set; }
    /// <summary>"case", "claim", "renewal" or "reinstatement".</summary>
    public required string Moment { get; set; }
    public required string CustomerId { get; set; }
    public required string PolicyNumber { get; set; }
    public string? ProductCode { get; set; }
    /// <summary>The channel the event came through (a case's), and the agent who served it, for the results by channel and agent.</summary>
    public string? Channel { get; set; }
    public string? Agent { get; set; }
    public DateOnly SentOn { get; set; }
    public DateOnly ExpiresOn { get; set; }
    public int? Csat { get; set; }
    public int? Nps { get; set; }
    public string? Comment { get; set; }
    public DateOnly? AnsweredOn { get; set; }
}

internal sealed class CaseConfiguration : IEntityTypeConfiguration<CaseRecord>
{
    public void Configure(EntityTypeBuilder<CaseRecord> b)
    {
        b.ToTable("cases");
        b.HasKey(c => c.Id);
        b.HasIndex(c => c.Key).IsUnique();
        b.HasIndex(c => new { c.Status, c.AnswerBy });
        b.HasIndex(c => c.CustomerId);
        b.HasOne<Policies.PolicyRecord>().WithMany().HasForeignKey(c => c.PolicyNumber).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SurveyConfiguration : IEntityTypeConfiguration<SurveyRecord>
{
    public void Configure(EntityTypeBuilder<SurveyRecord> b)
    {
        b.ToTable("surveys");
        b.HasKey(s => s.Id);
        b.HasIndex(s => s.Key).IsUnique();
        b.HasIndex(s => new { s.Moment, s.AnsweredOn });
        b.HasOne<Policies.PolicyRecord>().WithMany().HasForeignKey(s => s.PolicyNumber).OnDelete(DeleteBehavior.Restrict);
    }
}
