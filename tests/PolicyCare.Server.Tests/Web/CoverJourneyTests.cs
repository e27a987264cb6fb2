using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace PolicyCare.Web;

/// <summary>
/// Changes of cover in the back office, as the user does them: an agent asks for more cover for the holder from the
/// customer file, sees the new premium and the pro-rata part before anything changes, confirms, and the page shows the
/// new cover and the coming premium at once; a supervisor decides a request for more cover with a health disclosure.
/// </summary>
[Collection(OfficeBrowserCollection.Name)]
public sealed class CoverJourneyTests(BrowserServer server)
{
    [Fact]
    public async Task AnAgentAddsCoverForTheHolder_SeesTheEffect_AndThePageShowsTheNewCoverAtOnce()
    {
        string policy, holder;
        decimal sum;
        await using (var db = server.Database.Open())
            (policy, holder, sum) = await db.Policies.Where(p => p.ProductCode == "CN-LIFE20" && p.Status == Delinquency.PolicyStatus.InForce && p.PremiumChanges == null
                    && p.SumInsured != null && p.SumInsured <= 4_000_000m && !db.ChangeRequests.Any(r => r.PolicyNumber == p.Number))
                .OrderByDescending(p => p.Number).Select(p => ValueTuple.Create(p.Number, p.HolderId, p.SumInsured!.Value)).FirstAsync();
        var page = await server.SignedInAsync("service");
        await page.GotoAsync($"/office/customers/{holder}");
        await page.ClickAsync($"a[href='/office/policies/{policy}/cover']");
        await page.ArrivedAtAsync("**/cover");
        await BrowserServer.AssertAccessibleAsync(page);
        var more = sum + 200_000m;
        await page.FillAsync("#sum-insured", more.ToString("0", System.Globalization.CultureInfo.InvariantCulture));
        await BrowserServer.SubmitAsync(page, "text=Show the effect");
        Assert.Contains("answer the health question", await page.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);
        await page.CheckAsync("#disclosure-no");
        await BrowserServer.SubmitAsync(page, "text=Show the effect");
        var preview = await page.InnerTextAsync("[data-preview]");
        Assert.Contains("is added to the premium due on", preview, StringComparison.Ordinal);
        await using (var db = server.Database.Open())
            Assert.Null((await db.Policies.AsNoTracking().SingleAsync(p => p.Number == policy)).PremiumChanges);
        await BrowserServer.AssertAccessibleAsync(page);
        await BrowserServer.SubmitAsync(page, "text=Confirm the change");
        Assert.Contains("The change is recorded", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        Assert.Equal(Ui.Money(more, "CNY"), await page.InnerTextAsync("[data-sum-insured]"));
        Assert.NotNull(await page.QuerySelectorAsync("[data-coming]"));
        await server.ScreenshotAsync(page, "en-US-cover-change");
        await using (var db = server.Database.Open())
        {
            var stored = await db.Policies.AsNoTracking().SingleAsync(p => p.Number == policy);
            Assert.Equal(more, stored.SumInsured);
            Assert.NotNull(stored.PremiumChanges);
            Assert.Equal(1, await db.Endorsements.CountAsync(e => e.PolicyNumber == policy && e.Kind == "sum-insured" && e.By == "service"));
        }
    }

    [Fact]
    public async Task ASupervisor_DecidesARequestForMoreCover_FromTheUnderwritingQueue()
    {
        long id;
        await using (var db = server.Database.Open())
            id = await db.ChangeRequests.Where(r => r.Status == "underwriting").OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
        var page = await server.SignedInAsync("supervisor");
        // The dashboard's "waiting for underwriting" counts the requests for more cover as well as the reinstatements.
        await page.GotoAsync("/office/dashboard");
        int waiting;
        await using (var db = server.Database.Open())
            waiting = await db.Policies.CountAsync(p => p.HealthReview == PolicyCare.Delinquency.HealthReview.Referred)
                + await db.ChangeRequests.CountAsync(r => r.Status == "underwriting");
        Assert.Equal(waiting.ToString(System.Globalization.CultureInfo.InvariantCulture), (await page.InnerTextAsync("[data-figure=underwriting]")).Trim());
        await page.GotoAsync("/office/underwriting");
        var card = page.Locator($"[data-change-request='{id}']");
        await card.Locator("input[value=approved]").CheckAsync();
        await card.Locator("textarea").FillAsync("Report reviewed: the condition is controlled.");
        await BrowserServer.SubmitAsync(page, $"[data-change-request='{id}'] button[type=submit]");
        Assert.Contains("more cover approved", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator($"[data-change-request='{id}']").CountAsync());
        await BrowserServer.AssertAccessibleAsync(page);
        await using (var db = server.Database.Open())
        {
            var decided = await db.ChangeRequests.AsNoTracking().SingleAsync(r => r.Id == id);
            Assert.Equal(("applied", "supervisor"), (decided.Status, decided.DecidedBy));
            Assert.NotNull(decided.EndorsementId);
        }
    }

    [Fact]
    public async Task APolicyThatRanItsTerm_SaysSoInThePastTense_AndOffersNoChange()
    {
        // The demo's term life policy whose 30 years of cover ended in the history.
        string number;
        DateOnly ended;
        await using (var db = server.Database.Open())
        {
            var p = await db.Policies.AsNoTracking().Where(p => p.ProductCode == "CN-TERM30" && p.Status == Delinquency.PolicyStatus.Expired).FirstAsync();
            (number, ended) = (p.Number, p.Start.AddYears(30));
        }
        var page = await server.SignedInAsync("service");
        await page.GotoAsync($"/office/policies/{number}/cover");
        var date = Ui.Date(ended);
        Assert.Equal($"30 years: the cover ended on {date}", (await page.InnerTextAsync("[data-cover-term]")).Trim());
        Assert.Contains("was due on", await page.InnerTextAsync("[data-payment-term]"), StringComparison.Ordinal);
        Assert.Equal($"The cover ran its full term and ended on {date}: the policy can no longer be changed.", (await page.InnerTextAsync("[data-not-changeable]")).Trim());
        Assert.Equal(0, await page.Locator("main form").CountAsync());
        // Nothing to change, so no "you are changing the policy" to the agent either.
        Assert.Equal(0, await page.Locator("[data-office]").CountAsync());
    }
}
