using System.Security.Cryptography;
using PolicyCare.Support;

namespace PolicyCare.Claims;

/// <summary>Claim documents on disk, by their SHA-256: stored once, read back whole, nothing else reachable.</summary>
public sealed class DocumentStoreTests
{
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task ADocument_IsStoredUnderItsSha256_AndReadBackWhole()
    {
        using var temp = new TempFolder();
        var store = new DiskDocumentStore(temp.Path);
        var (stored, refusal) = await store.PutAsync(Pdf);
        Assert.Null(refusal);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), stored!.Sha256);
        Assert.Equal((DocumentFormat.Pdf, Pdf.Length), (stored.Format, (int)stored.Length));
        Assert.Equal(Pdf, await store.GetAsync(stored.Sha256));
    }

    [Fact]
    public async Task TheSameBytesTwice_AreStoredOnce()
    {
        using var temp = new TempFolder();
        var store = new DiskDocumentStore(temp.Path);
        var first = (await store.PutAsync(Pdf)).Document!;
        var second = (await store.PutAsync([.. Pdf])).Document!;
        Assert.Equal(first.Sha256, second.Sha256);
        Assert.Single(Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AFileThatIsNotWhatAClaimTakes_IsRefused_AndNothingIsWritten()
    {
        using var temp = new TempFolder();
        var store = new DiskDocumentStore(temp.Path);
        var (stored, refusal) = await store.PutAsync("MZ\u0090 not an invoice"u8.ToArray());
        Assert.Null(stored);
        Assert.NotNull(refusal);
        Assert.Empty(Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories));
        Assert.NotNull((await store.PutAsync([])).Refusal);
    }

    [Theory]
    [InlineData("../../../etc/passwd")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task OnlyTheSha256OfAStoredDocument_ReadsAnything(string name)
    {
        using var temp = new TempFolder();
        Assert.Null(await new DiskDocumentStore(temp.Path).GetAsync(name));
    }
}
