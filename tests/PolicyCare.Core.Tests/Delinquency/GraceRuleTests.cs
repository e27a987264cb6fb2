using PolicyCare.Calendars;
using PolicyCare.Policies;
using static PolicyCare.Support.Build;

namespace PolicyCare.Delinquency;

public sealed class GraceRuleTests
{
    [Theory]
    [InlineData("2026-01-10", 60, "2026-03-11")]
    [InlineData("2026-08-05", 60, "2026-10-08")] // 4 Oct is in the National Day holiday: runs to 8 Oct
    [InlineData("2026-07-31", 60, "2026-09-29")]
    public void Days_LastDayIsDueDatePlusN_MovedOffDaysOff(string due, int days, string expected) =>
        Assert.Equal(D(expected), GraceRule.OfDays(days).LastDay(D(due), CalendarData.ForMarket("CN")));

    [Theory]
    [InlineData("2026-01-10", "2026-03-03")] // 28 Feb is a Saturday, 1 March a Sunday, 2 March its substitute holiday
    [InlineData("2026-01-31", "2026-03-03")]
    [InlineData("2026-09-25", "2026-11-02")] // 31 Oct 2026 is a Saturday
    [InlineData("2026-03-15", "2026-04-30")]
    public void EndOfFollowingMonth_IsTheLastDayOfTheNextMonth_MovedForwardOffDaysOff(string due, string expected) =>
        Assert.Equal(D(expected), GraceRule.UntilEndOfFollowingMonth.LastDay(D(due), CalendarData.ForMarket("KR")));

    [Fact]
    public void EndOfFollowingMonth_BeyondTheCalendarData_IsAClearError() =>
        Assert.Throws<CalendarOutOfRangeException>(() => GraceRule.UntilEndOfFollowingMonth.LastDay(D("2027-12-15"), CalendarData.ForMarket("KR")));
}
