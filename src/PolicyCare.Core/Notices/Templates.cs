using PolicyCare.Billing;

namespace PolicyCare.Notices;

/// <summary>
/// The words of every notice in Chinese, Korean and English: warm, professional, never threatening,
/// always with a way out. Every reminder states the policy number, the amount, the deadline and,
/// after a failed debit, when and how much that debit was.
/// </summary>
public static class Templates
{
    /// <summary>
    /// The targeted offer to customers whose debits keep failing (the lapse-notification seed's push to re-bind): how
    /// many premiums failed and why, that cover is at risk if it goes on, and where to link another card or account or
    /// choose another way to pay. It asks nothing to be paid now: any amount overdue has its own reminders.
    /// </summary>
    private static string RenderRebindOffer(NoticeFacts f, string locale, string recipientName, string help)
    {
        var r = f.Rebind ?? new RebindOfferFacts(0, 6, DebitFailureReason.InsufficientFunds, "");
        var reason = ReasonText(r.LastReason, locale);
        var text = locale switch
        {
            "zh-CN" => $"【PolicyCare】尊敬的{recipientName}，您的保单{f.PolicyNumber}近{r.Months}个月有{r.FailedPremiums}期保费自动扣款未成功（最近一次：{reason}）。为免影响保障，建议您绑定其他银行卡或账户，或改用其他缴费方式：{r.Link} 如有疑问请联系{help}。",
            "ko-KR" => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 보험료 자동이체가 최근 {r.Months}개월 동안 {r.FailedPremiums}회 처리되지 않았습니다(최근 사유: {reason}). 보장이 중단되지 않도록 다른 카드나 계좌를 연결하시거나 다른 납입 방법을 선택해 주세요: {r.Link} 문의: {help}",
            _ => $"PolicyCare: Dear {recipientName}, the automatic debit for policy {f.PolicyNumber} has failed for {r.FailedPremiums} premiums in the last {r.Months} months (last time: {reason}). So that your cover is not put at risk, please link another card or account, or choose another way to pay: {r.Link} Questions: {help}.",
        };
        return locale == "ko-KR" ? KoreanParticles.Resolve(text) : text;
    }

    public static string Render(NoticeOccasion occasion, string locale, string recipientName, bool plainWords)
    {
        var f = occasion.Facts;
        string M(decimal amount) => LocalFormat.Money(amount, f.Currency, locale);
        string D(DateOnly? date) => date is { } d ? LocalFormat.Date(d, locale) : "";
        var help = ServiceLine(f.Currency, locale);
        if (occasion.Stage.IsClaim()) return ClaimTemplates.Render(occasion, locale, recipientName, help);
        if (occasion.Stage.IsCase()) return CaseTemplates.Render(occasion, locale, recipientName, help);
        if (occasion.Stage.IsChange()) return ChangeTemplates.Render(occasion, locale, recipientName, help);
        if (occasion.Stage == Stage.PolicyReview) return ReviewTemplates.Render(occasion, locale, recipientName, help);
        if (occasion.Stage == Stage.InspectionReport) return ReviewTemplates.RenderInspection(occasion, locale, recipientName, help);
        if (occasion.Stage == Stage.RebindOffer) return RenderRebindOffer(f, locale, recipientName, help);
        // Public: the number and name masked, the standing in words (overdue, lapsed), never the amount or a date.
        if (occasion.Stage == Stage.PublicListing)
            return RenderPublicListing(Masking.PublicPolicyNumber(f.PolicyNumber), Masking.PublicName(recipientName),
                PublicStanding(f.LapsedOn is not null ? Delinquency.PolicyStatus.Lapsed : f.AmountDue > 0 ? Delinquency.PolicyStatus.Grace : Delinquency.PolicyStatus.InForce, locale), locale, f.Currency);
        if (occasion.Stage == Stage.RenewalSurvey || occasion.Stage == Stage.RenewalNotice && f.Renewal is not null)
            return RenewalTemplates.Render(occasion, locale, recipientName, help);
        var failed = f.FailedDebit is { } fd
            ? locale switch
            {
                "zh-CN" => $"您{D(fd.On)}的自动扣款{M(fd.Amount)}未能成功（{ReasonText(fd.Reason, locale)}）。",
                "ko-KR" => $"{D(fd.On)} 자동이체 {M(fd.Amount)}이(가) 처리되지 않았습니다({ReasonText(fd.Reason, locale)}). ",
                _ => $"The automatic debit of {M(fd.Amount)} on {D(fd.On)} did not go through ({ReasonText(fd.Reason, locale)}). ",
            }
            : "";
        var rebind = f.RebindPaymentMethod
            ? locale switch
            {
                "zh-CN" => "建议您绑定新的银行卡或更换缴费方式。",
                "ko-KR" => "새 계좌나 카드를 등록해 주시면 다음 납입이 편리합니다. ",
                _ => "You may want to link a new card or account for future payments. ",
            }
            : "";

        var alternatives = f.PolicyLoanUpTo is { } loan && f.PaidUpSumInsured is { } paidUp
            ? locale switch
            {
                "zh-CN" => $"按您保单目前的现金价值，可申请最高{M(loan)}的保单贷款，或转为保额{M(paidUp)}的减额交清保单。",
                "ko-KR" => $"현재 해약환급금 기준으로 최대 {M(loan)}의 보험계약대출 또는 보험가입금액 {M(paidUp)}의 감액완납으로 전환하실 수 있습니다. ",
                _ => $"With your policy's cash value you can take a policy loan of up to {M(loan)}, or keep reduced paid-up cover of {M(paidUp)}. ",
            }
            : "";
        var text = (occasion.Stage, locale) switch
        {
            (Stage.PreDebitNotice, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，您的保单{f.PolicyNumber}将于{D(f.DebitOn)}自动扣缴保费{M(f.AmountDue)}，请确保账户余额充足。如需变更，请联系{help}。",
            (Stage.PreDebitNotice, "ko-KR") => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 보험료 {M(f.AmountDue)}이(가) {D(f.DebitOn)}에 자동이체될 예정입니다. 계좌 잔액을 확인해 주세요. 문의: {help}",
            (Stage.PreDebitNotice, _) => $"PolicyCare: Dear {recipientName}, the premium of {M(f.AmountDue)} for policy {f.PolicyNumber} will be debited on {D(f.DebitOn)}. Please make sure the account has enough funds. Questions: {help}.",

            (Stage.EarlyReminder, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，您的保单{f.PolicyNumber}下一期保费{M(f.AmountDue)}将于{D(f.DueDate)}到期，"
                + (f.DebitOn is not null ? "届时将自动扣款，请提前确保账户余额充足。" : "请按时缴费，可通过客户服务平台、微信支付、支付宝或银行转账完成。")
                + $"如缴费有困难，可申请分期缴费，我们乐意为您安排。如有疑问，请致电{help}。",
            (Stage.EarlyReminder, "ko-KR") => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 다음 보험료 {M(f.AmountDue)}의 납입일은 {D(f.DueDate)}입니다. "
                + (f.DebitOn is not null ? "이날 자동이체되오니 계좌 잔액을 미리 확인해 주세요. " : "고객 포털, 카카오페이, 계좌이체로 기한 내 납입해 주세요. ")
                + $"납입이 어려우시면 분할 납입을 도와드립니다. 문의: {help}",
            (Stage.EarlyReminder, _) => $"PolicyCare: Dear {recipientName}, the next premium of {M(f.AmountDue)} for policy {f.PolicyNumber} is due on {D(f.DueDate)}. "
                + (f.DebitOn is not null ? "It will be debited that day; please make sure the account has enough funds. " : "Please pay by then in the customer portal, by card, wallet or bank transfer. ")
                + $"If paying is difficult, we can set up a payment plan: {help}.",

            (Stage.FirstReminder, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，您的保单{f.PolicyNumber}于{D(f.DueDate)}应缴保费，目前待缴{M(f.AmountDue)}。{failed}{rebind}您的保障在宽限期内继续有效，请于{D(f.Deadline)}前缴费，可通过客户服务平台、微信支付、支付宝或银行转账完成。如暂时不便，可申请分期缴费。如有疑问，请致电{help}。",
            (Stage.FirstReminder, "ko-KR") => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 {D(f.DueDate)} 납입 보험료 {M(f.AmountDue)}이(가) 아직 납입되지 않았습니다. {failed}{rebind}납입유예기간 중에도 보장은 유지되며, {D(f.Deadline)}까지 고객 포털, 카카오페이, 계좌이체로 납입하실 수 있습니다. 어려우시면 분할 납입도 가능합니다. 문의: {help}",
            (Stage.FirstReminder, _) => $"PolicyCare: Dear {recipientName}, the premium for policy {f.PolicyNumber} due on {D(f.DueDate)} is still open: {M(f.AmountDue)}. {failed}{rebind}Your cover continues during the grace period; please pay by {D(f.Deadline)} in the customer portal, by card, wallet or bank transfer. If now is difficult, ask us about a payment plan: {help}.",

            (Stage.SecondReminder, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，您的保单{f.PolicyNumber}尚有保费{M(f.AmountDue)}未缴，宽限期将于{D(f.Deadline)}届满。{failed}若届时仍未缴费，保单效力将中止，期间发生的保险事故无法获得保障。我们可以为您安排分期缴费，或介绍保单贷款、减额交清等方案。如有疑问，请致电{help}。",
            (Stage.SecondReminder, "ko-KR") => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 미납 보험료 {M(f.AmountDue)}의 납입유예기간이 {D(f.Deadline)}에 끝납니다. {failed}기한까지 납입되지 않으면 계약의 효력이 정지되어 그 기간의 사고는 보장받지 못합니다. 분할 납입, 보험계약대출, 감액완납 등도 안내해 드립니다. 문의: {help}",
            (Stage.SecondReminder, _) => $"PolicyCare: Dear {recipientName}, {M(f.AmountDue)} is still open on policy {f.PolicyNumber} and the grace period ends on {D(f.Deadline)}. {failed}If it stays unpaid, the policy will be suspended and claims in that time would not be covered. We can set up a payment plan or explain a policy loan or reduced paid-up cover: {help}.",

            (Stage.LapseNotice, "zh-CN") when f.ShortTerm => $"【PolicyCare】尊敬的{recipientName}，您的保单{f.PolicyNumber}因续保保费{M(f.AmountDue)}未在{D(f.DueDate)}前缴纳，已于{D(f.LapsedOn)}到期终止，保障已结束。如需继续保障，欢迎重新投保或联系{help}。",
            (Stage.LapseNotice, "ko-KR") when f.ShortTerm => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}은(는) 갱신 보험료 {M(f.AmountDue)}이(가) {D(f.DueDate)}까지 납입되지 않아 {D(f.LapsedOn)}에 만료되었습니다. 보장을 계속 원하시면 재가입을 도와드리겠습니다. 문의: {help}",
            (Stage.LapseNotice, _) when f.ShortTerm => $"PolicyCare: Dear {recipientName}, policy {f.PolicyNumber} ended on {D(f.LapsedOn)} because the renewal premium of {M(f.AmountDue)} due on {D(f.DueDate)} was not paid, so its cover has ended. To be covered again, we will gladly help you renew: {help}.",

            (Stage.LapseNotice, "zh-CN") => (plainWords ? $"【PolicyCare】{recipientName}您好：您的保单{f.PolicyNumber}因{M(f.AmountDue)}保费没有按时交上，从{D(f.LapsedOn)}起暂停保障（“失效”）。在{D(f.ReinstateBy)}前补交保费和利息，就可以恢复（“复效”）。" : $"【PolicyCare】尊敬的{recipientName}，您的保单{f.PolicyNumber}因未在宽限期内缴纳保费{M(f.AmountDue)}，已于{D(f.LapsedOn)}效力中止，中止期间发生的保险事故不予保障。")
                + $"{failed}您可在{D(f.ReinstateBy)}前申请复效：提交复效申请书{(f.HealthDeclaration ? "、健康告知书" : "")}及身份证，补缴欠缴保费及按年利率{LocalFormat.Percent(f.InterestRate, locale)}计算的单利利息。逾期未复效，保险合同将终止。您也可以选择保单贷款或减额交清。{alternatives}如有疑问，请致电{help}。",
            (Stage.LapseNotice, "ko-KR") => (plainWords ? $"[PolicyCare] {recipientName}님, 보험료 {M(f.AmountDue)}이(가) 납입되지 않아 보험계약 {f.PolicyNumber}의 보장이 {D(f.LapsedOn)}부터 멈췄습니다(효력 정지). {D(f.ReinstateBy)}까지 밀린 보험료와 이자를 내시면 다시 살릴 수 있습니다(부활). " : $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}은(는) 납입유예기간 내 보험료 {M(f.AmountDue)}이(가) 납입되지 않아 {D(f.LapsedOn)}부터 효력이 정지되었습니다. 정지 기간 중 사고는 보장되지 않습니다. ")
                + $"{failed}{D(f.ReinstateBy)}까지 부활을 청약하실 수 있습니다: 부활청약서{(f.HealthDeclaration ? ", 건강 고지서" : "")}, 신분증을 제출하시고 연체 보험료와 연 {LocalFormat.Percent(f.InterestRate, locale)} 단리 이자를 납입해 주세요. 기한이 지나면 계약이 해지됩니다. 보험계약대출이나 감액완납도 선택하실 수 있습니다. {alternatives}문의: {help}",
            (Stage.LapseNotice, _) => (plainWords ? $"PolicyCare: Dear {recipientName}, because {M(f.AmountDue)} was not paid, the cover of policy {f.PolicyNumber} has paused from {D(f.LapsedOn)} (the policy has lapsed). You can bring it back (reinstate it) by {D(f.ReinstateBy)} by paying what is owed plus interest. " : $"PolicyCare: Dear {recipientName}, policy {f.PolicyNumber} lapsed on {D(f.LapsedOn)} because {M(f.AmountDue)} was not paid within the grace period; claims arising while it is lapsed are not covered. ")
                + $"{failed}You can apply to reinstate it until {D(f.ReinstateBy)} with the application form{(f.HealthDeclaration ? ", a health declaration" : "")} and your ID, paying the premiums due plus simple interest at {LocalFormat.Percent(f.InterestRate, locale)} a year. After that date the contract ends. A policy loan or reduced paid-up cover are alternatives. {alternatives}Questions: {help}.",

            (Stage.ReinstatementFollowUp, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，您的保单{f.PolicyNumber}自{D(f.LapsedOn)}效力中止，现补缴{M(f.AmountDue)}及利息即可申请复效，截止日期{D(f.ReinstateBy)}。所需材料：复效申请书{(f.HealthDeclaration ? "、健康告知书" : "")}、身份证。越晚申请，健康状况变化可能影响审核。如有疑问，请致电{help}。",
            (Stage.ReinstatementFollowUp, "ko-KR") => $"[PolicyCare] {recipientName}님, {D(f.LapsedOn)}부터 효력이 정지된 보험계약 {f.PolicyNumber}은(는) {M(f.AmountDue)}과(와) 이자를 납입하시면 {D(f.ReinstateBy)}까지 부활할 수 있습니다. 필요 서류: 부활청약서{(f.HealthDeclaration ? ", 건강 고지서" : "")}, 신분증. 늦어질수록 건강 상태에 따라 심사가 어려워질 수 있습니다. 문의: {help}",
            (Stage.ReinstatementFollowUp, _) => $"PolicyCare: Dear {recipientName}, policy {f.PolicyNumber} has been lapsed since {D(f.LapsedOn)}. Paying {M(f.AmountDue)} plus interest brings it back; you can apply until {D(f.ReinstateBy)} with the application form{(f.HealthDeclaration ? ", a health declaration" : "")} and your ID. The later you apply, the more a change in health may affect the decision: {help}.",

            (Stage.CoverEnded, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，您的保单{f.PolicyNumber}保险期间已于{D(f.CoverEndsOn)}届满，保险合同终止，此后发生的保险事故不再承担保险责任，也不再收取保费。感谢您的信任。如需继续保障，欢迎联系{help}。",
            (Stage.CoverEnded, "ko-KR") => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 보험기간이 {D(f.CoverEndsOn)}에 끝나 계약이 만기 종료되었습니다. 이후 사고는 보장되지 않으며 보험료도 더 청구되지 않습니다. 그동안 감사했습니다. 보장을 이어가시려면 문의해 주세요: {help}",
            (Stage.CoverEnded, _) => $"PolicyCare: Dear {recipientName}, the cover term of policy {f.PolicyNumber} ended on {D(f.CoverEndsOn)}, so the contract has ended: nothing after that day is covered and no more premiums are charged. Thank you for your trust. To stay covered, talk to us: {help}.",
            (Stage.TerminationNotice, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，您的保单{f.PolicyNumber}自{D(f.LapsedOn)}效力中止后的复效期已于{D(f.ReinstateBy)}届满，保险合同已终止。如保单有现金价值，我们将按合同约定退还。欢迎联系{help}了解新的保障方案。",
            (Stage.TerminationNotice, "ko-KR") => $"[PolicyCare] {recipientName}님, {D(f.LapsedOn)}부터 효력이 정지된 보험계약 {f.PolicyNumber}의 부활 가능 기간이 {D(f.ReinstateBy)}에 끝나 계약이 해지되었습니다. 해약환급금이 있으면 약관에 따라 지급해 드립니다. 새 보장 설계는 {help}(으)로 문의해 주세요.",
            (Stage.TerminationNotice, _) => $"PolicyCare: Dear {recipientName}, the reinstatement period of policy {f.PolicyNumber}, lapsed since {D(f.LapsedOn)}, ended on {D(f.ReinstateBy)}, so the contract has now ended. Any cash value will be paid to you under the policy terms. We would be glad to talk about new cover: {help}.",

            (Stage.RenewalNotice, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，您的保单{f.PolicyNumber}将于{D(f.RenewalDate)}续保，续保保费{M(f.AmountDue)}，请于{D(f.Deadline)}前通过自动扣款、微信支付、支付宝或银行转账缴纳，也可一键续保。如有疑问，请致电{help}。",
            (Stage.RenewalNotice, "ko-KR") => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 갱신일은 {D(f.RenewalDate)}이며 갱신 보험료는 {M(f.AmountDue)}입니다. {D(f.Deadline)}까지 자동이체, 카카오페이, 계좌이체로 납입하시거나 원클릭 갱신을 이용해 주세요. 문의: {help}",
            (Stage.RenewalNotice, _) => $"PolicyCare: Dear {recipientName}, policy {f.PolicyNumber} renews on {D(f.RenewalDate)} for {M(f.AmountDue)}. Please pay by {D(f.Deadline)} by auto-debit, card, wallet or bank transfer, or renew with one click in the portal: {help}.",
            _ => throw new ArgumentOutOfRangeException(nameof(occasion)),
        };
        // Written with both particle forms where a value comes before one; the value decides which is read.
        return locale == "ko-KR" ? KoreanParticles.Resolve(text) : text;
    }

    /// <summary>
    /// The facts of a notice as the variables of a pre-approved template (KakaoTalk Alimtalk, WeChat
    /// template messages): name, policy, amount, dueDate, deadline, lapseDate, reinstateBy, debitDate,
    /// formatted for the reader's language. A JSON object, so it compares by value.
    /// </summary>
    public static string Variables(NoticeOccasion occasion, string locale, string recipientName)
    {
        var f = occasion.Facts;
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = recipientName,
            ["policy"] = f.PolicyNumber,
            ["amount"] = LocalFormat.Money(f.AmountDue, f.Currency, locale),
        };
        void Add(string name, DateOnly? date)
        {
            if (date is { } d) variables[name] = LocalFormat.Date(d, locale);
        }
        Add("dueDate", f.DueDate);
        Add("deadline", f.Deadline);
        Add("lapseDate", f.LapsedOn);
        // A one-year policy that lapsed has ended: its notice names no day to reinstate by, so no template may be filled with one
        // (and the letter is titled by its absence as the end of the contract).
        if (!f.ShortTerm) Add("reinstateBy", f.ReinstateBy);
        Add("debitDate", f.DebitOn ?? f.FailedDebit?.On);
        return System.Text.Json.JsonSerializer.Serialize(variables, VariableJson);
    }

    private static readonly System.Text.Json.JsonSerializerOptions VariableJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>What the emergency contact is told: that we need to reach the customer, nothing more (their money is their business).</summary>
    /// <param name="currency">The policy's currency: its market's service line is the one to call.</param>
    public static string RenderEmergency(string policyNumber, string customerName, string locale, string currency) => locale switch
    {
        "zh-CN" => $"【PolicyCare】您好，我们需要就保单{policyNumber}联系{customerName}，但暂时无法联系上。麻烦您转告其尽快致电{ServiceLine(currency, locale)}，谢谢。",
        "ko-KR" => KoreanParticles.Resolve($"[PolicyCare] 안녕하세요. 보험계약 {policyNumber} 건으로 {customerName}님께 연락을 드리고 있으나 닿지 않고 있습니다. {ServiceLine(currency, locale)}(으)로 연락 주시도록 전해 주시면 감사하겠습니다."),
        _ => $"PolicyCare: Hello, we need to reach {customerName} about policy {policyNumber} but have not been able to. Please ask them to contact {ServiceLine(currency, locale)}. Thank you.",
    };

    /// <summary>The service line's number in a market (by its language), or null where the book has none.</summary>
    /// <summary>
    /// Words a person typed (a decline's reason, what a claim still needs), set inside a sentence the template ends itself:
    /// their own closing stop is dropped so a letter never reads "….。".
    /// </summary>
    public static string Typed(string? words) => (words ?? "").Trim().TrimEnd('.', '。', '．', '!', '！', ';', '；', ' ');

    /// <summary>
    /// The service line of the market a policy is sold in, known by its currency (China's policies are in yuan, Korea's in won):
    /// a Chinese policy's customer reading in Korean or English calls the Chinese line, not the language's. Null elsewhere.
    /// </summary>
    public static string? ServicePhone(string currency) => currency switch { "CNY" => "95500", "KRW" => "1588-0000", _ => null };

    /// <summary>How to reach us about a policy in <paramref name="currency"/>, in the reader's language: its market's line and the portal.</summary>
    public static string ServiceLine(string currency, string locale) => (locale, ServicePhone(currency)) switch
    {
        ("zh-CN", { } phone) => $"客服热线{phone}或登录客户服务平台",
        ("zh-CN", null) => "客服热线或登录客户服务平台",
        ("ko-KR", { } phone) => $"고객센터({phone}) 또는 고객 포털",
        ("ko-KR", null) => "고객센터 또는 고객 포털",
        (_, { } phone) => $"our service line ({phone}) or the customer portal",
        _ => "our service line or the customer portal",
    };


    /// <summary>A policy's standing as the public page may say it: no amount, no date, nothing more than the holder needs to know to call.</summary>
    public static string PublicStanding(Delinquency.PolicyStatus status, string locale) => (status, locale) switch
    {
        (Delinquency.PolicyStatus.Grace, "zh-CN") => "保费已逾期",
        (Delinquency.PolicyStatus.Grace, "ko-KR") => "보험료가 연체되었습니다",
        (Delinquency.PolicyStatus.Grace, _) => "a premium is overdue",
        (Delinquency.PolicyStatus.Lapsed, "zh-CN") => "保单已失效，仍可申请复效",
        (Delinquency.PolicyStatus.Lapsed, "ko-KR") => "계약의 효력이 상실되었으며 아직 부활을 신청할 수 있습니다",
        (Delinquency.PolicyStatus.Lapsed, _) => "the cover has lapsed and can still be restored",
        (Delinquency.PolicyStatus.InForce, "zh-CN") => "需要与您核对保单信息",
        (Delinquency.PolicyStatus.InForce, "ko-KR") => "계약 내용을 확인해야 합니다",
        (Delinquency.PolicyStatus.InForce, _) => "we need to check details of the policy with you",
        (_, "zh-CN") => "保单已终止",
        (_, "ko-KR") => "계약이 종료되었습니다",
        _ => "the policy has ended",
    };

    /// <summary>
    /// What the public page says of a policy whose holder cannot be reached: the masked number and name, its standing in
    /// words the caller gives, and how to get in touch — never an ID, amount or address.
    /// </summary>
    public static string RenderPublicListing(string maskedPolicy, string maskedName, string standing, string locale, string currency) => locale switch
    {
        "zh-CN" => $"保单{maskedPolicy}（投保人{maskedName}）：{standing}。我们多次联系未果，请投保人尽快通过{ServiceLine(currency, locale)}与我们联系，并更新联系方式。",
        "ko-KR" => KoreanParticles.Resolve($"보험계약 {maskedPolicy}(계약자 {maskedName}): {standing}. 여러 차례 연락을 드렸으나 닿지 않았습니다. {ServiceLine(currency, locale)}(으)로 연락 주시고 연락처를 변경해 주세요."),
        _ => $"Policy {maskedPolicy} (policyholder {maskedName}): {standing}. We have tried every contact we have without reaching you. Please get in touch through {ServiceLine(currency, locale)} and update your contact details.",
    };

    private static string ReasonText(DebitFailureReason reason, string locale) => (reason, locale) switch
    {
        (DebitFailureReason.InsufficientFunds, "zh-CN") => "账户余额不足",
        (DebitFailureReason.AccountClosed, "zh-CN") => "账户已销户",
        (DebitFailureReason.MandateRevoked, "zh-CN") => "扣款授权已取消",
        (DebitFailureReason.InvalidAccount, "zh-CN") => "账户信息有误",
        (DebitFailureReason.TechnicalError, "zh-CN") => "系统故障",
        (DebitFailureReason.InsufficientFunds, "ko-KR") => "잔액 부족",
        (DebitFailureReason.AccountClosed, "ko-KR") => "해지된 계좌",
        (DebitFailureReason.MandateRevoked, "ko-KR") => "자동이체 해지",
        (DebitFailureReason.InvalidAccount, "ko-KR") => "계좌 정보 오류",
        (DebitFailureReason.TechnicalError, "ko-KR") => "시스템 오류",
        (DebitFailureReason.InsufficientFunds, _) => "insufficient funds",
        (DebitFailureReason.AccountClosed, _) => "account closed",
        (DebitFailureReason.MandateRevoked, _) => "mandate cancelled",
        (DebitFailureReason.InvalidAccount, _) => "account details not valid",
        _ => "a technical error",
    };
}
