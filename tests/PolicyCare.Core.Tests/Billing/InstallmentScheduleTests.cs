using PolicyCare.Policies;
using static PolicyCare.Support.Build;

namespace PolicyCare.Billing;

public sealed class InstallmentScheduleTests
{
    [Theory]
    [InlineData("2026-01-31", 1, "2026-02-28")]
    [InlineData("2026-01-31", 2, "2026-03-31")]
    [InlineData("2027-01-31", 13, "2028-02-29")]
    [InlineData("2024-02-29", 12, "2025-02-28")]
    [InlineData("2024-02-29", 48, "2028-02-29")]
    [InlineData("2026-03-31", 1, "2026-04-30")]
    [InlineData("2026-08-31", 6, "2027-02-28")]
    public void DueDate_Monthly_IsCountedFromTheStartEachTime(string start, int sequence, string expected) =>
        Assert.Equal(D(expected), InstallmentSchedule.DueDate(D(start), Frequency.Monthly, sequence));

    [Theory]
    [InlineData(Frequency.Quarterly, "2025-11-30", 1, "2026-02-28")]
    [InlineData(Frequency.Quarterly, "2025-11-30", 2, "2026-05-30")]
    [InlineData(Frequency.Semiannual, "2025-08-31", 1, "2026-02-28")]
    [InlineData(Frequency.Annual, "2024-02-29", 1, "2025-02-28")]
    public void DueDate_OtherFrequencies_AreMonthEndSafe(Frequency frequency, string start, int sequence, string expected) =>
        Assert.Equal(D(expected), InstallmentSchedule.DueDate(D(start), frequency, sequence));

    [Theory]
    [InlineData("2026-01-31", "2026-01-30", 0)]
    [InlineData("2026-01-31", "2026-01-31", 1)]
    [InlineData("2026-01-31", "2026-02-27", 1)]
    [InlineData("2026-01-31", "2026-02-28", 2)]
    [InlineData("2026-01-31", "2026-03-30", 2)]
    [InlineData("2026-01-31", "2026-03-31", 3)]
    public void CountDueOnOrBefore_CountsEveryDueDateUpToTheDate(string start, string date, int expected) =>
        Assert.Equal(expected, InstallmentSchedule.CountDueOnOrBefore(D(start), Frequency.Monthly, D(date)));

    [Fact]
    public void CountDueOnOrBefore_AgreesWithTheScheduleOverTenYears()
    {
        foreach (var start in new[] { D("2024-01-31"), D("2024-02-29"), D("2025-05-15"), D("2025-12-31") })
        {
            foreach (var frequency in Enum.GetValues<Frequency>())
            {
                for (var day = start.AddDays(-3); day < start.AddYears(10); day = day.AddDays(1))
                {
                    var n = InstallmentSchedule.CountDueOnOrBefore(start, frequency, day);
                    Assert.True(n == 0 || InstallmentSchedule.DueDate(start, frequency, n - 1) <= day);
                    Assert.True(InstallmentSchedule.DueDate(start, frequency, n) > day);
                }
            }
        }
    }
}
