using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Support;
using static PolicyCare.Support.ApiAssert;

namespace PolicyCare.Servicing;

/// <summary>
/// The demo's one-year health renewals through the API and the signed link: the open offer with its reasons and
/// payment options, acceptance with the consent words kept once, a second answer refused, bad bodies named; a declined
/// renewal, a rate lock and a policy past the maximum age as the cycle left them.
/// </summary>
public sealed partial class RenewalApiTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task TheOpenOffer_ExplainsThePrice_AndOneAcceptanceIsKept_WordForWord()
    {
        using var customer = await server.SignedInAsync("customer4");
        const string url = "/api/v1/policies/CNH000001/renewal";
        var offer = await ReadAsync(await customer.GetAsync(url + "?locale=en-US"), HttpStatusCode.OK);
        Assert.True(offer.GetProperty("offered").GetBoolean());
        Assert.Equal(("2544.00", "1200.00", "1344.00"), (offer.GetProperty("premium").GetString(), offer.GetProperty("previousPremium").GetString(), offer.GetProperty("change").GetString()));
        var reasons = offer.GetProperty("reasons").EnumerateArray().ToList();
        Assert.Equal(["age-band", "medical-inflation"], reasons.Select(r => r.GetProperty("reason").GetString()));
        Assert.Equal(["1200.00", "144.00"], reasons.Select(r => r.GetProperty("change").GetString()));
        Assert.Contains("medical costs in the product's pool rose 6%", reasons[1].GetProperty("words").GetString(), StringComparison.Ordinal);
        var monthly = offer.GetProperty("options").EnumerateArray().Single(o => o.GetProperty("option").GetString() == "monthly");
        Assert.Equal(("220.48", "2645.76"), (monthly.GetProperty("perPayment").GetString(), monthly.GetProperty("overTheYear").GetString()));   // 2,544 × 1.04 / 12
        Assert.True(offer.GetProperty("acceptanceRequired").GetBoolean());

        // The notice's signed link opens the offer without signing in; a changed token opens nothing.
        string text;
        await using (var read = server.Database.Open())
        {
            text = await read.Notices.AsNoTracking().Where(n => n.PolicyNumber == "CNH000001" && n.Stage == PolicyCare.Notices.Stage.RenewalNotice)
                .OrderBy(n => n.Id).Select(n => n.Text).FirstAsync();
        }
        var link = Link().Match(text);
        Assert.True(link.Success, text);
        var path = new Uri(link.Value).PathAndQuery;
        using var anonymous = server.Anonymous();
        Assert.Contains("renew-by-link", await anonymous.GetStringAsync(path), StringComparison.Ordinal);
        Assert.DoesNotContain("renew-by-link", await anonymous.GetStringAsync(path[..^2] + (path.EndsWith("xx", StringComparison.Ordinal) ? "yy" : "xx")), StringComparison.Ordinal);

        await AssertRefusedAsync(await customer.PostAsync(url + "/acceptance", JsonBody("""{"consent":"yes"}""")), HttpStatusCode.BadRequest, "$.consent");
        await AssertRefusedAsync(await customer.PostAsync(url + "/acceptance", JsonBody("""{"consentText":"ok"}""")), HttpStatusCode.BadRequest, "$.consentText");
        const string words = "I renew policy CNH000001 for one year at CNY 2,544.00 and authorise the debit.";
        var accepted = await ReadAsync(await customer.PostAsync(url + "/acceptance", JsonBody($$"""{"consentText":"{{words}}"}""")), HttpStatusCode.OK);
        Assert.True(accepted.GetProperty("accepted").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await customer.PostAsync(url + "/acceptance", JsonBody($$"""{"consentText":"{{words}}"}"""))).StatusCode);

        // Used again after the acceptance, the link says so and offers nothing to click.
        var again = await anonymous.GetStringAsync(path);
        Assert.DoesNotContain("renew-by-link", again, StringComparison.Ordinal);
        Assert.Contains("already accepted", again, StringComparison.Ordinal);

        await using var db = server.Database.Open();
        var answer = await db.RenewalAnswers.SingleAsync(a => a.PolicyNumber == "CNH000001" && a.Answer == "accepted");
        Assert.Equal((words, "portal", 2544.00m), (answer.ConsentText, answer.Channel, answer.Premium));
        Assert.Equal(1, await db.Timeline.CountAsync(t => t.PolicyNumber == "CNH000001" && t.Kind == "renewal-accepted"));
        // Confirmed in writing: an endorsement with the new and last year's premium, and its letter to the holder.
        var endorsement = await db.Endorsements.SingleAsync(e => e.PolicyNumber == "CNH000001" && e.Kind == "renewal");
        Assert.Contains("2544.00", endorsement.After, StringComparison.Ordinal);
        var confirmation = await db.Notices.AsNoTracking().Where(n => n.PolicyNumber == "CNH000001" && n.Stage == PolicyCare.Notices.Stage.RenewalConfirmation).ToListAsync();
        Assert.NotEmpty(confirmation);
        Assert.All(confirmation, n => Assert.Contains(Endorsements.Reference(endorsement.Id), n.Text, StringComparison.Ordinal));
        Assert.Contains(confirmation, n => n.Channel is PolicyCare.Notices.Channel.Email or PolicyCare.Notices.Channel.Letter);
    }

    [Fact]
    public async Task TheRenewalFigures_CountTheBook_ByProductMarketAndHowCustomersRenewed()
    {
        using var supervisor = await server.SignedInAsync("supervisor");
        var figures = (await ReadAsync(await supervisor.GetAsync("/api/v1/insights/renewals"), HttpStatusCode.OK)).EnumerateArray()
            .Single(f => f.GetProperty("product").GetString() == "HEALTH-1Y");
        Assert.Equal("CN", figures.GetProperty("market").GetString());
        await using var db = server.Database.Open();
        var today = await db.CycleRuns.MaxAsync(r => r.BusinessDate);
        var lines = await (from t in db.Timeline.AsNoTracking() join p in db.Policies.AsNoTracking() on t.PolicyNumber equals p.Number
                           where t.Kind == "renewal" && p.ProductCode == "HEALTH-1Y" && t.On >= today.AddYears(-1) && t.On <= today select t.Data).ToListAsync();
        var renewed = lines.Count(d => d.Contains("\"renewed\"", StringComparison.Ordinal));
        Assert.True(renewed >= 2, $"the demo renews at least two health policies; {renewed}");
        Assert.Equal(renewed, figures.GetProperty("renewed").GetInt32());
        Assert.Equal(renewed, figures.GetProperty("renewedBy").EnumerateArray().Sum(r => r.GetProperty("count").GetInt32()));
    }

    [Fact]
    public void TheLink_HidesWhatItCarries_SaysWhereItWasSent_AndRefusesAnyChange()
    {
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var claim = new RenewalLinks.Claim("CNH000001", new DateOnly(2026, 12, 24), 2544.00m, "sms");
        var token = RenewalLinks.Token(key, claim);
        Assert.Equal(claim, RenewalLinks.Read(key, token));
        Assert.Equal(token, RenewalLinks.Token(key, claim));         // the same offer, the same link (scenario texts reproduce)
        var bytes = Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/').PadRight(token.Length + (4 - token.Length % 4) % 4, '='));
        Assert.DoesNotContain("CNH000001", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.DoesNotContain("2544", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        var changed = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];
        Assert.Null(RenewalLinks.Read(key, changed));
        Assert.Null(RenewalLinks.Read(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), token));
    }

    [Fact]
    public async Task TheDemoRenewals_Declined_Locked_AndTooOld_AreAsTheCycleLeftThem()
    {
        using var service = await server.SignedInAsync("service");
        await using var db = server.Database.Open();
        var outcomes = await db.Timeline.AsNoTracking().Where(t => t.Kind == "renewal" && t.PolicyNumber.StartsWith("CNH")).ToDictionaryAsync(t => t.PolicyNumber, t => t.Data);
        Assert.Contains("\"declined\"", outcomes["CNH000002"], StringComparison.Ordinal);
        Assert.Contains("\"renewed\"", outcomes["CNH000003"], StringComparison.Ordinal);
        Assert.Contains("\"expired\"", outcomes["CNH000004"], StringComparison.Ordinal);

        var locked = await ReadAsync(await service.GetAsync("/api/v1/policies/CNH000003/renewal"), HttpStatusCode.OK);
        Assert.Equal(2, locked.GetProperty("rateLock").GetProperty("renewalsLeft").GetInt32());
        var tooOld = await db.Timeline.AsNoTracking().FirstAsync(t => t.PolicyNumber == "CNH000004" && t.Kind == "renewal-offer");
        Assert.Contains("\"max-age\"", tooOld.Data, StringComparison.Ordinal);
        // Declined and too old: no letter about an unpaid premium, and no more renewal notices after the decline.
        Assert.False(await db.Notices.AnyAsync(n => (n.PolicyNumber == "CNH000002" || n.PolicyNumber == "CNH000004") && n.Stage == PolicyCare.Notices.Stage.LapseNotice));
        Assert.Equal(HttpStatusCode.Conflict, (await service.PostAsync("/api/v1/policies/CNH000002/renewal/acceptance",
            JsonBody("""{"consentText":"The customer accepts the renewal by phone."}"""))).StatusCode);
    }

    [Fact]
    public async Task AnAdjustment_IsPreviewedBeforeItIsPublished_AndOneReachingRenewalsAlreadyOfferedIsRefused()
    {
        using var supervisor = await server.SignedInAsync("supervisor");
        using var service = await server.SignedInAsync("service");
        using var admin = await server.SignedInAsync("admin");
        var today = ApiServer.Today;
        string Day(int days) => today.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        const string url = "/api/v1/products/HEALTH-1Y/renewal-adjustments";

        await AssertRefusedAsync(await supervisor.PostAsync(url, JsonBody($$"""{"from":"{{Day(5)}}","factor":"1.05","reason":"claims-experience"}""")), HttpStatusCode.BadRequest, "$.from");
        await AssertRefusedAsync(await supervisor.PostAsync(url, JsonBody($$"""{"from":"{{Day(60)}}","factor":"0","reason":"claims-experience"}""")), HttpStatusCode.BadRequest, "$.factor");
        Assert.Equal(HttpStatusCode.Forbidden, (await service.PostAsync(url, JsonBody($$"""{"from":"{{Day(60)}}","factor":"1.05","reason":"claims-experience"}"""))).StatusCode);
        var preview = await ReadAsync(await supervisor.PostAsync(url, JsonBody($$"""{"from":"{{Day(60)}}","factor":"1.05","reason":"claims-experience"}""")), HttpStatusCode.OK);
        Assert.True(preview.GetProperty("customers").GetInt32() > 0);
        Assert.True(decimal.Parse(preview.GetProperty("change").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.False(preview.GetProperty("published").GetBoolean());

        // The product's own update path refuses the same thing, naming the adjustment in the file.
        var product = (await ReadAsync(await admin.GetAsync("/api/v1/products/HEALTH-1Y"), HttpStatusCode.OK)).GetProperty("definition").GetRawText();
        var node = System.Text.Json.Nodes.JsonNode.Parse(product)!;
        node["renewal"]!["adjustments"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["from"] = Day(3), ["factor"] = "1.10", ["reason"] = "reinsurance" });
        var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/products/HEALTH-1Y") { Content = JsonBody(node.ToJsonString()) };
        await AssertRefusedAsync(await admin.SendAsync(put), HttpStatusCode.BadRequest, "$.renewal.adjustments[1].from");

        var published = await ReadAsync(await supervisor.PostAsync(url, JsonBody($$"""{"from":"{{Day(60)}}","factor":"1.05","reason":"claims-experience","publish":true}""")), HttpStatusCode.OK);
        Assert.True(published.GetProperty("published").GetBoolean());
        await using var db = server.Database.Open();
        Assert.Contains("claims-experience", (await db.Products.SingleAsync(p => p.Code == "HEALTH-1Y")).Definition, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"https?://\S+/renew/[A-Za-z0-9_\-]+")]
    private static partial Regex Link();
}
