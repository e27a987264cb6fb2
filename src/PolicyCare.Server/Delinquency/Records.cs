using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PolicyCare.Delinquency;

/// <summary>A business date the daily cycle has completed; running it again adds nothing.</summary>
public sealed class CycleRunRecord
{
    public DateOnly BusinessDate { get; set; }
    public DateTimeOffset CompletedAt { get; set; }
    public int PoliciesReviewed { get; set; }
    public int NoticesPlanned { get; set; }
}

/// <summary>
/// One share of a business date's cycle. A process claims it, reviews the due policies in it and
/// marks it completed; the counts grow in the same transaction as each batch, so they are exact
/// even when a process dies and another finishes the share.
/// </summary>
public sealed class CyclePartitionRecord
{
    public DateOnly BusinessDate { get; set; }
    public int Partition { get; set; }
    /// <summary>The process that holds the share, or held it last; the share's advisory lock, not this name, says whether it still does.</summary>
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>The policies due in the share when the day's shares were opened: how many small shares one claim may take together.</summary>
    public int PoliciesDue { get; set; }
    public int PoliciesReviewed { get; set; }
    public int StatusChanges { get; set; }
    public int NoticesPlanned { get; set; }
    public int CasesOpened { get; set; }
}

/// <summary>Book-wide settings: the market and, when one is configured, a custom business-day calendar.</summary>
public sealed class SettingRecord
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}

internal sealed class CycleRunConfiguration : IEntityTypeConfiguration<CycleRunRecord>
{
    public void Configure(EntityTypeBuilder<CycleRunRecord> b)
    {
        b.ToTable("cycle_runs");
        b.HasKey(r => r.BusinessDate);
    }
}

internal sealed class CyclePartitionConfiguration : IEntityTypeConfiguration<CyclePartitionRecord>
{
    public void Configure(EntityTypeBuilder<CyclePartitionRecord> b)
    {
        b.ToTable("cycle_partitions");
        b.HasKey(r => new { r.BusinessDate, r.Partition });
    }
}

internal sealed class SettingConfiguration : IEntityTypeConfiguration<SettingRecord>
{
    public void Configure(EntityTypeBuilder<SettingRecord> b)
    {
        b.ToTable("settings");
        b.HasKey(s => s.Key);
    }
}

/// <summary>
/// A calendar file loaded at run time (a temporary holiday announced at short notice, next year's
/// holidays): the file as loaded, who loaded it and when. Versions only grow; the book's calendar is
/// the shipped data with every version laid over it in order.
/// </summary>
public sealed class CalendarVersionRecord
{
    public long Id { get; set; }
    public required string Market { get; set; }
    public int Version { get; set; }
    public required string Data { get; set; }
    public required string LoadedBy { get; set; }
    public DateTimeOffset LoadedAt { get; set; }
}

internal sealed class CalendarVersionConfiguration : IEntityTypeConfiguration<CalendarVersionRecord>
{
    public void Configure(EntityTypeBuilder<CalendarVersionRecord> b)
    {
        b.ToTable("calendar_versions");
        b.HasKey(c => c.Id);
        b.HasIndex(c => new { c.Market, c.Version }).IsUnique();
    }
}
