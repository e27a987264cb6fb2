using static PolicyCare.Support.Build;

namespace PolicyCare.Calendars;

public sealed class BusinessCalendarTests
{
    [Theory]
    [InlineData("2026-10-01", false)] // National Day
    [InlineData("2026-10-07", false)]
    [InlineData("2026-10-08", true)]
    [InlineData("2026-10-10", true)]  // Saturday, adjusted working day
    [InlineData("2026-09-20", true)]  // Sunday, adjusted working day
    [InlineData("2026-02-17", false)] // Spring Festival
    [InlineData("2026-02-14", true)]  // Saturday, adjusted working day
    [InlineData("2025-01-26", true)]  // Sunday, adjusted working day
    [InlineData("2024-10-12", true)]  // Saturday, adjusted working day
    [InlineData("2026-11-21", false)] // an ordinary Saturday
    public void China_KnowsHolidaysAndAdjustedWorkingDays(string date, bool isBusinessDay) =>
        Assert.Equal(isBusinessDay, CalendarData.ForMarket("CN").IsBusinessDay(D(date)));

    [Theory]
    [InlineData("2026-09-25", false)] // Chuseok
    [InlineData("2026-03-02", false)] // substitute for 1 March on a Sunday
    [InlineData("2026-08-17", false)] // substitute for Liberation Day on a Saturday
    [InlineData("2026-10-05", false)] // substitute for National Foundation Day on a Saturday
    [InlineData("2026-06-03", false)] // local elections
    [InlineData("2027-02-09", false)] // substitute for Seollal on a Sunday
    [InlineData("2027-12-27", false)] // substitute for Christmas on a Saturday
    [InlineData("2026-10-06", true)]
    public void Korea_KnowsPublicLunarAndSubstituteHolidays(string date, bool isBusinessDay) =>
        Assert.Equal(isBusinessDay, CalendarData.ForMarket("KR").IsBusinessDay(D(date)));

    [Fact]
    public void ShippedCalendar_OutsideItsData_RefusesToGuess()
    {
        var error = Assert.Throws<CalendarOutOfRangeException>(() => CalendarData.ForMarket("KR").IsBusinessDay(D("2028-01-03")));
        Assert.Contains("2028-01-03", error.Message, StringComparison.Ordinal);
        Assert.Throws<CalendarOutOfRangeException>(() => CalendarData.ForMarket("CN").IsBusinessDay(D("2023-12-29")));
    }

    [Fact]
    public void OnOrAfter_DayOff_MovesToTheNextBusinessDay()
    {
        var cn = CalendarData.ForMarket("CN");
        Assert.Equal(D("2026-10-08"), cn.OnOrAfter(D("2026-10-03")));
        Assert.Equal(D("2026-09-30"), cn.OnOrBefore(D("2026-10-04")));
        Assert.Equal(D("2026-10-10"), cn.After(D("2026-10-09")));
    }

    [Fact]
    public void Custom_WorkdaysAndHolidays_OverrideTheWeekend()
    {
        var custom = new BusinessCalendar("custom", [DayOfWeek.Friday], [D("2026-01-05")], [D("2026-01-09")]);
        Assert.False(custom.IsBusinessDay(D("2026-01-05")));
        Assert.True(custom.IsBusinessDay(D("2026-01-09")));
        Assert.False(custom.IsBusinessDay(D("2026-01-16")));
        Assert.True(custom.IsBusinessDay(D("2099-01-17")));
    }
}
