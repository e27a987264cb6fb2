using PolicyCare.Servicing;

namespace PolicyCare.Notices;

/// <summary>
/// The words of a policy review (保单检视) in Chinese, Korean and English: why it comes now, each suggestion with its
/// figures, that nothing changes unless the customer asks, and the link to the review in the portal.
/// </summary>
public static class ReviewTemplates
{
    public static string Render(NoticeOccasion occasion, string locale, string recipientName, string help)
    {
        var f = occasion.Facts;
        var r = f.Review ?? new ReviewNoticeFacts([], [], "");
        var why = r.Triggers.Contains(ReviewTrigger.NewMembers) ? Why(ReviewTrigger.NewMembers, locale)
            : r.Triggers.Contains(ReviewTrigger.AgeBand) ? Why(ReviewTrigger.AgeBand, locale) : Why(ReviewTrigger.Yearly, locale);
        var points = string.Join(locale is "zh-CN" or "ko-KR" ? "" : " ", r.Points.Select(p => Point(p, f.Currency, locale)));
        var text = locale switch
        {
            "zh-CN" => $"【PolicyCare】尊敬的{recipientName}，{why}我们为您检视了保单{f.PolicyNumber}：{points}以上仅为建议，您不申请则保单不变。查看检视并申请调整：{r.Link} 如有疑问请联系{help}。",
            "ko-KR" => $"[PolicyCare] {recipientName}님, {why}보험계약 {f.PolicyNumber}을(를) 점검해 드립니다. {points}안내일 뿐이며 신청하지 않으시면 계약은 그대로입니다. 점검 내용 보기와 변경 신청: {r.Link} 문의: {help}",
            _ => $"PolicyCare: Dear {recipientName}, {why}we have reviewed policy {f.PolicyNumber} with you in mind. {points} These are suggestions only: nothing changes unless you ask. See the review and ask for a change: {r.Link} Questions: {help}.",
        };
        return locale == "ko-KR" ? KoreanParticles.Resolve(text) : text;
    }

    /// <summary>
    /// A loss-prevention inspection's written report: when, what was found, each recommendation numbered with the date
    /// we will follow it up, and that the recommendations are there to prevent a loss (they change nothing in the cover).
    /// </summary>
    public static string RenderInspection(NoticeOccasion occasion, string locale, string recipientName, string help)
    {
        var f = occasion.Facts;
        var i = f.Inspection ?? new InspectionNoticeFacts(default, "", []);
        string D(DateOnly d) => LocalFormat.Date(d, locale);
        var items = string.Join(locale == "zh-CN" ? "；" : "; ", i.Recommendations.Select((r, n) => locale switch
        {
            "zh-CN" => $"{n + 1}. {r.Text}（请于{D(r.DueOn)}前完成）",
            "ko-KR" => $"{n + 1}. {r.Text}({D(r.DueOn)}까지)",
            _ => $"{n + 1}. {r.Text} (by {D(r.DueOn)})",
        }));
        var text = (locale, i.Recommendations.Count) switch
        {
            ("zh-CN", 0) => $"【PolicyCare】尊敬的{recipientName}，我们已于{D(i.InspectedOn)}对保单{f.PolicyNumber}的承保标的进行防灾防损检查。检查结果：{i.Findings}。本次无整改建议。如有疑问请联系{help}。",
            ("zh-CN", _) => $"【PolicyCare】尊敬的{recipientName}，我们已于{D(i.InspectedOn)}对保单{f.PolicyNumber}的承保标的进行防灾防损检查。检查结果：{i.Findings}。书面建议：{items}。以上建议旨在预防损失，不改变您的保障；我们将按期回访。如有疑问请联系{help}。",
            ("ko-KR", 0) => $"[PolicyCare] {recipientName}님, {D(i.InspectedOn)}에 보험계약 {f.PolicyNumber}의 보험 목적물에 대한 손해 예방 점검을 했습니다. 점검 결과: {i.Findings}. 이번에는 개선 권고가 없습니다. 문의: {help}",
            ("ko-KR", _) => $"[PolicyCare] {recipientName}님, {D(i.InspectedOn)}에 보험계약 {f.PolicyNumber}의 보험 목적물에 대한 손해 예방 점검을 했습니다. 점검 결과: {i.Findings}. 서면 권고: {items}. 권고는 손해를 막기 위한 것이며 보장 내용은 바뀌지 않습니다. 기한에 맞춰 다시 확인드리겠습니다. 문의: {help}",
            (_, 0) => $"PolicyCare: Dear {recipientName}, we inspected the risk insured by policy {f.PolicyNumber} on {D(i.InspectedOn)} to help prevent losses. What we found: {i.Findings}. We have no recommendations this time. Questions: {help}.",
            _ => $"PolicyCare: Dear {recipientName}, we inspected the risk insured by policy {f.PolicyNumber} on {D(i.InspectedOn)} to help prevent losses. What we found: {i.Findings}. Our written recommendations: {items}. They are there to prevent a loss and do not change your cover; we will follow each one up by its date. Questions: {help}.",
        };
        return locale == "ko-KR" ? KoreanParticles.Resolve(text) : text;
    }

    private static string Why(ReviewTrigger trigger, string locale) => (trigger, locale) switch
    {
        (ReviewTrigger.NewMembers, "zh-CN") => "您的团体保单新增了成员，",
        (ReviewTrigger.NewMembers, "ko-KR") => "단체보험에 새 가입자가 생겨 ",
        (ReviewTrigger.NewMembers, _) => "as people have joined your group policy, ",
        (ReviewTrigger.AgeBand, "zh-CN") => "被保险人进入了新的年龄段，",
        (ReviewTrigger.AgeBand, "ko-KR") => "피보험자가 새 연령대에 들어서 ",
        (ReviewTrigger.AgeBand, _) => "as the insured has reached a new age band, ",
        (_, "zh-CN") => "一年一度，",
        (_, "ko-KR") => "해마다 한 번 ",
        _ => "as we do once a year, ",
    };

    /// <summary>One suggestion in a sentence (or two), with its figures.</summary>
    public static string Point(ReviewPoint p, string currency, string locale)
    {
        string M(decimal? amount) => LocalFormat.Money(amount ?? 0m, currency, locale);
        string D(DateOnly? date) => date is { } d ? LocalFormat.Date(d, locale) : "";
        return (p.Kind, locale) switch
        {
            (ReviewPointKind.AgeBand, "zh-CN") => $"下次续保日{D(p.From)}被保险人{p.Age}岁，按该年龄段的保费为{M(p.PremiumNext)}（本年度{M(p.PremiumNow)}）。" + (p.RateLockOffered ? "您可以在续保前申请锁定费率。" : ""),
            (ReviewPointKind.AgeBand, "ko-KR") => $"다음 갱신일 {D(p.From)}에 피보험자는 {p.Age}세가 되어 해당 연령대 보험료는 {M(p.PremiumNext)}입니다(올해 {M(p.PremiumNow)}). " + (p.RateLockOffered ? "갱신 전에 보험료 고정을 신청하실 수 있습니다. " : ""),
            (ReviewPointKind.AgeBand, _) => $"At the next renewal on {D(p.From)} the insured will be {p.Age}, and the premium for that age is {M(p.PremiumNext)} (this year {M(p.PremiumNow)})." + (p.RateLockOffered ? " You can lock the rate before you renew." : ""),
            (ReviewPointKind.CoverBelowSuggested, "zh-CN") => $"您的保额为{M(p.Cover)}，低于我们对{p.Age}岁建议的{M(p.Suggested)}，可考虑提高保额或增加保障。",
            (ReviewPointKind.CoverBelowSuggested, "ko-KR") => $"보험가입금액 {M(p.Cover)}은(는) {p.Age}세에 권하는 {M(p.Suggested)}보다 낮습니다. 가입금액을 늘리거나 보장을 더하는 것을 고려해 보세요. ",
            (ReviewPointKind.CoverBelowSuggested, _) => $"Your cover of {M(p.Cover)} is below the {M(p.Suggested)} we suggest at age {p.Age}: you may want to raise it or add cover.",
            (ReviewPointKind.NewMembers, "zh-CN") => $"新增{p.Members}名成员，请确认保障方案和受益人适合他们。",
            (ReviewPointKind.NewMembers, "ko-KR") => $"{p.Members}명이 새로 가입했습니다. 보장 내용과 수익자가 이분들에게 맞는지 확인해 주세요. ",
            (ReviewPointKind.NewMembers, _) => $"{p.Members} {(p.Members == 1 ? "person has" : "people have")} joined: check the cover and the beneficiaries suit them.",
            (ReviewPointKind.CheckDetails, "zh-CN") => "请确认受益人和联系方式仍然正确。",
            (ReviewPointKind.CheckDetails, "ko-KR") => "수익자와 연락처가 맞는지 확인해 주세요. ",
            (ReviewPointKind.CheckDetails, _) => "Please check your beneficiaries and contact details are still right.",
            _ => throw new ArgumentOutOfRangeException(nameof(p)),
        };
    }
}
