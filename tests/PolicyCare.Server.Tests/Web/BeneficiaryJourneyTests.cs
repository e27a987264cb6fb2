using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace PolicyCare.Web;

/// <summary>The holder changes the beneficiaries in the portal: shares that do not add up are named, the effect is shown, nothing changes until confirmed.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BeneficiaryJourneyTests(BrowserServer server)
{
    [Fact]
    public async Task TheHolderNamesTwoPeople_SeesTheEffect_AndConfirms()
    {
        string policy;
        await using (var db = server.Database.Open())
        {
            var holder = await db.Users.Where(u => u.UserName == "customer1").Select(u => u.CustomerId!).SingleAsync();
            policy = await db.Policies.Where(p => p.HolderId == holder).OrderBy(p => p.Number).Select(p => p.Number).FirstAsync();
        }
        var page = await server.SignedInAsync("customer1");
        await page.GotoAsync($"/my/policies/{policy}");
        await page.ClickAsync($"a[href='/my/policies/{policy}/beneficiaries']");
        await page.WaitForURLAsync("**/beneficiaries");
        await BrowserServer.AssertAccessibleAsync(page);
        await page.FillAsync("#name-1", "Li Na");
        await page.SelectOptionAsync("#relationship-1", "spouse");
        await page.FillAsync("#share-1", "60");
        await page.FillAsync("#name-2", "Li Ming");
        await page.SelectOptionAsync("#relationship-2", "child");
        await page.FillAsync("#share-2", "30");
        if (await page.Locator("#consent").CountAsync() > 0) await page.CheckAsync("#consent");
        await BrowserServer.SubmitAsync(page, "text=Show the effect");
        Assert.Contains("add up to 90%", await page.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);
        await page.FillAsync("#share-2", "40");
        await BrowserServer.SubmitAsync(page, "text=Show the effect");
        Assert.Contains("Li Na (Spouse) 60%", await page.InnerTextAsync("[data-preview]"), StringComparison.Ordinal);
        await using (var db = server.Database.Open())
            Assert.Equal(0, await db.Endorsements.CountAsync(e => e.PolicyNumber == policy));
        await BrowserServer.SubmitAsync(page, "text=Confirm the change");
        Assert.Contains("Thank you", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        Assert.Contains("Li Ming", await page.InnerTextAsync("[data-beneficiaries]"), StringComparison.Ordinal);
        await BrowserServer.AssertAccessibleAsync(page);
        await server.ScreenshotAsync(page, "en-US-beneficiaries");
        await using (var db = server.Database.Open())
            Assert.Equal(1, await db.Endorsements.CountAsync(e => e.PolicyNumber == policy));
    }
}
