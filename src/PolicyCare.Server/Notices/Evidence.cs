using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyCare.Storage;

namespace PolicyCare.Notices;

/// <summary>
/// One line of the notices' evidence: what happened to which notice, when, over which channel, to
/// whom (masked), with the hash of its content. Each line carries the hash of the one before, so a
/// changed, inserted or removed line breaks the chain. Lines are only ever added.
/// </summary>
public sealed class EvidenceRecord
{
    public long Seq { get; set; }
    public long NoticeId { get; set; }
    public required string IdempotencyKey { get; set; }
    public required string Event { get; set; }
    public required string At { get; set; }
    public required string Channel { get; set; }
    public required string Recipient { get; set; }
    public required string ContentHash { get; set; }
    public string Detail { get; set; } = "";
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}

/// <summary>The end of the chain: the last line's number and hash, so a removed tail is noticed too.</summary>
public sealed class EvidenceHeadRecord
{
    public int Id { get; set; }
    public long LastSeq { get; set; }
    public required string LastHash { get; set; }
}

internal sealed class EvidenceConfiguration : IEntityTypeConfiguration<EvidenceRecord>
{
    public void Configure(EntityTypeBuilder<EvidenceRecord> b)
    {
        b.ToTable("notice_evidence");
        b.HasKey(e => e.Seq);
        b.Property(e => e.Seq).ValueGeneratedNever();
        b.HasIndex(e => e.NoticeId);
    }
}

internal sealed class EvidenceHeadConfiguration : IEntityTypeConfiguration<EvidenceHeadRecord>
{
    public void Configure(EntityTypeBuilder<EvidenceHeadRecord> b)
    {
        b.ToTable("notice_evidence_head");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
    }
}

/// <summary>What happened to a notice, for the evidence log.</summary>
public sealed record EvidenceEvent(NoticeRecord Notice, string Event, DateTimeOffset At, string Detail = "");

/// <summary>The append-only, hash-chained record of every notice: written with the change it records, checked by <c>policycare audit verify</c>.</summary>
public static class EvidenceLog
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// Appends lines in the caller's transaction. On PostgreSQL the head row is locked so that several
    /// server processes append one after another; SQLite has a single writer anyway. Notices must
    /// already have their ids (saved).
    /// </summary>
    public static async Task AppendAsync(PolicyCareDb db, IReadOnlyList<EvidenceEvent> events, CancellationToken cancel = default)
    {
        if (events.Count == 0) return;
        // The head row always exists; reading it FOR UPDATE (PostgreSQL) makes concurrent writers take turns.
        // It is read untracked: a context that appended before must not see its own stale copy.
        await db.Database.ExecuteSqlRawAsync(db.IsPostgres
            ? $"INSERT INTO notice_evidence_head (\"Id\", \"LastSeq\", \"LastHash\") VALUES (1, 0, '{Genesis}') ON CONFLICT DO NOTHING"
            : $"INSERT OR IGNORE INTO notice_evidence_head (\"Id\", \"LastSeq\", \"LastHash\") VALUES (1, 0, '{Genesis}')", cancel);
        var head = db.IsPostgres
            ? await db.Set<EvidenceHeadRecord>().FromSqlRaw("SELECT * FROM notice_evidence_head WHERE \"Id\" = 1 FOR UPDATE").AsNoTracking().FirstAsync(cancel)
            : await db.Set<EvidenceHeadRecord>().AsNoTracking().FirstAsync(h => h.Id == 1, cancel);
        var lastSeq = head.LastSeq;
        var lastHash = head.LastHash;
        var lines = new List<EvidenceRecord>(events.Count);
        foreach (var e in events)
        {
            var n = e.Notice;
            var line = new EvidenceRecord
            {
                Seq = lastSeq + 1,
                NoticeId = n.Id,
                IdempotencyKey = n.IdempotencyKey,
                Event = e.Event,
                At = e.At.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                Channel = n.Channel.Code(),
                Recipient = $"{n.Recipient} {NoticeEndpoints.MaskAddress(n.Channel, n.Address)}",
                ContentHash = ContentHash(n.Text),
                Detail = Masking.Redact(e.Detail),
                PreviousHash = lastHash,
                Hash = "",
            };
            line.Hash = HashOf(line);
            lines.Add(line);
            lastSeq = line.Seq;
            lastHash = line.Hash;
        }
        if (db.IsPostgres) await PostgresBulk.InsertAsync(db, lines, cancel);
        else db.Set<EvidenceRecord>().AddRange(lines);
        await db.SaveChangesAsync(cancel);
        await db.Set<EvidenceHeadRecord>().Where(h => h.Id == 1)
            .ExecuteUpdateAsync(u => u.SetProperty(h => h.LastSeq, lastSeq).SetProperty(h => h.LastHash, lastHash), cancel);
    }

    public static string ContentHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string HashOf(EvidenceRecord e) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f',
        e.PreviousHash, e.Seq.ToString(CultureInfo.InvariantCulture), e.NoticeId.ToString(CultureInfo.InvariantCulture), e.IdempotencyKey,
        e.Event, e.At, e.Channel, e.Recipient, e.ContentHash, e.Detail))));

    /// <summary>Every problem with the chain: a changed, inserted or removed line, a changed notice text, a cut tail.</summary>
    public static async Task<IReadOnlyList<string>> VerifyAsync(PolicyCareDb db, CancellationToken cancel = default)
    {
        var problems = new List<string>();
        var previous = Genesis;
        long expected = 1;
        var texts = await db.Notices.AsNoTracking().Select(n => new { n.Id, n.Text }).ToDictionaryAsync(n => n.Id, n => n.Text, cancel);
        await foreach (var line in db.Set<EvidenceRecord>().AsNoTracking().OrderBy(e => e.Seq).AsAsyncEnumerable().WithCancellation(cancel))
        {
            if (line.Seq != expected) problems.Add($"line {expected}: missing (the next line is {line.Seq})");
            if (line.PreviousHash != previous) problems.Add($"line {line.Seq}: does not follow the line before it (removed or inserted line)");
            if (HashOf(line) != line.Hash) problems.Add($"line {line.Seq}: its content was changed");
            if (texts.TryGetValue(line.NoticeId, out var text) && ContentHash(text) != line.ContentHash)
                problems.Add($"line {line.Seq}: notice {line.NoticeId}'s text no longer matches what was recorded");
            previous = line.Hash;
            expected = line.Seq + 1;
        }
        var head = await db.Set<EvidenceHeadRecord>().AsNoTracking().FirstOrDefaultAsync(h => h.Id == 1, cancel);
        if (head is not null && (head.LastSeq != expected - 1 || head.LastHash != previous))
            problems.Add($"the chain ends at line {expected - 1} but was last written at line {head.LastSeq} (lines removed from the end)");
        return problems;
    }
}
