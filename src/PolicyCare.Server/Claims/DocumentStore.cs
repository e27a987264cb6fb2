using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace PolicyCare.Claims;

/// <summary>A document as stored: its SHA-256 (its name in the store), what it is, and its size.</summary>
public sealed record StoredDocument(string Sha256, DocumentFormat Format, long Length);

/// <summary>Where claim documents live. Content-addressed: the same bytes are stored once, under their SHA-256.</summary>
public interface IDocumentStore
{
    /// <summary>Checks the bytes (PDF, JPEG or PNG, not empty, not too large) and stores them; a refusal stores nothing.</summary>
    Task<(StoredDocument? Document, DocumentRefusal? Refusal)> PutAsync(byte[] content, CancellationToken cancel = default);

    /// <summary>The document's bytes, or null when the store has no such document.</summary>
    Task<byte[]?> GetAsync(string sha256, CancellationToken cancel = default);
}

/// <summary>
/// Documents on disk under the data folder (<c>data/documents</c> by default), in
/// <c>ab/cd/abcd…</c> folders by their SHA-256. A file is written to a temporary name and moved into
/// place, so a reader never sees half a document and a crash leaves at most a stray temporary file.
/// </summary>
public sealed partial class DiskDocumentStore(string folder) : IDocumentStore
{
    public const string DefaultFolder = "data/documents";

    public async Task<(StoredDocument? Document, DocumentRefusal? Refusal)> PutAsync(byte[] content, CancellationToken cancel = default)
    {
        var (format, refusal) = ClaimDocument.Identify(content.AsSpan(0, Math.Min(content.Length, 16)), content.Length);
        if (refusal is not null) return (null, refusal);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var path = PathOf(sha);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = $"{path}.{Guid.NewGuid():N}.part";
            await File.WriteAllBytesAsync(temporary, content, cancel);
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary); // the same document arrived twice at once: one copy is enough
            }
        }
        return (new StoredDocument(sha, format!.Value, content.Length), null);
    }

    public async Task<byte[]?> GetAsync(string sha256, CancellationToken cancel = default)
    {
        // Only a SHA-256 names a document: nothing else can reach outside the store's folder.
        if (!Sha256Text().IsMatch(sha256)) return null;
        var path = PathOf(sha256);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancel) : null;
    }

    private string PathOf(string sha) => Path.Combine(folder, sha[..2], sha[2..4], sha);

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Text();
}
