using PolicyCare.Hosting;
using PolicyCare.Policies;
using System.Globalization;
using PolicyCare.Notices;
using PolicyCare.Delinquency;

namespace PolicyCare.Web;

/// <summary>
/// What every page shows in the reader's language: texts (English is the key, so an untranslated
/// text still reads), dates and money the way each language writes them, and statuses in plain words.
/// </summary>
public static partial class Ui
{
    public static readonly string[] Cultures = ["zh-CN", "ko-KR", "en-US"];

    /// <summary>What separates two sentences: a space, except in Chinese, whose full stop needs none.</summary>
    public static string SentenceGap => Locale == "zh-CN" ? "" : " ";

    /// <summary>Between the items of a list in running text: "、" in Chinese, ", " elsewhere.</summary>
    public static string ListSeparator => Locale == "zh-CN" ? "、" : ", ";

    /// <summary>After a label before its value: the full-width colon in Chinese.</summary>
    public static string Colon => Locale == "zh-CN" ? "：" : ": ";

    public static string Locale => CultureInfo.CurrentUICulture.Name is var name && Cultures.Contains(name) ? name : "en-US";

    public static string T(string english) => Locale switch
    {
        "zh-CN" when Texts.TryGetValue(english, out var t) => t.Zh,
        "ko-KR" when Texts.TryGetValue(english, out var t) => t.Ko,
        _ => english,
    };

    /// <summary>A text with its values filled in; in Korean the particles after a value ("{0}을(를)") follow that value's sound.</summary>
    public static string T(string english, params object[] args)
    {
        var text = string.Format(CultureInfo.CurrentCulture, T(english), args);
        return Locale == "ko-KR" ? PolicyCare.Notices.KoreanParticles.Resolve(text) : text;
    }

    /// <summary>
    /// A count in words, singular for one ("1 day left", "3 days left"): English has two forms, Chinese and
    /// Korean one, so both keys carry the same translation. The count is the text's first value.
    /// </summary>
    public static string Count(int n, string one, string many, params object[] more) => T(n == 1 ? one : many, [n, .. more]);

    /// <summary>A page that found nothing to show (a policy or payment that is not the reader's, or not there) answers 404, not 200.</summary>
    public static void AnswerNotFound(Microsoft.AspNetCore.Http.HttpContext? http)
    {
        if (http is { Response.HasStarted: false }) http.Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status404NotFound;
    }

    public static string Date(DateOnly date) => LocalFormat.Date(date, Locale);

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "—";

    /// <summary>Words listed as the reader's language lists them: 身份证、发票 in Chinese, commas otherwise.</summary>
    public static string Listed(IEnumerable<string> items) => string.Join(Locale == "zh-CN" ? "、" : ", ", items);

    /// <summary>The day a moment fell on in the book's own time zone (a cancellation at 03:00 in Shanghai is that day's, not the UTC day before).</summary>
    public static string Date(DateTimeOffset at, Delinquency.BookSettings book) => Date(book.Today(at));

    public static string Money(decimal amount, string currency) => LocalFormat.Money(amount, currency, Locale);

    /// <summary>A status in the words a policyholder uses.</summary>
    public static string Status(PolicyStatus status) => status switch
    {
        PolicyStatus.InForce => T("Active"),
        PolicyStatus.Grace => T("Payment overdue (grace period)"),
        PolicyStatus.Lapsed => T("Lapsed: cover has stopped"),
        PolicyStatus.Terminated => T("Terminated"),
        _ => T("Expired"),
    };

    /// <summary>A published status code (as the API gives it) in words; an unknown code shows as it is.</summary>
    public static string Status(string code) => PolicyStatuses.Table.TryParse(code, out var status) ? Status(status) : code;

    public static string ChannelName(Channel channel) => channel switch
    {
        Channel.Sms => T("Text message"),
        Channel.Email => T("Email"),
        Channel.Letter => T("Letter"),
        Channel.Kakao => T("KakaoTalk"),
        Channel.Wechat => T("WeChat"),
        Channel.Push => T("App notification"),
        Channel.AgentCall => T("Call by an agent"),
        Channel.Public => T("Public notice page"),
        _ => T("Voice call"),
    };

    public static string StageName(Stage stage) => stage switch
    {
        Stage.PreDebitNotice => T("Before a debit"),
        Stage.RenewalNotice => T("Renewal"),
        Stage.FirstReminder => T("First reminder"),
        Stage.SecondReminder => T("Second reminder"),
        Stage.LapseNotice => T("Lapse notice"),
        Stage.ReinstatementFollowUp => T("Reinstatement follow-up"),
        Stage.ClaimAcknowledgement => T("Claim received"),
        Stage.ClaimInformationRequest => T("Documents requested"),
        Stage.ClaimInvestigation => T("Claim under investigation"),
        Stage.ClaimDecision => T("Claim decision"),
        Stage.ClaimPayment => T("Claim payment on its way"),
        Stage.ClaimSurvey => T("Claim survey"),
        Stage.CaseAcknowledgement => T("Request received"),
        Stage.CaseQuestion => T("A question about the request"),
        Stage.CaseAnswer => T("Answer to a request"),
        Stage.Survey => T("Survey"),
        Stage.ChangeConfirmation => T("Change confirmed"),
        Stage.RenewalConfirmation => T("Renewal confirmed"),
        Stage.ContactCode => T("One-time code"),
        Stage.RenewalSurvey => T("Renewal call-back survey"),
        Stage.PolicyReview => T("Policy review"),
        Stage.InspectionReport => T("Inspection report"),
        Stage.TerminationNotice => T("Termination notice"),
        Stage.PublicListing => T("Listed as unreachable"),
        Stage.RebindOffer => T("Offer to change the debit account"),
        Stage.EarlyReminder => T("Reminder before the due date"),
        Stage.ChangeDecision => T("Change request decided"),
        Stage.CoverEnded => T("Cover term ended"),
        _ => stage.Code(),
    };

    public static string NoticeStatusName(NoticeStatus status) => status switch
    {
        Notices.NoticeStatus.Pending => T("Waiting to send"),
        Notices.NoticeStatus.Sending => T("Sending"),
        Notices.NoticeStatus.Sent => T("Sent"),
        Notices.NoticeStatus.Delivered => T("Delivered"),
        Notices.NoticeStatus.Failed => T("Failed"),
        Notices.NoticeStatus.Held => T("Held for a check"),
        _ => T("Cancelled"),
    };

    /// <summary>
    /// A notice's standing in its channel's words: an agent's call is "sent" when it is put on the agents' call list,
    /// which is not a call made, and "delivered" when the customer was reached.
    /// </summary>
    public static string NoticeStandingName(Notices.NoticeRecord notice) => (notice.Channel, notice.Status) switch
    {
        (Notices.Channel.AgentCall, Notices.NoticeStatus.Sent) => T("On the call list"),
        (Notices.Channel.AgentCall, Notices.NoticeStatus.Delivered) => T("Reached"),
        (Notices.Channel.AgentCall, Notices.NoticeStatus.Failed) => T("Not reached"),
        (Notices.Channel.Voice, Notices.NoticeStatus.Sent) => T("Call placed"),
        _ => NoticeStatusName(notice.Status),
    };

    public static string LanguageName(string culture) => culture switch
    {
        "zh-CN" => "中文",
        "ko-KR" => "한국어",
        _ => "English",
    };

    /// <summary>A frequency in words.</summary>
    public static string Frequency(Frequency frequency) => frequency switch
    {
        Policies.Frequency.Monthly => T("Monthly"),
        Policies.Frequency.Quarterly => T("Quarterly"),
        Policies.Frequency.Semiannual => T("Half-yearly"),
        _ => T("Annual"),
    };

    public static string RoleName(string role) => role switch
    {
        Roles.Customer => T("Customer"),
        Roles.ServiceAgent => T("Service agent"),
        Roles.CollectionsAgent => T("Collections agent"),
        Roles.ClaimsHandler => T("Claims handler"),
        Roles.Supervisor => T("Supervisor"),
        Roles.Admin => T("Administrator"),
        Roles.Integrator => T("Integrator (a system)"),
        "" => "—",
        _ => role,
    };

    public static string AdminActionName(string action) => action switch
    {
        "api-key-created" => T("API key issued"),
        "api-key-revoked" => T("API key revoked"),
        "user-created" => T("Staff member added"),
        "user-role-changed" => T("Role changed"),
        "user-shown-name-changed" => T("Name shown to customers changed"),
        "user-disabled" => T("Sign-in stopped"),
        "user-enabled" => T("Sign-in restored"),
        "product-replaced" => T("Product updated"),
        "calendar-loaded" => T("Calendar loaded"),
        "password-changed" => T("Password changed by its owner"),
        "public-listing-on" => T("Public list of unreachable customers turned on"),
        "public-listing-off" => T("Public list of unreachable customers turned off"),
        _ => action,
    };

    public static string MarketName(string? market) => market switch { "CN" => T("China"), "KR" => T("Korea"), null or "NONE" => "—", _ => market };
}
