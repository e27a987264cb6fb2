using PolicyCare.Servicing;

namespace PolicyCare.Notices;

/// <summary>
/// The words of a policy change's notices in Chinese, Korean and English: the confirmation names the
/// endorsement, what changed from what to what and from when (its letter is the endorsement PDF); the
/// one-time code says what it is for, how long it lasts, and never to tell it to anyone.
/// </summary>
public static class ChangeTemplates
{
    public static string Render(NoticeOccasion occasion, string locale, string recipientName, string help)
    {
        var f = occasion.Facts;
        var c = f.Change ?? ChangeFacts.None;
        var minutes = (int)ContactChanges.CodeLifetime.TotalMinutes;
        string D(DateOnly? date) => date is { } d ? LocalFormat.Date(d, locale) : "";
        string Lines(IReadOnlyList<string>? lines, IReadOnlyList<Beneficiary>? people)
        {
            var all = (lines ?? []).Concat((people ?? []).Select(b => $"{b.Name} · {RelationshipText(b.Relationship, locale)} · {b.Share}%")).ToList();
            return all.Count > 0 ? string.Join(locale == "zh-CN" ? "；" : "; ", all) : None(locale);
        }
        var what = KindText(c.Kind, locale);
        if (c.Cover is { } cover)
        {
            var (before, after) = CoverLines(cover, f.Currency, locale);
            c = c with { Before = before, After = after };
        }
        var reason = c.DeclinedReason is { } typed ? Templates.Typed(typed) : locale switch { "zh-CN" => "详见附函", "ko-KR" => "첨부 안내 참고", _ => "see the letter" };
        var text = (occasion.Stage, locale) switch
        {
            (Stage.ChangeDecision, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，您申请变更保单{f.PolicyNumber}的{what}（申请号{c.Reference}），未能同意，原因：{reason}。您的保障和保费保持不变。如有疑问，请联系{help}。",
            (Stage.ChangeDecision, "ko-KR") => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 {what} 변경 신청(신청번호 {c.Reference})은 심사 결과 승인되지 않았습니다. 사유: {reason}. 보장과 보험료는 그대로입니다. 문의: {help}",
            (Stage.ChangeDecision, _) => $"PolicyCare: Dear {recipientName}, your request to change the {what} of policy {f.PolicyNumber} (request {c.Reference}) was not accepted. Reason: {reason}. Your cover and premium stay as they were. Questions: {help}.",
            (Stage.RenewalConfirmation, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，您已确认续保保单{f.PolicyNumber}（编号{c.Reference}），新保险期间自{D(c.EffectiveOn)}起一年，保费{Lines(c.After, null)}（上年{Lines(c.Before, null)}）。您确认的内容已记录在案。如非本人操作，请立即联系{help}。",
            (Stage.RenewalConfirmation, "ko-KR") => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 갱신을 확인하셨습니다(배서번호 {c.Reference}). {D(c.EffectiveOn)}부터 1년, 보험료 {Lines(c.After, null)}(지난해 {Lines(c.Before, null)}). 동의하신 내용은 기록되어 있습니다. 본인이 하지 않으셨다면 바로 연락해 주세요: {help}",
            (Stage.RenewalConfirmation, _) => $"PolicyCare: Dear {recipientName}, you renewed policy {f.PolicyNumber} (endorsement {c.Reference}) for one year from {D(c.EffectiveOn)} at {Lines(c.After, null)} (last year {Lines(c.Before, null)}). Your consent is on record. If you did not do this, contact {help} at once.",
            (Stage.ChangeConfirmation, "zh-CN") => $"【PolicyCare】尊敬的{recipientName}，您保单{f.PolicyNumber}的{what}已变更（批单号{c.Reference}），自{D(c.EffectiveOn)}起生效。变更前：{Lines(c.Before, c.PeopleBefore)}。变更后：{Lines(c.After, c.PeopleAfter)}。如非本人操作，请立即联系{help}。",
            (Stage.ChangeConfirmation, "ko-KR") => $"[PolicyCare] {recipientName}님, 보험계약 {f.PolicyNumber}의 {what}이(가) 변경되었습니다(배서번호 {c.Reference}). {D(c.EffectiveOn)}부터 적용됩니다. 변경 전: {Lines(c.Before, c.PeopleBefore)}. 변경 후: {Lines(c.After, c.PeopleAfter)}. 본인이 요청하지 않으셨다면 바로 연락해 주세요: {help}",
            (Stage.ChangeConfirmation, _) => $"PolicyCare: Dear {recipientName}, the {what} of policy {f.PolicyNumber} changed (endorsement {c.Reference}), effective {D(c.EffectiveOn)}. Before: {Lines(c.Before, c.PeopleBefore)}. After: {Lines(c.After, c.PeopleAfter)}. If you did not ask for this, contact {help} at once.",
            (Stage.ContactCode, "zh-CN") => $"【PolicyCare】您正在更改{what}，验证码{c.Code}，{minutes}分钟内有效。请勿告诉任何人，包括本公司员工。",
            (Stage.ContactCode, "ko-KR") => $"[PolicyCare] {what} 변경 인증번호 {c.Code} ({minutes}분 안에 입력). 직원을 포함해 누구에게도 알려 주지 마세요.",
            (Stage.ContactCode, _) => $"PolicyCare: your code to change your {what} is {c.Code}. It expires in {minutes} minutes. Never share it, not even with our staff.",
            _ => throw new ArgumentOutOfRangeException(nameof(occasion)),
        };
        return locale == "ko-KR" ? KoreanParticles.Resolve(text) : text;
    }

    /// <summary>The change's kind in plain words: the beneficiaries, the mobile number, the email address.</summary>
    public static string KindText(string kind, string locale) => (kind, locale) switch
    {
        ("beneficiaries", "zh-CN") => "身故受益人",
        ("beneficiaries", "ko-KR") => "사망보험금 수익자",
        ("beneficiaries", _) => "beneficiaries",
        ("mobile", "zh-CN") => "手机号码",
        ("mobile", "ko-KR") => "휴대전화 번호",
        ("mobile", _) => "mobile number",
        ("email", "zh-CN") => "电子邮箱",
        ("email", "ko-KR") => "이메일 주소",
        ("email", _) => "email address",
        ("payment-method", "zh-CN") => "缴费方式",
        ("payment-method", "ko-KR") => "납입 방법",
        ("payment-method", _) => "payment method",
        ("sum-insured", "zh-CN") => "保险金额",
        ("sum-insured", "ko-KR") => "보험가입금액",
        ("sum-insured", _) => "sum insured",
        ("payment-frequency", "zh-CN") => "缴费频率",
        ("payment-frequency", "ko-KR") => "납입 주기",
        ("payment-frequency", _) => "payment frequency",
        ("payment-term", "zh-CN") => "缴费期限",
        ("payment-term", "ko-KR") => "납입기간",
        ("payment-term", _) => "payment term",
        ("cover-term", "zh-CN") => "保险期间",
        ("cover-term", "ko-KR") => "보험기간",
        ("cover-term", _) => "cover term",
        ("renewal", "zh-CN") => "续保",
        ("renewal", "ko-KR") => "갱신",
        ("renewal", _) => "renewal",
        (_, "zh-CN") => "保单信息",
        (_, "ko-KR") => "계약 정보",
        _ => "policy details",
    };

    /// <summary>A cover change's before and after in the letter's language: cover, installment and how often, and the pro-rata settlement.</summary>
    public static (IReadOnlyList<string> Before, IReadOnlyList<string> After) CoverLines(CoverChangeQuote q, string currency, string locale)
    {
        string M(decimal x) => LocalFormat.Money(x, currency, locale);
        string D(DateOnly d) => LocalFormat.Date(d, locale);
        string Cover(decimal sum) => locale switch { "zh-CN" => $"保险金额{M(sum)}", "ko-KR" => $"보험가입금액 {M(sum)}", _ => $"sum insured {M(sum)}" };
        string Premium(decimal installment, Policies.Frequency frequency) => locale switch
        {
            "zh-CN" => $"保费每{FrequencyText(frequency, locale)}{M(installment)}",
            "ko-KR" => $"보험료 {FrequencyText(frequency, locale)} {M(installment)}",
            _ => $"premium {M(installment)} {FrequencyText(frequency, locale)}",
        };
        var before = new List<string>();
        var after = new List<string>();
        if (q.SumInsuredBefore > 0)
        {
            before.Add(Cover(q.SumInsuredBefore));
            after.Add(Cover(q.SumInsuredAfter));
        }
        string Years(int years) => locale switch { "zh-CN" => $"缴费{years}年", "ko-KR" => $"{years}년납", _ => $"premiums for {years} years" };
        if (q.PaymentYearsBefore is { } yearsBefore && q.PaymentYearsAfter is { } yearsAfter)
        {
            before.Add(Years(yearsBefore));
            after.Add(Years(yearsAfter));
        }
        string Covered(int years) => locale switch { "zh-CN" => $"保险期间{years}年", "ko-KR" => $"보험기간 {years}년", _ => $"cover for {years} years" };
        if (q.CoverYearsBefore is { } coverBefore && q.CoverYearsAfter is { } coverAfter)
        {
            before.Add(Covered(coverBefore));
            after.Add(Covered(coverAfter));
        }
        before.Add(Premium(q.InstallmentBefore, q.FrequencyBefore));
        after.Add(Premium(q.InstallmentAfter, q.FrequencyAfter) + locale switch
        {
            "zh-CN" => $"，自{D(q.FirstNewDueOn)}起",
            "ko-KR" => $"({D(q.FirstNewDueOn)}부터)",
            _ => $" from {D(q.FirstNewDueOn)}",
        });
        if (q.AmountDue > 0)
            after.Add(locale switch
            {
                "zh-CN" => $"本期剩余天数按日补缴{M(q.AmountDue)}，随{D(q.FirstNewDueOn)}的保费一并收取",
                "ko-KR" => $"이번 기간 남은 일수만큼 {M(q.AmountDue)}을(를) {D(q.FirstNewDueOn)} 보험료와 함께 납입",
                _ => $"{M(q.AmountDue)} for the rest of this period, added to the premium due {D(q.FirstNewDueOn)}",
            });
        if (q.AmountCredited > 0)
            after.Add(locale switch
            {
                "zh-CN" => $"本期剩余天数按日退还{M(q.AmountCredited)}，存入保单账户，抵扣下期保费",
                "ko-KR" => $"이번 기간 남은 일수만큼 {M(q.AmountCredited)}을(를) 계약에 적립해 다음 보험료에서 차감",
                _ => $"{M(q.AmountCredited)} for the rest of this period credited to the policy, taken off the next premiums",
            });
        return (before, after);
    }

    /// <summary>How often a premium falls due, as a word of the letter's language ("month" in Chinese reads after 每).</summary>
    public static string FrequencyText(Policies.Frequency frequency, string locale) => (frequency, locale) switch
    {
        (Policies.Frequency.Monthly, "zh-CN") => "月",
        (Policies.Frequency.Quarterly, "zh-CN") => "季",
        (Policies.Frequency.Semiannual, "zh-CN") => "半年",
        (Policies.Frequency.Annual, "zh-CN") => "年",
        (Policies.Frequency.Monthly, "ko-KR") => "매월",
        (Policies.Frequency.Quarterly, "ko-KR") => "3개월마다",
        (Policies.Frequency.Semiannual, "ko-KR") => "6개월마다",
        (Policies.Frequency.Annual, "ko-KR") => "매년",
        (Policies.Frequency.Monthly, _) => "a month",
        (Policies.Frequency.Quarterly, _) => "a quarter",
        (Policies.Frequency.Semiannual, _) => "every six months",
        _ => "a year",
    };

    /// <summary>How a beneficiary is related to the insured, in the letter's language.</summary>
    public static string RelationshipText(Relationship relationship, string locale)
    {
        var (zh, ko, en) = relationship switch
        {
            Relationship.Spouse => ("配偶", "배우자", "spouse"),
            Relationship.Child => ("子女", "자녀", "child"),
            Relationship.Parent => ("父母", "부모", "parent"),
            Relationship.Sibling => ("兄弟姐妹", "형제자매", "brother or sister"),
            Relationship.Grandchild => ("孙子女", "손자녀", "grandchild"),
            Relationship.Grandparent => ("祖父母", "조부모", "grandparent"),
            Relationship.OtherRelative => ("其他亲属", "기타 친족", "other relative"),
            Relationship.Employer => ("雇主", "고용주", "employer"),
            _ => ("其他", "기타", "other"),
        };
        return locale switch { "zh-CN" => zh, "ko-KR" => ko, _ => en };
    }

    private static string None(string locale) => locale switch
    {
        "zh-CN" => "无",
        "ko-KR" => "없음",
        _ => "none",
    };
}
