using System.Globalization;
using PolicyCare.Billing;

namespace PolicyCare.Notices;

/// <summary>Money and dates the way a reader of each language writes them.</summary>
public static class LocalFormat
{
    public static IReadOnlyList<string> Locales { get; } = ["zh-CN", "ko-KR", "en-US"];

    public static bool IsSupported(string locale) => Locales.Contains(locale);

    /// <summary>"1,200.00元", "50,000원", "CNY 1,200.00": grouped digits, the currency's minor unit, the local way to name it.</summary>
    public static string Money(decimal amount, string currency, string locale)
    {
        var digits = Currencies.MinorUnitsOf(currency);
        var number = amount.ToString("N" + digits, CultureInfo.InvariantCulture);
        return (locale, currency) switch
        {
            ("zh-CN", "CNY") => number + "元",
            ("zh-CN", "KRW") => number + "韩元",
            ("ko-KR", "KRW") => number + "원",
            ("ko-KR", "CNY") => number + "위안",
            _ => currency + " " + number,
        };
    }

    public static string Date(DateOnly date, string locale) => locale switch
    {
        "zh-CN" => $"{date.Year}年{date.Month}月{date.Day}日",
        "ko-KR" => $"{date.Year}년 {date.Month}월 {date.Day}일",
        _ => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture),
    };

    public static string Percent(decimal rate, string locale) =>
        (rate * 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
