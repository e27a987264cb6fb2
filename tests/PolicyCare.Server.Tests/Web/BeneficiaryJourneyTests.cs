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
        // Enhanced navigation swaps the page without a load event: wait for the form itself.
        await page.ArrivedAtAsync("**/beneficiaries");
        await page.WaitForSelectorAsync("#name-1");
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
            Assert.Equal(0, await db.Endorsements.CountAsync(e => e.PolicyNumber == policy && e.Kind == "beneficiaries"));
        await BrowserServer.SubmitAsync(page, "text=Confirm the change");
        Assert.Contains("Thank you", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        Assert.Contains("Li Ming", await page.InnerTextAsync("[data-beneficiaries]"), StringComparison.Ordinal);
        await BrowserServer.AssertAccessibleAsync(page);
        await server.ScreenshotAsync(page, "en-US-beneficiaries");
        await using (var db = server.Database.Open())
            Assert.Equal(1, await db.Endorsements.CountAsync(e => e.PolicyNumber == policy && e.Kind == "beneficiaries"));
    }

    [Fact]
    public async Task AnAgentChangesThemForTheHolder_FromTheCustomerFile()
    {
        string policy, holder;
        await using (var db = server.Database.Open())
            (policy, holder) = await db.Policies.Where(p => p.HolderId == p.InsuredId && p.Status == Delinquency.PolicyStatus.InForce && p.Number.StartsWith("KR"))
                .OrderBy(p => p.Number).Select(p => ValueTuple.Create(p.Number, p.HolderId)).FirstAsync();
        var page = await server.SignedInAsync("service");
        await page.GotoAsync($"/office/customers/{holder}");
        await page.ClickAsync($"a[href='/office/policies/{policy}/beneficiaries']");
        await page.ArrivedAtAsync("**/beneficiaries");
        Assert.NotNull(await page.QuerySelectorAsync("[data-office]"));
        string holderName;
        await using (var db = server.Database.Open())
            holderName = await db.Customers.Where(c => c.Id == holder).Select(c => c.Name).SingleAsync();
        Assert.Contains(holderName, await page.InnerTextAsync("[data-holder]"), StringComparison.Ordinal);
        await BrowserServer.AssertAccessibleAsync(page);
        var rows = await page.Locator("tr[data-row]").CountAsync();
        await BrowserServer.SubmitAsync(page, "text=Add another person");
        Assert.Equal(rows + 1, await page.Locator("tr[data-row]").CountAsync());
        await page.FillAsync("#name-1", "Kim Ji-woo");
        await page.SelectOptionAsync("#relationship-1", "child");
        await page.FillAsync("#share-1", "100");
        await BrowserServer.SubmitAsync(page, "text=Show the effect");
        // Edited after the preview: nothing is stored, the new effect is shown to read back first.
        await page.FillAsync("#name-1", "Kim Ji-ho");
        await BrowserServer.SubmitAsync(page, "text=Confirm the change");
        Assert.Contains("changed after the preview", await page.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);
        Assert.Contains("Kim Ji-ho", await page.InnerTextAsync("[data-preview]"), StringComparison.Ordinal);
        await using (var db = server.Database.Open())
            Assert.Equal(0, await db.Endorsements.CountAsync(e => e.PolicyNumber == policy && e.Kind == "beneficiaries"));
        await BrowserServer.SubmitAsync(page, "text=Confirm the change");
        Assert.Contains("Kim Ji-ho", await page.InnerTextAsync("[data-beneficiaries]"), StringComparison.Ordinal);
        Assert.Contains("written confirmation", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        await using (var db = server.Database.Open())
        {
            var endorsement = await db.Endorsements.SingleAsync(e => e.PolicyNumber == policy && e.Kind == "beneficiaries");
            Assert.Equal("service", endorsement.By);
            Assert.True(await db.Notices.AnyAsync(n => n.PolicyNumber == policy && n.Stage == PolicyCare.Notices.Stage.ChangeConfirmation));
        }
        // Collections staff see the customer but do not process changes.
        var collections = await server.SignedInAsync("collections");
        await collections.GotoAsync($"/office/customers/{holder}");
        Assert.Null(await collections.QuerySelectorAsync($"a[href='/office/policies/{policy}/beneficiaries']"));
    }
}
