using Microsoft.EntityFrameworkCore;
using PolicyCare.Cli;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Notices;

/// <summary>The notices' evidence is hash-chained: any changed, inserted or removed line, or a changed notice text, is found.</summary>
public sealed class EvidenceTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private Database _database = null!;

    public async Task InitializeAsync()
    {
        _database = await DemoDatabases.SqliteAsync(Path.Combine(_temp.Path, "test.db"), new DateOnly(2026, 11, 23));
        // The installation's key, with checkpoints of this test's own.
        _database = _database with { Evidence = EvidenceKey.Default.WithCheckpoints(Path.Combine(_temp.Path, "checkpoints")) };
    }

    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }

    private async Task<IReadOnlyList<string>> VerifyAsync()
    {
        await using var db = _database.Open();
        return await EvidenceLog.VerifyAsync(db);
    }

    private async Task SqlAsync(string sql)
    {
        await using var db = _database.Open();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    [Fact]
    public async Task DemoBook_Evidence_Verifies_AndRecordsEveryNotice()
    {
        Assert.Empty(await VerifyAsync());
        await using var db = _database.Open();
        var notices = await db.Notices.CountAsync();
        var planned = await db.Evidence.Select(e => e.NoticeId).Distinct().CountAsync();
        Assert.Equal(notices, planned);
        Assert.True(await db.Evidence.AnyAsync(e => e.Event == "sent"));
        Assert.DoesNotContain(await db.Evidence.Select(e => e.Recipient).ToListAsync(), r => System.Text.RegularExpressions.Regex.IsMatch(r, @"\d{8,}"));
        Assert.Equal(0, await Commands.Build().Parse(["audit", "verify", "--db", _database.ConnectionString]).InvokeAsync());
    }

    [Theory]
    [InlineData("UPDATE notice_evidence SET \"Channel\" = 'email' WHERE \"Seq\" = 10", "line 10: its content was changed")]
    [InlineData("DELETE FROM notice_evidence WHERE \"Seq\" = 20", "line 20: missing")]
    [InlineData("DELETE FROM notice_evidence WHERE \"Seq\" = (SELECT MAX(\"Seq\") FROM notice_evidence)", "lines removed from the end")]
    [InlineData("UPDATE notices SET \"Text\" = 'changed' WHERE \"Id\" = 5", "text no longer matches")]
    [InlineData("UPDATE notice_evidence SET \"Seq\" = \"Seq\" + 1000000 WHERE \"Seq\" = 30", "line 30: missing")]
    public async Task TamperedEvidence_IsFound(string tamper, string expected)
    {
        await SqlAsync(tamper);
        var problems = await VerifyAsync();
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
        Assert.Equal(Commands.EvidenceBroken, await Commands.Build().Parse(["audit", "verify", "--db", _database.ConnectionString]).InvokeAsync());
    }

    [Fact]
    public async Task InsertedLine_WithAForgedHash_IsFound()
    {
        await using (var db = _database.Open())
        {
            var last = await db.Evidence.OrderByDescending(e => e.Seq).FirstAsync();
            var forged = new EvidenceRecord
            {
                Seq = last.Seq + 1, NoticeId = last.NoticeId, IdempotencyKey = last.IdempotencyKey, Event = "delivered", At = last.At,
                Channel = last.Channel, Recipient = last.Recipient, ContentHash = last.ContentHash, PreviousHash = last.Hash, Hash = "",
            };
            // Forged without the installation's key: a guessed key seals nothing.
            forged.Hash = EvidenceLog.HashOf(forged, EvidenceKey.Ephemeral());
            db.Evidence.Add(forged);
            await db.SaveChangesAsync();
        }
        var problems = await VerifyAsync();
        Assert.Contains(problems, p => p.Contains("its content was changed", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("lines removed from the end", StringComparison.Ordinal) || p.Contains("was last written", StringComparison.Ordinal));
    }

    /// <summary>The three tamperings the outside probe got past plain SHA-256 (issue 12, finding 6).</summary>
    [Fact]
    public async Task Probe_TailAndHeadRemovedTogether_IsFoundAgainstAnEarlierCheckpoint()
    {
        await using (var db = _database.Open()) Assert.NotNull(await EvidenceLog.CheckpointAsync(db, DateTimeOffset.UtcNow));
        await SqlAsync("""
            DELETE FROM notice_evidence WHERE "Seq" > (SELECT MAX("Seq") - 5 FROM notice_evidence);
            UPDATE notice_evidence_head SET "LastSeq" = (SELECT MAX("Seq") FROM notice_evidence), "LastHash" = (SELECT "Hash" FROM notice_evidence ORDER BY "Seq" DESC LIMIT 1);
            """);
        var problems = await VerifyAsync();
        Assert.Contains(problems, p => p.Contains("is missing: lines were removed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Probe_ADeletedNotice_IsABreak()
    {
        long id;
        await using (var db = _database.Open()) id = await db.Notices.OrderBy(n => n.Id).Select(n => n.Id).FirstAsync();
        await SqlAsync($$"""DELETE FROM notices WHERE "Id" = {{id}}""");
        Assert.Contains(await VerifyAsync(), p => p.Contains($"notice {id} it records is missing", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1)]
    public async Task Probe_ALineRewrittenWithEveryLaterHashAndTheHeadRecomputed_IsFound(long from)
    {
        await using (var db = _database.Open()) Assert.NotNull(await EvidenceLog.CheckpointAsync(db, DateTimeOffset.UtcNow));
        // The attacker has the database, not the key: they recompute the chain as plain SHA-256, which is all they can do.
        await using (var db = _database.Open())
        {
            var lines = await db.Evidence.Where(e => e.Seq >= from - 1).OrderBy(e => e.Seq).ToListAsync();
            var previous = from == 1 ? EvidenceLog.Genesis : lines[0].Hash;
            foreach (var line in lines.Where(l => l.Seq >= from))
            {
                if (line.Seq == from) line.Detail = "rewritten";
                line.PreviousHash = previous;
                line.Hash = EvidenceLog.LegacyHashOf(line);
                previous = line.Hash;
            }
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlAsync($"""UPDATE notice_evidence_head SET "LastHash" = {previous}""");
        }
        var problems = await VerifyAsync();
        Assert.Contains(problems, p => p.Contains("differs from the checkpoint", StringComparison.Ordinal) || p.Contains("not sealed with the evidence key", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("differs from the checkpoint", StringComparison.Ordinal));
    }
}
