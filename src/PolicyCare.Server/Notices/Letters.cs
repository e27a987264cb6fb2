using System.Globalization;
using System.Security.Cryptography;
using SkiaSharp;

namespace PolicyCare.Notices;

/// <summary>Where letters are printed from, and the CJK font they are set in (PolicyCare:Channels:Letters).</summary>
public sealed record LetterSettings(string Folder, string FontPath)
{
    /// <summary>Debian's fonts-noto-cjk.</summary>
    public const string NotoCjk = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

    public bool FontInstalled => File.Exists(FontPath);

    /// <summary>What the operator is told at start when letters cannot be set.</summary>
    public string MissingFontMessage =>
        $"letters and their PDFs need the CJK font {FontPath}, which is missing: install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk) or set PolicyCare:Channels:Letters:FontPath";
}

/// <summary>
/// A formal notice as an A4 PDF letter, set in Noto Sans CJK so that Chinese and Korean print right:
/// letterhead, date, recipient and address, then the notice, wrapped to the page.
/// </summary>
public sealed class LetterRenderer(LetterSettings settings)
{
    private const float Width = 595, Height = 842, Margin = 56, Size = 11, Leading = 17;

    public byte[] Render(NoticeRecord notice, string recipientName)
    {
        if (!File.Exists(settings.FontPath))
            throw new FileNotFoundException($"the letter font {settings.FontPath} is missing (Debian: apt-get install fonts-noto-cjk)", settings.FontPath);
        // The collection holds one face per language: Japanese, Korean, Simplified Chinese, Traditional Chinese.
        var face = notice.Locale switch { "ko-KR" => 1, "zh-CN" => 2, _ => 0 };
        using var typeface = SKTypeface.FromFile(settings.FontPath, face) ?? throw new InvalidOperationException($"cannot read {settings.FontPath}");
        using var font = new SKFont(typeface, Size);
        using var heading = new SKFont(typeface, 16);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream))
        {
            var canvas = document.BeginPage(Width, Height);
            var y = Margin + 16;
            canvas.DrawText("PolicyCare", Margin, y, SKTextAlign.Left, heading, paint);
            y += Leading * 2;
            foreach (var line in new[] { LocalFormat.Date(notice.PlannedOn, notice.Locale), recipientName }.Concat(notice.Address.Split('\n')))
            {
                canvas.DrawText(line, Margin, y, SKTextAlign.Left, font, paint);
                y += Leading;
            }
            y += Leading;
            foreach (var line in Wrap(notice.Text, font, Width - 2 * Margin))
            {
                if (y > Height - Margin)
                {
                    document.EndPage();
                    canvas = document.BeginPage(Width, Height);
                    y = Margin;
                }
                canvas.DrawText(line, Margin, y, SKTextAlign.Left, font, paint);
                y += Leading;
            }
            document.EndPage();
            document.Close();
        }
        return stream.ToArray();
    }

    /// <summary>Lines that fit the width; Chinese and Korean break between any two characters, other text at spaces when it can.</summary>
    private static IEnumerable<string> Wrap(string text, SKFont font, float width)
    {
        var line = new System.Text.StringBuilder();
        foreach (var element in EnumerateElements(text))
        {
            if (font.MeasureText(line + element) > width && line.Length > 0)
            {
                yield return line.ToString().TrimEnd();
                line.Clear();
                if (element == " ") continue;
            }
            line.Append(element);
        }
        if (line.Length > 0) yield return line.ToString();
    }

    private static IEnumerable<string> EnumerateElements(string text)
    {
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext()) yield return e.GetTextElement();
    }
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
            pdf = new LetterRenderer(settings).Render(notice, name);
        }
        catch (FileNotFoundException e)
        {
            return Task.FromResult<SendOutcome>(new TryAgain(e.Message));
        }
        var folder = Path.Combine(settings.Folder, notice.PlannedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var file = $"{notice.Id.ToString(CultureInfo.InvariantCulture)}-{notice.Stage.Code()}.pdf";
        File.WriteAllBytes(Path.Combine(folder, file), pdf);
        var manifest = Path.Combine(folder, "manifest.csv");
        var rows = File.Exists(manifest) ? ReadManifest(manifest) : [];
        rows.RemoveAll(r => r[0] == notice.Id.ToString(CultureInfo.InvariantCulture));
        rows.Add([notice.Id.ToString(CultureInfo.InvariantCulture), notice.PolicyNumber, notice.Stage.Code(), notice.Recipient, file, Convert.ToHexStringLower(SHA256.HashData(pdf))]);
        WriteManifest(manifest, rows);
        return Task.FromResult<SendOutcome>(new Accepted($"letter:{notice.PlannedOn:yyyy-MM-dd}/{file}"));
    }

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
        using (var writer = new CsvHelper.CsvWriter(new StreamWriter(temp), new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture)
               {
                   InjectionOptions = CsvHelper.Configuration.InjectionOptions.Escape,
               }))
        {
            foreach (var column in ManifestColumns) writer.WriteField(column);
            writer.NextRecord();
            foreach (var row in rows)
            {
                foreach (var cell in row) writer.WriteField(cell);
                writer.NextRecord();
            }
        }
        // Replaced whole: the print shop never reads half a manifest.
        File.Move(temp, path, overwrite: true);
    }
}
