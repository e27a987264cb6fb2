using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Hosting;
using PolicyCare.Support;

namespace PolicyCare.Api;

/// <summary>
/// The holes an outside probe found in how money is taken (issue 12, findings 1–5 and 7–10), each
/// pinned against the real host over SQLite and PostgreSQL.
/// </summary>
public sealed class MoneyProbeTests(ApiHosts hosts) : IClassFixture<ApiHosts>
{
    private ApiServer Server(string provider) => hosts[provider];

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The host of the theory's database and a policy of customer2's to act on.</summary>
    private async Task<(ApiServer Server, string Number)> PolicyOfCustomer2Async(string provider)
    {
        var server = Server(provider);
        using var customer = await server.SignedInAsync("customer2");
        return (server, await FirstPolicyAsync(customer));
    }

    private static async Task<string> FirstPolicyAsync(HttpClient client)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/v1/policies"));
        return doc.RootElement[0].GetProperty("number").GetString()!;
    }

    /// <summary>A policy the signed-in customer sees but does not hold.</summary>
    private static async Task<string> PolicyNotHeldAsync(HttpClient client, string customer)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/v1/policies"));
        return doc.RootElement.EnumerateArray().First(p => p.GetProperty("holder").GetString() != customer).GetProperty("number").GetString()!;
    }

    private static async Task<HttpResponseMessage> PostPaymentAsync(HttpClient client, string path, string body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        request.Headers.Add(Idempotency.Header, key);
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> WebhookAsync(HttpClient client, string provider, string body, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/webhooks/payments/{provider}") { Content = Json(body) };
        request.Headers.Add("PolicyCare-Signature", signature ?? WebhookSignature.Sign(body, ApiServer.WebhookSecret, DateTimeOffset.UtcNow));
        return await client.SendAsync(request);
    }

    private static string Event(string id, string policy, string amount, string? checkout = null, DateTimeOffset? paidAt = null) =>
        $$"""{"id":"{{id}}","type":"payment.succeeded","policy":"{{policy}}","amount":"{{amount}}","currency":"CNY","paidAt":"{{paidAt ?? DateTimeOffset.UtcNow:O}}"{{(checkout is null ? "" : $",\"checkout\":\"{checkout}\"")}}}""";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Finding1_ACustomerCannotRecordMoney_TheyStartACheckout_AndOnlyTheProvidersConfirmationPostsIt(string provider)
    {
        var server = Server(provider);
        using var customer = await server.SignedInAsync("customer1");
        var number = await FirstPolicyAsync(customer);
        await using var db = server.Database.Open();
        var before = await db.Payments.CountAsync(p => p.PolicyNumber == number);

        var recorded = await PostPaymentAsync(customer, $"/api/v1/policies/{number}/payments",
            """{"amount":"99999.00","method":"cash","receivedOn":"2026-11-01"}""", Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Forbidden, recorded.StatusCode);
        Assert.Contains("checkouts", await recorded.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await db.Payments.CountAsync(p => p.PolicyNumber == number));

        // A checkout started earlier (another tab) is replaced by the next one: one debt is paid once.
        var earlier = await customer.PostAsync($"/api/v1/policies/{number}/checkouts", null);
        Assert.Equal(HttpStatusCode.Created, earlier.StatusCode);
        var earlierId = JsonDocument.Parse(await earlier.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var started = await customer.PostAsync($"/api/v1/policies/{number}/checkouts", null);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.False(await Checkouts.IsPayableAsync(db, await db.Checkouts.AsNoTracking().SingleAsync(c => c.Id == earlierId), DateTimeOffset.UtcNow, default));
        using var checkout = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        var id = checkout.RootElement.GetProperty("id").GetString()!;
        var amount = checkout.RootElement.GetProperty("amount").GetString()!;
        Assert.Equal($"/pay/sandbox/{id}", checkout.RootElement.GetProperty("url").GetString());
        Assert.Equal(before, await db.Payments.CountAsync(p => p.PolicyNumber == number));

        using var anonymous = server.Anonymous();
        // A forged confirmation — another amount for the checkout, or a sandbox event without one — posts nothing.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await WebhookAsync(anonymous, "sandbox", Event("evt_" + id, number, "1.00", id))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await WebhookAsync(anonymous, "sandbox", Event("evt_x" + id, number, amount))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WebhookAsync(anonymous, "sandbox", Event("evt_" + id, number, amount, id))).StatusCode);

        var paid = await db.Payments.AsNoTracking().SingleAsync(p => p.ExternalReference == "sandbox:evt_" + id);
        Assert.Equal(number, paid.PolicyNumber);
        Assert.Equal("provider:sandbox", paid.RecordedBy);
        var done = await db.Checkouts.AsNoTracking().SingleAsync(c => c.Id == id);
        Assert.NotNull(done.PaidAt);
        Assert.False(await Checkouts.IsPayableAsync(db, done, DateTimeOffset.UtcNow, default));

        // Staff with a role for it record money received by other means, and the posting names who did it.
        using var integrator = server.Integrator();
        var cash = await PostPaymentAsync(integrator, $"/api/v1/policies/{number}/payments", """{"amount":"5.00","method":"cash"}""", Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, cash.StatusCode);
        Assert.Contains(await db.Payments.AsNoTracking().Where(p => p.PolicyNumber == number && p.Method == "cash").Select(p => p.RecordedBy).ToListAsync(),
            by => by == "api-key:demo-integrator");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Finding2_ACallersReferenceCannotSquatAProviderEventOrABankLine(string provider)
    {
        var server = Server(provider);
        using var customer = await server.SignedInAsync("customer2");
        var victim = await FirstPolicyAsync(customer);
        using var integrator = server.Integrator();
        var squatted = "evt_" + Guid.NewGuid().ToString("N");
        var squat = await PostPaymentAsync(integrator, $"/api/v1/policies/{victim}/payments",
            $$"""{"amount":"0.01","method":"card","reference":"wechat-pay:{{squatted}}"}""", Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, squat.StatusCode);

        // The real provider event with that id still posts its money.
        using var anonymous = server.Anonymous();
        var real = await WebhookAsync(anonymous, "wechat-pay", Event(squatted, victim, "30.00"));
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        Assert.Contains("posted", await real.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = server.Database.Open();
        Assert.Equal(30m, (await db.Payments.AsNoTracking().SingleAsync(p => p.ExternalReference == "wechat-pay:" + squatted)).Amount);

        // The same event id for another amount is a conflict the provider sees, not a silent duplicate.
        var clash = await WebhookAsync(anonymous, "wechat-pay", Event(squatted, victim, "31.00"));
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Equal(1, await db.Payments.CountAsync(p => p.ExternalReference == "wechat-pay:" + squatted));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Finding3_OneIdempotencyKey_IsOnePayment_WhateverTheSpellingOfThePath(string provider)
    {
        var (server, number) = await PolicyOfCustomer2Async(provider);
        using var integrator = server.Integrator();
        var key = Guid.NewGuid().ToString();
        var body = """{"amount":"7.00","method":"bank-transfer"}""";
        foreach (var path in new[] { $"/api/v1/policies/{number}/payments", $"/api/v1/policies/{number}/payments/", $"/API/v1/policies/{number}/payments", $"/api/V1/Policies/{number}/Payments/" })
        {
            var response = await PostPaymentAsync(integrator, path, body, key);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        await using var db = server.Database.Open();
        Assert.Single(await db.Payments.AsNoTracking().Where(p => p.PolicyNumber == number && p.Method == "bank-transfer").ToListAsync(), p => p.Amount == 7m);
    }

    [Theory]
    [InlineData("sqlite", "99999999999999999999.99")]
    [InlineData("postgres", "99999999999999999999.99")]
    [InlineData("sqlite", "79228162514264337593543950335")]
    [InlineData("postgres", "1000000001.00")]
    public async Task Finding4_AnAmountOverTheProductsMaximum_IsA400NamingIt_AndNothingOverflows(string provider, string amount)
    {
        var (server, number) = await PolicyOfCustomer2Async(provider);
        using var integrator = server.Integrator();
        var response = await PostPaymentAsync(integrator, $"/api/v1/policies/{number}/payments", $$"""{"amount":"{{amount}}","method":"cash"}""", Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$.amount", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The policy still answers (a stored huge amount made every later read fail with 500).
        Assert.Equal(HttpStatusCode.OK, (await integrator.GetAsync($"/api/v1/policies/{number}")).StatusCode);
    }

    [Theory]
    [InlineData("sqlite", "insured1")]
    [InlineData("postgres", "member1")]
    public async Task Finding5_AnInsuredOrAMemberSeesThePolicy_ButOnlyTheHolderActs(string provider, string user)
    {
        var server = Server(provider);
        using var client = await server.SignedInAsync(user);
        using var me = JsonDocument.Parse(await client.GetStringAsync("/api/v1/policies"));
        await using var db = server.Database.Open();
        var customerId = (await db.Users.AsNoTracking().SingleAsync(u => u.UserName == user)).CustomerId!;
        var number = await PolicyNotHeldAsync(client, customerId);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/policies/{number}")).StatusCode);

        var attempts = new (string Path, string? Body)[]
        {
            ($"/api/v1/policies/{number}/checkouts", null),
            ($"/api/v1/policies/{number}/mandate", """{"consentText":"I agree to auto-debit for this policy.","channel":"portal"}"""),
            ($"/api/v1/policies/{number}/payment-plan", """{"installments":3}"""),
            ($"/api/v1/policies/{number}/payment-holiday", """{"days":30}"""),
            ($"/api/v1/policies/{number}/reinstatement", """{"healthDeclaration":"clean"}"""),
        };
        foreach (var (path, body) in attempts)
        {
            var response = await client.PostAsync(path, body is null ? null : Json(body));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)response.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync($"/api/v1/policies/{number}/mandate")).StatusCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Finding7_SignatureHeaders_WithRotatedSecretsOrAbsurdTimestamps_AreAnsweredWithout500(string provider)
    {
        var (server, number) = await PolicyOfCustomer2Async(provider);
        using var anonymous = server.Anonymous();
        var id = "evt_" + Guid.NewGuid().ToString("N");
        var body = Event(id, number, "3.00");
        var good = WebhookSignature.Sign(body, ApiServer.WebhookSecret, DateTimeOffset.UtcNow);
        var t = good.Split(',')[0];
        var stale = WebhookSignature.Sign(body, "an-old-secret", DateTimeOffset.UtcNow).Split(',')[1];

        Assert.Equal(HttpStatusCode.Unauthorized, (await WebhookAsync(anonymous, "wechat-pay", body, "t=-9223372036854775808,v1=00")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WebhookAsync(anonymous, "wechat-pay", body, $"{good},t=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WebhookAsync(anonymous, "wechat-pay", body, $"{t},v1=zz")).StatusCode);
        // A provider rotating its secret signs with the old and the new one: any valid v1 is accepted.
        Assert.Equal(HttpStatusCode.OK, (await WebhookAsync(anonymous, "wechat-pay", body, $"{t},{stale},{good.Split(',')[1]}")).StatusCode);
    }

    [Theory]
    [InlineData("sqlite", "9999-12-31T00:00:00+00:00")]
    [InlineData("postgres", "0001-01-01T00:00:00+00:00")]
    public async Task Finding8_APaidAtOutsideAPlausibleWindow_IsA400NamingIt(string provider, string paidAt)
    {
        var (server, number) = await PolicyOfCustomer2Async(provider);
        using var anonymous = server.Anonymous();
        var response = await WebhookAsync(anonymous, "wechat-pay", Event("evt_" + Guid.NewGuid().ToString("N"), number, "3.00", paidAt: DateTimeOffset.Parse(paidAt, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$.paidAt", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite", """{"amount":"1.00","amount":"900.00","method":"cash"}""", "$.amount")]
    [InlineData("postgres", """{"amount":"1.00","method":"cash","reference":"a\u0000b"}""", "$.reference")]
    [InlineData("sqlite", """{"amount":"1.00","method":"cash","reference":"x\u001b[31m"}""", "$.reference")]
    public async Task Finding9_DuplicateKeysAndControlCharacters_AreRefused(string provider, string body, string field)
    {
        var (server, number) = await PolicyOfCustomer2Async(provider);
        using var integrator = server.Integrator();
        await using var db = server.Database.Open();
        var before = await db.Payments.CountAsync(p => p.PolicyNumber == number);
        var response = await PostPaymentAsync(integrator, $"/api/v1/policies/{number}/payments", body, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await db.Payments.CountAsync(p => p.PolicyNumber == number));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Finding10_TheSameEventTwentyTimesAtOnce_PostsOnce_AndEveryAnswerIsPostedOrDuplicate(string provider)
    {
        var (server, number) = await PolicyOfCustomer2Async(provider);
        using var anonymous = server.Anonymous();
        var id = "evt_" + Guid.NewGuid().ToString("N");
        var body = Event(id, number, "4.00");
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            var response = await WebhookAsync(anonymous, "wechat-pay", body);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }));
        Assert.All(answers, a => Assert.True(a.Item1 == 200, $"{a.Item1}: {a.Item2}"));
        Assert.Single(answers, a => a.Item2.Contains("\"posted\"", StringComparison.Ordinal));
        await using var db = server.Database.Open();
        Assert.Equal(1, await db.Payments.CountAsync(p => p.ExternalReference == "wechat-pay:" + id));
    }
}
