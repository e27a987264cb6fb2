using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Calendars;
using PolicyCare.Json;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Delinquency;

/// <summary>
/// Book-wide servicing settings: the market (its calendar, language and time zone) and an optional
/// custom calendar that replaces the market's.
/// </summary>
public sealed record BookSettings(string Market, BusinessCalendar Calendar, DebitSettlement Settlement)
{
    /// <summary>Calendar years loaded at run time, laid over the shipped data in the order they were loaded.</summary>
    public IReadOnlyList<CalendarFile> LoadedCalendars { get; init; } = [];

    public const string MarketKey = "market";
    public const string CalendarKey = "calendar";
    public const string SettlementKey = "debitSettlement";

    public string Locale => LocaleOf(Market);

    public static string LocaleOf(string market) => market switch { "CN" => "zh-CN", "KR" => "ko-KR", _ => "en-US" };

    /// <summary>A product sold in a named market follows that market's calendar; others follow the book's.</summary>
    public BusinessCalendar CalendarFor(Product product) =>
        product.Market is { } market && market != Market ? CalendarData.ForMarket(market, LoadedCalendars) : Calendar;

    public string LocaleFor(Product product) => LocaleOf(product.Market ?? Market);

    /// <summary>China Standard Time and Korea Standard Time keep no daylight saving; fixed offsets are exact.</summary>
    public TimeSpan UtcOffset => Market switch { "CN" => TimeSpan.FromHours(8), "KR" => TimeSpan.FromHours(9), _ => TimeSpan.Zero };

    /// <summary>
    /// The book's business date at an instant: the date in the market's time zone. The one "today" of
    /// PolicyCare — the cycle, the API, the portal, the dispatcher, the metrics and the demo all ask it,
    /// so they cannot disagree by a day when the machine runs on UTC or another zone.
    /// </summary>
    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(UtcOffset).DateTime);

    /// <summary>Today's business date of the book in <paramref name="db"/>, from the injected clock.</summary>
    public static async Task<DateOnly> TodayAsync(PolicyCareDb db, TimeProvider time, CancellationToken cancel = default) =>
        // The process's reference (by its stamp): most requests ask for today, and reading every setting and calendar for it was most of a payment's reads.
        (await Policies.ReferenceData.CurrentAsync(db, cancel)).Book.Today(time.GetUtcNow());

    /// <summary>Notices planned for a day go out from 09:00 local time, not at midnight.</summary>
    public DateTimeOffset MorningOf(DateOnly date) => new DateTimeOffset(date.ToDateTime(new TimeOnly(9, 0)), UtcOffset).ToUniversalTime();

    public static async Task<BookSettings> LoadAsync(PolicyCareDb db, string? configuredMarket = null, CancellationToken cancel = default)
    {
        var settings = await db.Settings.AsNoTracking().ToDictionaryAsync(s => s.Key, s => s.Value, cancel);
        var market = settings.GetValueOrDefault(MarketKey) ?? configuredMarket ?? "CN";
        var loaded = await CalendarLoads.LoadedAsync(db, cancel);
        var calendar = settings.TryGetValue(CalendarKey, out var json)
            ? ParseCalendar(json, "$.calendar", market)
            : CalendarData.ForMarket(market, loaded);
        // A book's auto-debits are settled by the bank's result files unless it is a simulation.
        var settlement = settings.GetValueOrDefault(SettlementKey) == "assumed" ? DebitSettlement.Assumed : DebitSettlement.BankConfirmed;
        return new BookSettings(market, calendar, settlement) { LoadedCalendars = loaded };
    }

    public static async Task SaveAsync(PolicyCareDb db, string market, string? calendarJson,
        DebitSettlement settlement = DebitSettlement.BankConfirmed, CancellationToken cancel = default)
    {
        await Upsert(db, MarketKey, market, cancel);
        await Upsert(db, SettlementKey, settlement == DebitSettlement.Assumed ? "assumed" : "bank", cancel);
        if (calendarJson is not null) await Upsert(db, CalendarKey, calendarJson, cancel);
        await db.SaveChangesAsync(cancel);
    }

    private static async Task Upsert(PolicyCareDb db, string key, string value, CancellationToken cancel)
    {
        var row = await db.Settings.FindAsync([key], cancel);
        if (row is null) db.Settings.Add(new SettingRecord { Key = key, Value = value });
        else row.Value = value;
    }

    /// <summary>A custom calendar: <c>weekend</c> days, extra <c>holidays</c>, and <c>workdays</c> on weekends.</summary>
    public static BusinessCalendar ParseCalendar(string json, string path, string name)
    {
        using var doc = JsonDocument.Parse(json);
        return ParseCalendar(doc.RootElement, path, name);
    }

    public static BusinessCalendar ParseCalendar(JsonElement element, string path, string name)
    {
        var o = new StrictObject(element, path, "weekend", "holidays", "workdays");
        var weekend = o.Has("weekend")
            ? o.Array("weekend").Select(x => x.Item.ValueKind == JsonValueKind.String
                ? Day(x.Item.GetString()!, x.Path)
                : throw new InputException(x.Path, "must be a day like \"Sat\"", StrictObject.Show(x.Item))).ToList()
            : [DayOfWeek.Saturday, DayOfWeek.Sunday];
        return new BusinessCalendar("custom", weekend, Dates(o, "holidays"), Dates(o, "workdays"));
    }

    private static DayOfWeek Day(string text, string path)
    {
        try
        {
            return CalendarData.ParseDay(text);
        }
        catch (FormatException e)
        {
            throw new InputException(path, e.Message);
        }
    }

    private static List<DateOnly> Dates(StrictObject o, string name) =>
        o.Array(name).Select(x => x.Item.ValueKind == JsonValueKind.String
            ? StrictObject.ParseDate(x.Item.GetString()!, x.Path)
            : throw new InputException(x.Path, "must be a date string", StrictObject.Show(x.Item))).ToList();
}
