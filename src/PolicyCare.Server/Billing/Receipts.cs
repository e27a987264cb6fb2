using PolicyCare.Notices;

namespace PolicyCare.Billing;

/// <summary>
/// A receipt for a payment received, as a letter to the policyholder in the reader's language: what
/// was received, when, how, what it paid and what was kept as credit, under a receipt number staff can
/// find it by (<c>R-</c> and the payment's number).
/// </summary>
public static class Receipts
{
    public static string Number(PaymentRecord payment) => $"R-{payment.Id:D6}";

    /// <param name="methodName">How it was paid, in the reader's words ("微信支付", "Bank transfer").</param>
    public static Letter For(PaymentRecord payment, string currency, string holderName, string methodName, string locale)
    {
        string Money(decimal amount) => LocalFormat.Money(amount, currency, locale);
        string Labelled(string label, string value) => LetterRenderer.Labelled(locale, label, value);
        var words = ReceiptWords.For(locale, Templates.ServiceLine(currency, locale));
        var received = LocalFormat.Date(payment.ReceivedOn, locale);
        var body = new List<string>
        {
            words.Dear(holderName),
            KoreanParticles.Resolve(words.Confirms(Money(payment.Amount), payment.PolicyNumber, received)),
            Labelled(words.Amount, Money(payment.Amount)),
            Labelled(words.ReceivedOn, received),
            Labelled(words.Method, methodName),
            Labelled(words.Applied, Money(payment.Applied)),
        };
        if (payment.Credit > 0) body.Add(Labelled(words.Credit, Money(payment.Credit)));
        body.Add(words.Keep);
        return new Letter(locale, holderName, [], payment.ReceivedOn, Number(payment), payment.PolicyNumber, words.Subject, body)
        {
            ServicePhone = Templates.ServicePhone(currency),
        };
    }
}

/// <summary>A receipt's words in the reader's language.</summary>
public sealed record ReceiptWords(string Subject, Func<string, string> Dear, Func<string, string, string, string> Confirms,
    string Amount, string ReceivedOn, string Method, string Applied, string Credit, string Keep)
{
    /// <param name="serviceLine">How to reach us about the policy, in the reader's language (<see cref="Templates.ServiceLine"/>).</param>
    public static ReceiptWords For(string locale, string serviceLine) => locale switch
    {
        "zh-CN" => new("保费缴费收据", name => $"尊敬的{name}：", (amount, policy, date) => $"兹确认本公司已于{date}收到保单{policy}的保费{amount}。",
            "收款金额", "收款日期", "缴费方式", "已抵缴保费", "转入账户余额（用于以后的保费）",
            $"本收据为电子凭证，请妥善保存。如有疑问，请致电{serviceLine}。"),
        "ko-KR" => new("보험료 영수증", name => $"{name}님께", (amount, policy, date) => $"{date}에 보험계약 {policy}의 보험료 {amount}을(를) 받았음을 확인합니다.",
            "받은 금액", "받은 날", "납입 방법", "보험료로 충당한 금액", "잔액으로 보관한 금액(다음 보험료에 충당)",
            $"이 영수증은 전자 문서로 발행되었으니 보관해 주세요. 문의: {serviceLine}"),
        _ => new("Premium receipt", name => $"Dear {name},", (amount, policy, date) => $"We confirm that we received {amount} for policy {policy} on {date}.",
            "Amount received", "Received on", "Paid by", "Applied to premiums", "Kept as credit (for later premiums)",
            $"This receipt is issued electronically; please keep it. Questions: {serviceLine}."),
    };
}
