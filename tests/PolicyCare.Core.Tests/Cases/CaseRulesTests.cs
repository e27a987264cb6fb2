using PolicyCare.Calendars;
using static PolicyCare.Support.Build;

namespace PolicyCare.Cases;

public sealed class CaseRulesTests
{
    private static readonly BusinessCalendar China = CalendarData.ForMarket("CN");
    private static readonly BusinessCalendar Korea = CalendarData.ForMarket("KR");

    [Fact]
    public void AChineseComplaint_IsDecidedWithin15Days_TheLastDayMovingOffNationalDay_TheSupervisorWarnedTwoBusinessDaysBefore()
    {
        // Opened Wednesday 16 September 2026: day 15 is 1 October (National Day), so the deadline is Thursday 8 October;
        // two business days before it, over the holiday, is Tuesday 29 September.
        var clock = CaseRules.Clock(CaseKind.Complaint, "CN", D("2026-09-16"), China);
        Assert.Equal((D("2026-09-17"), D("2026-10-08"), D("2026-09-29")), (clock.AcknowledgeBy, clock.AnswerBy, clock.EscalateOn));
    }

    [Fact]
    public void AKoreanComplaint_IsDecidedWithin14BusinessDays_CountingChuseokAndTheOctoberHolidaysOut()
    {
        // From Monday 21 September 2026: Chuseok (24–26 Sep), National Foundation Day (observed 5 Oct) and Hangeul Day (9 Oct) are not counted.
        var clock = CaseRules.Clock(CaseKind.Complaint, "KR", D("2026-09-21"), Korea);
        Assert.Equal(D("2026-10-15"), clock.AnswerBy);
        Assert.Equal(D("2026-10-13"), clock.EscalateOn);
    }

    [Fact]
    public void AnInquiry_IsAnsweredTheNextBusinessDay_AChineseMakeUpSundayCounting()
    {
        // Friday 18 September 2026; Sunday 20 September is a working day in China that year.
        var clock = CaseRules.Clock(CaseKind.Inquiry, "CN", D("2026-09-18"), China);
        Assert.Equal((D("2026-09-20"), D("2026-09-20")), (clock.AnswerBy, clock.EscalateOn));
        Assert.Equal(D("2026-09-21"), CaseRules.Clock(CaseKind.Inquiry, "KR", D("2026-09-18"), Korea).AnswerBy);
    }

    [Fact]
    public void AnExtension_To30Days_NeedsAReason_To60_ASupervisor_AndOnlyAChineseComplaintHasOne()
    {
        var opened = D("2026-09-16");
        var clock = CaseRules.Clock(CaseKind.Complaint, "CN", opened, China);
        Assert.Equal("reason", Assert.Throws<CaseExtensionRefusedException>(() => CaseRules.Extend(CaseKind.Complaint, "CN", opened, China, clock, 30, " ", false)).Field);
        var extended = CaseRules.Extend(CaseKind.Complaint, "CN", opened, China, clock, 30, "the hospital's records are awaited", false);
        Assert.Equal((D("2026-10-16"), 30), (extended.AnswerBy, extended.ExtendedBy));
        Assert.Equal("approvedBy", Assert.Throws<CaseExtensionRefusedException>(() => CaseRules.Extend(CaseKind.Complaint, "CN", opened, China, extended, 60, "still waiting", false)).Field);
        Assert.Equal(D("2026-11-16"), CaseRules.Extend(CaseKind.Complaint, "CN", opened, China, extended, 60, "still waiting", true).AnswerBy);
        Assert.Equal("days", Assert.Throws<CaseExtensionRefusedException>(() => CaseRules.Extend(CaseKind.Complaint, "CN", opened, China, extended, 30, "again", true)).Field);
        Assert.Equal("days", Assert.Throws<CaseExtensionRefusedException>(() => CaseRules.Extend(CaseKind.Complaint, "CN", opened, China, clock, 45, "why not", true)).Field);
        var korean = CaseRules.Clock(CaseKind.Complaint, "KR", opened, Korea);
        Assert.Equal("days", Assert.Throws<CaseExtensionRefusedException>(() => CaseRules.Extend(CaseKind.Complaint, "KR", opened, Korea, korean, 30, "busy", true)).Field);
        Assert.Equal("days", Assert.Throws<CaseExtensionRefusedException>(() => CaseRules.Extend(CaseKind.Inquiry, "CN", opened, China, clock, 30, "busy", true)).Field);
    }

    [Fact]
    public void TimeLeft_IsCountedInBusinessDays_NegativeOncePast()
    {
        Assert.Equal(3, CaseRules.BusinessDaysLeft(D("2026-09-30"), D("2026-10-10"), China)); // 8, 9 and the make-up Saturday 10 October
        Assert.Equal(0, CaseRules.BusinessDaysLeft(D("2026-10-08"), D("2026-10-08"), China));
        Assert.Equal(-2, CaseRules.BusinessDaysLeft(D("2026-10-09"), D("2026-10-07"), China)); // 8 and 9 October
    }

    [Fact]
    public void TheFinalAnswer_NamesTheMarketsRegulator() =>
        Assert.Equal(("12378", "1332"), (CaseRules.RegulatorRoute("CN"), CaseRules.RegulatorRoute("KR")));
}
