using System.Collections.Frozen;

namespace PolicyCare.Calendars;

/// <summary>Thrown when a business-day question falls outside the years a calendar has data for.</summary>
public sealed class CalendarOutOfRangeException(string calendar, DateOnly date, int firstYear, int lastYear)
    : Exception($"the {calendar} business-day calendar has no data for {date:yyyy-MM-dd} (it covers {firstYear}–{lastYear}); add that year's published holidays before running dates in it")
{
    public DateOnly Date { get; } = date;
}

/// <summary>
/// Which days are business days: weekends off, public holidays off, and adjusted working days
/// (China's 调休 weekends) on. A calendar built from published data knows the years it covers and
/// refuses to guess outside them; a custom calendar (from a scenario) covers every year.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly FrozenSet<DayOfWeek> _weekend;
    private readonly FrozenSet<DateOnly> _holidays;
    private readonly FrozenSet<DateOnly> _workdays;
    private readonly int? _firstYear;
    private readonly int? _lastYear;

    public BusinessCalendar(string name, IEnumerable<DayOfWeek> weekend, IEnumerable<DateOnly> holidays,
        IEnumerable<DateOnly> workdays, int? firstYear = null, int? lastYear = null)
    {
        Name = name;
        _weekend = weekend.ToFrozenSet();
        _holidays = holidays.ToFrozenSet();
        _workdays = workdays.ToFrozenSet();
        _firstYear = firstYear;
        _lastYear = lastYear;
    }

    public string Name { get; }

    /// <summary>The first and last years with data; null for a calendar that covers every year.</summary>
    public int? FirstYear => _firstYear;
    public int? LastYear => _lastYear;

    public IReadOnlyCollection<DayOfWeek> Weekend => _weekend;
    public IReadOnlyCollection<DateOnly> Holidays => _holidays;
    public IReadOnlyCollection<DateOnly> Workdays => _workdays;

    /// <summary>Saturday and Sunday off, no holidays, every year: market <c>NONE</c>.</summary>
    public static BusinessCalendar WeekendsOnly { get; } =
        new("NONE", [DayOfWeek.Saturday, DayOfWeek.Sunday], [], []);

    /// <summary>Whether the calendar has data for the date (a custom calendar covers every date).</summary>
    public bool Covers(DateOnly date) =>
        _firstYear is not { } first || _lastYear is not { } last || (date.Year >= first && date.Year <= last);

    public bool IsBusinessDay(DateOnly date)
    {
        if (_firstYear is { } first && _lastYear is { } last && (date.Year < first || date.Year > last))
            throw new CalendarOutOfRangeException(Name, date, first, last);
        if (_workdays.Contains(date)) return true;
        return !_weekend.Contains(date.DayOfWeek) && !_holidays.Contains(date);
    }

    /// <summary>
    /// Moves a date off a day off: the date itself when it is a business day, else the next one
    /// (<see cref="DayOffMove.Later"/>: a deadline on a day off runs to the next working day) or the
    /// previous one (<see cref="DayOffMove.Earlier"/>: a reminder goes out before a day off, never
    /// after). Every such move in PolicyCare is this one function. Strict, a date without calendar
    /// data is an error; lenient, the walk stops at the first such date and returns it as it is.
    /// </summary>
    public DateOnly MoveOffDayOff(DateOnly date, DayOffMove move, bool lenient = false)
    {
        var step = move == DayOffMove.Later ? 1 : -1;
        while (!(lenient && !Covers(date)) && !IsBusinessDay(date)) date = date.AddDays(step);
        return date;
    }

    /// <summary>The date itself when it is a business day, else the next one (a deadline on a day off moves forward).</summary>
    public DateOnly OnOrAfter(DateOnly date) => MoveOffDayOff(date, DayOffMove.Later);

    /// <summary>The date itself when it is a business day, else the previous one (a reminder moves earlier, never later).</summary>
    public DateOnly OnOrBefore(DateOnly date) => MoveOffDayOff(date, DayOffMove.Earlier);

    /// <summary>The first business day strictly after the date.</summary>
    public DateOnly After(DateOnly date) => OnOrAfter(date.AddDays(1));
}

/// <summary>Which way a date on a day off moves.</summary>
public enum DayOffMove { Later, Earlier }
