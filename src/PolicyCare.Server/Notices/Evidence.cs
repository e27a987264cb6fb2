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
            line.Hash = HashOf(line, db.EvidenceKey);
            lines.Add(line);
            lastSeq = line.Seq;
            lastHash = line.Hash;
        }
        if (db.IsPostgres) await PostgresBulk.InsertAsync(db, lines, cancel);
        else db.Set<EvidenceRecord>().AddRange(lines);
        await db.SaveChangesAsync(cancel);
        // Written lines are never changed: a context that goes on (the dispatcher's, a batch at a time) need not compare them on every save.
        if (!db.IsPostgres)
            foreach (var line in lines) db.Entry(line).State = EntityState.Detached;
        await db.Set<EvidenceHeadRecord>().Where(h => h.Id == 1)
            .ExecuteUpdateAsync(u => u.SetProperty(h => h.LastSeq, lastSeq).SetProperty(h => h.LastHash, lastHash), cancel);
    }

    public static string ContentHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Lines sealed with the installation's key carry this prefix; older lines are plain SHA-256.</summary>
    public const string KeyedPrefix = "k1:";

    /// <summary>The line's seal: HMAC-SHA256 under the evidence key, over every field and the previous line's seal.</summary>
    public static string HashOf(EvidenceRecord e, EvidenceKey key) =>
        KeyedPrefix + Convert.ToHexStringLower(HMACSHA256.HashData(key.Key, Fields(e)));

    /// <summary>Lines written before the evidence was keyed: a plain SHA-256 (kept so old chains still verify as far as they can).</summary>
    public static string LegacyHashOf(EvidenceRecord e) => Convert.ToHexStringLower(SHA256.HashData(Fields(e)));

    private static byte[] Fields(EvidenceRecord e) => Encoding.UTF8.GetBytes(string.Join('\u001f',
        e.PreviousHash, e.Seq.ToString(CultureInfo.InvariantCulture), e.NoticeId.ToString(CultureInfo.InvariantCulture), e.IdempotencyKey,
        e.Event, e.At, e.Channel, e.Recipient, e.ContentHash, e.Detail));

    /// <summary>
    /// Every problem with the chain, each with its line: a changed, inserted or removed line, a
    /// changed or deleted notice, a notice with no evidence, a cut tail, and any difference from a
    /// checkpoint written earlier (a rewrite of history, or lines cut together with the head).
    /// </summary>
    public static async Task<IReadOnlyList<string>> VerifyAsync(PolicyCareDb db, CancellationToken cancel = default)
    {
        var key = db.EvidenceKey;
        var problems = new List<string>();
        var previous = Genesis;
        long expected = 1;
        var keyedSeen = false;
        var texts = await db.Notices.AsNoTracking().Select(n => new { n.Id, n.Text }).ToDictionaryAsync(n => n.Id, n => n.Text, cancel);
        var recorded = new HashSet<long>();
        var checkpoints = Checkpoints.Read(key, problems);
        var wanted = checkpoints.GroupBy(c => c.LastSeq).ToDictionary(g => g.Key, g => g.ToList());
        await foreach (var line in db.Set<EvidenceRecord>().AsNoTracking().OrderBy(e => e.Seq).AsAsyncEnumerable().WithCancellation(cancel))
        {
            if (line.Seq != expected) problems.Add($"line {expected}: missing (the next line is {line.Seq})");
            if (line.PreviousHash != previous) problems.Add($"line {line.Seq}: does not follow the line before it (removed or inserted line)");
            var keyed = line.Hash.StartsWith(KeyedPrefix, StringComparison.Ordinal);
            if (keyed ? HashOf(line, key) != line.Hash : LegacyHashOf(line) != line.Hash) problems.Add($"line {line.Seq}: its content was changed");
            // Unkeyed lines may only come before the first keyed one: anything else is a line forged without the key.
            else if (!keyed && keyedSeen) problems.Add($"line {line.Seq}: is not sealed with the evidence key (forged after keyed lines)");
            keyedSeen |= keyed;
            if (!texts.TryGetValue(line.NoticeId, out var text)) problems.Add($"line {line.Seq}: notice {line.NoticeId} it records is missing (deleted)");
            else if (ContentHash(text) != line.ContentHash) problems.Add($"line {line.Seq}: notice {line.NoticeId}'s text no longer matches what was recorded");
            recorded.Add(line.NoticeId);
            if (wanted.Remove(line.Seq, out var at))
            {
                foreach (var c in at.Where(c => c.LastHash != line.Hash))
                    problems.Add($"line {line.Seq}: differs from the checkpoint of {c.At} ({c.File}): history was rewritten");
            }
            previous = line.Hash;
            expected = line.Seq + 1;
        }
        foreach (var c in wanted.Values.SelectMany(c => c))
            problems.Add($"line {c.LastSeq}: recorded by the checkpoint of {c.At} ({c.File}) is missing: lines were removed");
        foreach (var id in texts.Keys.Where(id => !recorded.Contains(id)).Order().Take(100))
            problems.Add($"notice {id}: has no evidence (added outside PolicyCare)");
        var head = await db.Set<EvidenceHeadRecord>().AsNoTracking().FirstOrDefaultAsync(h => h.Id == 1, cancel);
        if (head is not null && (head.LastSeq != expected - 1 || head.LastHash != previous))
            problems.Add($"the chain ends at line {expected - 1} but was last written at line {head.LastSeq} (lines removed from the end)");
        return problems;
    }

    /// <summary>Seals the chain's head now into a checkpoint file outside the database; null when there is nothing to seal or nowhere to write.</summary>
    public static async Task<string?> CheckpointAsync(PolicyCareDb db, DateTimeOffset at, CancellationToken cancel = default)
    {
        var head = await db.Set<EvidenceHeadRecord>().AsNoTracking().FirstOrDefaultAsync(h => h.Id == 1, cancel);
        if (head is null || head.LastSeq == 0 || db.EvidenceKey.CheckpointFolder is null) return null;
        return Checkpoints.Write(db.EvidenceKey, head.LastSeq, head.LastHash, at);
    }
}

/// <summary>
/// The chain's head, sealed with the evidence key and written outside the database, one file per
/// checkpoint. A later rewrite of the chain, or a cut of its tail together with the head row, no
/// longer matches an earlier checkpoint.
/// </summary>
public static class Checkpoints
{
    public sealed record Checkpoint(string File, long LastSeq, string LastHash, string At);

    public static string Write(EvidenceKey key, long lastSeq, string lastHash, DateTimeOffset at)
    {
        Directory.CreateDirectory(key.CheckpointFolder!);
        var stamp = at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["at"] = stamp, ["lastSeq"] = lastSeq, ["lastHash"] = lastHash, ["seal"] = Seal(key, lastSeq, lastHash, stamp),
        }.ToJsonString();
        var path = Path.Combine(key.CheckpointFolder!, $"evidence-{at.ToUniversalTime():yyyyMMdd'T'HHmmss'Z'}-{lastSeq}.json");
        System.IO.File.WriteAllText(path, json);
        return path;
    }

    /// <summary>Every checkpoint in the folder; one whose seal does not match is a problem (changed, or made without the key).</summary>
    public static List<Checkpoint> Read(EvidenceKey key, List<string> problems)
    {
        var list = new List<Checkpoint>();
        if (key.CheckpointFolder is null || !Directory.Exists(key.CheckpointFolder)) return list;
        foreach (var path in Directory.EnumerateFiles(key.CheckpointFolder, "evidence-*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(path));
                var r = doc.RootElement;
                var c = new Checkpoint(name, r.GetProperty("lastSeq").GetInt64(), r.GetProperty("lastHash").GetString()!, r.GetProperty("at").GetString()!);
                if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Seal(key, c.LastSeq, c.LastHash, c.At)), Encoding.ASCII.GetBytes(r.GetProperty("seal").GetString() ?? "")))
                    problems.Add($"checkpoint {name}: its seal does not match (the file was changed, or made without the key)");
                else list.Add(c);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                problems.Add($"checkpoint {name}: is not a checkpoint file ({e.Message})");
            }
        }
        return list;
    }

    private static string Seal(EvidenceKey key, long lastSeq, string lastHash, string at) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key.Key, Encoding.UTF8.GetBytes($"checkpoint\u001f{lastSeq.ToString(CultureInfo.InvariantCulture)}\u001f{lastHash}\u001f{at}")));
}
