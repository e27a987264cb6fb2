using System.Globalization;
using System.Security.Cryptography;
using SkiaSharp;

namespace PolicyCare.Notices;

/// <summary>
/// Where letters are printed from, and the faces they are set in (PolicyCare:Channels:Letters): <see cref="FontPath"/> for
/// every letter (Latin, Chinese and Hangul), <see cref="KoreanFontPath"/> for Korean letters whose every character it has.
/// Both are TrueType faces (the first face of a collection): Skia's PDF writer embeds TrueType outlines as a real font, where
/// it writes each glyph of a CFF face (Noto Sans CJK) as a Type 3 program — ten times the time and size (docs/performance.md).
/// </summary>
public sealed record LetterSettings(string Folder, string FontPath, string? KoreanFontPath = null)
{
    /// <summary>Debian's fonts-wqy-microhei: WenQuanYi Micro Hei, Latin, Chinese (GB 18030) and Hangul in one sans-serif face.</summary>
    public const string WenQuanYi = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

    /// <summary>Debian's fonts-nanum: Nanum Gothic, the sans-serif Korean readers know from public documents.</summary>
    public const string Nanum = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf";

    /// <summary>The product's faces, letters printed into <paramref name="folder"/>.</summary>
    public static LetterSettings Default(string folder) => new(folder, WenQuanYi, Nanum);

    public bool FontInstalled => File.Exists(FontPath);

    /// <summary>What the operator is told at start when letters cannot be set.</summary>
    public string MissingFontMessage =>
        $"letters and their PDFs need the font {FontPath}, which is missing: install Debian's fonts-wqy-microhei and fonts-nanum (apt-get install fonts-wqy-microhei fonts-nanum) or set PolicyCare:Channels:Letters:FontPath";
}

/// <summary>Whether a letter goes in the post (the full address shows in the envelope's window) or is a copy (a download, an email attachment).</summary>
public enum LetterCopy { Mailed, Copy }

/// <summary>
/// A formal notice as an A4 PDF letter, set in a CJK face so that Chinese and Korean print right:
/// letterhead, the recipient and address, date, reference and policy, a subject, the notice in full
/// sentences, how to reach us, a signature, and page numbers. Every line carries its text for copy,
/// search and screen readers: a CJK face may map some characters (月, 日, 金 …) to glyphs it shares with
/// the Kangxi radicals (Noto does), and a PDF viewer would read those back as ⽉ ⽇ ⾦; each run is written
/// with its original text (PDF ActualText), so what is read out is what was written, whatever the face.
/// </summary>
public sealed class LetterRenderer(LetterSettings settings)
{
    private const float Width = 595, Height = 842, Margin = 56, Size = 11, Leading = 17;

    /// <summary>The faces, read once per process: a CJK face is megabytes, and reading it took most of a letter's time.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SKTypeface> Typefaces = new();

    public byte[] Render(NoticeRecord notice, string recipientName, LetterCopy copy = LetterCopy.Copy)
    {
        var words = LetterWords.For(notice.Locale);
        var address = notice.Channel == Channel.Letter
            ? copy == LetterCopy.Mailed ? notice.Address.Split('\n') : [Masking.PostalAddress(notice.Address)]
            : [];
        return Render(new Letter(notice.Locale, recipientName, address, notice.PlannedOn, $"{notice.PolicyNumber}-{notice.Id.ToString(CultureInfo.InvariantCulture)}",
            notice.PolicyNumber, words.Subject(SubjectStage(notice)), Paragraphs(WithoutSmsPrefix(notice.Text)).ToList()));
    }

    /// <summary>
    /// The stage a letter (and the email that carries it) is titled by. A one-year policy's lapse notice says its cover has ended, with no way back but a new
    /// policy: it is titled as the end of the contract, not as a suspension (a long-term lapse notice always names the day by
    /// which it can be reinstated, which a one-year one never has; a notice with no facts recorded keeps its stage's title).
    /// </summary>
    public static Stage SubjectStage(NoticeRecord notice) =>
        notice.Stage == Stage.LapseNotice && notice.Variables.Contains("\"lapseDate\"", StringComparison.Ordinal)
            && !notice.Variables.Contains("\"reinstateBy\"", StringComparison.Ordinal) ? Stage.TerminationNotice : notice.Stage;

    /// <summary>Any letter: a notice, a receipt. The body's paragraphs are set as given, wrapped to the page.</summary>
    public byte[] Render(Letter letter)
    {
        if (!File.Exists(settings.FontPath))
            throw new FileNotFoundException($"the letter font {settings.FontPath} is missing (Debian: apt-get install fonts-wqy-microhei fonts-nanum)", settings.FontPath);
        var words = LetterWords.For(letter.Locale);
        var (fontPath, typeface) = FaceFor(letter, words);
        // Lines are wrapped by the body size's advances, which the face cut down for drawing keeps the same.
        using var measure = Outline(new SKFont(typeface, Size));
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var grey = new SKPaint { Color = new SKColor(0x55, 0x55, 0x55), IsAntialias = true };
        var body = Width - 2 * Margin;

        // Laid out first, then drawn, so every page can say "page 1 of 2".
        var lines = new List<Line>
        {
            new("PolicyCare", Style.Letterhead, ink, 0, Rule: true),
            new(words.Service(letter.ServicePhone), Style.Small, grey, Leading * 1.5f),
            new(letter.RecipientName, Style.Body, ink, Leading * 1.5f),
        };
        lines.AddRange(letter.Address.Select(a => new Line(a, Style.Body, ink, Leading)));
        lines.Add(new(Labelled(letter.Locale, words.Date, LocalFormat.Date(letter.Date, letter.Locale)), Style.Body, ink, Leading * 1.5f, Right: true));
        lines.Add(new(Labelled(letter.Locale, words.Reference, letter.Reference), Style.Body, ink, Leading, Right: true));
        // A report to staff is about the book, not one policy.
        if (letter.Policy.Length > 0) lines.Add(new(Labelled(letter.Locale, words.Policy, letter.Policy), Style.Body, ink, Leading, Right: true));
        lines.Add(new(letter.Subject, Style.Bold, ink, Leading * 2));
        var first = true;
        // The body's own last words say how to reach us; the letterhead carries the service line too.
        foreach (var paragraph in letter.Body)
        {
            foreach (var wrapped in Wrap(paragraph, measure, body))
            {
                lines.Add(new(wrapped, Style.Body, ink, first ? Leading * 1.5f : Leading));
                first = false;
            }
            first = true;
        }
        foreach (var (closing, k) in words.Closing.Split('\n').Select((c, k) => (c, k)))
            lines.Add(new(closing, Style.Body, ink, k == 0 ? Leading * 2 : Leading));
        lines.Add(new(words.Signature, Style.Body, ink, Leading * 1.5f));

        var pages = new List<List<(Line Line, float Y)>> { new() };
        var y = Margin + 12;
        foreach (var line in lines)
        {
            y += pages[^1].Count == 0 ? 0 : line.Before;
            if (y > Height - Margin - Leading)
            {
                pages.Add([]);
                y = Margin + 12;
            }
            pages[^1].Add((line, y));
        }
        var numbers = Enumerable.Range(1, pages.Count).Select(p => words.Page(p, pages.Count)).ToList();

        // Drawn in the face cut down to this letter's characters (same outlines and advances, far fewer glyphs to embed).
        using var subset = FontSubset.Of(fontPath, 0, string.Concat(lines.Select(l => l.Text).Concat(numbers)));
        using var fonts = new LetterFonts(subset ?? typeface);
        // One builder for the letter's runs (Build hands over a run and starts afresh): every Skia object made or released
        // takes SkiaSharp's process-wide handle lock, which letters rendered side by side queued on.
        using var runs = new SKTextBlobBuilder();
        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream))
        {
            for (var p = 0; p < pages.Count; p++)
            {
                var canvas = document.BeginPage(Width, Height);
                foreach (var (line, at) in pages[p])
                {
                    var font = fonts[line.Style];
                    var x = line.Right ? Width - Margin - font.MeasureText(line.Text) : Margin;
                    DrawText(canvas, runs, line.Text, x, at, font, line.Paint);
                    if (line.Rule) canvas.DrawLine(Margin, at + 8, Width - Margin, at + 8, grey);
                }
                DrawText(canvas, runs, numbers[p], (Width - fonts.Small.MeasureText(numbers[p])) / 2, Height - Margin / 2, fonts.Small, grey);
                document.EndPage();
            }
            document.Close();
        }
        return stream.ToArray();
    }

    /// <summary>
    /// A Korean letter is set in the Korean face when it has every character the letter prints (a Chinese customer's name
    /// may not be among its Hanja); anything else, and such a letter, in the main face.
    /// </summary>
    private (string Path, SKTypeface Typeface) FaceFor(Letter letter, LetterWords words)
    {
        if (letter.Locale == "ko-KR" && settings.KoreanFontPath is { } korean && File.Exists(korean))
        {
            var text = string.Concat(new[] { "PolicyCare", words.Service(letter.ServicePhone), letter.RecipientName, words.Date, words.Reference, words.Policy, letter.Reference, letter.Policy,
                letter.Subject, words.Closing.Replace("\n", "", StringComparison.Ordinal), words.Signature, words.Page(1, 2), LocalFormat.Date(letter.Date, letter.Locale) }
                .Concat(letter.Address).Concat(letter.Body));
            var face = Open(korean);
            using var font = new SKFont(face);
            if (font.ContainsGlyphs(text)) return (korean, face);
        }
        return (settings.FontPath, Open(settings.FontPath));
    }

    private static SKTypeface Open(string path) =>
        Typefaces.GetOrAdd(path, static p => SKTypeface.FromFile(p, 0) ?? throw new InvalidOperationException($"cannot read {p}"));

    /// <summary>
    /// A size of the face as print wants it: outlines and advances as designed, not fitted to a screen's pixels. Hinting runs each
    /// glyph's TrueType instructions, a quarter of the drawing's time, for a page that is never rasterized here.
    /// </summary>
    private static SKFont Outline(SKFont font)
    {
        font.Hinting = SKFontHinting.None;
        font.LinearMetrics = true;
        font.Subpixel = true;
        return font;
    }

    private enum Style { Body, Small, Bold, Letterhead }

    private sealed record Line(string Text, Style Style, SKPaint Paint, float Before, bool Right = false, bool Rule = false);

    /// <summary>A letter's four sizes of one face (headings are set larger: the faces have no bold of their own).</summary>
    private sealed class LetterFonts(SKTypeface typeface) : IDisposable
    {
        public SKFont Body { get; } = Outline(new(typeface, Size));
        public SKFont Small { get; } = Outline(new(typeface, 9));
        // Sizes, not a synthetic bold: Skia writes emboldened glyphs as Type 3 programs, not from the embedded face.
        private readonly SKFont _bold = Outline(new(typeface, 14));
        private readonly SKFont _letterhead = Outline(new(typeface, 20));

        public SKFont this[Style style] => style switch
        {
            Style.Small => Small,
            Style.Bold => _bold,
            Style.Letterhead => _letterhead,
            _ => Body,
        };

        public void Dispose()
        {
            Body.Dispose();
            Small.Dispose();
            _bold.Dispose();
            _letterhead.Dispose();
        }
    }

    /// <summary>A label and its value; Chinese takes the full-width colon and no space after it.</summary>
    public static string Labelled(string locale, string label, string value) => locale == "zh-CN" ? $"{label}：{value}" : $"{label}: {value}";

    /// <summary>
    /// Draws a line as one run whose glyphs keep their text (one cluster per character): the PDF writes
    /// ActualText where the font's own mapping would read back another character.
    /// </summary>
    private static void DrawText(SKCanvas canvas, SKTextBlobBuilder builder, string text, float x, float y, SKFont font, SKPaint paint)
    {
        if (text.Length == 0) return;
        var glyphs = font.GetGlyphs(text);
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        var clusters = new uint[glyphs.Length];
        var (index, offset) = (0, 0);
        for (var i = 0; i < text.Length && index < clusters.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            clusters[index++] = (uint)offset;
            offset += System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(i, char.IsSurrogatePair(text, i) ? 2 : 1));
        }
        var run = builder.AllocateTextRun(font, glyphs.Length, x, y, utf8.Length, null);
        run.SetGlyphs(glyphs);
        run.SetText(utf8);
        run.SetClusters(clusters);
        using var blob = builder.Build();
        if (blob is not null) canvas.DrawText(blob, 0, 0, paint);
    }

    /// <summary>The notice's SMS-style sender tag is the letterhead's job in a letter.</summary>
    private static string WithoutSmsPrefix(string text)
    {
        foreach (var prefix in new[] { "【PolicyCare】", "[PolicyCare] ", "PolicyCare: " })
            if (text.StartsWith(prefix, StringComparison.Ordinal)) return text[prefix.Length..];
        return text;
    }

    /// <summary>Paragraphs: the salutation on its own line, then the notice's sentences.</summary>
    private static IEnumerable<string> Paragraphs(string text)
    {
        foreach (var part in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var comma = part.IndexOfAny(['，', ',']);
            var salutation = comma is > 0 and < 30 && (part.StartsWith("尊敬的", StringComparison.Ordinal) || part.StartsWith("Dear ", StringComparison.Ordinal)
                || part[..comma].EndsWith('님'));
            if (salutation)
            {
                yield return part[..(comma + 1)];
                if (part[(comma + 1)..].Trim() is { Length: > 0 } rest) yield return rest;
            }
            else yield return part;
        }
    }

    /// <summary>
    /// Lines that fit the width. Chinese breaks between characters, but a line never starts with closing
    /// punctuation (it hangs at the end of the line before) nor ends with an opening one; Korean and
    /// Latin text break at spaces, between words, and a word longer than a line is cut.
    /// </summary>
    private static IEnumerable<string> Wrap(string text, SKFont font, float width)
    {
        var line = new System.Text.StringBuilder();
        // The line's width without and with its trailing spaces: advances add up, so a line is not measured again for every unit.
        var (inked, full) = (0f, 0f);
        foreach (var unit in Units(text))
        {
            var space = unit == " ";
            var unitWidth = font.MeasureText(unit);
            // Closing punctuation hangs past the edge rather than start a line.
            var hangs = ClosingPunctuation.Contains(unit[0]);
            if ((space ? inked : full + unitWidth) > width && line.Length > 0 && !hangs)
            {
                var done = line.ToString().TrimEnd();
                line.Clear();
                // An opening bracket or quote goes down with the word it opens.
                var opening = 0;
                while (opening < done.Length - 1 && OpeningPunctuation.Contains(done[done.Length - 1 - opening])) opening++;
                if (opening > 0)
                {
                    line.Append(done[^opening..]);
                    done = done[..^opening];
                }
                yield return done;
                full = inked = font.MeasureText(line.ToString());
                if (space) continue;
            }
            if (line.Length == 0 && space) continue;
            line.Append(unit);
            full += unitWidth;
            if (!space) inked = full;
            if (full <= width || hangs) continue;
            // A unit wider than the line (a link, a long number or address): cut it where it must be.
            while (line.Length > 1 && font.MeasureText(line.ToString()) > width)
            {
                var cut = line.Length - 1;
                while (cut > 1 && font.MeasureText(line.ToString(0, cut)) > width) cut--;
                yield return line.ToString(0, cut);
                line.Remove(0, cut);
            }
            full = font.MeasureText(line.ToString());
            inked = font.MeasureText(line.ToString().TrimEnd());
        }
        if (line.ToString().TrimEnd() is { Length: > 0 } last) yield return last;
    }

    private const string ClosingPunctuation = "，。、；：？！）》」』”’%,.;:?!)]";
    private const string OpeningPunctuation = "（《「『“‘([";

    /// <summary>What may not be split: a Han character alone, else a run of anything but spaces and Han characters (a Korean word, a number, a Latin word); spaces alone.</summary>
    private static IEnumerable<string> Units(string text)
    {
        var run = new System.Text.StringBuilder();
        var elements = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext()) elements.Add(e.GetTextElement());
        for (var i = 0; i < elements.Count; i++)
        {
            var element = elements[i];
            // ASCII punctuation inside a run ("1,344.00", "http://host:5090/x") belongs to it: an amount or a link is never split
            // there. A space is not punctuation: Korean words are runs between spaces, and a sentence is not one unit.
            var inside = element != " " && element[0] < 128 && run.Length > 0 && i + 1 < elements.Count && elements[i + 1] != " " && !IsHan(elements[i + 1][0]);
            var breaksAlone = !inside && (element == " " || IsHan(element[0]) || ClosingPunctuation.Contains(element[0]) || OpeningPunctuation.Contains(element[0]));
            if (!breaksAlone)
            {
                run.Append(element);
                continue;
            }
            if (run.Length > 0)
            {
                yield return run.ToString();
                run.Clear();
            }
            yield return element;
        }
        if (run.Length > 0) yield return run.ToString();
    }

    private static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\u3000' and <= '\u303F';
}

/// <summary>What a letter says: who to, the date, its reference and policy, a subject and the body's paragraphs.</summary>
public sealed record Letter(string Locale, string RecipientName, IReadOnlyList<string> Address, DateOnly Date, string Reference, string Policy,
    string Subject, IReadOnlyList<string> Body)
{
    /// <summary>The service line of the policy's market, for the letterhead (a notice's own text names it in its last sentence).</summary>
    public string? ServicePhone { get; init; }
}

/// <summary>A letter's own words in the reader's language (the notice's text is the body).</summary>
public sealed record LetterWords(Func<string?, string> Service, string Date, string Reference, string Policy, string Closing, string Signature,
    Func<Stage, string> Subject, Func<int, int, string> Page)
{
    public static LetterWords For(string locale) => locale switch
    {
        "zh-CN" => new(phone => phone is null ? "客户服务热线 · 客户服务平台" : $"客户服务热线 {phone} · 客户服务平台", "日期", "编号", "保单号", "此致\n敬礼！", "PolicyCare 客户服务中心",
            stage => stage switch
            {
                Stage.PreDebitNotice => "保费自动扣款预告",
                Stage.FirstReminder => "保费缴纳提醒",
                Stage.SecondReminder => "宽限期即将届满提醒",
                Stage.LapseNotice => "保单效力中止通知",
                Stage.ReinstatementFollowUp => "保单复效提醒",
                Stage.TerminationNotice => "保险合同终止通知",
                Stage.RenewalNotice => "续保通知",
                Stage.RenewalConfirmation => "续保确认书",
                Stage.ChangeConfirmation => "保单批改确认",
                Stage.InspectionReport => "防灾防损检查报告",
                Stage.PolicyReview => "保单年度检视",
                Stage.RebindOffer => "关于更换扣款账户的建议",
                Stage.EarlyReminder => "保费即将到期提醒",
                Stage.ChangeDecision => "保单变更申请处理结果",
                Stage.CoverEnded => "保险期间届满通知",
                _ => "保单通知",
            },
            (page, pages) => $"第{page}页，共{pages}页"),
        "ko-KR" => new(phone => phone is null ? "고객센터 · 고객 포털" : $"고객센터 {phone} · 고객 포털", "일자", "문서번호", "증권번호", "감사합니다.", "PolicyCare 고객센터",
            stage => stage switch
            {
                Stage.PreDebitNotice => "보험료 자동이체 예정 안내",
                Stage.FirstReminder => "보험료 납입 안내",
                Stage.SecondReminder => "납입유예기간 만료 예정 안내",
                Stage.LapseNotice => "계약 효력 정지 안내",
                Stage.ReinstatementFollowUp => "계약 부활 안내",
                Stage.TerminationNotice => "계약 해지 안내",
                Stage.RenewalNotice => "계약 갱신 안내",
                Stage.RenewalConfirmation => "계약 갱신 확인",
                Stage.ChangeConfirmation => "계약 내용 변경 확인",
                Stage.InspectionReport => "손해 예방 점검 결과",
                Stage.PolicyReview => "보험계약 점검 안내",
                Stage.RebindOffer => "자동이체 계좌 변경 안내",
                Stage.EarlyReminder => "보험료 납입일 사전 안내",
                Stage.ChangeDecision => "계약 변경 신청 결과",
                Stage.CoverEnded => "보험기간 만료 안내",
                _ => "보험계약 안내",
            },
            (page, pages) => $"{pages}쪽 중 {page}쪽"),
        _ => new(phone => phone is null ? "Service line · customer portal" : $"Service line {phone} · customer portal", "Date", "Reference", "Policy", "Yours sincerely,", "PolicyCare Customer Service",
            stage => stage switch
            {
                Stage.PreDebitNotice => "Your premium will be debited",
                Stage.FirstReminder => "Your premium is due",
                Stage.SecondReminder => "Your grace period is ending",
                Stage.LapseNotice => "Your policy has lapsed",
                Stage.ReinstatementFollowUp => "You can still reinstate your policy",
                Stage.TerminationNotice => "Your policy has ended",
                Stage.RenewalNotice => "Your renewal",
                Stage.RenewalConfirmation => "Your renewal is confirmed",
                Stage.ChangeConfirmation => "Your change is confirmed",
                Stage.InspectionReport => "Your loss-prevention inspection",
                Stage.PolicyReview => "Your policy review",
                Stage.RebindOffer => "Your automatic debits keep failing",
                Stage.EarlyReminder => "Your next premium is due soon",
                Stage.ChangeDecision => "The decision on your change request",
                Stage.CoverEnded => "Your cover term has ended",
                _ => "About your policy",
            },
            (page, pages) => $"Page {page} of {pages}"),
    };
}

/// <summary>
/// Letters go to a daily print batch: one PDF per notice in <c>{folder}/{date}/</c> and a manifest
/// (CSV: notice, policy, stage, recipient, file, SHA-256) the print shop works from. Printing the same
/// notice again replaces its file and keeps one manifest line. File names are made of the notice's
/// id and stage only, never of data someone typed; the manifest is real CSV (RFC 4180 quoting), and
/// a cell a spreadsheet would run as a formula is defused.
/// </summary>
public sealed class LetterPrintBatch(LetterSettings settings, Func<string, string?> recipientName) : IChannelAdapter
{
    public IReadOnlyCollection<Channel> Channels { get; } = [Channel.Letter];

    public Task<SendOutcome> SendAsync(NoticeRecord notice, CancellationToken cancel)
    {
        var name = recipientName(notice.Recipient) ?? notice.Recipient;
        byte[] pdf;
        try
        {
            pdf = new LetterRenderer(settings).Render(notice, name, LetterCopy.Mailed);
        }
        catch (FileNotFoundException e)
        {
            return Task.FromResult<SendOutcome>(new TryAgain(e.Message));
        }
        var folder = Path.Combine(settings.Folder, notice.PlannedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var file = $"{notice.Id.ToString(CultureInfo.InvariantCulture)}-{notice.Stage.Code()}.pdf";
        var resent = File.Exists(Path.Combine(folder, file));
        File.WriteAllBytes(Path.Combine(folder, file), pdf);
        var manifest = Path.Combine(folder, "manifest.csv");
        string[] row = [notice.Id.ToString(CultureInfo.InvariantCulture), notice.PolicyNumber, notice.Stage.Code(), notice.Recipient, file, Convert.ToHexStringLower(SHA256.HashData(pdf))];
        lock (ManifestLock)
        {
            if (resent || !File.Exists(manifest))
            {
                // A letter sent again replaces its line (the print shop prints each notice once); a new day's file starts whole.
                var rows = File.Exists(manifest) ? ReadManifest(manifest) : [];
                rows.RemoveAll(r => r[0] == row[0]);
                rows.Add(row);
                WriteManifest(manifest, rows);
            }
            else
            {
                // A new letter adds its line in one write: rewriting the day's file for every letter made a heavy day's
                // letters quadratic in their number.
                File.AppendAllText(manifest, Csv([row]));
            }
        }
        return Task.FromResult<SendOutcome>(new Accepted($"letter:{notice.PlannedOn:yyyy-MM-dd}/{file}"));
    }

    /// <summary>One manifest writer at a time in this process (the dispatcher may send letters side by side).</summary>
    private static readonly Lock ManifestLock = new();

    public static readonly string[] ManifestColumns = ["notice", "policy", "stage", "recipient", "file", "sha256"];

    /// <summary>The rows as written (a defused cell is read back with its guard, so it is written the same again).</summary>
    public static List<string[]> ReadManifest(string path)
    {
        using var reader = new CsvHelper.CsvReader(new StreamReader(path), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        if (!reader.Read() || !reader.ReadHeader()) return rows;
        while (reader.Read()) rows.Add(Enumerable.Range(0, ManifestColumns.Length).Select(i => reader.GetField(i) ?? "").ToArray());
        return rows;
    }

    private static void WriteManifest(string path, List<string[]> rows)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, Csv(rows, header: true));
        // Replaced whole: the print shop never reads half a manifest.
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The rows as CSV, a cell that a spreadsheet would run as a formula defused.</summary>
    private static string Csv(IEnumerable<string[]> rows, bool header = false)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var writer = new CsvHelper.CsvWriter(text, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture)
               {
                   InjectionOptions = CsvHelper.Configuration.InjectionOptions.Escape,
               }))
        {
            if (header)
            {
                foreach (var column in ManifestColumns) writer.WriteField(column);
                writer.NextRecord();
            }
            foreach (var row in rows)
            {
                foreach (var cell in row) writer.WriteField(cell);
                writer.NextRecord();
            }
        }
        return text.ToString();
    }
}
