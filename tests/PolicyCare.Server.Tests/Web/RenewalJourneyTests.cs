using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace PolicyCare.Web;

/// <summary>
/// The renewal in the browser: the customer reads the offer with its reasons and compares the ways to pay (in Chinese,
/// Korean and English), renews with one click, and answers the call-back survey of a renewal just made; a supervisor
/// previews a product-wide adjustment's effect and publishes it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RenewalJourneyTests(BrowserServer server)
{
    [Fact]
    public async Task TheCustomerReadsTheOfferInThreeLanguages_RenewsWithOneClick_AndAnswersTheCallBack()
    {
        foreach (var (culture, reason, once) in new[] { ("zh-CN", "医疗费用上涨", "按年缴"), ("ko-KR", "의료비", "연납") })
        {
            var reader = await server.SignedInAsync("customer4", culture);
            await reader.GotoAsync("/my/policies/CNH000001");
            await reader.ClickAsync("a[href='/my/policies/CNH000001/renewal']");
            await reader.ArrivedAtAsync("**/renewal");
            Assert.Contains(reason, await reader.InnerTextAsync("[data-reasons]"), StringComparison.Ordinal);
            Assert.Contains(once, await reader.InnerTextAsync("[data-options]"), StringComparison.Ordinal);
            await server.ScreenshotAsync(reader, $"{culture}-renewal-offer");
            await reader.CloseAsync();
        }

        var page = await server.SignedInAsync("customer4");
        await page.GotoAsync("/my/policies/CNH000001/renewal");
        await BrowserServer.AssertAccessibleAsync(page);
        Assert.Contains("age moves into another band", await page.InnerTextAsync("[data-reasons]"), StringComparison.Ordinal);
        Assert.Contains("CNY 2,645.76", await page.InnerTextAsync("[data-options]"), StringComparison.Ordinal);   // monthly, over the year
        Assert.Contains("not guaranteed", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await BrowserServer.SubmitAsync(page, "text=Renew for CNY 2,544.00");
        Assert.Contains("Thank you", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        Assert.Contains("You have accepted the renewal", await page.InnerTextAsync("[data-answer]"), StringComparison.Ordinal);
        await using (var db = server.Database.Open())
        {
            var consent = await db.RenewalAnswers.Where(a => a.PolicyNumber == "CNH000001" && a.Answer == "accepted").Select(a => a.ConsentText).SingleAsync();
            Assert.StartsWith("I renew policy CNH000001", consent, StringComparison.Ordinal);
        }

        // The other policy renewed three days ago: its call-back survey is one click away.
        await page.GotoAsync("/my/policies/CNH000005/renewal");
        await page.ClickAsync("text=Answer the survey");
        await page.ArrivedAtAsync("**/survey/**");
        await page.CheckAsync("#csat-5");
        await page.CheckAsync("#nps-9");
        await BrowserServer.SubmitAsync(page, "text=Send");
        await using (var db = server.Database.Open())
            Assert.Equal(5, await db.Surveys.Where(s => s.PolicyNumber == "CNH000005" && s.Moment == "renewal").Select(s => s.Csat).SingleAsync());
    }

    [Fact]
    public async Task TheCustomerReviewsTheirCover_InThreeLanguages_AndGoesToTheSuggestedStep()
    {
        foreach (var culture in new[] { "zh-CN", "ko-KR", "en-US" })
        {
            var page = await server.SignedInAsync("customer4", culture);
            await page.GotoAsync("/my/policies/CNH000001");
            await page.ClickAsync("a[href='/my/policies/CNH000001/review']");
            await page.ArrivedAtAsync("**/review");
            // The insured turns 40 before the renewal: next year's premium at the new band, beside this year's.
            var band = await page.InnerTextAsync("[data-point=age-band]");
            Assert.Contains("2,544.00", band, StringComparison.Ordinal);
            Assert.Contains("1,200.00", band, StringComparison.Ordinal);
            Assert.NotNull(await page.QuerySelectorAsync("[data-point=check-details] a[href='/my/policies/CNH000001/beneficiaries']"));
            if (culture != "en-US")
            {
                await page.CloseAsync();
                continue;
            }
            await BrowserServer.AssertAccessibleAsync(page);
            await page.ClickAsync("[data-point=age-band] a");
            await page.ArrivedAtAsync("**/renewal");
        }

        // A policy in grace: the review starts with what is owed and by when, in one Chinese sentence.
        var overdue = await server.SignedInAsync("customer1", "zh-CN");
        await overdue.GotoAsync("/my");
        var pay = await overdue.GetAttributeAsync("a[href$='/pay']", "href");
        await overdue.GotoAsync(pay!.Replace("/pay", "/review", StringComparison.Ordinal));
        var line = await overdue.InnerTextAsync("[data-overdue]");
        Assert.Matches(@"已逾期未缴，请在.+前缴清，以保持保障。立即缴费$", line.Trim());
    }

    [Fact]
    public async Task AnAgentReportsAnInspection_AndFollowsItsRecommendationUp()
    {
        var page = await server.SignedInAsync("service");
        await page.GotoAsync("/office/inspections");
        await BrowserServer.AssertAccessibleAsync(page);
        var due = await page.InnerTextAsync("[data-inspections=due]");
        Assert.Contains("CNP000002", due, StringComparison.Ordinal);
        Assert.DoesNotContain("CN-PROPERTY", due, StringComparison.Ordinal); // the product by its name, the sum insured as money
        Assert.Matches(@"\d{1,3}(,\d{3})+", due);
        // The customer is Chinese: the inspector writes the findings in the customer's language.
        await page.FillAsync("#findings", "灭火器均在有效期内；喷淋立管旁堆放了托盘。");
        await page.FillAsync("#recommendations", "喷淋立管周围保持一米净空。");
        await BrowserServer.SubmitAsync(page, "text=Send the report to the customer");
        Assert.Contains("policy CNP000002 is recorded and on its way", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        Assert.Contains("喷淋立管", await page.InnerTextAsync("[data-inspections=following-up]"), StringComparison.Ordinal);
        await using (var db = server.Database.Open())
            Assert.True(await db.Notices.AnyAsync(n => n.PolicyNumber == "CNP000002" && n.Stage == PolicyCare.Notices.Stage.InspectionReport));
    }

    [Fact]
    public async Task TheSupervisor_PreviewsAnAdjustmentsEffect_ThenPublishesIt()
    {
        var page = await server.SignedInAsync("supervisor");
        await page.GotoAsync("/office/renewals");
        await BrowserServer.AssertAccessibleAsync(page);
        Assert.Contains("HEALTH-1Y", await page.InnerTextAsync("[data-renewal-figures]"), StringComparison.Ordinal);
        // Too early: renewals that close are already offered at their price.
        await page.FillAsync("#adj-from", DateTime.UtcNow.AddDays(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("#adj-factor", "1.05");
        await page.FillAsync("#adj-reason", "claims-experience");
        await BrowserServer.SubmitAsync(page, "button[value=preview]");
        Assert.Contains("already", await page.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);

        await page.FillAsync("#adj-from", DateTime.UtcNow.AddDays(60).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await BrowserServer.SubmitAsync(page, "button[value=preview]");
        var customers = int.Parse(await page.InnerTextAsync("[data-customers]"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(customers > 0, "the adjustment should reach the demo's one-year policies");
        await using (var db = server.Database.Open())
            Assert.DoesNotContain("claims-experience", (await db.Products.SingleAsync(p => p.Code == "HEALTH-1Y")).Definition, StringComparison.Ordinal);
        await server.ScreenshotAsync(page, "en-US-renewal-adjustment");
        await BrowserServer.SubmitAsync(page, "button[value=publish]");
        Assert.Contains("Published", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        await using (var db = server.Database.Open())
            Assert.Contains("claims-experience", (await db.Products.SingleAsync(p => p.Code == "HEALTH-1Y")).Definition, StringComparison.Ordinal);
    }
}
