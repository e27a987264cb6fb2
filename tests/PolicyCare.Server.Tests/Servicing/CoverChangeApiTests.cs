using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyCare.Api;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Support;
using static PolicyCare.Support.ApiAssert;

namespace PolicyCare.Servicing;

/// <summary>The demo host whose policy administration system owns contract changes: requests go to it by webhook.</summary>
public sealed class PolicySystemApiServer : WebhookApiServer
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. base.Settings, new("PolicyCare:PolicyAdminSystem:OwnsChanges", "true")];
}

/// <summary>
/// Changes of cover and payment frequency through the API, on SQLite and PostgreSQL: the effect shown first with the
/// figures worked out here from the product's table and the calendar, nothing changed until confirmed; then the
/// endorsement, its confirmation, and the account billing the new premium; more cover with a disclosure waits for
/// underwriting's decision within 5 business days; bad input refused by name.
/// </summary>
public sealed class CoverChangeApiTests(ApiHosts hosts) : IClassFixture<ApiHosts>
{
    /// <summary>CN-LIFE20's yearly premium per 1,000 of cover by age (the reference product file), and its monthly factor.</summary>
    private static decimal RatePer1000(int age) => age <= 30 ? 6m : age <= 40 ? 9m : age <= 50 ? 15m : age <= 60 ? 26m : 45m;
    private const decimal MonthlyFactor = 0.0875m;

    private static async Task<(PolicyRecord Policy, int Age)> PolicyAsync(ApiServer server, int skip)
    {
        await using var db = server.Database.Open();
        var logins = await db.Users.Where(u => u.CustomerId != null).Select(u => u.CustomerId!).ToListAsync();
        var policy = await db.Policies.AsNoTracking()
            .Where(p => p.ProductCode == "CN-LIFE20" && p.Status == PolicyStatus.InForce && p.Frequency == Frequency.Monthly && p.SumInsured != null
                && p.SumInsured <= 4_000_000m && p.PremiumChanges == null && !logins.Contains(p.HolderId) && !db.ChangeRequests.Any(r => r.PolicyNumber == p.Number))
            .OrderBy(p => p.Number).Skip(skip).FirstAsync();
        var birth = await db.Customers.Where(c => c.Id == policy.InsuredId).Select(c => c.BirthDate).SingleAsync();
        return (policy, Customer.Age(birth!.Value, ApiServer.Today));
    }

    private static string Money(decimal x) => x.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task MoreCover_IsShownFirst_ThenConfirmed_AndTheNextInstallmentCarriesTheNewPremiumAndTheProRataPart(string provider)
    {
        var server = hosts[provider];
        var (policy, age) = await PolicyAsync(server, 0);
        using var service = await server.SignedInAsync("service");
        using var customer = await server.SignedInAsync("customer1");
        var url = $"/api/v1/policies/{policy.Number}/cover-changes";
        var more = policy.SumInsured!.Value + 100_000m;
        var body = $$"""{"kind":"sum-insured","sumInsured":"{{more}}","declaration":"clean"}""";

        // Worked out here: 100 thousands × the rate for the insured's age × the monthly factor, rounded once; the
        // days left of the current month's period over its length, times the difference, rounded once.
        var installment = policy.Premium + Math.Round(100m * RatePer1000(age) * MonthlyFactor, 2, MidpointRounding.AwayFromZero);
        var months = 0;
        while (policy.Start.AddMonths(months + 1) <= ApiServer.Today) months++;
        var (from, next) = (policy.Start.AddMonths(months), policy.Start.AddMonths(months + 1));
        var due = Math.Round((installment - policy.Premium) * (next.DayNumber - ApiServer.Today.DayNumber) / (next.DayNumber - from.DayNumber), 2, MidpointRounding.AwayFromZero);

        var preview = (await ReadAsync(await service.PostAsync(url, JsonBody(body)), HttpStatusCode.OK));
        Assert.Equal("preview", preview.GetProperty("status").GetString());
        var quote = preview.GetProperty("quote");
        Assert.Equal((policy.Number, age, installment), (policy.Number, age, decimal.Parse(quote.GetProperty("installmentAfter").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(due, decimal.Parse(quote.GetProperty("amountDue").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(next.ToString("yyyy-MM-dd"), quote.GetProperty("firstNewDueOn").GetString());
        await using (var db = server.Database.Open())
            Assert.Null((await db.Policies.AsNoTracking().SingleAsync(p => p.Number == policy.Number)).PremiumChanges);

        // Bad input, by name; a customer who does not hold the policy does not see it.
        await AssertRefusedAsync(await service.PostAsync(url, JsonBody("""{"kind":"term"}""")), HttpStatusCode.BadRequest, "$.kind");
        await AssertRefusedAsync(await service.PostAsync(url, JsonBody($$"""{"kind":"sum-insured","sumInsured":"{{more + 5_000m}}","declaration":"clean"}""")), HttpStatusCode.BadRequest, "$.sumInsured");
        await AssertRefusedAsync(await service.PostAsync(url, JsonBody($$"""{"kind":"sum-insured","sumInsured":"{{more}}"}""")), HttpStatusCode.BadRequest, "$.declaration");
        await AssertRefusedAsync(await service.PostAsync(url, JsonBody("""{"kind":"payment-frequency","frequency":"weekly"}""")), HttpStatusCode.BadRequest, "$.frequency");
        Assert.Equal(HttpStatusCode.NotFound, (await customer.PostAsync(url, JsonBody(body))).StatusCode);

        var confirmed = await ReadAsync(await service.PostAsync(url, JsonBody(body.Replace("}", ""","confirm":true}""", StringComparison.Ordinal))), HttpStatusCode.Created);
        Assert.Equal("applied", confirmed.GetProperty("status").GetString());
        var endorsement = confirmed.GetProperty("endorsement").GetInt64();

        // The premium in force is this month's until the next due date; the next installment carries the new premium and the pro-rata part.
        var detail = JsonDocument.Parse(await service.GetStringAsync($"/api/v1/policies/{policy.Number}")).RootElement;
        Assert.Equal(Money(policy.Premium), detail.GetProperty("premium").GetString());
        var upcoming = JsonDocument.Parse(await service.GetStringAsync($"/api/v1/policies/{policy.Number}/installments")).RootElement.EnumerateArray().Last();
        Assert.Equal((next.ToString("yyyy-MM-dd"), Money(installment + due)), (upcoming.GetProperty("dueDate").GetString(), upcoming.GetProperty("premium").GetString()));
        await using (var db = server.Database.Open())
        {
            var stored = await db.Policies.AsNoTracking().SingleAsync(p => p.Number == policy.Number);
            Assert.Equal(more, stored.SumInsured);
            var terms = stored.ToTerms((await db.Products.FindAsync("CN-LIFE20"))!.ToProduct());
            var billedNext = Account.BillThrough(terms, stored.ToStanding(), next.AddMonths(1));
            Assert.Equal(installment + due + installment, Account.Billed(terms, billedNext) - Account.Billed(terms, stored.ToStanding()));
            Assert.Equal("sum-insured", (await db.Endorsements.SingleAsync(e => e.Id == endorsement)).Kind);
            Assert.Equal(1, await db.Timeline.CountAsync(t => t.PolicyNumber == policy.Number && t.Kind == "endorsement"));
            // Confirmed in writing, with the figures: the new premium and the part added to the next installment.
            var letters = await db.Notices.Where(n => n.PolicyNumber == policy.Number && n.Stage == Stage.ChangeConfirmation).ToListAsync();
            Assert.Contains(letters, n => n.Channel is Channel.Email or Channel.Letter);
            Assert.All(letters, n => Assert.Contains(installment.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture), n.Text));
        }
        // A second change waits for the first to be in force.
        await AssertRefusedAsync(await service.PostAsync(url, JsonBody("""{"kind":"payment-frequency","frequency":"annual"}""")), HttpStatusCode.BadRequest, "$.kind");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AShorterPaymentTerm_IsPricedFromTheProductsTable_FromTheNextAnniversary_AndTheScheduleEndsWithIt(string provider)
    {
        var server = hosts[provider];
        var (policy, _) = await PolicyAsync(server, 2);
        using var service = await server.SignedInAsync("service");
        var url = $"/api/v1/policies/{policy.Number}/cover-changes";
        var view = JsonDocument.Parse(await service.GetStringAsync(url)).RootElement;
        Assert.Equal(20, view.GetProperty("paymentYears").GetInt32());
        Assert.Equal(policy.Start.AddYears(20).ToString("yyyy-MM-dd"), view.GetProperty("premiumsEndOn").GetString());
        Assert.Equal([10, 15, 20], view.GetProperty("options").GetProperty("paymentTerms").EnumerateArray().Select(x => x.GetInt32()));

        // Worked out here from CN-LIFE20's table (10 years cost 1.75 × the 20-year premium): the k years paid by the next
        // anniversary count in full against the 10-year price (1.75 × 10), the rest is spread over the 10 − k years left.
        var k = 1;
        while (policy.Start.AddYears(k) <= ApiServer.Today) k++;
        Assert.InRange(k, 1, 9);
        var anniversary = policy.Start.AddYears(k);
        var installment = Math.Round(policy.Premium * (1.75m * 10 - k) / (10 - k), 2, MidpointRounding.AwayFromZero);
        var body = """{"kind":"payment-term","paymentYears":10}""";
        var quote = (await ReadAsync(await service.PostAsync(url, JsonBody(body)), HttpStatusCode.OK)).GetProperty("quote");
        Assert.Equal((Money(installment), anniversary.ToString("yyyy-MM-dd"), 20, 10, policy.Start.AddYears(10).ToString("yyyy-MM-dd")),
            (quote.GetProperty("installmentAfter").GetString(), quote.GetProperty("effectiveOn").GetString(), quote.GetProperty("paymentYearsBefore").GetInt32(),
                quote.GetProperty("paymentYearsAfter").GetInt32(), quote.GetProperty("premiumsEndOn").GetString()));
        await AssertRefusedAsync(await service.PostAsync(url, JsonBody("""{"kind":"payment-term"}""")), HttpStatusCode.BadRequest, "$.paymentYears");
        await AssertRefusedAsync(await service.PostAsync(url, JsonBody("""{"kind":"payment-term","paymentYears":12}""")), HttpStatusCode.BadRequest, "$.paymentYears");
        await AssertRefusedAsync(await service.PostAsync(url, JsonBody("""{"kind":"payment-term","paymentYears":"ten"}""")), HttpStatusCode.BadRequest, "$.paymentYears");
        await AssertRefusedAsync(await service.PostAsync(url, JsonBody("""{"kind":"payment-term","paymentYears":20}""")), HttpStatusCode.BadRequest, "$.paymentYears");
        await using (var db = server.Database.Open())
            Assert.Null((await db.Policies.AsNoTracking().SingleAsync(p => p.Number == policy.Number)).PremiumChanges);

        var confirmed = await ReadAsync(await service.PostAsync(url, JsonBody(body.Replace("}", ""","confirm":true}""", StringComparison.Ordinal))), HttpStatusCode.Created);
        var endorsement = confirmed.GetProperty("endorsement").GetInt64();
        view = JsonDocument.Parse(await service.GetStringAsync(url)).RootElement;
        Assert.Equal((10, policy.Start.AddYears(10).ToString("yyyy-MM-dd")), (view.GetProperty("paymentYears").GetInt32(), view.GetProperty("premiumsEndOn").GetString()));
        await using (var db = server.Database.Open())
        {
            var stored = await db.Policies.AsNoTracking().SingleAsync(p => p.Number == policy.Number);
            var terms = stored.ToTerms((await db.Products.FindAsync("CN-LIFE20"))!.ToProduct());
            // Monthly for 10 years: 120 installments, the last due a month before the tenth anniversary; the new premium from the anniversary.
            Assert.Equal(120, terms.CountDueOnOrBefore(policy.Start.AddYears(30)));
            Assert.Equal(policy.Start.AddMonths(119), terms.DueDate(119));
            Assert.Equal((policy.Premium, installment), (terms.InstallmentPremium(12 * k - 1), terms.InstallmentPremium(12 * k)));
            var record = await db.Endorsements.SingleAsync(e => e.Id == endorsement);
            Assert.Equal("payment-term", record.Kind);
            Assert.Contains("\"paymentYears\":10", record.After, StringComparison.Ordinal);
            var letters = await db.Notices.Where(n => n.PolicyNumber == policy.Number && n.Stage == Stage.ChangeConfirmation).ToListAsync();
            Assert.NotEmpty(letters);
            Assert.All(letters, n => Assert.Contains(installment.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture), n.Text));
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AShorterCoverTerm_EndsTheCoverAndThePremiumsWithIt_AndATermPolicyEndsByItsTermNotByLapse(string provider)
    {
        var server = hosts[provider];
        using var service = await server.SignedInAsync("service");
        PolicyRecord policy;
        await using (var db = server.Database.Open())
            policy = await db.Policies.AsNoTracking().SingleAsync(p => p.Number == "CNT000002");
        var url = $"/api/v1/policies/{policy.Number}/cover-changes";
        var view = JsonDocument.Parse(await service.GetStringAsync(url)).RootElement;
        Assert.Equal((30, policy.Start.AddYears(30).ToString("yyyy-MM-dd"), 20), (view.GetProperty("coverYears").GetInt32(), view.GetProperty("coverEndsOn").GetString(),
            view.GetProperty("paymentYears").GetInt32()));
        Assert.Equal([20, 30], view.GetProperty("options").GetProperty("coverTerms").EnumerateArray().Select(x => x.GetInt32()));

        // CN-TERM30: 20 years of cover cost 0.7 × the 30-year premium; premiums for 20 years either way. The k years paid by
        // the next anniversary count in full against the 20-year cover's price (0.7 × 20), the rest over the 20 − k years left.
        var k = 1;
        while (policy.Start.AddYears(k) <= ApiServer.Today) k++;
        var installment = Math.Round(policy.Premium * (0.7m * 20 - k) / (20 - k), 2, MidpointRounding.AwayFromZero);
        var body = """{"kind":"cover-term","coverYears":20}""";
        var quote = (await ReadAsync(await service.PostAsync(url, JsonBody(body)), HttpStatusCode.OK)).GetProperty("quote");
        Assert.Equal((Money(installment), policy.Start.AddYears(k).ToString("yyyy-MM-dd"), policy.Start.AddYears(20).ToString("yyyy-MM-dd")),
            (quote.GetProperty("installmentAfter").GetString(), quote.GetProperty("effectiveOn").GetString(), quote.GetProperty("coverEndsOn").GetString()));
        await AssertRefusedAsync(await service.PostAsync(url, JsonBody("""{"kind":"cover-term","coverYears":25}""")), HttpStatusCode.BadRequest, "$.coverYears");
        await AssertRefusedAsync(await service.PostAsync(url, JsonBody("""{"kind":"cover-term"}""")), HttpStatusCode.BadRequest, "$.coverYears");
        await ReadAsync(await service.PostAsync(url, JsonBody(body.Replace("}", ""","confirm":true}""", StringComparison.Ordinal))), HttpStatusCode.Created);
        view = JsonDocument.Parse(await service.GetStringAsync(url)).RootElement;
        Assert.Equal((20, policy.Start.AddYears(20).ToString("yyyy-MM-dd")), (view.GetProperty("coverYears").GetInt32(), view.GetProperty("coverEndsOn").GetString()));

        // The demo's third term policy reached the end of its 30 years of cover in the history: ended by its term, told so, never lapsed.
        await using (var db = server.Database.Open())
        {
            var matured = await db.Policies.AsNoTracking().SingleAsync(p => p.Number == "CNT000003");
            Assert.Equal((PolicyStatus.Expired, matured.Start.AddYears(30), (DateOnly?)null), (matured.Status, matured.StatusSince, matured.LapsedOn));
            Assert.True(await db.Notices.AnyAsync(n => n.PolicyNumber == "CNT000003" && n.Stage == Stage.CoverEnded));
            Assert.False(await db.Notices.AnyAsync(n => n.PolicyNumber == "CNT000003" && n.Stage == Stage.LapseNotice));
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task MoreCover_WithADisclosure_WaitsForUnderwriting_WhoDecidesWithAReason(string provider)
    {
        var server = hosts[provider];
        var (policy, _) = await PolicyAsync(server, 1);
        using var service = await server.SignedInAsync("service");
        using var supervisor = await server.SignedInAsync("supervisor");
        var url = $"/api/v1/policies/{policy.Number}/cover-changes";
        var body = $$"""{"kind":"sum-insured","sumInsured":"{{policy.SumInsured + 50_000m}}","declaration":"adverse","confirm":true}""";

        var referred = await ReadAsync(await service.PostAsync(url, JsonBody(body)), HttpStatusCode.Accepted);
        Assert.Equal("underwriting", referred.GetProperty("status").GetString());
        var id = referred.GetProperty("request").GetInt64();
        // Five business days of the Chinese calendar.
        await using (var db = server.Database.Open())
        {
            var book = await BookSettings.LoadAsync(db);
            var day = ApiServer.Today;
            for (var n = 0; n < 5; n++) day = book.Calendar.After(day);
            Assert.Equal(day.ToString("yyyy-MM-dd"), referred.GetProperty("decideBy").GetString());
            Assert.Null((await db.Policies.AsNoTracking().SingleAsync(p => p.Number == policy.Number)).PremiumChanges);
            // At most one waits per policy, by the database's own index.
            db.ChangeRequests.Add(new ChangeRequestRecord { PolicyNumber = policy.Number, Kind = "sum-insured", Asked = "{}", Quote = "{}", Status = "underwriting", RequestedBy = "x" });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        await AssertRefusedAsync(await service.PostAsync(url, JsonBody(body)), HttpStatusCode.BadRequest, "$.kind");

        // Only underwriting decides, and a refusal carries its reason.
        Assert.Equal(HttpStatusCode.Forbidden, (await service.PostAsync($"/api/v1/cover-changes/{id}/decision", JsonBody("""{"approved":true}"""))).StatusCode);
        await AssertRefusedAsync(await supervisor.PostAsync($"/api/v1/cover-changes/{id}/decision", JsonBody("""{"approved":false}""")), HttpStatusCode.BadRequest, "$.reason");
        var declined = await ReadAsync(await supervisor.PostAsync($"/api/v1/cover-changes/{id}/decision",
            JsonBody("""{"approved":false,"reason":"The disclosed condition needs a medical report first."}""")), HttpStatusCode.OK);
        Assert.Equal("declined", declined.GetProperty("status").GetString());
        await AssertRefusedAsync(await supervisor.PostAsync($"/api/v1/cover-changes/{id}/decision", JsonBody("""{"approved":true}""")), HttpStatusCode.BadRequest, "$.id");
        await using (var db = server.Database.Open())
        {
            var told = await db.Notices.Where(n => n.PolicyNumber == policy.Number && n.Stage == Stage.ChangeDecision).ToListAsync();
            Assert.NotEmpty(told);
            Assert.All(told, n => Assert.Contains("medical report", n.Text));
            Assert.Null((await db.Policies.AsNoTracking().SingleAsync(p => p.Number == policy.Number)).PremiumChanges);
        }

        // Asked again and approved: applied from the day of the decision, with its endorsement.
        var again = await ReadAsync(await service.PostAsync(url, JsonBody(body)), HttpStatusCode.Accepted);
        var approved = await ReadAsync(await supervisor.PostAsync($"/api/v1/cover-changes/{again.GetProperty("request").GetInt64()}/decision",
            JsonBody("""{"approved":true}""")), HttpStatusCode.OK);
        Assert.Equal("applied", approved.GetProperty("status").GetString());
        Assert.True(approved.GetProperty("endorsement").GetInt64() > 0);
        var view = JsonDocument.Parse(await service.GetStringAsync(url)).RootElement;
        Assert.Equal(["applied", "declined"], view.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("status").GetString()));
    }
}

/// <summary>
/// Where the policy administration system owns contract changes: a confirmed change is not applied here but sent to it
/// as a signed <c>policy.change-requested</c> event, and applied when it confirms through the API with its key.
/// </summary>
public sealed class PolicySystemChangeTests(PolicySystemApiServer server) : IClassFixture<PolicySystemApiServer>
{
    [Fact]
    public async Task AChange_GoesToThePolicySystemByWebhook_AndIsAppliedWhenItConfirms()
    {
        string number;
        await using (var db = server.Database.Open())
            number = await db.Policies.AsNoTracking().Where(p => p.ProductCode == "CN-LIFE20" && p.Status == PolicyStatus.InForce && p.PremiumChanges == null
                && !db.ChangeRequests.Any(r => r.PolicyNumber == p.Number)).OrderBy(p => p.Number).Select(p => p.Number).FirstAsync();
        using var service = await server.SignedInAsync("service");
        using var supervisor = await server.SignedInAsync("supervisor");
        using var system = server.Integrator();
        var sent = await ReadAsync(await service.PostAsync($"/api/v1/policies/{number}/cover-changes",
            JsonBody("""{"kind":"payment-frequency","frequency":"annual","confirm":true}""")), HttpStatusCode.Accepted);
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        var id = sent.GetProperty("request").GetInt64();

        Assert.True(await server.Services.GetRequiredService<OutboundWebhooks>().DeliverDueAsync() >= 1);
        var events = server.Receiver.Received.Select(r =>
        {
            Assert.Null(WebhookSignature.Verify(r.Signature, r.Body, WebhookApiServer.Secret, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            return JsonDocument.Parse(r.Body).RootElement;
        }).ToList();
        // The demo's own changes were sent to the policy system too (it owns changes from the start): this one is found by its id.
        var request = Assert.Single(events, e => e.GetProperty("type").GetString() == "policy.change-requested"
            && e.GetProperty("data").GetProperty("request").GetInt64() == id);
        Assert.Equal((id, number, "annual"), (request.GetProperty("data").GetProperty("request").GetInt64(), request.GetProperty("data").GetProperty("policy").GetString(),
            request.GetProperty("data").GetProperty("asked").GetProperty("frequency").GetString()));
        await using (var db = server.Database.Open())
            Assert.Null((await db.Policies.AsNoTracking().SingleAsync(p => p.Number == number)).PremiumChanges);

        // The policy system decides it, not underwriting.
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsync($"/api/v1/cover-changes/{id}/decision", JsonBody("""{"approved":true}"""))).StatusCode);
        var applied = await ReadAsync(await system.PostAsync($"/api/v1/cover-changes/{id}/decision", JsonBody("""{"approved":true}""")), HttpStatusCode.OK);
        Assert.Equal("applied", applied.GetProperty("status").GetString());
        await using (var db = server.Database.Open())
        {
            var stored = await db.Policies.AsNoTracking().SingleAsync(p => p.Number == number);
            var change = Assert.Single(PremiumChangesJson.Read(stored.PremiumChanges)!);
            Assert.Equal((Frequency.Annual, Servicing.CoverChanges.NextAnniversary(stored.Start, ApiServer.Today)), (change.Frequency, change.FromDate));
        }
    }

    [Fact]
    public async Task APaymentTermChange_SentToThePolicySystem_IsAppliedAsAsked()
    {
        string number;
        await using (var db = server.Database.Open())
            number = await db.Policies.AsNoTracking().Where(p => p.ProductCode == "CN-LIFE20" && p.Status == PolicyStatus.InForce && p.PremiumChanges == null
                && !db.ChangeRequests.Any(r => r.PolicyNumber == p.Number)).OrderByDescending(p => p.Number).Select(p => p.Number).FirstAsync();
        using var service = await server.SignedInAsync("service");
        using var system = server.Integrator();
        var sent = await ReadAsync(await service.PostAsync($"/api/v1/policies/{number}/cover-changes",
            JsonBody("""{"kind":"payment-term","paymentYears":15,"confirm":true}""")), HttpStatusCode.Accepted);
        var id = sent.GetProperty("request").GetInt64();
        await ReadAsync(await system.PostAsync($"/api/v1/cover-changes/{id}/decision", JsonBody("""{"approved":true}""")), HttpStatusCode.OK);
        await using (var db = server.Database.Open())
        {
            var stored = await db.Policies.AsNoTracking().SingleAsync(p => p.Number == number);
            var change = Assert.Single(PremiumChangesJson.Read(stored.PremiumChanges)!);
            Assert.Equal((15, Servicing.CoverChanges.NextAnniversary(stored.Start, ApiServer.Today)), (change.PaymentYears, change.FromDate));
        }
    }
}
