using System.Text.RegularExpressions;

namespace PolicyCare.Notices;

/// <summary>
/// Personal data in messages and logs: never a full national ID, card or account number, at most
/// the last four digits (PIPL; the lapse-notification seed's 合规性 rule).
/// </summary>
public static partial class Masking
{
    /// <summary>"110101195003021234" → "**************1234".</summary>
    public static string LastFour(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var tail = value.Length <= 4 ? value : value[^4..];
        return new string('*', Math.Max(0, value.Length - 4)) + tail;
    }

    /// <summary>"+8613800138000" → "+86*******8000": enough to recognise, not enough to dial.</summary>
    public static string Phone(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value.Length <= 7) return LastFour(value);
        return value[..3] + new string('*', value.Length - 7) + value[^4..];
    }

    /// <summary>"wang@example.com" → "w***@example.com".</summary>
    public static string Email(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at <= 1 ? "***" + value[Math.Max(at, 0)..] : value[0] + "***" + value[at..];
    }

    /// <summary>
    /// A postal address on a copy of a letter (a download, an email attachment): the city or district
    /// it starts with, the street and number hidden. "北京市东城区某街1号" → "北京市东城区****".
    /// </summary>
    public static string PostalAddress(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var first = value.Split('\n')[0].Trim();
        var keep = Math.Max(2, first.Length * 3 / 5);
        return keep >= first.Length ? first[..Math.Max(1, first.Length / 2)] + "****" : first[..keep] + "****";
    }

    /// <summary>
    /// A name on a public page: its first character only, the rest starred, one star per character
    /// ("王小明" → "王**", "Ann Lee" → "A******"): the holder recognises it, a stranger learns nothing.
    /// </summary>
    public static string PublicName(string? value)
    {
        var name = (value ?? "").Trim();
        if (name.Length == 0) return "";
        var first = char.IsSurrogate(name[0]) && name.Length > 1 ? name[..2] : name[..1];
        return first + new string('*', Math.Max(1, name.Length - first.Length));
    }

    /// <summary>A policy number on a public page: the first two and last two characters ("CN000123" → "CN****23").</summary>
    public static string PublicPolicyNumber(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value.Length <= 4) return new string('*', value.Length);
        return value[..2] + new string('*', value.Length - 4) + value[^2..];
    }

    /// <summary>
    /// Any run of 8 or more digits (an ID, card or account number) keeps only its last four; a survey link loses its
    /// token, which answers the survey without signing in — staff reading a notice must not be able to answer for the customer.
    /// </summary>
    public static string Redact(string text) =>
        LongDigitRun().Replace(SurveyToken().Replace(text, "/survey/…"), m => LastFour(m.Value));

    /// <summary>Whether the text carries any of the secrets in full.</summary>
    public static bool Leaks(string text, IEnumerable<string?> secrets) =>
        secrets.Any(s => !string.IsNullOrEmpty(s) && s.Length > 4 && text.Contains(s, StringComparison.Ordinal));

    [GeneratedRegex(@"\d{8,}")]
    private static partial Regex LongDigitRun();

    [GeneratedRegex(@"/survey/[A-Za-z0-9_-]{16,}")]
    private static partial Regex SurveyToken();
}
