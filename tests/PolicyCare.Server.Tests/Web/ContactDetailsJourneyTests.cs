using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PolicyCare.Notices;

namespace PolicyCare.Web;

/// <summary>
/// A customer changes the mobile number in the portal, in Korean: the code goes to the new number through the loopback SMS
/// provider and is read off it as off a phone; a wrong code is counted, the right one replaces the number, writes an
/// endorsement of each policy and one written confirmation.
/// </summary>
[Collection(OfficeBrowserCollection.Name)]
public sealed class ContactDetailsJourneyTests(BrowserServer server)
{
    [Fact]
    public async Task TheCustomerProvesTheNewNumberWithTheCode_AndItReplacesTheOldOne()
    {
        var customer = await server.CustomerIdOfAsync("customer3");
        string? before;
        int policies;
        await using (var db = server.Database.Open())
        {
            before = await db.Customers.Where(c => c.Id == customer).Select(c => c.Mobile).SingleAsync();
            policies = await db.Policies.CountAsync(p => p.HolderId == customer);
        }
        var page = await server.SignedInAsync("customer3", "ko-KR");
        await page.GotoAsync("/my/preferences");
        await page.ClickAsync("a[href='/my/contact-details']");
        await page.ArrivedAtAsync("**/my/contact-details");
        await BrowserServer.AssertAccessibleAsync(page);

        await page.SelectOptionAsync("#kind", "mobile");
        await page.FillAsync("#address", "12");
        await BrowserServer.SubmitAsync(page, "main form button[type=submit]");
        Assert.Contains("8~15", await page.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);

        await page.FillAsync("#address", "010-5555-0199");
        await BrowserServer.SubmitAsync(page, "main form button[type=submit]");
        Assert.Contains("0199", await page.InnerTextAsync("[data-sent]"), StringComparison.Ordinal);
        var code = server.Sms.LastCodeTo("+821055550199");
        Assert.Equal(6, code.Length);
        // A real provider took the message, so the page does not show the code (only the demo's sink does).
        Assert.Equal(0, await page.Locator("[data-demo-code]").CountAsync());
        await BrowserServer.AssertAccessibleAsync(page);

        // A wrong code changes nothing and says how many tries are left.
        await page.FillAsync("#code", code == "000000" ? "111111" : "000000");
        await BrowserServer.SubmitAsync(page, "main form button[type=submit]");
        Assert.Contains("4", await page.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);
        await using (var db = server.Database.Open())
            Assert.Equal(before, await db.Customers.Where(c => c.Id == customer).Select(c => c.Mobile).SingleAsync());

        // A code pasted with spaces around it is the code.
        await page.FillAsync("#code", $" {code} ");
        await BrowserServer.SubmitAsync(page, "main form button[type=submit]");
        await page.ArrivedAtAsync("**/my/contact-details?done=mobile");
        Assert.Contains("0199", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        Assert.Contains("0199", await page.InnerTextAsync("[data-contact=mobile]"), StringComparison.Ordinal);
        await BrowserServer.AssertAccessibleAsync(page);
        await server.ScreenshotAsync(page, "ko-KR-contact-details");

        await using (var db = server.Database.Open())
        {
            Assert.Equal("+821055550199", await db.Customers.Where(c => c.Id == customer).Select(c => c.Mobile).SingleAsync());
            var numbers = await db.Policies.Where(p => p.HolderId == customer).Select(p => p.Number).ToListAsync();
            Assert.Equal(policies, await db.Endorsements.CountAsync(e => numbers.Contains(e.PolicyNumber) && e.Kind == "mobile"));
            // One confirmation for the customer (on one policy), by a durable channel: an email, or a letter with a short message pointing to it.
            var confirmations = await db.Notices.Where(n => numbers.Contains(n.PolicyNumber) && n.Stage == Stage.ChangeConfirmation).ToListAsync();
            Assert.Single(confirmations.Select(n => n.PolicyNumber).Distinct());
            Assert.Contains(confirmations, n => n.Channel is Channel.Letter or Channel.Email);
        }

        // The back office sees the change at once, with the endorsement's number.
        var agent = await server.SignedInAsync("service");
        await agent.GotoAsync($"/office/customers/{customer}");
        Assert.Matches(@"Mobile number changed, from .* · E-\d{6}", await agent.InnerTextAsync("[data-timeline]"));
    }

    [Fact]
    public async Task AnAgentChangesTheNumberOnThePhone_TheCustomerReadsTheCodeBack()
    {
        var customer = await server.CustomerIdOfAsync("customer1");
        var agent = await server.SignedInAsync("service", "zh-CN");
        await agent.GotoAsync($"/office/customers/{customer}");
        await agent.ClickAsync($"a[href='/office/customers/{customer}/contact-details']");
        await agent.ArrivedAtAsync("**/contact-details");
        string name;
        await using (var db = server.Database.Open())
            name = await db.Customers.Where(c => c.Id == customer).Select(c => c.Name).SingleAsync();
        Assert.Contains(name, await agent.InnerTextAsync("[data-holder]"), StringComparison.Ordinal);
        Assert.NotNull(await agent.QuerySelectorAsync("[data-office]"));
        await BrowserServer.AssertAccessibleAsync(agent);

        // Written the national way: kept with the country code of the customer's market.
        await agent.SelectOptionAsync("#kind", "mobile");
        await agent.FillAsync("#address", "139 0000 4321");
        await BrowserServer.SubmitAsync(agent, "main form button[type=submit]");
        Assert.Contains("4321", await agent.InnerTextAsync("[data-sent]"), StringComparison.Ordinal);
        await agent.FillAsync("#code", server.Sms.LastCodeTo("+8613900004321"));
        await BrowserServer.SubmitAsync(agent, "main form button[type=submit]");
        await agent.ArrivedAtAsync($"**/office/customers/{customer}/contact-details?done=mobile");
        Assert.Contains("书面确认", await agent.InnerTextAsync("[role=status]"), StringComparison.Ordinal);

        await using (var db = server.Database.Open())
        {
            Assert.Equal("+8613900004321", await db.Customers.Where(c => c.Id == customer).Select(c => c.Mobile).SingleAsync());
            var numbers = await db.Policies.Where(p => p.HolderId == customer).Select(p => p.Number).ToListAsync();
            Assert.All(await db.Endorsements.Where(e => numbers.Contains(e.PolicyNumber) && e.Kind == "mobile").ToListAsync(), e => Assert.Equal("service", e.By));
        }

        // Collections staff see the customer but do not change contacts; nor open the page.
        var collections = await server.SignedInAsync("collections");
        await collections.GotoAsync($"/office/customers/{customer}");
        Assert.Equal(0, await collections.Locator($"a[href='/office/customers/{customer}/contact-details']").CountAsync());
        await collections.GotoAsync($"/office/customers/{customer}/contact-details");
        Assert.Contains("/error/403", collections.Url, StringComparison.Ordinal);
    }
}
