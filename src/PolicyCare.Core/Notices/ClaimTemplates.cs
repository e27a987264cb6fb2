using PolicyCare.Claims;

namespace PolicyCare.Notices;

/// <summary>
/// The words of a claim's notices in Chinese, Korean and English: what happens next and by when,
/// every missing document named at once, a decision with its reason and how to dispute it, the money
/// with what was deducted and why.
/// </summary>
public static class ClaimTemplates
{
    private static readonly Dictionary<string, (string Zh, string Ko, string En)> Documents = new(StringComparer.Ordinal)
    {
        ["claim-form"] = ("理赔申请书", "보험금 청구서", "claim form"),
        ["id-card"] = ("身份证", "신분증", "ID card"),
        ["discharge-summary"] = ("出院小结", "퇴원확인서", "discharge summary"),
        ["invoice"] = ("医疗费用发票", "진료비 영수증", "invoice"),
        ["itemized-bill"] = ("费用明细清单", "진료비 세부내역서", "itemized bill"),
        ["receipt"] = ("收据", "영수증", "receipt"),
        ["diagnosis"] = ("诊断证明书", "진단서", "diagnosis certificate"),
        ["medical-records"] = ("病历资料", "의무기록", "medical records"),
        ["death-certificate"] = ("死亡证明", "사망진단서", "death certificate"),
        ["beneficiary-id"] = ("受益人身份证明", "수익자 신분증", "beneficiary's ID"),
    };

    /// <summary>A document's name in the reader's language; a code PolicyCare does not know is shown as it is.</summary>
    public static string DocumentName(string code, string locale) =>
        Documents.TryGetValue(code, out var n) ? locale switch { "zh-CN" => n.Zh, "ko-KR" => n.Ko, _ => n.En } : code;

    private static readonly Dictionary<string, (string Zh, string Ko, string En)> Reasons = new(StringComparer.Ordinal)
    {
        [ClaimReasons.WaitingPeriod] = ("出险发生在该保险金项目的等待期内，因此保单暂不赔付", "사고가 이 보장의 대기 기간이 끝나기 전에 발생하여 아직 보상하지 않습니다", "the loss happened before the waiting period of this benefit ended, so the policy does not pay it yet"),
        [ClaimReasons.NotInForce] = ("出险当日保单未生效，因此不予承保", "사고 당일 계약이 유효하지 않아 보상하지 않습니다", "the policy was not in force on the day of the loss, so it does not cover it"),
        [ClaimReasons.NotCovered] = ("保单不承保此类损失", "이 계약은 이런 종류의 손해를 보장하지 않습니다", "the policy does not cover this kind of loss"),
        [ClaimReasons.Exclusion] = ("该损失属于保单载明的责任免除情形", "이 손해는 약관에 적힌 면책 사항에 해당합니다", "the loss falls under an exclusion written in the policy"),
        [ClaimReasons.NonDisclosure] = ("投保时未如实告知影响承保的重要事实", "계약 당시 보장에 중요한 사실을 알리지 않았습니다", "a fact that mattered to the cover was not disclosed when the policy was taken out"),
        [ClaimReasons.AboveLimit] = ("部分金额超出保单对该项目的给付限额", "금액 일부가 이 보장의 지급 한도를 넘습니다", "part of the amount is above what the policy pays for this benefit"),
        [ClaimReasons.NotMedicallyNecessary] = ("部分治疗不属于保单定义的医疗必需", "치료 일부가 약관에서 정한 의학적 필요에 해당하지 않습니다", "part of the treatment was not medically necessary as the policy defines it"),
        [ClaimReasons.DocumentsNotGenuine] = ("无法确认材料的真实性", "서류의 진위를 확인할 수 없었습니다", "the documents could not be confirmed as genuine"),
    };

    /// <summary>A decision's reason in plain words in the reader's language; a reason a handler wrote (a scenario's) is shown as written.</summary>
    public static string ReasonText(string? reason, string locale) =>
        reason is not null && Reasons.TryGetValue(reason, out var r) ? locale switch { "zh-CN" => r.Zh, "ko-KR" => r.Ko, _ => r.En } : reason ?? "";

    /// <summary>How to dispute a decision, by the policy's market, as the notice and the portal both say it.</summary>
    public static string DisputeText(string market, string locale) => Dispute(market, locale);

    private static string Dispute(string market, string locale) => (market, locale) switch
    {
        ("CN", "zh-CN") => "如对结果有异议，可在收到本通知后申请复核；仍有异议的，可拨打银行保险消费者投诉维权热线12378。",
        ("CN", "ko-KR") => "결과에 이의가 있으시면 재심사를 요청하실 수 있으며, 그래도 해결되지 않으면 중국 은행보험 소비자 민원 전화 12378로 문의하실 수 있습니다. ",
        ("CN", _) => "If you disagree, you can ask us to review the decision; if you still disagree, you can call the banking and insurance consumer hotline 12378. ",
        ("KR", "zh-CN") => "如对结果有异议，可申请复核；仍有异议的，可向韩国金融监督院（1332）投诉。",
        ("KR", "ko-KR") => "결과에 이의가 있으시면 재심사를 요청하실 수 있으며, 금융감독원(국번 없이 1332)에 민원을 제기하실 수도 있습니다. ",
        ("KR", _) => "If you disagree, you can ask us to review the decision, and then complain to the Financial Supervisory Service (1332). ",
        (_, "zh-CN") => "如对结果有异议，可申请复核。",
        (_, "ko-KR") => "결과에 이의가 있으시면 재심사를 요청하실 수 있습니다. ",
        _ => "If you disagree, you can ask us to review the decision. ",
    };

    public static string Render(NoticeOccasion occasion, string locale, string recipientName, string help)
    {
        var f = occasion.Facts;
        var c = f.Claim ?? ClaimFacts.None;
        string M(decimal amount) => LocalFormat.Money(amount, f.Currency, locale);
        string D(DateOnly? date) => date is { } d ? LocalFormat.Date(d, locale) : "";
        var missing = string.Join(locale == "en-US" ? ", " : "、", (c.Missing ?? []).Select(m => DocumentName(m, locale)));
        var deducted = c.Deducted > 0
            ? locale switch
            {
                "zh-CN" => $"其中{M(c.Deducted)}已按合同约定抵扣您欠缴的保费。",
                "ko-KR" => $"이 중 {M(c.Deducted)}은(는) 약관에 따라 미납 보험료에 충당되었습니다. ",
                _ => $"{M(c.Deducted)} of it paid the premium that was still open, as the policy provides. ",
            }
            : "";
        var interest = c.DelayInterest > 0
            ? locale switch
            {
                "zh-CN" => $"因我们未能按时处理，另付迟延利息{M(c.DelayInterest)}，在此致歉。",
                "ko-KR" => $"처리가 늦어져 지연이자 {M(c.DelayInterest)}을(를) 함께 지급합니다. 불편을 드려 죄송합니다. ",
                _ => $"We were late, so {M(c.DelayInterest)} of interest is added; we apologise. ",
            }
            : "";
        var decision = c.Decision ?? Claims.ClaimDecision.Approved;
        // Korea's standard terms: when an investigation delays payment, half the estimated benefit may be paid in advance.
        var advance = c.Market != "KR" ? "" : locale switch
        {
            "zh-CN" => "如有需要，您可申请预付估算保险金的50%。",
            "ko-KR" => "필요하시면 추정 보험금의 50%를 가지급으로 신청하실 수 있습니다. ",
            _ => "If you need it, you can ask for an advance of half the estimated benefit. ",
        };
        var text = (occasion.Stage, locale) switch
        {
            (Stage.ClaimAcknowledgement, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，我们已收到您保单{f.PolicyNumber}的理赔申请（案件号{c.ClaimId}）。您可随时在客户服务平台查看进度。如有疑问，请致电{help}。",
            (Stage.ClaimAcknowledgement, "ko-KR") => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 보험금 청구(접수번호 {c.ClaimId})를 접수했습니다. 진행 상황은 고객 포털에서 언제든 확인하실 수 있습니다. 문의: {help}",
            (Stage.ClaimAcknowledgement, _) => $"PolicyCare: Dear {recipientName}, we have received your claim {c.ClaimId} on policy {f.PolicyNumber}. You can follow it at any time in the customer portal. Questions: {help}.",

            (Stage.ClaimInformationRequest, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，您保单{f.PolicyNumber}的理赔申请（案件号{c.ClaimId}）还需要以下材料：{missing}。请在客户服务平台上传，材料齐全后我们将尽快处理。如有疑问，请致电{help}。",
            (Stage.ClaimInformationRequest, "ko-KR") => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 보험금 청구(접수번호 {c.ClaimId}) 처리를 위해 다음 서류가 필요합니다: {missing}. 고객 포털에 올려 주시면 서류가 갖춰지는 대로 바로 심사하겠습니다. 문의: {help}",
            (Stage.ClaimInformationRequest, _) => $"PolicyCare: Dear {recipientName}, to handle your claim {c.ClaimId} on policy {f.PolicyNumber} we still need: {missing}. Please upload them in the customer portal; we will decide as soon as they are complete. Questions: {help}.",

            (Stage.ClaimInvestigation, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，您保单{f.PolicyNumber}的理赔申请（案件号{c.ClaimId}）需要进一步核实：{Templates.Typed(c.Reason)}。预计{D(c.ExpectedBy)}前完成，期间如需您配合我们会及时联系。{advance}如有疑问，请致电{help}。",
            (Stage.ClaimInvestigation, "ko-KR") => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 보험금 청구(접수번호 {c.ClaimId})는 추가 확인이 필요합니다: {Templates.Typed(c.Reason)}. {D(c.ExpectedBy)}까지 마칠 예정입니다. {advance}문의: {help}",
            (Stage.ClaimInvestigation, _) => $"PolicyCare: Dear {recipientName}, your claim {c.ClaimId} on policy {f.PolicyNumber} needs a closer look: {Templates.Typed(c.Reason)}. We expect to finish by {D(c.ExpectedBy)} and will contact you if we need anything. {advance}Questions: {help}.",

            (Stage.ClaimDecision, "zh-CN") when decision == Claims.ClaimDecision.Declined => $"【PolicyCare】尊敬的{recipientName}，很遗憾，您保单{f.PolicyNumber}的理赔申请（案件号{c.ClaimId}）经审核不予赔付。原因：{ReasonText(c.Reason, locale)}。{Dispute(c.Market, locale)}如有疑问，请致电{help}。",
            (Stage.ClaimDecision, "ko-KR") when decision == Claims.ClaimDecision.Declined => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 보험금 청구(접수번호 {c.ClaimId})는 심사 결과 지급이 어렵게 되었습니다. 사유: {ReasonText(c.Reason, locale)}. {Dispute(c.Market, locale)}문의: {help}",
            (Stage.ClaimDecision, _) when decision == Claims.ClaimDecision.Declined => $"PolicyCare: Dear {recipientName}, we are sorry: your claim {c.ClaimId} on policy {f.PolicyNumber} cannot be paid. Reason: {ReasonText(c.Reason, locale)}. {Dispute(c.Market, locale)}Questions: {help}.",

            // Approved, yet nothing to pay: the premiums owed took the benefit, or the deductible and co-payment left none. Never "we will pay 0".
            (Stage.ClaimDecision, "zh-CN") when decision != Claims.ClaimDecision.Declined && f.AmountDue <= 0 => $"【PolicyCare】尊敬的{recipientName}，您保单{f.PolicyNumber}的理赔申请（案件号{c.ClaimId}）已审核，核定赔付{M(c.Benefit)}，本次没有需要支付给您的款项。{deducted}{Dispute(c.Market, locale)}如有疑问，请致电{help}。",
            (Stage.ClaimDecision, "ko-KR") when decision != Claims.ClaimDecision.Declined && f.AmountDue <= 0 => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 보험금 청구(접수번호 {c.ClaimId})는 심사 결과 인정 보험금이 {M(c.Benefit)}이며, 이번에 지급해 드릴 금액은 없습니다. {deducted}{Dispute(c.Market, locale)}문의: {help}",
            (Stage.ClaimDecision, _) when decision != Claims.ClaimDecision.Declined && f.AmountDue <= 0 => $"PolicyCare: Dear {recipientName}, your claim {c.ClaimId} on policy {f.PolicyNumber} is assessed at {M(c.Benefit)}: there is nothing to pay to you. {deducted}{Dispute(c.Market, locale)}Questions: {help}.",

            (Stage.ClaimDecision, "zh-CN") when decision == Claims.ClaimDecision.Partial => $"【PolicyCare】尊敬的{recipientName}，您保单{f.PolicyNumber}的理赔申请（案件号{c.ClaimId}）经审核，核定赔付{M(c.Benefit)}，应付金额{M(f.AmountDue)}。部分未予赔付的原因：{ReasonText(c.Reason, locale)}。{deducted}{Dispute(c.Market, locale)}如有疑问，请致电{help}。",
            (Stage.ClaimDecision, "ko-KR") when decision == Claims.ClaimDecision.Partial => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 보험금 청구(접수번호 {c.ClaimId})는 {M(c.Benefit)}이(가) 지급 결정되었고 실제 지급액은 {M(f.AmountDue)}입니다. 일부 지급하지 않는 사유: {ReasonText(c.Reason, locale)}. {deducted}{Dispute(c.Market, locale)}문의: {help}",
            (Stage.ClaimDecision, _) when decision == Claims.ClaimDecision.Partial => $"PolicyCare: Dear {recipientName}, your claim {c.ClaimId} on policy {f.PolicyNumber} is approved for {M(c.Benefit)}; {M(f.AmountDue)} will be paid to you. Why not in full: {ReasonText(c.Reason, locale)}. {deducted}{Dispute(c.Market, locale)}Questions: {help}.",

            (Stage.ClaimDecision, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，您保单{f.PolicyNumber}的理赔申请（案件号{c.ClaimId}）已审核通过，赔付金额{M(c.Benefit)}，应付{M(f.AmountDue)}，将尽快支付到您的账户。{deducted}如有疑问，请致电{help}。",
            (Stage.ClaimDecision, "ko-KR") => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 보험금 청구(접수번호 {c.ClaimId})가 승인되었습니다. 보험금 {M(c.Benefit)} 중 {M(f.AmountDue)}을(를) 곧 계좌로 지급해 드립니다. {deducted}문의: {help}",
            (Stage.ClaimDecision, _) => $"PolicyCare: Dear {recipientName}, your claim {c.ClaimId} on policy {f.PolicyNumber} is approved: the benefit is {M(c.Benefit)} and {M(f.AmountDue)} will be paid to your account. {deducted}Questions: {help}.",

            (Stage.ClaimPayment, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，您保单{f.PolicyNumber}的理赔款（案件号{c.ClaimId}）{M(f.AmountDue)}已安排支付，正转入您的收款账户，请留意到账。{interest}如有疑问，请致电{help}。",
            (Stage.ClaimPayment, "ko-KR") => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 보험금(접수번호 {c.ClaimId}) {M(f.AmountDue)}을(를) 지급 처리했습니다. 등록하신 계좌로 곧 입금됩니다. {interest}문의: {help}",
            (Stage.ClaimPayment, _) => $"PolicyCare: Dear {recipientName}, the payment of {M(f.AmountDue)} for your claim {c.ClaimId} on policy {f.PolicyNumber} is on its way to your account. {interest}Questions: {help}.",

            (Stage.ClaimSurvey, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，您保单{f.PolicyNumber}的理赔（案件号{c.ClaimId}）已办结。您对这次理赔服务满意吗？欢迎在客户服务平台花一分钟为我们打分并留言。",
            (Stage.ClaimSurvey, "ko-KR") => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 보험금 청구(접수번호 {c.ClaimId}) 처리가 끝났습니다. 이번 청구 경험은 어떠셨나요? 고객 포털에서 1분만 시간을 내어 평가해 주시면 큰 도움이 됩니다.",
            (Stage.ClaimSurvey, _) => $"PolicyCare: Dear {recipientName}, your claim {c.ClaimId} on policy {f.PolicyNumber} is closed. How did we do? A one-minute rating in the customer portal helps us improve.",
            _ => throw new ArgumentOutOfRangeException(nameof(occasion)),
        };
        return locale == "ko-KR" ? KoreanParticles.Resolve(text) : text;
    }
}
