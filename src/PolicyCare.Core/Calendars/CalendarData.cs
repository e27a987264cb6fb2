using System.Globalization;
using System.Reflection;
using System.Text.Json;
using PolicyCare.Json;

namespace PolicyCare.Calendars;

/// <summary>One year of a market's published calendar: its public holidays, its adjusted working days, and where they come from.</summary>
public sealed record CalendarYear(int Year, string Source, IReadOnlyList<DateOnly> Holidays, IReadOnlyList<DateOnly> Workdays);

/// <summary>A calendar file for a market (the shape of the shipped data): corrected or new years to load at run time.</summary>
public sealed record CalendarFile(string Market, IReadOnlyList<CalendarYear> Years);

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

    /// <summary>
    /// The shipped calendar of a market with years loaded at run time laid over it, in the order they
    /// were loaded: a loaded year replaces that year's data (a temporary holiday announced at short
    /// notice), a new year extends the calendar. The years must stay without a gap.
    /// </summary>
    public static BusinessCalendar ForMarket(string market, IEnumerable<CalendarFile> loaded)
    {
        var overlays = loaded.Where(f => f.Market == market).ToList();
        if (overlays.Count == 0) return ForMarket(market);
        var shipped = ForMarket(market);
        var years = new SortedDictionary<int, CalendarYear>();
        for (var y = shipped.FirstYear!.Value; y <= shipped.LastYear!.Value; y++)
            years[y] = new CalendarYear(y, "shipped", shipped.Holidays.Where(d => d.Year == y).ToList(), shipped.Workdays.Where(d => d.Year == y).ToList());
        foreach (var year in overlays.SelectMany(f => f.Years)) years[year.Year] = year;
        var first = years.Keys.First();
        var last = years.Keys.Last();
        if (years.Count != last - first + 1)
            throw new InvalidDataException($"calendar {market} would have a gap in its years ({string.Join(", ", years.Keys)})");
        return new BusinessCalendar(market, shipped.Weekend, years.Values.SelectMany(y => y.Holidays), years.Values.SelectMany(y => y.Workdays), first, last);
    }

    /// <summary>
    /// Reads a calendar file (the shape of the shipped data: <c>market</c>, optional <c>weekend</c>,
    /// <c>years</c> each with <c>year</c>, <c>source</c>, <c>holidays</c>, <c>workdays</c>), checking every
    /// field: a known market, each date in its own year, no year twice. Errors name the JSON path.
    /// </summary>
    public static CalendarFile Parse(JsonElement root)
    {
        var o = new StrictObject(root, "$", "market", "weekend", "years");
        var market = o.RequiredString("market");
        if (market is not ("CN" or "KR"))
            throw new InputException(o.At("market"), "must be CN or KR (NONE has no holidays to load)", StrictObject.Quote(market));
        if (o.Has("weekend"))
        {
            var weekend = o.StringArray("weekend").Select(ParseDayOrNull).ToHashSet();
            if (!weekend.SetEquals(ForMarket(market).Weekend.Select(d => (DayOfWeek?)d)))
                throw new InputException(o.At("weekend"), $"must be the market's weekend ({string.Join(", ", ForMarket(market).Weekend.Order().Select(d => d.ToString()[..3]))}): a loaded file changes holidays, not the working week");
        }
        var years = new List<CalendarYear>();
        foreach (var (item, path) in o.Array("years"))
        {
            var y = new StrictObject(item, path, "year", "source", "holidays", "workdays");
            var year = y.OptionalInt("year") ?? throw new InputException(y.At("year"), "is required");
            if (year is < 2000 or > 2100) throw new InputException(y.At("year"), "must be a year from 2000 to 2100", year.ToString(CultureInfo.InvariantCulture));
            if (years.Any(e => e.Year == year)) throw new InputException(y.At("year"), "is given twice", year.ToString(CultureInfo.InvariantCulture));
            var source = y.RequiredString("source");
            if (string.IsNullOrWhiteSpace(source)) throw new InputException(y.At("source"), "must say where the dates come from (the official notice)");
            var holidays = Dates(y, "holidays", year);
            var workdays = Dates(y, "workdays", year);
            if (workdays.FirstOrDefault(holidays.Contains) is var both && both != default)
                throw new InputException($"{y.At("workdays")}[{workdays.IndexOf(both)}]", "is also a holiday: a day is either off or worked",
                    StrictObject.Quote(both.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            years.Add(new CalendarYear(year, source, holidays, workdays));
        }
        if (years.Count == 0) throw new InputException(o.At("years"), "must hold at least one year");
        return new CalendarFile(market, years);

        static DayOfWeek? ParseDayOrNull(string day)
        {
            try { return ParseDay(day); }
            catch (FormatException) { return null; }
        }
    }

    private static List<DateOnly> Dates(StrictObject o, string name, int year)
    {
        var dates = new List<DateOnly>();
        foreach (var (item, path) in o.Array(name))
        {
            var date = item.ValueKind == JsonValueKind.String
                ? StrictObject.ParseDate(item.GetString()!, path)
                : throw new InputException(path, "must be a date string", StrictObject.Show(item));
            if (date.Year != year) throw new InputException(path, $"is not in {year}", StrictObject.Quote(item.GetString()!));
            if (dates.Contains(date)) throw new InputException(path, "is given twice", StrictObject.Quote(item.GetString()!));
            dates.Add(date);
        }
        return dates;
    }

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
