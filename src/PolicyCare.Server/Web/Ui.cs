using PolicyCare.Policies;
using System.Globalization;
using PolicyCare.Notices;

namespace PolicyCare.Web;

/// <summary>
/// What every page shows in the reader's language: texts (English is the key, so an untranslated
/// text still reads), dates and money the way each language writes them, and statuses in plain words.
/// </summary>
public static partial class Ui
{
    public static readonly string[] Cultures = ["zh-CN", "ko-KR", "en-US"];

    public static string Locale => CultureInfo.CurrentUICulture.Name is var name && Cultures.Contains(name) ? name : "en-US";

    public static string T(string english) => Locale switch
    {
        "zh-CN" when Texts.TryGetValue(english, out var t) => t.Zh,
        "ko-KR" when Texts.TryGetValue(english, out var t) => t.Ko,
        _ => english,
    };

    public static string T(string english, params object[] args) => string.Format(CultureInfo.CurrentCulture, T(english), args);

    public static string Date(DateOnly date) => LocalFormat.Date(date, Locale);

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "—";

    public static string Money(decimal amount, string currency) => LocalFormat.Money(amount, currency, Locale);

    /// <summary>A status in the words a policyholder uses.</summary>
    public static string Status(string code) => code switch
    {
        "in-force" => T("Active"),
        "grace" => T("Payment overdue (grace period)"),
        "lapsed" => T("Lapsed: cover has stopped"),
        "terminated" => T("Terminated"),
        "expired" => T("Expired"),
        _ => code,
    };

    public static string ChannelName(string channel) => channel switch
    {
        "sms" => T("Text message"),
        "email" => T("Email"),
        "letter" => T("Letter"),
        "kakao" => "KakaoTalk",
        "wechat" => T("WeChat"),
        "push" => T("App notification"),
        "agent-call" => T("Call by an agent"),
        "voice" => T("Voice call"),
        _ => channel,
    };

    public static string NoticeStatus(string status) => status switch
    {
        "pending" => T("Waiting to send"),
        "sending" => T("Sending"),
        "sent" => T("Sent"),
        "delivered" => T("Delivered"),
        "failed" => T("Failed"),
        "cancelled" => T("Cancelled"),
        _ => status,
    };

    public static string LanguageName(string culture) => culture switch
    {
        "zh-CN" => "中文",
        "ko-KR" => "한국어",
        _ => "English",
    };

    /// <summary>A stored frequency in words, read through the one code table of frequencies (no label for a code that does not exist).</summary>
    public static string Frequency(string code) => !Frequencies.TryParse(code, out var frequency) ? code : frequency switch
    {
        Policies.Frequency.Monthly => T("Monthly"),
        Policies.Frequency.Quarterly => T("Quarterly"),
        Policies.Frequency.Semiannual => T("Half-yearly"),
        _ => T("Annual"),
    };
}
