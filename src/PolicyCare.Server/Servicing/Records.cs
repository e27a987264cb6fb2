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

/// <summary>
/// A change of cover or payment frequency that waits for a decision: underwriting's (more cover with a health
/// disclosure, decided within 5 business days with a reason), or the policy administration system's (where it is
/// the source of truth: the request goes out by webhook and comes back confirmed through the API). At most one
/// waits per policy, by a unique index on the waiting ones.
/// </summary>
public sealed class ChangeRequestRecord
{
    public long Id { get; set; }
    public required string PolicyNumber { get; set; }
    /// <summary>"sum-insured", "payment-frequency" or "payment-term".</summary>
    public required string Kind { get; set; }
    /// <summary>What was asked (JSON: the new sum insured or frequency) and the quote shown when it was asked.</summary>
    public required string Asked { get; set; }
    public required string Quote { get; set; }
    /// <summary>"clean", "adverse" or null (no declaration needed).</summary>
    public string? Declaration { get; set; }
    /// <summary>underwriting, sent (to the policy administration system), applied or declined.</summary>
    public required string Status { get; set; }
    public required string RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateOnly RequestedOn { get; set; }
    public DateOnly? DecideBy { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? Reason { get; set; }
    public long? EndorsementId { get; set; }
}

internal sealed class ChangeRequestConfiguration : IEntityTypeConfiguration<ChangeRequestRecord>
{
    public void Configure(EntityTypeBuilder<ChangeRequestRecord> b)
    {
        b.ToTable("change_requests");
        b.HasKey(r => r.Id);
        // One change waits per policy, whoever asks and however quickly twice.
        b.HasIndex(r => r.PolicyNumber).IsUnique().HasFilter("\"Status\" IN ('underwriting', 'sent')").HasDatabaseName("IX_change_requests_waiting");
        b.HasIndex(r => new { r.Status, r.DecideBy });
        b.HasIndex(r => new { r.PolicyNumber, r.Id });
        b.HasOne<Policies.PolicyRecord>().WithMany().HasForeignKey(r => r.PolicyNumber).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// A one-time code sent to prove a new contact: only its salted hash is kept, never the code; the
/// address it was sent to becomes the customer's once the code comes back in time.
/// </summary>
public sealed class ContactCodeRecord
{
    public long Id { get; set; }
    public required string CustomerId { get; set; }
    /// <summary>"mobile" or "email".</summary>
    public required string Kind { get; set; }
    public required string Address { get; set; }
    public required string CodeHash { get; set; }
    public required string Salt { get; set; }
    public required string RequestedBy { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int WrongTries { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
}

internal sealed class ContactCodeConfiguration : IEntityTypeConfiguration<ContactCodeRecord>
{
    public void Configure(EntityTypeBuilder<ContactCodeRecord> b)
    {
        b.ToTable("contact_codes");
        b.HasKey(c => c.Id);
        b.HasIndex(c => new { c.CustomerId, c.SentAt });
        b.HasOne<Policies.CustomerRecord>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// An explanation of a policy's limiting clauses, given and acknowledged: which clauses, in which language,
/// how (web, audio, video, in person), when, acknowledged by whom, and the SHA-256 of the text shown —
/// the insurer's proof that it explained (China Insurance Law art. 17).
/// </summary>
public sealed class ExplanationRecord
{
    public long Id { get; set; }
    public required string PolicyNumber { get; set; }
    /// <summary>The clause ids covered, comma-separated, in the product's order.</summary>
    public required string Clauses { get; set; }
    public required string Locale { get; set; }
    /// <summary>"web", "audio", "video" or "in-person".</summary>
    public required string Method { get; set; }
    public required string TextHash { get; set; }
    public DateTimeOffset ShownAt { get; set; }
    public required string AcknowledgedBy { get; set; }
    /// <summary>"portal" (the customer read it there), "api" (the sales system sent it), "office".</summary>
    public required string Source { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

internal sealed class ExplanationConfiguration : IEntityTypeConfiguration<ExplanationRecord>
{
    public void Configure(EntityTypeBuilder<ExplanationRecord> b)
    {
        b.ToTable("explanations");
        b.HasKey(e => e.Id);
        // The same explanation sent twice (a sales system's retry) is one record.
        b.HasIndex(e => new { e.PolicyNumber, e.TextHash, e.ShownAt }).IsUnique();
        b.HasOne<Policies.PolicyRecord>().WithMany().HasForeignKey(e => e.PolicyNumber).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// A customer's answer to a renewal offer — accepted (with the consent words shown, kept as they were), declined
/// (with the reason given, for the churn figures), or a rate lock — by which channel and who. One answer of each
/// kind per renewal: a link clicked twice, or a double post, cannot accept twice.
/// </summary>
public sealed class RenewalAnswerRecord
{
    public long Id { get; set; }
    public required string PolicyNumber { get; set; }
    public DateOnly RenewalDate { get; set; }
    /// <summary>"accepted", "declined" or "rate-lock".</summary>
    public required string Answer { get; set; }
    public decimal Premium { get; set; }
    public string? ConsentText { get; set; }
    public string? Reason { get; set; }
    /// <summary>"portal", "link", "api" or "office".</summary>
    public required string Channel { get; set; }
    public required string By { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class RenewalAnswerConfiguration : IEntityTypeConfiguration<RenewalAnswerRecord>
{
    public void Configure(EntityTypeBuilder<RenewalAnswerRecord> b)
    {
        b.ToTable("renewal_answers");
        b.HasKey(a => a.Id);
        b.HasIndex(a => new { a.PolicyNumber, a.RenewalDate, a.Answer }).IsUnique();
        b.HasOne<Policies.PolicyRecord>().WithMany().HasForeignKey(a => a.PolicyNumber).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// A loss-prevention inspection of a large commercial risk: due on a date, made by someone, its findings and written
/// recommendations (JSON: text, due, done), closed when every recommendation is carried out. One per policy and due date.
/// </summary>
public sealed class InspectionRecord
{
    public long Id { get; set; }
    public required string PolicyNumber { get; set; }
    public DateOnly DueOn { get; set; }
    public DateOnly? InspectedOn { get; set; }
    public string? Inspector { get; set; }
    public string? Findings { get; set; }
    public string Recommendations { get; set; } = "[]";
    public DateOnly? ClosedOn { get; set; }
}

internal sealed class InspectionConfiguration : IEntityTypeConfiguration<InspectionRecord>
{
    public void Configure(EntityTypeBuilder<InspectionRecord> b)
    {
        b.ToTable("inspections");
        b.HasKey(i => i.Id);
        b.HasIndex(i => new { i.PolicyNumber, i.DueOn }).IsUnique();
        b.HasIndex(i => i.ClosedOn);
        b.HasOne<Policies.PolicyRecord>().WithMany().HasForeignKey(i => i.PolicyNumber).OnDelete(DeleteBehavior.Restrict);
    }
}
