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
}
