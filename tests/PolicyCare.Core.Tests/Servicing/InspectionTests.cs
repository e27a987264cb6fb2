using System.Text.Json;
using PolicyCare.Json;
using PolicyCare.Notices;
using PolicyCare.Policies;
using static PolicyCare.Support.Build;

namespace PolicyCare.Servicing;

/// <summary>Loss-prevention inspections: who is inspected, when, the follow-up of each recommendation, and the report's words.</summary>
public sealed class InspectionTests
{
    private static readonly InspectionTerms Yearly = new(5_000_000m, 12, 60);

    [Fact]
    public void OnlyARiskAtOrAboveTheThreshold_IsInspected()
    {
        Assert.True(Inspections.Apply(Yearly, 5_000_000m));
        Assert.False(Inspections.Apply(Yearly, 4_999_999.99m));
        Assert.False(Inspections.Apply(Yearly, null));
        Assert.False(Inspections.Apply(null, 9_000_000m));
    }

    [Fact]
    public void TheFirstInspection_IsDueInTheFirstMonth_ThenEachIntervalAfterTheLastOneMade()
    {
        Assert.Equal(D("2026-03-31"), Inspections.NextDue(D("2026-03-01"), null, Yearly));
        // Made late, on 20 April: the next is a year after that, not after the date it was due.
        Assert.Equal(D("2027-04-20"), Inspections.NextDue(D("2026-03-01"), D("2026-04-20"), Yearly));
        Assert.Equal(D("2026-10-20"), Inspections.NextDue(D("2026-03-01"), D("2026-04-20"), Yearly with { EveryMonths = 6 }));
    }

    [Fact]
    public void EachRecommendation_IsDueTheFollowUpDaysLater_AndTheInspectionClosesWithTheLast()
    {
        var recommended = Inspections.Recommend(["Clear the fire exit.", "  ", "Test the switchboard."], D("2026-04-20"), Yearly);
        Assert.Equal(["Clear the fire exit.", "Test the switchboard."], recommended.Select(r => r.Text));
        Assert.All(recommended, r => Assert.Equal(D("2026-06-19"), r.DueOn));
        Assert.Equal(InspectionStage.Scheduled, Inspections.Stage(null, []));
        Assert.Equal(InspectionStage.FollowingUp, Inspections.Stage(D("2026-04-20"), recommended));
        Assert.Equal(InspectionStage.FollowingUp, Inspections.Stage(D("2026-04-20"), [recommended[0] with { DoneOn = D("2026-05-01") }, recommended[1]]));
        Assert.Equal(InspectionStage.Closed, Inspections.Stage(D("2026-04-20"), [.. recommended.Select(r => r with { DoneOn = D("2026-05-01") })]));
        Assert.Equal(InspectionStage.Closed, Inspections.Stage(D("2026-04-20"), []));
        Assert.Equal(2, Inspections.Overdue(recommended, D("2026-06-20")).Count);
        Assert.Empty(Inspections.Overdue(recommended, D("2026-06-19")));
    }

    [Theory]
    [InlineData("zh-CN", "清理消防通道", "书面建议")]
    [InlineData("ko-KR", "Clear the fire exit.", "서면 권고")]
    [InlineData("en-US", "Clear the fire exit.", "written recommendations")]
    public void TheReport_StatesTheFindings_EachRecommendationWithItsDate_AndThatTheCoverIsUnchanged(string locale, string recommendation, string heading)
    {
        var facts = new NoticeFacts("CNP1", "CNY", 0m, Inspection: new InspectionNoticeFacts(D("2026-04-20"), "Fire exit blocked",
            [new Recommendation(recommendation, D("2026-06-19"))]));
        var text = Templates.Render(new NoticeOccasion(Stage.InspectionReport, "inspection-1", facts), locale, "Wang", plainWords: false);
        Assert.Contains("CNP1", text);
        Assert.Contains("Fire exit blocked", text);
        Assert.Contains(recommendation, text);
        Assert.Contains(heading, text);
        Assert.Contains(LocalFormat.Date(D("2026-06-19"), locale), text);
        Assert.Contains(locale switch { "zh-CN" => "不改变您的保障", "ko-KR" => "보장 내용은 바뀌지 않습니다", _ => "do not change your cover" }, text);
    }

    private static Product Parse(string inspections) =>
        ProductFile.Parse(JsonDocument.Parse($$"""{"code":"P","currency":"CNY","term":"long","inspections":{{inspections}}}""").RootElement, "$.products[0]");

    [Theory]
    [InlineData("""{"minSumInsured":"0"}""", "$.products[0].inspections.minSumInsured")]
    [InlineData("""{"minSumInsured":"1000.00","everyMonths":0}""", "$.products[0].inspections.everyMonths")]
    [InlineData("""{"minSumInsured":"1000.00","followUpDays":400}""", "$.products[0].inspections.followUpDays")]
    [InlineData("""{"minSumInsured":"1000.00","often":1}""", "$.products[0].inspections.often")]
    public void BadInspectionTerms_AreRefusedNamingTheirPath(string inspections, string path) =>
        Assert.Equal(path, Assert.Throws<InputException>(() => Parse(inspections)).Path);

    [Fact]
    public void TheReferencePropertyProduct_InspectsRisksOfFiveMillionAYear() =>
        Assert.Equal(Yearly, ProductFile.ReferenceProducts().Single(p => p.Code == "CN-PROPERTY").Inspection);
}
