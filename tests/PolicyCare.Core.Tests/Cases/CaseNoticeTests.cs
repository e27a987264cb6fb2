using PolicyCare.Notices;
using PolicyCare.Policies;
using static PolicyCare.Support.Build;

namespace PolicyCare.Cases;

public sealed class CaseNoticeTests
{
    private static NoticeOccasion Answer(string market) => new(Stage.CaseAnswer, "case-1",
        new NoticeFacts("PN-1", "CNY", 0m, Case: new CaseFacts("K-1", market, true, "service", D("2026-10-08"), CaseDecision.PartlyUpheld, "The reminder went out a day early.")));

    [Theory]
    [InlineData("CN", "zh-CN", "12378")]
    [InlineData("CN", "en-US", "12378")]
    [InlineData("KR", "ko-KR", "1332")]
    [InlineData("KR", "en-US", "1332")]
    public void TheFinalAnswer_StatesTheDecisionAndReasons_AndNamesTheRegulator(string market, string locale, string route)
    {
        var text = Templates.Render(Answer(market), locale, "Kim", false);
        Assert.Contains(route, text, StringComparison.Ordinal);
        Assert.Contains("The reminder went out a day early.", text, StringComparison.Ordinal);
        Assert.Contains(CaseTemplates.DecisionText(CaseDecision.PartlyUpheld, locale), text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("ko-KR")]
    [InlineData("en-US")]
    public void TheAcknowledgement_NamesTheOneOwnerAndTheDateOfTheAnswer(string locale)
    {
        var text = Templates.Render(new NoticeOccasion(Stage.CaseAcknowledgement, "case-1",
            new NoticeFacts("PN-1", "CNY", 0m, Case: new CaseFacts("K-1", "CN", true, "Wang Fang", D("2026-10-08")))), locale, "Kim", false);
        Assert.Contains("Wang Fang", text, StringComparison.Ordinal);
        Assert.Contains(LocalFormat.Date(D("2026-10-08"), locale), text, StringComparison.Ordinal);
        if (locale == "ko-KR")
        {
            // The particle follows the word before the bracket: 민원 ends in a consonant, 문의 in a vowel.
            Assert.Contains("민원(접수번호 K-1)을 접수", text, StringComparison.Ordinal);
            var question = Templates.Render(new NoticeOccasion(Stage.CaseAcknowledgement, "case-2",
                new NoticeFacts("PN-1", "CNY", 0m, Case: new CaseFacts("K-2", "KR", false, "Wang Fang", D("2026-10-08")))), locale, "Kim", false);
            Assert.Contains("문의(접수번호 K-2)를 접수", question, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheAnswer_IsPutInWriting_ASurveyCallsAnElderlyCustomerBack_AndNeitherGoesToAnEmployer()
    {
        var holder = new Customer("C1", "Kim", D("1990-01-01"), "ko-KR", new ContactPoints("+821012345678", "kim@example.com", null, "kakao-id", null, "Seoul"),
            ["kakao"], null, new HashSet<ContactKind>());
        Assert.Equal([Channel.Email, Channel.Kakao], NoticePlanner.ChannelsFor(holder, Stage.CaseAnswer, elderly: false, withEmail: false));
        Assert.Equal([Channel.Letter, Channel.Sms], NoticePlanner.ChannelsFor(holder, Stage.CaseAnswer, elderly: true, withEmail: false));
        Assert.Equal([Channel.Voice, Channel.Sms], NoticePlanner.ChannelsFor(holder, Stage.Survey, elderly: true, withEmail: false));
        Assert.True(Stage.CaseAnswer.IsPersonal() && Stage.Survey.IsPersonal() && !Stage.CaseAnswer.IsClaim());
    }
}
