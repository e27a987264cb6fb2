using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace PolicyCare.Calendars;

/// <summary>The business-day calendars shipped with PolicyCare, one data file per market.</summary>
public static class CalendarData
{
    private sealed record YearData(int Year, string Source, List<string> Holidays, List<string> Workdays);
    private sealed record MarketFile(string Market, List<string> Weekend, List<YearData> Years);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private static readonly Lazy<Dictionary<string, BusinessCalendar>> Shipped = new(LoadAll);

    public static IReadOnlyCollection<string> Markets => ["CN", "KR", "NONE"];

    /// <summary>The calendar of a market: <c>CN</c>, <c>KR</c> or <c>NONE</c>.</summary>
    public static BusinessCalendar ForMarket(string market) =>
        market == "NONE" ? BusinessCalendar.WeekendsOnly
        : Shipped.Value.TryGetValue(market, out var calendar) ? calendar
        : throw new ArgumentException($"no business-day calendar for market '{market}' (known: CN, KR, NONE)", nameof(market));

    public static DayOfWeek ParseDay(string day) => day switch
    {
        "Mon" => DayOfWeek.Monday,
        "Tue" => DayOfWeek.Tuesday,
        "Wed" => DayOfWeek.Wednesday,
        "Thu" => DayOfWeek.Thursday,
        "Fri" => DayOfWeek.Friday,
        "Sat" => DayOfWeek.Saturday,
        "Sun" => DayOfWeek.Sunday,
        _ => throw new FormatException($"'{day}' is not a day of the week (Mon, Tue, Wed, Thu, Fri, Sat, Sun)"),
    };

    private static Dictionary<string, BusinessCalendar> LoadAll()
    {
        var assembly = typeof(CalendarData).Assembly;
        var result = new Dictionary<string, BusinessCalendar>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("calendars/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var file = JsonSerializer.Deserialize<MarketFile>(stream, JsonOptions)!;
            var years = file.Years.Select(y => y.Year).ToList();
            var first = years.Min();
            var last = years.Max();
            if (years.Count != last - first + 1)
                throw new InvalidDataException($"calendar {file.Market} has a gap in its years");
            result[file.Market] = new BusinessCalendar(
                file.Market,
                file.Weekend.Select(ParseDay),
                file.Years.SelectMany(y => y.Holidays).Select(ParseDate),
                file.Years.SelectMany(y => y.Workdays).Select(ParseDate),
                first, last);
        }
        return result;
    }

    private static DateOnly ParseDate(string text) =>
        DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
