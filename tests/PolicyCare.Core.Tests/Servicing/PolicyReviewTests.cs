using System.Text.Json;
using PolicyCare.Json;
using PolicyCare.Notices;
using PolicyCare.Policies;
using static PolicyCare.Support.Build;

namespace PolicyCare.Servicing;

/// <summary>The policy review (保单检视): when it is due, what it suggests, and how the notice words it.</summary>
public sealed class PolicyReviewTests
{
    private static readonly RenewalTerms Bands = new([30, 7],
        [new(39, 1200m), new(59, 2400m), new(75, 4200m)],
        [new(D("2026-07-01"), 1.06m, "medical-inflation")], 3, 75, null);

    private static readonly ReviewTerms Cover = new(20_000m, [new(39, 20_000m), new(75, 50_000m)]);

    private static Product Health(ReviewTerms? review = null) =>
        Product.WithDefaults("MED1Y", PolicyTerm.Short, "CNY") with { Renewal = Bands, Review = review ?? Cover };

    private static Product Life() => Product.WithDefaults("LIFE", PolicyTerm.Long, "CNY");

    private static ReviewFacts Facts(Product product, string start, string? birth, decimal year = 1200m, int members = 0) =>
        new(Terms(product, start, year, Frequency.Annual), birth is null ? null : D(birth), year, members);

    [Fact]
    public void TheYearlyReview_IsDueWithTheFirstRenewalNotice_AndNotADayEarlierOrLater()
    {
        var facts = Facts(Health(), "2025-09-01", "1990-05-05");
        Assert.Equal([ReviewTrigger.Yearly], PolicyReviews.Triggers(facts, D("2026-08-02")));   // 30 days before 1 September
        Assert.Empty(PolicyReviews.Triggers(facts, D("2026-08-01")));
        Assert.Empty(PolicyReviews.Triggers(facts, D("2026-08-03")));
    }

    [Fact]
    public void ALongTermPolicy_IsReviewed30DaysBeforeEachAnniversary_NotOnItsFirstDays()
    {
        var facts = Facts(Life(), "2026-03-01", null);
        Assert.Empty(PolicyReviews.Triggers(facts, D("2026-01-30")));                           // before the policy began
        Assert.Equal([ReviewTrigger.Yearly], PolicyReviews.Triggers(facts, D("2027-01-30")));   // 30 days before 1 March 2027
    }

    [Fact]
    public void APolicyStartedOn29February_IsReviewedBeforeItsAnniversaryOn28FebruaryInACommonYear() =>
        Assert.Equal([ReviewTrigger.Yearly], PolicyReviews.Triggers(Facts(Life(), "2024-02-29", null), D("2027-01-29")));

    [Fact]
    public void TheBirthdayThatMovesTheInsuredIntoAnotherRateBand_IsALifeEvent_OthersAreNot()
    {
        Assert.Equal([ReviewTrigger.AgeBand], PolicyReviews.Triggers(Facts(Health(), "2025-09-01", "1986-11-20"), D("2026-11-20")));   // turns 40
        Assert.Empty(PolicyReviews.Triggers(Facts(Health(), "2025-09-01", "1985-11-20"), D("2026-11-20")));                             // turns 41
        Assert.Empty(PolicyReviews.Triggers(Facts(Health(), "2025-09-01", null), D("2026-11-20")));
    }

    [Fact]
    public void AtTheAgeBand_TheReviewShowsNextYearsPremiumWithTheProductsAdjustment_AndOffersTheRateLock()
    {
        var points = PolicyReviews.Points(Facts(Health(), "2025-12-01", "1986-11-20"), D("2026-11-20"));
        var band = Assert.Single(points, p => p.Kind == ReviewPointKind.AgeBand);
        Assert.Equal(40, band.Age);
        Assert.Equal(2544.00m, band.PremiumNext);                  // 2,400 × 1.06
        Assert.Equal(1200m, band.PremiumNow);
        Assert.Equal(D("2026-12-01"), band.From);
        Assert.True(band.RateLockOffered);
    }

    [Fact]
    public void ACoverBelowTheSuggestedLevelForTheInsuredsAge_IsSuggestedHigher_AndNotBefore()
    {
        var at40 = PolicyReviews.Points(Facts(Health(), "2025-09-01", "1986-01-01"), D("2026-08-02"));
        var cover = Assert.Single(at40, p => p.Kind == ReviewPointKind.CoverBelowSuggested);
        Assert.Equal((20_000m, 50_000m, 40), (cover.Cover, cover.Suggested, cover.Age));
        Assert.DoesNotContain(PolicyReviews.Points(Facts(Health(), "2025-09-01", "1996-01-01"), D("2026-08-02")), p => p.Kind == ReviewPointKind.CoverBelowSuggested);
    }

    [Fact]
    public void EveryReview_AsksToCheckTheBeneficiariesAndContacts_AndNewGroupMembersAreNamed()
    {
        var facts = Facts(Life(), "2025-09-01", null, members: 2);
        Assert.Equal([ReviewTrigger.NewMembers], PolicyReviews.Triggers(facts, D("2026-04-01")));
        var points = PolicyReviews.Points(facts, D("2026-04-01"));
        Assert.Equal([ReviewPointKind.NewMembers, ReviewPointKind.CheckDetails], points.Select(p => p.Kind));
        Assert.Equal(2, points[0].Members);
    }

    [Theory]
    [InlineData("zh-CN", "2,544.00", "提高保额")]
    [InlineData("ko-KR", "2,544.00", "가입금액을 늘리거나")]
    [InlineData("en-US", "2,544.00", "raise it")]
    public void TheReviewNotice_StatesEachSuggestionWithItsFigures_ThatNothingChangesUnasked_AndTheLink(string locale, string premium, string raise)
    {
        var facts = Facts(Health(), "2025-12-01", "1986-11-20");
        var date = D("2026-11-20");
        var review = new ReviewNoticeFacts(PolicyReviews.Triggers(facts, date), PolicyReviews.Points(facts, date), "https://portal.example/my/policies/P1/review");
        var text = Templates.Render(new NoticeOccasion(Stage.PolicyReview, "review-2026-11-20", new NoticeFacts("P1", "CNY", 0m, Review: review)), locale, "Wang", plainWords: false);
        Assert.Contains(premium, text);
        Assert.Contains(raise, text);
        Assert.Contains("https://portal.example/my/policies/P1/review", text);
        Assert.Contains(locale switch { "zh-CN" => "您不申请则保单不变", "ko-KR" => "신청하지 않으시면", _ => "nothing changes unless you ask" }, text);
    }

    private static Product Parse(string review) =>
        ProductFile.Parse(JsonDocument.Parse($$"""{"code":"H","currency":"CNY","term":"long","review":{{review}}}""").RootElement, "$.products[0]");

    [Theory]
    [InlineData("""{"sumInsured":"0","suggestedCover":[]}""", "$.products[0].review.sumInsured")]
    [InlineData("""{"sumInsured":"1000.00","suggestedCover":[{"toAge":59,"amount":"1.00"},{"toAge":39,"amount":"2.00"}]}""", "$.products[0].review.suggestedCover[1].toAge")]
    [InlineData("""{"sumInsured":"1000.00","suggestedCover":[{"toAge":59,"amount":"-1"}]}""", "$.products[0].review.suggestedCover[0].amount")]
    [InlineData("""{"sumInsured":"1000.00","suggestedCover":[],"extra":1}""", "$.products[0].review.extra")]
    public void ABadReview_IsRefusedNamingItsPath(string review, string path) =>
        Assert.Equal(path, Assert.Throws<InputException>(() => Parse(review)).Path);

    [Fact]
    public void TheReferenceHealthProduct_SuggestsMoreCoverFrom40() =>
        Assert.Equal(50_000m, ProductFile.ReferenceProducts().Single(p => p.Code == "HEALTH-1Y").Review!.SuggestedAt(40));
}
