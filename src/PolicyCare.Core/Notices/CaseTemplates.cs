using PolicyCare.Cases;

namespace PolicyCare.Notices;

/// <summary>
/// The words of a case's notices in Chinese, Korean and English: the acknowledgement names the one
/// owner and the date the answer is due; the final answer states the decision, the reasons and the
/// regulator's route; the survey asks for a minute and gives its link.
/// </summary>
public static class CaseTemplates
{
    public static string Render(NoticeOccasion occasion, string locale, string recipientName, string help)
    {
        var f = occasion.Facts;
        var c = f.Case ?? CaseFacts.None;
        string D(DateOnly? date) => date is { } d ? LocalFormat.Date(d, locale) : "";
        var what = (c.Complaint, locale) switch
        {
            (true, "zh-CN") => "投诉",
            (false, "zh-CN") => "咨询",
            (true, "ko-KR") => "민원",
            (false, "ko-KR") => "문의",
            (true, _) => "complaint",
            _ => "question",
        };
        var text = (occasion.Stage, locale) switch
        {
            (Stage.CaseAcknowledgement, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，我们已收到您关于保单{f.PolicyNumber}的{what}（编号{c.Reference}），由{c.Owner}负责跟进到底，将于{D(c.AnswerBy)}前答复您。如有疑问，请致电{help}。",
            (Stage.CaseAcknowledgement, "ko-KR") => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}에 관한 {what}(접수번호 {c.Reference})을(를) 접수했습니다. 담당자 {c.Owner}이(가) 끝까지 책임지고 {D(c.AnswerBy)}까지 답변드리겠습니다. 문의: {help}",
            (Stage.CaseAcknowledgement, _) => $"PolicyCare: Dear {recipientName}, we have received your {what} about policy {f.PolicyNumber} (reference {c.Reference}). {c.Owner} owns it from now to the answer, which you will have by {D(c.AnswerBy)}. Questions: {help}.",

            (Stage.CaseAnswer, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，关于您保单{f.PolicyNumber}的{what}（编号{c.Reference}），我们的处理结果是：{DecisionText(c.Decision, locale)}。{c.Answer}{Route(c, locale)}如有疑问，请致电{help}。",
            (Stage.CaseAnswer, "ko-KR") => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}에 관한 {what}(접수번호 {c.Reference})의 처리 결과를 알려 드립니다: {DecisionText(c.Decision, locale)}. {c.Answer} {Route(c, locale)}문의: {help}",
            (Stage.CaseAnswer, _) => $"PolicyCare: Dear {recipientName}, our answer to your {what} about policy {f.PolicyNumber} (reference {c.Reference}): {DecisionText(c.Decision, locale)}. {c.Answer} {Route(c, locale)}Questions: {help}.",

            // The owner's question, in the owner's words, and where to answer it: the case waits for the reply.
            (Stage.CaseQuestion, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，关于您保单{f.PolicyNumber}的{what}（编号{c.Reference}），{c.Owner}需要向您了解：{c.Question}　请登录客户服务平台，在“联系我们”页面该{what}下回复。如有疑问，请致电{help}。",
            (Stage.CaseQuestion, "ko-KR") => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}에 관한 {what}(접수번호 {c.Reference}) 처리를 위해 담당자 {c.Owner}이(가) 여쭙니다: {c.Question} 고객 포털의 문의하기 페이지에서 이 {what}에 답변해 주세요. 문의: {help}",
            (Stage.CaseQuestion, _) => $"PolicyCare: Dear {recipientName}, about your {what} on policy {f.PolicyNumber} (reference {c.Reference}), {c.Owner} needs to ask you: {c.Question} Please reply under this {what} on the Contact us page of the customer portal. Questions: {help}.",

            (Stage.Survey, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，您保单{f.PolicyNumber}的{MomentText(c.SurveyMoment, locale)}已办结。您满意吗？请花一分钟为我们打分：{c.SurveyLink}（14天内有效，无需登录）",
            (Stage.Survey, "ko-KR") => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 {MomentText(c.SurveyMoment, locale)}이(가) 끝났습니다. 만족하셨나요? 1분만 평가해 주세요: {c.SurveyLink} (14일간 유효, 로그인 불필요)",
            (Stage.Survey, _) => $"PolicyCare: Dear {recipientName}, your {MomentText(c.SurveyMoment, locale)} on policy {f.PolicyNumber} is complete. How did we do? One minute, no sign-in: {c.SurveyLink} (open for 14 days)",
            _ => throw new ArgumentOutOfRangeException(nameof(occasion)),
        };
        return locale == "ko-KR" ? KoreanParticles.Resolve(text) : text;
    }

    /// <summary>A final answer's decision in plain words.</summary>
    public static string DecisionText(CaseDecision? decision, string locale) => (decision ?? CaseDecision.Answered, locale) switch
    {
        (CaseDecision.Upheld, "zh-CN") => "您的投诉成立",
        (CaseDecision.PartlyUpheld, "zh-CN") => "您的投诉部分成立",
        (CaseDecision.NotUpheld, "zh-CN") => "经核实，您的投诉不成立",
        (_, "zh-CN") => "已答复",
        (CaseDecision.Upheld, "ko-KR") => "민원 내용을 인정합니다",
        (CaseDecision.PartlyUpheld, "ko-KR") => "민원 내용을 일부 인정합니다",
        (CaseDecision.NotUpheld, "ko-KR") => "확인 결과 민원 내용을 인정하기 어렵습니다",
        (_, "ko-KR") => "답변 완료",
        (CaseDecision.Upheld, _) => "we agree with your complaint",
        (CaseDecision.PartlyUpheld, _) => "we agree with part of your complaint",
        (CaseDecision.NotUpheld, _) => "having looked into it, we do not agree with your complaint",
        _ => "here is our answer",
    };

    /// <summary>Where to go when the answer does not satisfy: our review first, then the market's regulator.</summary>
    public static string Route(CaseFacts c, string locale) => (CaseRules.RegulatorRoute(c.Market), locale) switch
    {
        ("", "zh-CN") => "如不满意，可申请复核。",
        ("", "ko-KR") => "답변에 만족하지 않으시면 재검토를 요청하실 수 있습니다. ",
        ("", _) => "If you are not satisfied, you can ask us to review it. ",
        ("12378", "zh-CN") => "如不满意，可申请复核，或拨打银行保险消费者投诉维权热线12378。",
        ("12378", "ko-KR") => "답변에 만족하지 않으시면 재검토를 요청하시거나 중국 은행보험 소비자 민원 전화 12378로 문의하실 수 있습니다. ",
        ("12378", _) => "If you are not satisfied, you can ask us to review it, or call the banking and insurance consumer hotline 12378. ",
        (_, "zh-CN") => "如不满意，可申请复核，或向韩国金融监督院（1332）投诉。",
        (_, "ko-KR") => "답변에 만족하지 않으시면 재검토를 요청하시거나 금융감독원(국번 없이 1332)에 민원을 제기하실 수 있습니다. ",
        _ => "If you are not satisfied, you can ask us to review it, or complain to the Financial Supervisory Service (1332). ",
    };

    private static string MomentText(string? moment, string locale) => (moment, locale) switch
    {
        ("claim", "zh-CN") => "理赔",
        ("renewal", "zh-CN") => "续保",
        ("reinstatement", "zh-CN") => "复效",
        (_, "zh-CN") => "咨询或投诉",
        ("claim", "ko-KR") => "보험금 청구",
        ("renewal", "ko-KR") => "갱신",
        ("reinstatement", "ko-KR") => "부활",
        (_, "ko-KR") => "문의·민원",
        ("claim", _) => "claim",
        ("renewal", _) => "renewal",
        ("reinstatement", _) => "reinstatement",
        _ => "request",
    };
}
