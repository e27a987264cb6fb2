using System.Text;
using PolicyCare.Support;
using UglyToad.PdfPig;

namespace PolicyCare.Notices;

/// <summary>Formal notices as PDF letters in Chinese and Korean, read back from the PDF.</summary>
public sealed class LetterTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private LetterSettings Settings => new(Path.Combine(_temp.Path, "letters"), LetterSettings.NotoCjk);

    private static NoticeRecord Notice(long id, string locale, string text, string address) => new()
    {
        Id = id, IdempotencyKey = $"P{id}|lapse|lapse-notice|letter|C{id}", PolicyNumber = $"P{id}", Stage = PolicyCare.Notices.Stage.LapseNotice, Channel = PolicyCare.Notices.Channel.Letter, Recipient = $"C{id}",
        Address = address, Locale = locale, Text = text, PlannedOn = new DateOnly(2026, 3, 12), SendAfter = DateTimeOffset.UtcNow, Status = NoticeStatus.Sending,
    };

    /// <summary>The PDF's text, normalized (NFKC) so that CJK radicals a font maps to read as the characters they are.</summary>
    private static string TextOf(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Concat(document.GetPages().Select(p => p.Text)).Normalize(NormalizationForm.FormKC);
    }

    [Fact]
    public void ChineseLetter_CarriesTheNoticeInChinese()
    {
        var text = "【PolicyCare】尊敬的王伟，您的保单P1因未在宽限期内缴纳保费1,200.00元，已于2026年3月12日效力中止。您可在2028年3月10日前申请复效。" + string.Concat(Enumerable.Repeat("请联系客服。", 40));
        var pdf = new LetterRenderer(Settings).Render(Notice(1, "zh-CN", text, "北京市东城区某街1号"), "王伟");
        var read = TextOf(pdf);
        Assert.Contains("王伟", read, StringComparison.Ordinal);
        Assert.Contains("效力中止", read, StringComparison.Ordinal);
        Assert.Contains("2028年3月10日", read, StringComparison.Ordinal);
        Assert.Contains("北京市东城区某街1号", read, StringComparison.Ordinal);
    }

    [Fact]
    public void KoreanLetter_CarriesTheNoticeInKorean()
    {
        var pdf = new LetterRenderer(Settings).Render(Notice(2, "ko-KR", "[PolicyCare] 김민준님, 보험계약 P2는 2026년 3월 12일부터 효력이 정지되었습니다.", "서울특별시 중구 세종대로 1"), "김민준");
        var read = TextOf(pdf);
        Assert.Contains("효력이 정지되었습니다", read.Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("서울특별시", read, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrintBatch_WritesOnePdfPerNotice_AndAManifest_WithoutDuplicates()
    {
        var batch = new LetterPrintBatch(Settings, id => id == "C3" ? "李娜" : null);
        var notice = Notice(3, "zh-CN", "【PolicyCare】尊敬的李娜，您的保单P3已效力中止。", "上海市某路3号");
        Assert.IsType<Accepted>(await batch.SendAsync(notice, CancellationToken.None));
        Assert.IsType<Accepted>(await batch.SendAsync(notice, CancellationToken.None));
        var day = Path.Combine(Settings.Folder, "2026-03-12");
        var manifest = await File.ReadAllLinesAsync(Path.Combine(day, "manifest.csv"));
        Assert.Equal(2, manifest.Length);
        Assert.StartsWith("3,P3,lapse-notice,C3,3-lapse-notice.pdf,", manifest[1], StringComparison.Ordinal);
        Assert.Contains("李娜", TextOf(await File.ReadAllBytesAsync(Path.Combine(day, "3-lapse-notice.pdf"))), StringComparison.Ordinal);
    }

    /// <summary>Issue 12, finding 13: the manifest is real CSV a spreadsheet cannot be tricked by, and no file name comes from typed data.</summary>
    [Fact]
    public async Task Manifest_QuotesAndDefusesCells_AndFileNamesNeverComeFromUserData()
    {
        var batch = new LetterPrintBatch(Settings, _ => "王伟");
        var hostile = Notice(4, "zh-CN", "【PolicyCare】通知", "某路4号");
        hostile.PolicyNumber = "=HYPERLINK(\"http://x\",\"a,b\")";
        hostile.Recipient = "../../etc/passwd";
        Assert.IsType<Accepted>(await batch.SendAsync(hostile, CancellationToken.None));
        var day = Path.Combine(Settings.Folder, "2026-03-12");
        Assert.Equal(["4-lapse-notice.pdf", "manifest.csv"], Directory.GetFiles(day).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
        var row = Assert.Single(LetterPrintBatch.ReadManifest(Path.Combine(day, "manifest.csv")));
        Assert.Equal("'=HYPERLINK(\"http://x\",\"a,b\")", row[1]);
        Assert.Equal("../../etc/passwd", row[3]);
        Assert.Equal("4-lapse-notice.pdf", row[4]);
    }
}
