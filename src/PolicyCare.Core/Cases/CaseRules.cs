using PolicyCare.Calendars;
using PolicyCare.Claims;
using PolicyCare.Codes;

namespace PolicyCare.Cases;

/// <summary>What the customer came with: a question to answer, or a complaint to decide.</summary>
public enum CaseKind { Inquiry, Complaint }

/// <summary>
/// What a case is about, in the seeds' words: the causes customers name for late payment, lapse and
/// leaving at renewal. The same list is the root cause a handler records when answering.
/// </summary>
public enum CaseCategory { Notice, PremiumDebit, Claim, RenewalPrice, SalesMisconduct, UnclearTerms, ServiceAttitude, Other }

/// <summary>How the first contact came in.</summary>
public enum CaseChannel { Portal, Phone, Api, Email }

/// <summary>The outcome a final answer states.</summary>
public enum CaseDecision { Answered, Upheld, PartlyUpheld, NotUpheld }

public static class CaseCodes
{
    public static readonly CodeTable<CaseKind> Kinds = new("case kind", (CaseKind.Inquiry, "inquiry"), (CaseKind.Complaint, "complaint"));

    public static readonly CodeTable<CaseCategory> Categories = new("case category",
        (CaseCategory.Notice, "notice"), (CaseCategory.PremiumDebit, "premium-debit"), (CaseCategory.Claim, "claim"),
        (CaseCategory.RenewalPrice, "renewal-price"), (CaseCategory.SalesMisconduct, "sales-misconduct"),
        (CaseCategory.UnclearTerms, "unclear-terms"), (CaseCategory.ServiceAttitude, "service-attitude"), (CaseCategory.Other, "other"));

    public static readonly CodeTable<CaseChannel> Channels = new("case channel",
        (CaseChannel.Portal, "portal"), (CaseChannel.Phone, "phone"), (CaseChannel.Api, "api"), (CaseChannel.Email, "email"));

    public static readonly CodeTable<CaseDecision> Decisions = new("case decision",
        (CaseDecision.Answered, "answered"), (CaseDecision.Upheld, "upheld"), (CaseDecision.PartlyUpheld, "partly-upheld"), (CaseDecision.NotUpheld, "not-upheld"));
}

/// <summary>
/// The clocks of one case: the acknowledgement, the answer, and the day the supervisor is warned.
/// <paramref name="ExtendedBy"/> is 0, 30 or 60 (days from the opening, China only).
/// </summary>
public sealed record CaseClock(DateOnly AcknowledgeBy, DateOnly AnswerBy, DateOnly EscalateOn, int ExtendedBy);

/// <summary>Why an extension is refused.</summary>
public sealed class CaseExtensionRefusedException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// The law's clocks on a case. Acknowledge within 1 business day. Answer an inquiry within 1 business
/// day. Decide a complaint within 15 days in China (银行业保险业消费投诉处理管理办法 art. 20), which may
/// be extended to 30 days with a reason recorded and to 60 at most with a senior's approval; within 14
/// business days in Korea. Days are calendar days whose last day moves off a day off; business days
/// count the market's calendar. The supervisor is warned two business days before a complaint's
/// deadline (on the deadline's own day for an inquiry), so there is time to act.
/// </summary>
public static class CaseRules
{
    public const int ChinaComplaintDays = 15;
    public const int ChinaExtendedDays = 30;
    public const int ChinaMaximumDays = 60;
    public const int KoreaComplaintBusinessDays = 14;
    /// <summary>Business days before a complaint's deadline on which the supervisor is warned.</summary>
    public const int EscalateBusinessDaysBefore = 2;

    public static CaseClock Clock(CaseKind kind, string market, DateOnly opened, BusinessCalendar calendar, int extendedBy = 0)
    {
        var acknowledgeBy = ClaimClock.BusinessDaysAfter(1).Deadline(opened, calendar);
        var answer = kind == CaseKind.Inquiry ? ClaimClock.BusinessDaysAfter(1)
            : market == "KR" ? ClaimClock.BusinessDaysAfter(KoreaComplaintBusinessDays)
            : ClaimClock.Days(extendedBy > 0 ? extendedBy : ChinaComplaintDays);
        var answerBy = answer.Deadline(opened, calendar);
        var escalateOn = kind == CaseKind.Inquiry ? answerBy : BusinessDaysBefore(answerBy, EscalateBusinessDaysBefore, calendar);
        return new CaseClock(acknowledgeBy, answerBy, escalateOn < opened ? opened : escalateOn, extendedBy);
    }

    /// <summary>
    /// The extension asked for, checked: only a Chinese complaint, to 30 days with a reason, to 60 with
    /// the reason and a supervisor's approval, never shorter than the deadline it had.
    /// </summary>
    /// <exception cref="CaseExtensionRefusedException">Names the field that makes it impossible.</exception>
    public static CaseClock Extend(CaseKind kind, string market, DateOnly opened, BusinessCalendar calendar, CaseClock current,
        int toDays, string? reason, bool supervisorApproved)
    {
        if (kind != CaseKind.Complaint || market != "CN")
            throw new CaseExtensionRefusedException("days", "only a complaint in China can be extended (Korea's 14 business days have no extension)");
        if (toDays is not (ChinaExtendedDays or ChinaMaximumDays))
            throw new CaseExtensionRefusedException("days", $"an extension is to {ChinaExtendedDays} or {ChinaMaximumDays} days from the opening");
        if (toDays <= current.ExtendedBy)
            throw new CaseExtensionRefusedException("days", $"the case is already extended to {current.ExtendedBy} days");
        if (string.IsNullOrWhiteSpace(reason))
            throw new CaseExtensionRefusedException("reason", "an extension needs its reason recorded");
        if (toDays == ChinaMaximumDays && !supervisorApproved)
            throw new CaseExtensionRefusedException("approvedBy", "an extension to 60 days needs a supervisor's approval");
        return Clock(kind, market, opened, calendar, toDays);
    }

    /// <summary>The business day <paramref name="n"/> business days before <paramref name="day"/>.</summary>
    public static DateOnly BusinessDaysBefore(DateOnly day, int n, BusinessCalendar calendar)
    {
        for (var i = 0; i < n; i++) day = calendar.MoveOffDayOff(day.AddDays(-1), DayOffMove.Earlier, lenient: true);
        return day;
    }

    /// <summary>Business days left until the deadline (0 on its day, negative when past), for ordering a worklist.</summary>
    public static int BusinessDaysLeft(DateOnly today, DateOnly deadline, BusinessCalendar calendar)
    {
        if (today == deadline) return 0;
        var (from, to, sign) = today < deadline ? (today, deadline, 1) : (deadline, today, -1);
        var n = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
            if (!calendar.Covers(d) || calendar.IsBusinessDay(d)) n++;
        return sign * n;
    }

    /// <summary>The regulator a customer may turn to when not satisfied, as the final answer names it.</summary>
    public static string RegulatorRoute(string market) => market switch
    {
        "CN" => "12378",
        "KR" => "1332",
        _ => "",
    };
}
