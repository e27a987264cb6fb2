using PolicyCare.Billing;
using PolicyCare.Policies;
using PolicyCare.Servicing;

namespace PolicyCare.Notices;

/// <summary>
/// The words of a renewal: the old and the new premium, each reason for the change with its amount in plain words
/// (never a code), what each way of paying costs over the year, how to renew and by when — and, where the customer
/// must accept (China), that the renewal is not automatic and not guaranteed. The call-back survey after a renewal.
/// </summary>
public static class RenewalTemplates
{
    public static string Render(NoticeOccasion occasion, string locale, string recipientName, string help)
    {
        var f = occasion.Facts;
        string D(DateOnly? date) => date is { } d ? LocalFormat.Date(d, locale) : "";
        if (occasion.Stage == Stage.RenewalSurvey)
        {
            return locale switch
            {
                "zh-CN" => $"【PolicyCare】尊敬的{recipientName}，您的保单{f.PolicyNumber}已于{D(f.RenewalDate)}续保成功，感谢您的信任。想请您花一分钟告诉我们这次续保的感受：回复1至5分（5分为非常满意），或在客户服务平台填写问卷。如有疑问，请致电{help}。",
                "ko-KR" => KoreanParticles.Resolve($"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}이(가) {D(f.RenewalDate)}에 갱신되었습니다. 믿고 맡겨 주셔서 감사합니다. 이번 갱신이 어떠셨는지 1~5점(5점: 매우 만족)으로 답장해 주시거나 고객 포털에서 설문에 참여해 주세요. 문의: {help}"),
                _ => $"PolicyCare: Dear {recipientName}, policy {f.PolicyNumber} renewed on {D(f.RenewalDate)}. Thank you for staying with us. How did the renewal go? Reply with a score from 1 to 5 (5: very satisfied) or answer the short survey in the customer portal: {help}.",
            };
        }
        var r = f.Renewal ?? throw new ArgumentException("a renewal notice needs the offer", nameof(occasion));
        var offer = r.Offer;
        string M(decimal amount) => LocalFormat.Money(amount, f.Currency, locale);
        var lastDay = D(offer.RenewalDate.AddDays(-1));
        if (!offer.Offered)
        {
            return locale switch
            {
                "zh-CN" => $"【PolicyCare】尊敬的{recipientName}，您的保单{f.PolicyNumber}的被保险人在{D(offer.RenewalDate)}已超过本产品的最高续保年龄，本产品无法再续保。保障至{lastDay}止，此后不再扣款。如需了解适合您的其他保障，请致电{help}。",
                "ko-KR" => KoreanParticles.Resolve($"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 피보험자는 {D(offer.RenewalDate)}에 이 상품의 갱신 가능 최고 연령을 넘게 되어 더 이상 갱신할 수 없습니다. 보장은 {lastDay}까지이며 이후 보험료는 청구되지 않습니다. 다른 보장 상품을 안내해 드리겠습니다. 문의: {help}"),
                _ => $"PolicyCare: Dear {recipientName}, on {D(offer.RenewalDate)} the insured of policy {f.PolicyNumber} will be past the oldest age this product renews for, so it cannot renew. The cover ends at the end of {lastDay} and nothing more will be charged. We would be glad to suggest other cover: {help}.",
            };
        }
        var reasons = string.Join(locale == "zh-CN" ? "；" : "; ", offer.Reasons.Select(x => $"{ReasonWords(x, r.Adjustments, locale)} {Signed(x.Change, f.Currency, locale)}"));
        var change = offer.Change == 0
            ? locale switch { "zh-CN" => "，与上一年相同", "ko-KR" => "(지난해와 같음)", _ => ", the same as last year" }
            : locale switch
            {
                "zh-CN" => $"（上一年{M(offer.PreviousPremium)}，{(offer.Change > 0 ? "增加" : "减少")}{M(Math.Abs(offer.Change))}）",
                "ko-KR" => $"(지난해 {M(offer.PreviousPremium)}, {M(Math.Abs(offer.Change))} {(offer.Change > 0 ? "인상" : "인하")})",
                _ => $" (last year {M(offer.PreviousPremium)}, {(offer.Change > 0 ? "up" : "down")} {M(Math.Abs(offer.Change))})",
            };
        var why = reasons.Length == 0 ? "" : locale switch
        {
            "zh-CN" => $"变动原因：{reasons}。产品统一调整适用于本产品全体客户，与您个人的理赔或健康状况无关。",
            "ko-KR" => $"변동 사유: {reasons}. 상품 전체 조정은 이 상품의 모든 가입자에게 같이 적용되며, 고객님의 보험금 청구나 건강 상태와는 관계가 없습니다. ",
            _ => $"Why: {reasons}. Product-wide adjustments apply to everyone with this product, never to your own claims or health. ",
        };
        var (annual, monthly, monthlyTotal) = Options(offer.Premium, r.MonthlySurcharge, f.Currency);
        var options = locale switch
        {
            "zh-CN" => $"缴费方式：按年缴{M(annual)}；按月缴每月{M(monthly)}，全年合计{M(monthlyTotal)}。",
            "ko-KR" => $"납입 방법: 연납 {M(annual)}, 월납 매월 {M(monthly)}(연간 합계 {M(monthlyTotal)}). ",
            _ => $"Ways to pay: yearly {M(annual)}, or monthly {M(monthly)} a month ({M(monthlyTotal)} over the year). ",
        };
        var how = (r.AcceptanceRequired, r.AutoDebit) switch
        {
            (true, true) => locale switch
            {
                "zh-CN" => $"请于{D(offer.RenewalDate)}前在客户服务平台或通过通知中的链接一键确认续保，确认后将于{D(offer.RenewalDate)}从您绑定的账户扣款；未确认则不会扣款，保单于{lastDay}到期。",
                "ko-KR" => $"{D(offer.RenewalDate)}까지 고객 포털이나 안내 링크에서 원클릭으로 갱신을 확인해 주시면 {D(offer.RenewalDate)}에 등록된 계좌에서 출금됩니다. 확인하지 않으시면 출금되지 않고 계약은 {lastDay}에 만료됩니다. ",
                _ => $"Confirm the renewal with one click in the portal or by the link in this notice by {D(offer.RenewalDate)}, and your linked account is debited that day; without your confirmation nothing is debited and the policy ends after {lastDay}. ",
            },
            (true, false) => locale switch
            {
                "zh-CN" => $"请于{D(offer.RenewalDate)}前一键确认续保并缴费（微信支付、支付宝或银行转账），否则保单于{lastDay}到期。",
                "ko-KR" => $"{D(offer.RenewalDate)}까지 원클릭으로 갱신을 확인하고 납입해 주세요(카카오페이, 계좌이체). 납입되지 않으면 계약은 {lastDay}에 만료됩니다. ",
                _ => $"Renew with one click and pay by {D(offer.RenewalDate)} (card, wallet or bank transfer); otherwise the policy ends after {lastDay}. ",
            },
            (false, true) => locale switch
            {
                "zh-CN" => $"届时将从您绑定的账户自动扣款续保；如不需要续保，请在{D(offer.RenewalDate)}前告诉我们。",
                "ko-KR" => $"{D(offer.RenewalDate)}에 등록된 계좌에서 자동으로 출금되어 갱신됩니다. 갱신을 원하지 않으시면 그 전에 알려 주세요. ",
                _ => $"Your linked account will be debited on {D(offer.RenewalDate)} and the policy renews; if you do not want to renew, tell us before then. ",
            },
            (false, false) => locale switch
            {
                "zh-CN" => $"请于{D(offer.RenewalDate)}前缴费续保（微信支付、支付宝或银行转账），否则保单于{lastDay}到期。",
                "ko-KR" => $"{D(offer.RenewalDate)}까지 납입해 주시면 갱신됩니다(카카오페이, 계좌이체). 납입되지 않으면 계약은 {lastDay}에 만료됩니다. ",
                _ => $"Pay by {D(offer.RenewalDate)} to renew (card, wallet or bank transfer); otherwise the policy ends after {lastDay}. ",
            },
        };
        var credit = r.CreditDays is not { } creditDays ? "" : locale switch
        {
            "zh-CN" => $"您信用良好，享受信用续保：如扣款或缴费晚于续保日，保障自{D(offer.RenewalDate)}起继续有效，我们将在{D(offer.RenewalDate.AddDays(creditDays))}前完成收取；届时仍未缴纳的，保单于{lastDay}终止，续保不生效。",
            "ko-KR" => $"납입 실적이 좋으셔서 신용 갱신이 적용됩니다. 보험료가 갱신일보다 늦게 납입되어도 {D(offer.RenewalDate)}부터 보장이 이어지며 {D(offer.RenewalDate.AddDays(creditDays))}까지 납입을 받습니다. 그때까지 납입되지 않으면 계약은 {lastDay}에 끝나고 갱신은 이루어지지 않습니다. ",
            _ => $"As a customer in good standing you renew on credit: if the premium comes late, your cover continues from {D(offer.RenewalDate)} while we collect it until {D(offer.RenewalDate.AddDays(creditDays))}; unpaid by then, the policy ends after {lastDay} and the renewal does not take effect. ",
        };
        var notGuaranteed = !r.AcceptanceRequired ? "" : locale switch
        {
            "zh-CN" => "本产品为一年期产品，不保证续保，到期不会自动续保，续保须经您本人确认。",
            "ko-KR" => "이 상품은 1년 만기 상품으로 갱신이 보장되지 않으며 자동으로 갱신되지 않습니다. 갱신은 고객님의 확인이 있어야 합니다. ",
            _ => "This one-year product does not renew by itself and renewal is not guaranteed: it needs your own confirmation. ",
        };
        var text = locale switch
        {
            "zh-CN" => $"【PolicyCare】尊敬的{recipientName}，您的保单{f.PolicyNumber}续保日为{D(offer.RenewalDate)}，新一年保费{M(offer.Premium)}{change}。{why}{options}{how}{credit}{notGuaranteed}如有疑问，请致电{help}。",
            "ko-KR" => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 갱신일은 {D(offer.RenewalDate)}이며 새 1년 보험료는 {M(offer.Premium)}입니다{change}. {why}{options}{how}{credit}{notGuaranteed}문의: {help}",
            _ => $"PolicyCare: Dear {recipientName}, the renewal date of policy {f.PolicyNumber} is {D(offer.RenewalDate)}, and the coming year's premium is {M(offer.Premium)}{change}. {why}{options}{how}{credit}{notGuaranteed}Questions: {help}.",
        };
        return locale == "ko-KR" ? KoreanParticles.Resolve(text) : text;
    }

    /// <summary>The year's price paid yearly, and paid monthly (each month, and the year's total with the product's surcharge).</summary>
    public static (decimal Annual, decimal Monthly, decimal MonthlyTotal) Options(decimal premium, decimal? monthlySurcharge, string currency)
    {
        var monthly = Currencies.RoundToMinorUnitAwayFromZero(premium * (1 + (monthlySurcharge ?? 0m)) / 12, currency);
        return (premium, monthly, monthly * 12);
    }

    /// <summary>A reason for a change of premium in plain words: what moved, and by how much where it is a product-wide adjustment.</summary>
    public static string ReasonWords(PriceReason reason, IReadOnlyList<PriceAdjustment> adjustments, string locale)
    {
        switch (reason.Reason)
        {
            case Renewals.AgeBand:
                return locale switch
                {
                    "zh-CN" => reason.Change > 0 ? "被保险人年龄进入更高的费率档" : "被保险人年龄进入新的费率档",
                    "ko-KR" => "피보험자 나이가 다른 요율 구간으로 바뀜",
                    _ => "the insured's age moves into another band of the product's table",
                };
            case Renewals.RateLockReason:
                return (reason.Change > 0, locale) switch
                {
                    (true, "zh-CN") => "费率锁定期结束，恢复为本产品现行费率",
                    (true, "ko-KR") => "요율 고정 기간이 끝나 현재 요율로 돌아감",
                    (true, _) => "your rate lock has ended, so the product's current rate applies",
                    (false, "zh-CN") => "您选择的费率锁定保持原保费",
                    (false, "ko-KR") => "선택하신 요율 고정으로 기존 보험료 유지",
                    (false, _) => "your rate lock keeps the premium you locked",
                };
        }
        var factor = adjustments.LastOrDefault(a => a.Reason == reason.Reason)?.Factor;
        var percent = factor is { } x ? LocalFormat.Percent(Math.Abs(x - 1), locale) : "";
        var rose = factor is null or >= 1;
        return (reason.Reason, locale) switch
        {
            ("medical-inflation", "zh-CN") => $"本产品保障池的医疗费用{(rose ? "上涨" : "下降")}{percent}",
            ("medical-inflation", "ko-KR") => $"이 상품 가입자 전체의 의료비 {percent} {(rose ? "상승" : "하락")}",
            ("medical-inflation", _) => $"medical costs in the product's pool {(rose ? "rose" : "fell")} {percent}",
            ("claims-experience", "zh-CN") => $"本产品全体客户的整体赔付情况，费率{(rose ? "上调" : "下调")}{percent}",
            ("claims-experience", "ko-KR") => $"이 상품 전체의 보험금 지급 실적에 따라 요율 {percent} {(rose ? "인상" : "인하")}",
            ("claims-experience", _) => $"claims across everyone with this product, rates {(rose ? "up" : "down")} {percent}",
            (_, "zh-CN") => $"本产品统一费率{(rose ? "上调" : "下调")}{percent}（{reason.Reason}）",
            (_, "ko-KR") => $"상품 전체 요율 {percent} {(rose ? "인상" : "인하")}({reason.Reason})",
            _ => $"a product-wide rate {(rose ? "rise" : "cut")} of {percent} ({reason.Reason.Replace('-', ' ')})",
        };
    }

    private static string Signed(decimal change, string currency, string locale) =>
        (change >= 0 ? "+" : "−") + LocalFormat.Money(Math.Abs(change), currency, locale);
}
