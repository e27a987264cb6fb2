using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace PolicyCare.Web;

/// <summary>
/// Exclusions explained, provably: anyone reads a product's exclusions before buying; the holder reads their policy's
/// and acknowledges them (a record with the hash of the text shown); the agent answering a complaint about unclear terms
/// sees that record on the case.
/// </summary>
[Collection(OfficeBrowserCollection.Name)]
public sealed class DisclosureJourneyTests(BrowserServer server)
{
    [Fact]
    public async Task TheExclusionsAreReadBeforeBuying_AcknowledgedByTheHolder_AndShownToTheComplaintHandler()
    {
        var visitor = await server.NewPageAsync();
        await visitor.GotoAsync("/signin");
        await visitor.ClickAsync("a[href='/products']");
        await visitor.ClickAsync("a[href='/products/HEALTH-1Y']");
        // Enhanced navigation swaps the page without a load event: wait for the product itself, not for "load".
        await visitor.ArrivedAtAsync("**/products/HEALTH-1Y");
        await visitor.WaitForSelectorAsync("[data-benefits]");
        Assert.Contains("30", await visitor.InnerTextAsync("[data-benefits]"), StringComparison.Ordinal);
        Assert.Contains("Conditions you had before the policy", await visitor.InnerTextAsync("[data-clauses]"), StringComparison.Ordinal);
        await BrowserServer.AssertAccessibleAsync(visitor);
        var missing = await visitor.GotoAsync("/products/NO-SUCH");
        Assert.Equal(404, missing!.Status);

        string policy, name;
        await using (var db = server.Database.Open())
        {
            var holder = await db.Users.Where(u => u.UserName == "customer1").Select(u => u.CustomerId!).SingleAsync();
            policy = await db.Policies.Where(p => p.HolderId == holder).OrderBy(p => p.Number).Select(p => p.Number).FirstAsync();
            name = await db.Customers.Where(c => c.Id == holder).Select(c => c.Name).SingleAsync();
        }
        var customer = await server.SignedInAsync("customer1");
        await customer.GotoAsync($"/my/policies/{policy}");
        await customer.ClickAsync($"a[href='/my/policies/{policy}/terms']");
        await customer.ArrivedAtAsync("**/terms");
        Assert.Equal(0, await customer.Locator("[data-clauses] .badge").CountAsync());
        await BrowserServer.AssertAccessibleAsync(customer);
        await BrowserServer.SubmitAsync(customer, "text=I have read these explanations");
        Assert.Contains("Thank you", await customer.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        Assert.Equal(await customer.Locator("[data-clauses] dt").CountAsync(), await customer.Locator("[data-clauses] .badge").CountAsync());
        Assert.Contains(name, await customer.InnerTextAsync("[data-explanations]"), StringComparison.Ordinal);
        // Everything explained: nothing more to acknowledge.
        Assert.Equal(0, await customer.Locator("text=I have read these explanations").CountAsync());
        await server.ScreenshotAsync(customer, "en-US-terms");
        string reference;
        await using (var db = server.Database.Open())
        {
            var record = await db.Explanations.AsNoTracking().SingleAsync(e => e.PolicyNumber == policy);
            Assert.Equal(("portal", "web", "en-US"), (record.Source, record.Method, record.Locale));
            Assert.Matches("^[0-9a-f]{64}$", record.TextHash);
            reference = PolicyCare.Cases.CaseDesk.Reference(await db.Cases.AsNoTracking().FirstAsync(c => c.PolicyNumber == policy && c.Category == "unclear-terms"));
        }

        var agent = await server.SignedInAsync("service");
        await agent.GotoAsync($"/office/cases/{reference}");
        var onCase = await agent.InnerTextAsync("[data-explanations]");
        // Who acknowledged, and what they read: the clauses by their titles.
        Assert.Contains(name, onCase, StringComparison.Ordinal);
        Assert.Contains("two years", onCase, StringComparison.Ordinal);
        await BrowserServer.AssertAccessibleAsync(agent);
    }
}
