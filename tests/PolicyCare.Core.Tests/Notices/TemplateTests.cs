using PolicyCare.Billing;
using PolicyCare.Delinquency;
using static PolicyCare.Support.Build;

namespace PolicyCare.Notices;

public sealed class TemplateTests
{
    public static TheoryData<Stage, string> StagesAndLocales()
    {
        var data = new TheoryData<Stage, string>();
        foreach (var stage in Enum.GetValues<Stage>())
            foreach (var locale in LocalFormat.Locales)
                data.Add(stage, locale);
        return data;
    }

    /// <summary>Facts every stage's template can state: a policy owing 1,234.50 with its dates.</summary>
    private static readonly NoticeFacts Sample = new("PN-778", "CNY", 1234.5m, DueDate: D("2026-01-10"), Deadline: D("2026-03-11"),
        LapsedOn: D("2026-03-12"), ReinstateBy: D("2028-03-10"), InterestRate: 0.055m, DebitOn: D("2026-01-10"), RenewalDate: D("2026-07-01"),
        CoverEndsOn: D("2026-04-10"));

    /// <summary>A one-year policy's lapse cannot be reinstated: its variables carry the lapse date but no day to reinstate by, a long-term one's both.</summary>
    [Fact]
    public void AOneYearPolicysLapse_GivesTemplatesNoReinstatementDate()
    {
        var longTerm = Templates.Variables(new NoticeOccasion(Stage.LapseNotice, "x", Sample), "zh-CN", "Wang");
        var oneYear = Templates.Variables(new NoticeOccasion(Stage.LapseNotice, "x", Sample with { ShortTerm = true }), "zh-CN", "Wang");
        Assert.Contains("\"reinstateBy\"", longTerm, StringComparison.Ordinal);
        Assert.Contains("\"lapseDate\"", oneYear, StringComparison.Ordinal);
        Assert.DoesNotContain("\"reinstateBy\"", oneYear, StringComparison.Ordinal);
    }

    /// <summary>A notice ends on a whole sentence: in Chinese the service line used to trail after the last full stop as a bare fragment.</summary>
    [Theory]
    [MemberData(nameof(StagesAndLocales))]
    public void EveryStage_EndsOnAWholeSentence(Stage stage, string locale)
    {
        var facts = Sample;
        var text = Templates.Render(new NoticeOccasion(stage, "x", facts), locale, "Wang", plainWords: false).TrimEnd();
        Assert.True(text.EndsWith('。') || text.EndsWith('.') || text.EndsWith('?') || text.EndsWith('？') || text.EndsWith(')') || text.EndsWith('）')
            // Korean closes on where to ask, after a colon ("문의: 고객센터…", "연락해 주세요: 고객센터…").
            || (locale == "ko-KR" && text.EndsWith('요')) || text.Contains(": 고객센터", StringComparison.Ordinal),
            $"{stage} {locale} ends: …{text[Math.Max(0, text.Length - 40)..]}");
    }

    [Theory]
    [MemberData(nameof(StagesAndLocales))]
    public void EveryStage_InEveryLanguage_StatesThePolicyAndWhatIsOwed(Stage stage, string locale)
    {
        var facts = Sample;
        var text = Templates.Render(new NoticeOccasion(stage, "x", facts), locale, "Wang", plainWords: false);
        // The end of cover by its term names the day it ended; nothing is asked for a cover that ran its course.
        if (stage == Stage.CoverEnded)
        {
            Assert.Contains("PN-778", text, StringComparison.Ordinal);
            Assert.Contains(LocalFormat.Date(D("2026-04-10"), locale), text, StringComparison.Ordinal);
            return;
        }
        // A one-time code proves a contact, not a policy's business: it names no policy (ContactChangeTests reads it).
        if (stage == Stage.ContactCode) return;
        // A public listing is for anyone to read: the number masked, no amount.
        if (stage == Stage.PublicListing)
        {
            Assert.Contains(Masking.PublicPolicyNumber("PN-778"), text, StringComparison.Ordinal);
            Assert.DoesNotContain("PN-778", text, StringComparison.Ordinal);
            Assert.DoesNotContain("234", text, StringComparison.Ordinal);
            return;
        }
        Assert.Contains("PN-778", text, StringComparison.Ordinal);
        // A termination notice ends the contract: there is no amount left to ask for.
        // Nor do a claim's acknowledgement, requests and survey: they concern documents and dates, not money.
        // Nor do a case's notices and surveys, nor a change's confirmation, nor the call-back after a renewal, nor a policy review,
        // nor the offer to change a debit account that keeps failing (any amount overdue has its own reminders).
        if (stage is not (Stage.TerminationNotice or Stage.ClaimAcknowledgement or Stage.ClaimInformationRequest or Stage.ClaimInvestigation or Stage.ClaimSurvey or Stage.RenewalSurvey or Stage.PolicyReview or Stage.InspectionReport or Stage.RebindOffer) && !stage.IsCase() && !stage.IsChange())
            Assert.Contains(LocalFormat.Money(1234.5m, "CNY", locale), text, StringComparison.Ordinal);
        if (stage is Stage.FirstReminder or Stage.SecondReminder)
            Assert.Contains(LocalFormat.Date(D("2026-03-11"), locale), text, StringComparison.Ordinal);
        if (stage is Stage.LapseNotice or Stage.ReinstatementFollowUp)
            Assert.Contains(LocalFormat.Date(D("2028-03-10"), locale), text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("ko-KR")]
    [InlineData("en-US")]
    public void FailedDebit_IsNamedWithItsDateAndAmount(string locale)
    {
        var failure = new DebitFailure(D("2026-01-10"), D("2026-01-10"), 1200m, DebitFailureReason.InsufficientFunds, false, 1);
        var facts = new NoticeFacts("P1", "CNY", 1200m, DueDate: D("2026-01-10"), Deadline: D("2026-03-11"), FailedDebit: failure);
        var text = Templates.Render(new NoticeOccasion(Stage.FirstReminder, "x", facts), locale, "Wang", false);
        Assert.Contains(LocalFormat.Date(D("2026-01-10"), locale), text, StringComparison.Ordinal);
        Assert.Equal(2, text.AsSpan().Count(LocalFormat.Money(1200m, "CNY", locale)));
    }

    [Theory]
    [InlineData(1234567.5, "CNY", "zh-CN", "1,234,567.50元")]
    [InlineData(55000, "KRW", "ko-KR", "55,000원")]
    [InlineData(55000, "KRW", "en-US", "KRW 55,000")]
    public void Money_IsFormattedPerCurrencyAndLanguage(decimal amount, string currency, string locale, string expected) =>
        Assert.Equal(expected, LocalFormat.Money(amount, currency, locale));

    [Theory]
    [InlineData("zh-CN", "2026年3月11日")]
    [InlineData("ko-KR", "2026년 3월 11일")]
    [InlineData("en-US", "11 March 2026")]
    public void Dates_AreWrittenTheLocalWay(string locale, string expected) =>
        Assert.Equal(expected, LocalFormat.Date(D("2026-03-11"), locale));

    [Fact]
    public void Tone_NeverThreatens()
    {
        var facts = new NoticeFacts("P1", "CNY", 100m, Deadline: D("2026-03-11"), LapsedOn: D("2026-03-12"), ReinstateBy: D("2028-03-10"));
        foreach (var stage in Enum.GetValues<Stage>())
        {
            var text = Templates.Render(new NoticeOccasion(stage, "x", facts), "en-US", "Wang", false).ToLowerInvariant();
            foreach (var word in new[] { "legal action", "penalty", "final warning", "court", "must pay immediately" })
                Assert.DoesNotContain(word, text, StringComparison.Ordinal);
        }
    }


    [Theory]
    [InlineData("zh-CN", "出院小结", "12378")]
    [InlineData("ko-KR", "퇴원확인서", "12378")]
    [InlineData("en-US", "discharge summary", "12378")]
    public void AClaimsNotices_NameEveryMissingDocument_AndARefusalSaysWhyAndWhereToDispute(string locale, string document, string hotline)
    {
        var claim = new ClaimFacts("CL7", "CN", Missing: ["discharge-summary", "invoice"]);
        var request = Templates.Render(new NoticeOccasion(Stage.ClaimInformationRequest, "x", new NoticeFacts("P1", "CNY", 0m, Claim: claim)), locale, "Wang", false);
        Assert.Contains(document, request, StringComparison.Ordinal);
        Assert.Contains(ClaimTemplates.DocumentName("invoice", locale), request, StringComparison.Ordinal);
        Assert.Contains("CL7", request, StringComparison.Ordinal);

        var refusal = Templates.Render(new NoticeOccasion(Stage.ClaimDecision, "x", new NoticeFacts("P1", "CNY", 0m,
            Claim: claim with { Decision = Claims.ClaimDecision.Declined, Reason = "clause 4.2: waiting period" })), locale, "Wang", false);
        Assert.Contains("clause 4.2: waiting period", refusal, StringComparison.Ordinal);
        Assert.Contains(hotline, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh-CN", "原因：Medical report shows a heart condition。")]
    [InlineData("ko-KR", "사유: Medical report shows a heart condition. ")]
    [InlineData("en-US", "Reason: Medical report shows a heart condition. ")]
    public void ADeclinesTypedReason_EndsWithTheLettersOwnStop_NotTwo(string locale, string expected)
    {
        // An underwriter types the reason as a sentence; the letter ends the sentence itself.
        var change = new ChangeFacts("sum-insured", "R-000004", DeclinedReason: " Medical report shows a heart condition. ");
        var text = Templates.Render(new NoticeOccasion(Stage.ChangeDecision, "x", new NoticeFacts("P1", "CNY", 0m, Change: change)), locale, "Wang", false);
        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("ko-KR")]
    [InlineData("en-US")]
    public void APaymentWithADeductionAndDelayInterest_SaysBoth(string locale)
    {
        var claim = new ClaimFacts("CL7", "KR", Decision: Claims.ClaimDecision.Approved, Benefit: 1800m, Deducted: 300m, DelayInterest: 8.22m);
        var decided = Templates.Render(new NoticeOccasion(Stage.ClaimDecision, "x", new NoticeFacts("P1", "CNY", 1500m, Claim: claim)), locale, "Wang", false);
        Assert.Contains(LocalFormat.Money(300m, "CNY", locale), decided, StringComparison.Ordinal);
        var paid = Templates.Render(new NoticeOccasion(Stage.ClaimPayment, "x", new NoticeFacts("P1", "CNY", 1508.22m, Claim: claim)), locale, "Wang", false);
        Assert.Contains(LocalFormat.Money(8.22m, "CNY", locale), paid, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh-CN", "近6个月有3期保费自动扣款未成功（最近一次：账户已销户）")]
    [InlineData("ko-KR", "최근 6개월 동안 3회 처리되지 않았습니다(최근 사유: 해지된 계좌)")]
    [InlineData("en-US", "has failed for 3 premiums in the last 6 months (last time: account closed)")]
    public void TheRebindOffer_SaysHowManyPremiumsFailedAndWhy_AndWhereToChangeTheMethod(string locale, string expected)
    {
        var facts = new NoticeFacts("PN-778", "CNY", 0m, Rebind: new RebindOfferFacts(3, 6, DebitFailureReason.AccountClosed, "https://example.test/my/policies/PN-778/auto-debit"));
        var text = Templates.Render(new NoticeOccasion(Stage.RebindOffer, "rebind-offer-2026-12", facts), locale, "Wang", plainWords: false);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.Contains("PN-778", text, StringComparison.Ordinal);
        Assert.Contains("https://example.test/my/policies/PN-778/auto-debit", text, StringComparison.Ordinal);
    }
}
