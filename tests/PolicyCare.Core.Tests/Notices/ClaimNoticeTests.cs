using PolicyCare.Policies;
using static PolicyCare.Support.Build;

namespace PolicyCare.Notices;

public sealed class ClaimNoticeTests
{
    private static NoticePlan Plan(Stage stage, Customer holder, bool adverse = false, Employer? employer = null, params Customer[] members) =>
        NoticePlanner.Plan(new NoticeOccasion(stage, "claim-CL1", new NoticeFacts("P1", "CNY", 100m, Claim: new ClaimFacts("CL1", "CN")), WithEmail: adverse),
            new PolicyParties(holder, holder, employer, members), D("2026-06-01"), 65, "zh-CN");

    [Fact]
    public void ARefusalOrPartialPayment_GoesInWriting_PlusAnSms()
    {
        var holder = Customer(channels: ["wechat"]);
        Assert.Equal([Channel.Email, Channel.Sms], Plan(Stage.ClaimDecision, holder, adverse: true).Notices.Select(n => n.Channel));
        Assert.Equal([Channel.Letter, Channel.Sms], Plan(Stage.ClaimDecision, Customer(email: null), adverse: true).Notices.Select(n => n.Channel));
        // An approval goes where the customer reads.
        Assert.Equal([Channel.Wechat], Plan(Stage.ClaimDecision, holder).Notices.Select(n => n.Channel));
    }

    [Fact]
    public void AnElderlyCustomer_HearsOfAClaimBySms_AndARefusalByLetter()
    {
        var elderly = Customer(birth: "1950-01-01", channels: ["wechat"]);
        Assert.Equal([Channel.Sms], Plan(Stage.ClaimAcknowledgement, elderly).Notices.Select(n => n.Channel));
        Assert.Equal([Channel.Letter, Channel.Sms], Plan(Stage.ClaimDecision, elderly, adverse: true).Notices.Select(n => n.Channel));
    }

    [Fact]
    public void ARequestForDocuments_AlsoGoesByEmail_WithTheListInHand() =>
        Assert.Equal([Channel.Wechat, Channel.Email], Plan(Stage.ClaimInformationRequest, Customer(channels: ["wechat"])).Notices.Select(n => n.Channel));

    [Fact]
    public void AGroupPolicysClaim_IsNeverToldToTheEmployerOrTheOtherMembers()
    {
        var plan = Plan(Stage.ClaimDecision, Customer(), adverse: true, new Employer("E1", "Acme", "hr@example.com", "+8613700000000"), Customer("C2"), Customer("C3"));
        Assert.All(plan.Notices, n => Assert.Equal("C1", n.Recipient));
    }

    [Fact]
    public void InKorea_AClaimsReceipt_GoesBySmsBesidesTheMessenger()
    {
        var holder = Customer(kakao: "kakao-1", wechat: null, channels: ["kakao"]);
        Assert.Equal([Channel.Kakao, Channel.Sms], Plan(Stage.ClaimAcknowledgement, holder, adverse: true).Notices.Select(n => n.Channel));
        Assert.Equal([Channel.Kakao], Plan(Stage.ClaimAcknowledgement, holder).Notices.Select(n => n.Channel));
    }

    [Theory]
    [InlineData("zh-CN", "本次没有需要支付给您的款项")]
    [InlineData("ko-KR", "이번에 지급해 드릴 금액은 없습니다")]
    [InlineData("en-US", "there is nothing to pay to you")]
    public void AnApprovalWithNothingPayable_NeverPromisesToPayZero(string locale, string says)
    {
        // The deductible left no benefit: approved, and nothing to pay.
        var facts = new NoticeFacts("P1", "KRW", 0m, Claim: new ClaimFacts("CL1", "KR", Decision: PolicyCare.Claims.ClaimDecision.Approved, Benefit: 0m));
        var holder = Customer(locale: locale);
        var text = NoticePlanner.Plan(new NoticeOccasion(Stage.ClaimDecision, "claim-CL1", facts), new PolicyParties(holder, holder, null, []),
            D("2026-06-01"), 65, locale).Notices[0].Text;
        Assert.Contains(says, text, StringComparison.Ordinal);
        Assert.DoesNotContain("곧 계좌로 지급", text, StringComparison.Ordinal);
    }
}
