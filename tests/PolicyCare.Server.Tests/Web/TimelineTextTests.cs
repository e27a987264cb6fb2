using System.Globalization;
using PolicyCare.Policies;

namespace PolicyCare.Web;

/// <summary>The policy timeline an agent reads aloud names every change for what it is, and a waiting request where it stands.</summary>
public sealed class TimelineTextTests
{
    private static string Read(string kind, string data, string culture)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return Ui.TimelineText(new TimelineEntry { PolicyNumber = "P1", Kind = kind, Data = data }, "CNY");
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Theory]
    [InlineData("payment-frequency", "en-US", "Payment frequency changed")]
    [InlineData("payment-term", "zh-CN", "缴费期限已变更")]
    [InlineData("cover-term", "ko-KR", "보험기간 변경")]
    [InlineData("sum-insured", "en-US", "Sum insured changed")]
    [InlineData("beneficiaries", "en-US", "Beneficiaries changed")]
    public void AnEndorsement_IsNamedByItsKind(string kind, string culture, string expected)
    {
        var text = Read("endorsement", $$"""{"kind":"{{kind}}","effectiveOn":"2027-01-10","reference":"E-000007"}""", culture);
        Assert.StartsWith(expected, text, StringComparison.Ordinal);
        Assert.EndsWith("E-000007", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.00", "en-US", "Claim CL1: Nothing to pay out")]
    [InlineData("0", "ko-KR", "청구 CL1: 지급할 금액 없음")]
    [InlineData("1500.00", "en-US", "Claim CL1: Payment on its way")]
    public void AClaimsPayment_SaysOnItsWay_OnlyWhenThereIsSomethingToPay(string amount, string culture, string expected) =>
        // A partial award the premiums owed took whole: the line is still "paid" (SCENARIOS.md), but no payout was instructed.
        Assert.Equal(expected, Read("claim", $$"""{"claim":"CL1","stage":"paid","amount":"{{amount}}","delayInterest":"0"}""", culture));

    [Fact]
    public void PremiumTakenFromAClaim_IsNotCalledAPaymentByAMethod() =>
        Assert.Equal($"Premium of {Ui.Money(2900m, "CNY")} paid from a claim's benefit",
            Read("payment", """{"amount":"2900.00","method":"claim-deduction"}""", "en-US"));

    [Fact]
    public void AChangeOfPayments_SaysWhatTheCustomerPaysAfterIt()
    {
        var text = Read("endorsement", """{"kind":"payment-frequency","effectiveOn":"2027-03-26","reference":"E-000021","installment":"2000.00","frequency":"annual"}""", "en-US");
        Assert.Equal($"Payment frequency changed, from 26 March 2027 · premium {Ui.Money(2000m, "CNY")}, annual · E-000021", text);
    }

    [Theory]
    [InlineData("underwriting", "with underwriting, decision by")]
    [InlineData("sent", "sent to the policy administration system")]
    [InlineData("applied", "approved and made")]
    [InlineData("declined", "declined")]
    public void AChangeRequest_SaysWhereItStands(string status, string expected)
    {
        var text = Read("change-request", $$"""{"reference":"R-000004","kind":"sum-insured","status":"{{status}}","decideBy":"2027-01-08"}""", "en-US");
        Assert.Equal($"Request R-000004 to change the sum insured: {expected}" + (status == "underwriting" ? " 8 January 2027" : ""), text);
    }

    [Theory]
    [InlineData(Notices.Channel.AgentCall, Notices.NoticeStatus.Sent, "en-US", "On the call list")]
    [InlineData(Notices.Channel.AgentCall, Notices.NoticeStatus.Delivered, "zh-CN", "已联系上")]
    [InlineData(Notices.Channel.AgentCall, Notices.NoticeStatus.Failed, "ko-KR", "연결되지 않음")]
    [InlineData(Notices.Channel.Voice, Notices.NoticeStatus.Sent, "en-US", "Call placed")]
    [InlineData(Notices.Channel.Sms, Notices.NoticeStatus.Sent, "en-US", "Sent")]
    public void ACall_SaysWhereItStandsInACallersWords_NotSentWhenItIsOnlyOnTheList(Notices.Channel channel, Notices.NoticeStatus status, string culture, string expected)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var notice = new Notices.NoticeRecord { Channel = channel, Status = status, IdempotencyKey = "k", PolicyNumber = "P1", Stage = Notices.Stage.FirstReminder, Recipient = "C1", Address = "", Locale = culture, Text = "" };
            Assert.Equal(expected, Ui.NoticeStandingName(notice));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
