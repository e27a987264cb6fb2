using System.Text;
using PolicyCare.Support;
using UglyToad.PdfPig;

namespace PolicyCare.Notices;

/// <summary>Formal notices as PDF letters in Chinese and Korean, read back from the PDF.</summary>
public sealed class LetterTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private LetterSettings Settings => LetterSettings.Default(Path.Combine(_temp.Path, "letters"));

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
        var pdf = new LetterRenderer(Settings).Render(Notice(1, "zh-CN", text, "北京市东城区某街1号"), "王伟", LetterCopy.Mailed);
        var read = TextOf(pdf);
        Assert.Contains("王伟", read, StringComparison.Ordinal);
        Assert.Contains("效力中止", read, StringComparison.Ordinal);
        Assert.Contains("2028年3月10日", read, StringComparison.Ordinal);
        Assert.Contains("北京市东城区某街1号", read, StringComparison.Ordinal);
    }

    /// <summary>
    /// What a reader's viewer copies out of the letter (poppler's pdftotext), without any normalizing:
    /// 月 and 日 must come back as 月 and 日, not as the Kangxi radicals ⽉ ⽇ the font shares their glyphs with.
    /// </summary>
    internal static string PdfToText(byte[] pdf)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, pdf);
            var start = new System.Diagnostics.ProcessStartInfo("pdftotext", ["-enc", "UTF-8", file, "-"]) { RedirectStandardOutput = true, UseShellExecute = false };
            using var process = System.Diagnostics.Process.Start(start)
                ?? throw new InvalidOperationException("pdftotext is needed (Debian: apt-get install poppler-utils; .ci/run does)");
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return text;
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void TheTextLayer_ReadsBackAsWritten_AndTheLetterIsALetter()
    {
        var zh = new LetterRenderer(Settings).Render(Notice(5, "zh-CN", "【PolicyCare】尊敬的王伟，您的保单P5因未在宽限期内缴纳保费1,200.00元，已于2026年3月12日效力中止。您可在2028年3月10日前申请复效，需补缴保费及利息。", "北京市东城区某街1号"), "王伟");
        var text = PdfToText(zh);
        Assert.Contains("2026年3月12日", text, StringComparison.Ordinal);
        Assert.DoesNotContain("⽉", text, StringComparison.Ordinal);
        Assert.DoesNotContain("⽇", text, StringComparison.Ordinal);
        // A letter: subject, reference, the salutation on its own line, how to reach us, a signature, page numbers; no SMS sender tag.
        foreach (var part in new[] { "保单效力中止通知", "编号：P5-5", "尊敬的王伟，", "客户服务热线 · 客户服务平台", "PolicyCare 客户服务中心", "第1页，共1页" })
            Assert.Contains(part, text, StringComparison.Ordinal);
        Assert.DoesNotContain("【PolicyCare】", text, StringComparison.Ordinal);
        // A copy (a download) shows the address masked; the mailed letter shows it whole for the envelope.
        Assert.DoesNotContain("某街1号", text, StringComparison.Ordinal);
        Assert.Contains("北京市东城区****", text, StringComparison.Ordinal);
        var mailed = PdfToText(new LetterRenderer(Settings).Render(Notice(5, "zh-CN", "【PolicyCare】通知。", "北京市东城区某街1号"), "王伟", LetterCopy.Mailed));
        Assert.Contains("北京市东城区某街1号", mailed, StringComparison.Ordinal);

        // Korean breaks between words: every word of the notice comes back whole.
        var sentence = "[PolicyCare] 김민준님, 보험계약 P6의 미납 보험료 150,000원의 납입유예기간이 2026년 3월 12일에 끝납니다. 기한까지 납입되지 않으면 계약의 효력이 정지되어 그 기간의 사고는 보장받지 못합니다. 분할 납입, 보험계약대출, 감액완납 등도 안내해 드립니다.";
        var ko = PdfToText(new LetterRenderer(Settings).Render(Notice(6, "ko-KR", sentence, "서울특별시 중구 세종대로 1"), "김민준"));
        var words = ko.Split([' ', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        foreach (var word in sentence["[PolicyCare] ".Length..].Split(' '))
            Assert.True(words.Contains(word), $"'{word}' is broken across lines in: {ko}");
    }

    [Fact]
    public void AmountsAndLinks_AreNeverSplitAcrossLines()
    {
        // Thirty amounts at every offset of the line, and a link: had a line break fallen inside one, it would not come back whole.
        var body = string.Concat(Enumerable.Range(0, 30).Select(i => new string('保', i % 7 + 1) + "费2,544.00元，"))
            + "链接：http://localhost:5090/renew/TL3m7Y2lmeyeBzB-CYuM5KB6f2Hs";
        var lines = PdfToText(new LetterRenderer(Settings).Render(Notice(7, "zh-CN", "【PolicyCare】" + body, "北京市东城区某街1号"), "王伟"))
            .Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal(30, lines.Sum(l => l.AsSpan().Count("2,544.00元")));
        Assert.Contains(lines, l => l.Contains("http://localhost:5090/renew/TL3m7Y2lmeyeBzB-CYuM5KB6f2Hs", StringComparison.Ordinal));
    }


    /// <summary>
    /// Letters are set in TrueType faces cut down to the letter's characters, embedded as real fonts. Drawn from Noto Sans
    /// CJK's CFF outlines, Skia wrote every glyph as a Type 3 program: these one-page letters were 131 KB (Korean) and 171 KB
    /// (Chinese), 59 and 73 KB cut down, about 10 ms each; in TrueType they are a few KB (every formal email carries one too).
    /// </summary>
    [Theory]
    [InlineData("zh-CN", "【PolicyCare】尊敬的王伟，您的保单P8因未在宽限期内缴纳保费1,200.00元，已于2026年3月12日效力中止。您可在2028年3月10日前申请复效，需补缴保费及利息。如有疑问，请致电客户服务热线或登录客户服务平台。", "北京市东城区某街1号")]
    [InlineData("ko-KR", "[PolicyCare] 김민준님, 보험계약 P8의 미납 보험료 150,000원의 납입유예기간이 2026년 3월 12일에 끝납니다. 기한까지 납입되지 않으면 계약의 효력이 정지되어 그 기간의 사고는 보장받지 못합니다. 분할 납입, 보험계약대출, 감액완납 등도 안내해 드립니다.", "서울특별시 중구 세종대로 1")]
    public void ALetter_EmbedsATrueTypeFace_WithOnlyTheCharactersItUses(string locale, string text, string address)
    {
        var pdf = new LetterRenderer(Settings).Render(Notice(8, locale, text, address), locale == "zh-CN" ? "王伟" : "김민준", LetterCopy.Mailed);
        Assert.True(pdf.Length < 30 * 1024, $"a one-page letter is {pdf.Length} bytes");
        Assert.DoesNotContain("/Type3", Encoding.Latin1.GetString(pdf), StringComparison.Ordinal);
        Assert.Contains(locale == "zh-CN" ? "效力中止" : "납입유예기간이", PdfToText(pdf), StringComparison.Ordinal);
    }

    /// <summary>Korean letters are set in Nanum Gothic; one whose name it cannot print (a simplified Chinese character) in the main face, whole.</summary>
    [Fact]
    public void AKoreanLetter_IsSetInTheKoreanFace_UnlessItLacksACharacter()
    {
        static IReadOnlySet<string> FontsOf(byte[] pdf)
        {
            using var document = PdfDocument.Open(pdf);
            return document.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName ?? "").ToHashSet(StringComparer.Ordinal);
        }
        var sentence = "[PolicyCare] 보험계약 P9의 효력이 정지되었습니다.";
        var korean = new LetterRenderer(Settings).Render(Notice(9, "ko-KR", sentence, "서울특별시 중구 세종대로 1"), "김민준");
        Assert.All(FontsOf(korean), f => Assert.Contains("Nanum", f, StringComparison.Ordinal));
        var chineseName = new LetterRenderer(Settings).Render(Notice(9, "ko-KR", sentence, "서울특별시 중구 세종대로 1"), "张伟");
        Assert.All(FontsOf(chineseName), f => Assert.Contains("WenQuanYi", f, StringComparison.Ordinal));
        var read = PdfToText(chineseName);
        Assert.Contains("张伟", read, StringComparison.Ordinal);
        Assert.Contains("효력이 정지되었습니다", read, StringComparison.Ordinal);
    }

    /// <summary>Every line stays inside the margins (56 pt of an A4 page's 595), in each language's way of breaking lines.</summary>
    [Theory]
    [InlineData("zh-CN", "【PolicyCare】尊敬的王伟，您的保单P0004083因未在宽限期内缴纳保费630,000.00元，已于2026年6月1日效力中止，中止期间发生的保险事故不予保障。您可在2029年5月30日前申请复效：提交复效申请书、健康告知书及身份证，补缴欠缴保费及按年利率4.5%计算的单利利息。")]
    [InlineData("ko-KR", "[PolicyCare] 고객 4083님, 보험계약 P0004083은 납입유예기간 내 보험료 630,000원이 납입되지 않아 2026년 6월 1일부터 효력이 정지되었습니다. 정지 기간 중 사고는 보장되지 않습니다. 2029년 5월 30일까지 부활을 청약하실 수 있습니다: 부활청약서, 건강 고지서, 신분증을 제출하시고 연체 보험료와 연 4.5% 단리 이자를 납입해 주세요. 현재 해약환급금 기준으로 최대 923,400원의 보험계약대출 또는 보험가입금액 2,565,000원의 감액완납으로 전환하실 수 있습니다.")]
    [InlineData("zh-CN", "【PolicyCare】尊敬的王伟，请填写满意度调查：http://localhost:5090/survey/CfDJ8CWIliA564VMnsTs1R197pO1ddLjxYRvEcMuIRIRY6j0LJMWpifS8s9QtXFlCrFRd 感谢您的反馈。")]
    [InlineData("en-US", "[PolicyCare] Dear customer 4083, renew here: http://localhost:5090/renew/CfDJ8CWIliA564VMnsTs1R197pO1ddLjxYRvEcMuIRIRY6j0LJMWpifS8s9QtXF before 30 May.")]
    [InlineData("en-US", "[PolicyCare] Dear customer 4083, the premium of 630,000 due on policy P0004083 was not paid within the grace period, so the policy is suspended from 1 June 2026 and losses during the suspension are not covered. You may apply to reinstate it until 30 May 2029 with the application, a health declaration and your ID, paying the overdue premiums with 4.5% simple interest a year.")]
    public void EveryLine_StaysInsideTheMargins(string locale, string text)
    {
        var pdf = new LetterRenderer(Settings).Render(Notice(10, locale, text, "서울시 4083"), "고객 4083", LetterCopy.Mailed);
        using var document = PdfDocument.Open(pdf);
        foreach (var page in document.GetPages())
        {
            var right = page.Letters.Max(l => l.BoundingBox.Right);
            Assert.True(right <= page.Width - 56 + 1, $"a line ends at {right:0.0} pt on a page {page.Width:0} pt wide ({locale})");
        }
    }

    /// <summary>A lapse notice is titled a suspension while the policy can be reinstated, and the end of the contract when it cannot (a one-year policy's).</summary>
    [Fact]
    public void ALapseLetter_IsTitledByWhetherThePolicyCanComeBack()
    {
        var suspended = Notice(11, "zh-CN", "【PolicyCare】尊敬的王伟，您的保单P11已效力中止。您可在2028年3月10日前申请复效。", "北京市东城区某街1号");
        suspended.Variables = "{\"lapseDate\":\"2026年3月12日\",\"reinstateBy\":\"2028年3月10日\"}";
        var ended = Notice(12, "zh-CN", "【PolicyCare】尊敬的王伟，您的保单P12已于2026年3月12日到期终止，保障已结束。", "北京市东城区某街1号");
        ended.Variables = "{\"lapseDate\":\"2026年3月12日\"}";
        Assert.Contains("保单效力中止通知", PdfToText(new LetterRenderer(Settings).Render(suspended, "王伟")), StringComparison.Ordinal);
        var text = PdfToText(new LetterRenderer(Settings).Render(ended, "王伟"));
        Assert.Contains("保险合同终止通知", text, StringComparison.Ordinal);
        Assert.DoesNotContain("效力中止", text, StringComparison.Ordinal);
    }

    /// <summary>A receipt names the service line of the policy's market, whatever language it is read in.</summary>
    [Theory]
    [InlineData("CNY", "ko-KR", "95500", "1588-0000")]
    [InlineData("KRW", "zh-CN", "1588-0000", "95500")]
    [InlineData("CNY", "en-US", "95500", "1588-0000")]
    public void AReceipt_GivesThePolicysServiceLine_InTheReadersLanguage(string currency, string locale, string line, string notLine)
    {
        var payment = new PolicyCare.Billing.PaymentRecord { Id = 915, PolicyNumber = "P13", Method = "transfer", ExternalReference = "api:test:915", Amount = 1200m, Applied = 1200m, ReceivedOn = new DateOnly(2026, 3, 12) };
        var text = PdfToText(new LetterRenderer(Settings).Render(PolicyCare.Billing.Receipts.For(payment, currency, "王伟", "Bank transfer", locale)));
        Assert.Contains(line, text, StringComparison.Ordinal);
        Assert.DoesNotContain(notLine, text, StringComparison.Ordinal);
    }

    [Fact]
    public void KoreanLetter_CarriesTheNoticeInKorean()
    {
        var pdf = new LetterRenderer(Settings).Render(Notice(2, "ko-KR", "[PolicyCare] 김민준님, 보험계약 P2는 2026년 3월 12일부터 효력이 정지되었습니다.", "서울특별시 중구 세종대로 1"), "김민준", LetterCopy.Mailed);
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

        // A second letter adds its line; the first sent once more still has one.
        Assert.IsType<Accepted>(await batch.SendAsync(Notice(5, "zh-CN", "【PolicyCare】您的保单P5已效力中止。", "上海市某路5号"), CancellationToken.None));
        Assert.IsType<Accepted>(await batch.SendAsync(notice, CancellationToken.None));
        Assert.Equal(["3", "5"], LetterPrintBatch.ReadManifest(Path.Combine(day, "manifest.csv")).Select(r => r[0]).Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>Issue 12, finding 13: the manifest is real CSV a spreadsheet cannot be tricked by, and no file name comes from typed data.</summary>
    [Fact]
    public async Task Manifest_QuotesAndDefusesCells_AndFileNamesNeverComeFromUserData()
    {
        var batch = new LetterPrintBatch(Settings, _ => "王伟");
        var hostile = Notice(4, "zh-CN", "【PolicyCare】通知", "某路4号");
        hostile.PolicyNumber = "=HYPERLINK(\"http://x\",\"a,b\")";
        hostile.Recipient = "../../etc/passwd";
        // After another letter of the day, so that the hostile one's line is added to the file, not written with it.
        Assert.IsType<Accepted>(await batch.SendAsync(Notice(2, "zh-CN", "【PolicyCare】通知", "某路2号"), CancellationToken.None));
        Assert.IsType<Accepted>(await batch.SendAsync(hostile, CancellationToken.None));
        var day = Path.Combine(Settings.Folder, "2026-03-12");
        Assert.Equal(["2-lapse-notice.pdf", "4-lapse-notice.pdf", "manifest.csv"], Directory.GetFiles(day).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
        var row = LetterPrintBatch.ReadManifest(Path.Combine(day, "manifest.csv")).Single(r => r[0] == "4");
        Assert.Equal("'=HYPERLINK(\"http://x\",\"a,b\")", row[1]);
        Assert.Equal("../../etc/passwd", row[3]);
        Assert.Equal("4-lapse-notice.pdf", row[4]);
    }
}
