using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace PolicyCare.Web;

/// <summary>An insurer with WeChat Pay, Alipay and cards through gateways (checkout page and signed webhook), and no KakaoPay.</summary>
public sealed class GatewaysServer : BrowserServer
{
    public const string Gateway = "https://pay.gateway.test";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("PolicyCare:Payments:wechat-pay:CheckoutUrl", $"{Gateway}/wechat-pay"),
        new("PolicyCare:Webhooks:alipay:Secret", WebhookSecret),
        new("PolicyCare:Payments:alipay:CheckoutUrl", $"{Gateway}/alipay"),
        new("PolicyCare:Webhooks:card:Secret", WebhookSecret),
        new("PolicyCare:Payments:card:CheckoutUrl", $"{Gateway}/card"),
    ];
}

/// <summary>Customers pay the way their market pays: WeChat Pay or Alipay in China, a card in Korea where KakaoPay is not set up.</summary>
public sealed class PaymentChoiceTests(GatewaysServer server) : IClassFixture<GatewaysServer>
{
    /// <summary>A policy the customer holds that takes premiums (customer1's are in yuan, customer3's in won).</summary>
    private async Task<string> PayablePolicyOfAsync(string user)
    {
        var customer = await server.CustomerIdOfAsync(user);
        await using var db = server.Database.Open();
        return await db.Policies.AsNoTracking().Where(p => p.HolderId == customer
            && (p.Status == PolicyCare.Delinquency.PolicyStatus.Grace || p.Status == PolicyCare.Delinquency.PolicyStatus.InForce))
            .Select(p => p.Number).FirstAsync();
    }

    [Fact]
    public async Task AChineseCustomer_ChoosesAlipay_AndIsSentToItsPage()
    {
        var number = await PayablePolicyOfAsync("customer1");
        var page = await server.SignedInAsync("customer1", "zh-CN");
        await page.GotoAsync($"/my/policies/{number}/pay");
        var methods = await page.Locator("fieldset[data-methods] label").AllInnerTextsAsync();
        Assert.Equal(["微信支付", "支付宝", "网上银行卡支付"], methods);
        await BrowserServer.AssertAccessibleAsync(page);
        await page.CheckAsync("#method-alipay");
        // The gateway's hosted page, as far as this test goes: the address the browser is sent to (the gateway itself is
        // not reachable from here; the headless shell does not let a route answer for it on a redirected navigation).
        var sent = page.WaitForRequestAsync(r => r.Url.StartsWith($"{GatewaysServer.Gateway}/alipay/co_", StringComparison.Ordinal), new() { Timeout = 8000 });
        await page.ClickAsync("main form button[type=submit]");
        string url;
        try { url = (await sent).Url; }
        catch (TimeoutException) { Assert.Fail(page.Url + "\n" + await page.InnerTextAsync("body")); throw; }
        await using var db = server.Database.Open();
        var checkout = await db.Checkouts.AsNoTracking().Where(c => c.PolicyNumber == number).OrderByDescending(c => c.CreatedAt).FirstAsync();
        Assert.Equal("alipay", checkout.Provider);
        Assert.EndsWith(checkout.Id, url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApi_TakesTheMarketsWays_AndRefusesOthersNamingTheField()
    {
        var cn = await PayablePolicyOfAsync("customer1");
        using var customer = await ((PolicyCare.Support.ApiServer)server).SignedInAsync("customer1");
        // No choice: the market's first.
        var first = await customer.PostAsync($"/api/v1/policies/{cn}/checkouts", null);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using (var view = JsonDocument.Parse(await first.Content.ReadAsStringAsync()))
            Assert.Equal("wechat-pay", view.RootElement.GetProperty("provider").GetString());
        var card = await customer.PostAsync($"/api/v1/policies/{cn}/checkouts", Json("""{"provider":"card"}"""));
        using (var view = JsonDocument.Parse(await card.Content.ReadAsStringAsync()))
            Assert.StartsWith($"{GatewaysServer.Gateway}/card/co_", view.RootElement.GetProperty("url").GetString(), StringComparison.Ordinal);
        // KakaoPay is not set up here (and takes won only): refused, naming the field and what is offered.
        var kakao = await customer.PostAsync($"/api/v1/policies/{cn}/checkouts", Json("""{"provider":"kakaopay"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, kakao.StatusCode);
        var problem = await kakao.Content.ReadAsStringAsync();
        Assert.Contains("$.provider", problem, StringComparison.Ordinal);
        Assert.Contains("wechat-pay, alipay, card", problem, StringComparison.Ordinal);

        // A Korean policy: a card only (the Chinese wallets are not offered for won).
        var kr = await PayablePolicyOfAsync("customer3");
        using var korean = await ((PolicyCare.Support.ApiServer)server).SignedInAsync("customer3");
        var wechat = await korean.PostAsync($"/api/v1/policies/{kr}/checkouts", Json("""{"provider":"wechat-pay"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, wechat.StatusCode);
        var ok = await korean.PostAsync($"/api/v1/policies/{kr}/checkouts", null);
        using var krView = JsonDocument.Parse(await ok.Content.ReadAsStringAsync());
        Assert.Equal("card", krView.RootElement.GetProperty("provider").GetString());
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
