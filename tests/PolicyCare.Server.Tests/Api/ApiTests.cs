using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Hosting;
using PolicyCare.Policies;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Api;

/// <summary>The API against the real host on loopback over SQLite.</summary>
public sealed class ApiTests(ApiServer host) : ApiContract, IClassFixture<ApiServer>
{
    protected override ApiServer server => host;
}

/// <summary>The same API contract over a real PostgreSQL server.</summary>
public sealed class PostgresApiTests(PostgresApiServer host) : ApiContract, IClassFixture<PostgresApiServer>
{
    protected override ApiServer server => host;
}

/// <summary>The API against the real host on loopback: authentication, scoping, money at most once, bad input.</summary>
public abstract class ApiContract
{
#pragma warning disable IDE1006 // the fixture reads like the field it was
    protected abstract ApiServer server { get; }
#pragma warning restore IDE1006

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    protected async Task<(string Number, string Customer)> OwnPolicyAsync(string user)
    {
        using var client = await server.SignedInAsync(user);
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/v1/policies"));
        var first = doc.RootElement[0];
        return (first.GetProperty("number").GetString()!, first.GetProperty("holder").GetString()!);
    }

    [Fact]
    public async Task EveryRoute_WithoutCredentials_IsRefused()
    {
        using var client = server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/policies")).StatusCode);
        var response = await client.GetAsync("/api/v1/policies");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        client.DefaultRequestHeaders.Add(ApiKeyHandler.Header, "not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/policies")).StatusCode);
    }

    [Fact]
    public async Task Customer_SeesOnlyTheirOwnPolicies()
    {
        using var customer = await server.SignedInAsync("customer1");
        var (number, holder) = await OwnPolicyAsync("customer1");
        using var doc = JsonDocument.Parse(await customer.GetStringAsync("/api/v1/policies?limit=1000"));
        Assert.All(doc.RootElement.EnumerateArray(), p => Assert.Equal(holder, p.GetProperty("holder").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync($"/api/v1/policies/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/v1/notices")).StatusCode);
    }

    /// <summary>
    /// Walks every route of the OpenAPI document that takes an id of something a customer owns and
    /// proves a second customer gets 404 on each: ids cannot be probed. Products (the same for every
    /// customer) and provider webhooks (signed, not signed-in) own nothing of a customer's.
    /// </summary>
    /// <summary>Issue 13 §1.8: a client generated from the document authenticates and sends the Idempotency-Key the server requires.</summary>
    [Fact]
    public async Task TheOpenApiDocument_StatesHowToAuthenticate_TheIdempotencyKey_AndThePaymentsRealAnswers()
    {
        using var anonymous = server.Anonymous();
        using var openApi = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));
        var root = openApi.RootElement;
        var schemes = root.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("X-Api-Key", schemes.GetProperty("apiKey").GetProperty("name").GetString());
        Assert.Equal(2, root.GetProperty("security").GetArrayLength());
        var post = root.GetProperty("paths").GetProperty("/api/v1/policies/{number}/payments").GetProperty("post");
        Assert.Contains(post.GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header" && p.GetProperty("required").GetBoolean());
        var answers = post.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
        Assert.Contains("201", answers);
        Assert.Contains("400", answers);

        // Closed sets of values are enums, the very codes the server writes.
        var schemas = root.GetProperty("components").GetProperty("schemas");
        string[] Enum(string schema, string property) => schemas.GetProperty(schema).GetProperty("properties").GetProperty(property)
            .GetProperty("enum").EnumerateArray().Select(v => v.GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(PolicyCare.Delinquency.PolicyStatuses.Table.Codes.Order(StringComparer.Ordinal), Enum("PolicyDetail", "status"));
        Assert.Equal(PolicyCare.Delinquency.PolicyStatuses.Table.Codes.Order(StringComparer.Ordinal), Enum("PolicySummary", "status"));
        Assert.Equal(PolicyCare.Policies.Frequencies.Table.Codes.Order(StringComparer.Ordinal), Enum("PolicyDetail", "frequency"));
        Assert.Equal(PolicyCare.Notices.Channels.Table.Codes.Order(StringComparer.Ordinal), Enum("NoticeView", "channel"));
        Assert.Equal(PolicyCare.Notices.NoticeStatuses.Table.Codes.Order(StringComparer.Ordinal), Enum("NoticeView", "status"));
        Assert.Contains("second-reminder", Enum("CallTaskView", "stage"));

        // Every API answer is declared, and the refusals declared are the ones given: each operation that
        // declares 401 answers 401 to a caller without a token or key, with a problem body.
        var anonymousChecked = 0;
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            Assert.StartsWith("/api/v1/", path.Name, StringComparison.Ordinal);
            foreach (var operation in path.Value.EnumerateObject())
            {
                var responses = operation.Value.GetProperty("responses");
                var codes = responses.EnumerateObject().Select(r => r.Name).ToList();
                var webhook = path.Name.StartsWith("/api/v1/webhooks/", StringComparison.Ordinal);
                if (path.Name.Contains('{', StringComparison.Ordinal) && !webhook)
                    Assert.True(codes.Contains("404"), $"{operation.Name} {path.Name} declares no 404");
                // Sign-in's 401 is a wrong password (its own test); every other 401 is a missing token or key.
                if (!codes.Contains("401") || path.Name == "/api/v1/auth/sign-in") continue;
                var url = path.Name.Replace("{number}", "CN000001", StringComparison.Ordinal).Replace("{id}", "1", StringComparison.Ordinal)
                    .Replace("{code}", "CN-LIFE", StringComparison.Ordinal).Replace("{claim}", "CL0000000000", StringComparison.Ordinal)
                    .Replace("{document}", "1", StringComparison.Ordinal).Replace("{case}", "C-000001", StringComparison.Ordinal);
                using var request = new HttpRequestMessage(new HttpMethod(operation.Name.ToUpperInvariant()), url);
                // A well-formed request in the type the operation declares, only without credentials.
                if (operation.Value.TryGetProperty("requestBody", out var body))
                {
                    var type = body.GetProperty("content").EnumerateObject().First().Name;
                    request.Content = new StringContent(type == "application/json" ? "{}" : "", System.Text.Encoding.UTF8, type);
                }
                var response = await anonymous.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{operation.Name.ToUpperInvariant()} {path.Name}: {(int)response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                anonymousChecked++;
            }
        }
        Assert.True(anonymousChecked >= 25, $"{anonymousChecked} operations checked");
        // The typed answers a client needs: a created checkout, mandate and reinstatement application, a quote.
        string Answer(string path, string method, string status) => root.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses")
            .GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
        Assert.EndsWith("/CheckoutView", Answer("/api/v1/policies/{number}/checkouts", "post", "201"), StringComparison.Ordinal);
        Assert.EndsWith("/MandateView", Answer("/api/v1/policies/{number}/mandate", "post", "201"), StringComparison.Ordinal);
        Assert.EndsWith("/ApplicationView", Answer("/api/v1/policies/{number}/reinstatement", "post", "201"), StringComparison.Ordinal);
        Assert.EndsWith("/QuoteView", Answer("/api/v1/policies/{number}/reinstatement/quote", "get", "200"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondCustomer_Gets404_OnEveryRouteThatTakesAnId()
    {
        string claimId;
        long documentId;
        var (number, customerId) = await OwnPolicyAsync("customer1");
        string caseReference;
        using (var owner = await server.SignedInAsync("customer1"))
        {
            (claimId, documentId) = await ApiServer.ClaimAsync(owner, number);
            var opened = await owner.PostAsync("/api/v1/cases", new StringContent($$"""{"policy":"{{number}}","kind":"inquiry","category":"other","message":"A question of my own."}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
            caseReference = JsonDocument.Parse(await opened.Content.ReadAsStringAsync()).RootElement.GetProperty("reference").GetString()!;
        }
        using var other = await server.SignedInAsync("customer2");
        using var anonymous = server.Anonymous();
        using var openApi = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));
        var checkedRoutes = new List<string>();
        foreach (var path in openApi.RootElement.GetProperty("paths").EnumerateObject())
        {
            if (!path.Name.Contains('{', StringComparison.Ordinal) || path.Name.StartsWith("/api/v1/products", StringComparison.Ordinal)
                || path.Name.StartsWith("/api/v1/webhooks", StringComparison.Ordinal))
                continue;
            // The return from a provider's page takes a checkout id (open to anyone holding the unguessable link): another's id answers 404 too.
            var url = path.Name.Replace("{number}", number, StringComparison.Ordinal).Replace("{id}", customerId, StringComparison.Ordinal)
                .Replace("{provider}", "card", StringComparison.Ordinal).Replace("{claim}", claimId, StringComparison.Ordinal)
                .Replace("{document}", documentId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{case}", caseReference, StringComparison.Ordinal);
            Assert.DoesNotContain('{', url);
            foreach (var operation in path.Value.EnumerateObject())
            {
                using var request = new HttpRequestMessage(new HttpMethod(operation.Name.ToUpperInvariant()), url);
                if (operation.Name is "post" or "put")
                {
                    // A well-formed request in the type the operation declares (a document route takes a PDF).
                    var declared = operation.Value.TryGetProperty("requestBody", out var body) ? body.GetProperty("content").EnumerateObject().First().Name : "application/json";
                    request.Content = declared == "application/json"
                        ? Json("""{"amount":"1.00","method":"card","healthDeclaration":"clean","decision":"approved","consentText":"I agree to auto-debit","channel":"portal"}""")
                        : new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n")) { Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(declared) } };
                    request.Headers.Add(Idempotency.Header, Guid.NewGuid().ToString());
                }
                var response = await other.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{operation.Name.ToUpperInvariant()} {path.Name}: {(int)response.StatusCode}");
                checkedRoutes.Add($"{operation.Name} {path.Name}");
            }
        }
        // The pages a provider sends the customer's browser back to are not API (not in the document), but take a checkout id too.
        foreach (var back in new[] { "returned", "approved", "cancelled", "failed" })
        {
            var response = await other.GetAsync($"/pay/card/{customerId}/{back}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET /pay/card/{{id}}/{back}: {(int)response.StatusCode}");
        }
        Assert.True(checkedRoutes.Count >= 9, string.Join(", ", checkedRoutes));
    }

    [Fact]
    public async Task Payment_WithTheSameKey_IsPostedOnce_AndADifferentBodyIs422()
    {
        using var client = server.Integrator();
        var (number, _) = await OwnPolicyAsync("customer2");
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Post(string amount)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/policies/{number}/payments") { Content = Json($$"""{"amount":"{{amount}}","method":"bank-transfer"}""") };
            request.Headers.Add(Idempotency.Header, key);
            return await client.SendAsync(request);
        }
        var first = await Post("10.00");
        var replay = await Post("10.00");
        var different = await Post("20.00");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
        await using var db = server.Database.Open();
        // Money is compared in .NET: SQLite keeps decimals as exact text.
        var payments = await db.Payments.AsNoTracking().Where(p => p.PolicyNumber == number && p.Method == "bank-transfer").ToListAsync();
        Assert.Single(payments, p => p.Amount == 10m);
    }

    public static TheoryData<string, string, string, string?, string> BadRequests() => new()
    {
        // method, path ({n} = a policy), body, content type, the field the answer must name
        { "POST", "/api/v1/policies/{n}/payments", """{"amount":"10.00","method":"card","tip":"1"}""", "application/json", "$.tip" },
        { "POST", "/api/v1/policies/{n}/payments", """{"amount":10,"method":"card"}""", "application/json", "$.amount" },
        { "POST", "/api/v1/policies/{n}/payments", """{"amount":"-5.00","method":"card"}""", "application/json", "$.amount" },
        { "POST", "/api/v1/policies/{n}/payments", """{"amount":"5.001","method":"card"}""", "application/json", "$.amount" },
        { "POST", "/api/v1/policies/{n}/payments", """{"amount":"5.00","method":"barter"}""", "application/json", "$.method" },
        { "POST", "/api/v1/policies/{n}/payments", """{"amount":"5.00","method":"card","receivedOn":"2026-02-30"}""", "application/json", "$.receivedOn" },
        { "POST", "/api/v1/policies/{n}/payments", """{"amount":"5.00",""", "application/json", "$" },
        { "POST", "/api/v1/policies/{n}/payments", "amount=5", "application/x-www-form-urlencoded", "" },
        { "POST", "/api/v1/book", """{"customers":[{"id":"X1","name":"x","locale":"fr-FR"}]}""", "application/json", "$.customers[0].locale" },
        { "POST", "/api/v1/book", """{"policies":[{"number":"NEW1","product":"NOPE","holder":"CC0001","start":"2026-01-01","premium":"1.00","frequency":"monthly"}]}""", "application/json", "$.policies[0].product" },
        { "PUT", "/api/v1/products/X", """{"code":"X","currency":"CNY","grace":{"weeks":2}}""", "application/json", "$.grace.weeks" },
        { "PUT", "/api/v1/products/X", """{"code":"Y","currency":"CNY"}""", "application/json", "$.code" },
        { "POST", "/api/v1/policies/{n}/mandate", """{"consentText":"I agree to auto-debit","channel":"portal","accountLast4":"6222021234563456"}""", "application/json", "$.accountLast4" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequest_IsA4xxProblemNamingTheField_AndChangesNothing(string method, string path, string body, string? contentType, string field)
    {
        var (number, _) = await OwnPolicyAsync("customer2");
        using var client = server.Integrator();
        var before = await SnapshotAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{n}", number, StringComparison.Ordinal))
        {
            Content = new StringContent(body, Encoding.UTF8, contentType ?? "application/json"),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType ?? "application/json");
        request.Headers.Add(Idempotency.Header, Guid.NewGuid().ToString());
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        // A body that is not JSON at all is refused by its media type (415) before any field is read.
        if (field.Length > 0) Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
        else Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task OversizedBody_IsRefusedWith413_AndChangesNothing()
    {
        var (number, _) = await OwnPolicyAsync("customer2");
        using var client = server.Integrator();
        var before = await SnapshotAsync();
        var huge = "{\"amount\":\"5.00\",\"method\":\"card\",\"reference\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        // The server answers 413 as soon as the body passes the limit and closes the connection; a
        // client still writing the rest may see the pipe break before it reads the answer. That
        // race is the client's, not a refusal that failed: it is tried again, a few times at most.
        HttpResponseMessage? response = null;
        for (var attempt = 0; attempt < 5 && response is null; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/policies/{number}/payments") { Content = Json(huge) };
            request.Headers.Add(Idempotency.Header, Guid.NewGuid().ToString());
            try
            {
                response = await client.SendAsync(request);
            }
            catch (HttpRequestException e) when (e.InnerException is IOException)
            {
                Assert.Equal(before, await SnapshotAsync());
            }
        }
        Assert.NotNull(response);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task PutCustomerAndPolicy_CreateThenUpdate_AndTheContractCannotChange()
    {
        using var client = server.Integrator();
        var id = "PUT" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync($"/api/v1/customers/{id}", Json($$"""{"id":"{{id}}","name":"Choi","locale":"ko-KR","mobile":"+821000000001"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/v1/customers/{id}", Json($$"""{"id":"{{id}}","name":"Choi","locale":"ko-KR","mobile":"+821000000002"}"""))).StatusCode);
        var policy = $$"""{"number":"{{id}}-P","product":"KR-LIFE","holder":"{{id}}","start":"2025-05-01","premium":"30000","frequency":"monthly","autoDebit":false}""";
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync($"/api/v1/policies/{id}-P", Json(policy))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/v1/policies/{id}-P", Json(policy.Replace("\"autoDebit\":false", "\"autoDebit\":true", StringComparison.Ordinal)))).StatusCode);
        var premiumChange = await client.PutAsync($"/api/v1/policies/{id}-P", Json(policy.Replace("30000", "35000", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, premiumChange.StatusCode);
        var mismatch = await client.PutAsync($"/api/v1/customers/{id}", Json("""{"id":"SOMEONE-ELSE","name":"x"}"""));
        Assert.Contains("$.id", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = server.Database.Open();
        Assert.Equal("+821000000002", (await db.Customers.AsNoTracking().FirstAsync(c => c.Id == id)).Mobile);
        var stored = await db.Policies.AsNoTracking().FirstAsync(p => p.Number == id + "-P");
        Assert.True(stored.MandateActive);
        Assert.Equal(30000m, stored.Premium);
    }

    /// <summary>Every operation of the OpenAPI document, fed bodies of the wrong shape, answers 4xx problem+json: never a 500.</summary>
    [Fact]
    public async Task EveryOperation_WithBodiesOfTheWrongShape_NeverAnswers500()
    {
        var (number, customer) = await OwnPolicyAsync("customer2");
        using var client = server.Integrator();
        using var openApi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var seen = 0;
        foreach (var path in openApi.RootElement.GetProperty("paths").EnumerateObject())
        {
            var url = path.Name.Replace("{number}", number, StringComparison.Ordinal).Replace("{id}", customer, StringComparison.Ordinal)
                .Replace("{code}", "CN-LIFE20", StringComparison.Ordinal).Replace("{provider}", "wechat-pay", StringComparison.Ordinal);
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "post" or "put"))
            {
                foreach (var body in new[] { "null", "[]", "{}", "\"text\"", "{\"a\":", "{\"amount\":{\"x\":1}}" })
                {
                    foreach (var type in new[] { "application/json", "text/csv" })
                    {
                        using var request = new HttpRequestMessage(new HttpMethod(operation.Name.ToUpperInvariant()), url) { Content = new StringContent(body, Encoding.UTF8, type) };
                        request.Headers.Add(Idempotency.Header, Guid.NewGuid().ToString());
                        var response = await client.SendAsync(request);
                        // "{}" is a whole request for operations whose fields are all optional (applying for reinstatement).
                        var allowed = (int)response.StatusCode is >= 400 and < 500 || (body == "{}" && type == "application/json" && response.IsSuccessStatusCode);
                        Assert.True(allowed, $"{operation.Name} {path.Name} with {type} {body}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        seen++;
                    }
                }
            }
        }
        Assert.True(seen > 100, $"{seen} requests");
    }

    [Fact]
    public async Task PaymentWithoutAnIdempotencyKey_IsRefused()
    {
        var (number, _) = await OwnPolicyAsync("customer2");
        using var client = server.Integrator();
        var response = await client.PostAsync($"/api/v1/policies/{number}/payments", Json("""{"amount":"5.00","method":"card"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(Idempotency.Header, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_SignedAndFresh_PostsOnce_BadOrStaleSignaturesAreRefused()
    {
        var (number, _) = await OwnPolicyAsync("customer2");
        using var client = server.Anonymous();
        var eventId = "evt_" + Guid.NewGuid().ToString("N");
        var body = $$"""{"id":"{{eventId}}","type":"payment.succeeded","policy":"{{number}}","amount":"12.00","currency":"CNY","paidAt":"{{DateTimeOffset.UtcNow:O}}"}""";
        async Task<HttpResponseMessage> Send(string signature)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/payments/wechat-pay") { Content = Json(body) };
            request.Headers.Add("PolicyCare-Signature", signature);
            return await client.SendAsync(request);
        }
        var good = WebhookSignature.Sign(body, ApiServer.WebhookSecret, DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(WebhookSignature.Sign(body, "wrong-secret", DateTimeOffset.UtcNow))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(WebhookSignature.Sign(body, ApiServer.WebhookSecret, DateTimeOffset.UtcNow.AddMinutes(-30)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send("garbage")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(good)).StatusCode);
        var replay = await Send(good);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("duplicate", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = server.Database.Open();
        Assert.Equal(1, await db.Payments.CountAsync(p => p.ExternalReference == "wechat-pay:" + eventId));
    }

    [Fact]
    public async Task DeliveryReceipt_Signed_MovesTheNoticeToDelivered_UnknownIdsAndBadSignaturesAreRefused()
    {
        var messageId = "msg-" + Guid.NewGuid().ToString("N");
        long noticeId;
        await using (var db = server.Database.Open())
        {
            var notice = await db.Notices.OrderBy(n => n.Id).FirstAsync(n => n.Status == Notices.NoticeStatus.Sent && n.ProviderMessageId == null);
            notice.ProviderMessageId = messageId;
            noticeId = notice.Id;
            await db.SaveChangesAsync();
        }
        using var client = server.Anonymous();
        async Task<HttpResponseMessage> Send(string body, string secret)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/receipts/sms") { Content = Json(body) };
            request.Headers.Add("PolicyCare-Signature", WebhookSignature.Sign(body, secret, DateTimeOffset.UtcNow));
            return await client.SendAsync(request);
        }
        var delivered = $$"""{"messageId":"{{messageId}}","status":"delivered"}""";
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(delivered, "wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Send("""{"messageId":"nope","status":"delivered"}""", ApiServer.WebhookSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Send($$"""{"messageId":"{{messageId}}","status":"read"}""", ApiServer.WebhookSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(delivered, ApiServer.WebhookSecret)).StatusCode);
        await using var check = server.Database.Open();
        var after = await check.Notices.AsNoTracking().FirstAsync(n => n.Id == noticeId);
        Assert.Equal(Notices.NoticeStatus.Delivered, after.Status);
        Assert.True(await check.Evidence.AnyAsync(e => e.NoticeId == noticeId && e.Event == "delivered"));
        Assert.Empty(await Notices.EvidenceLog.VerifyAsync(check));

        // The figures are not for anyone who asks (issue 13 §1.10): anonymous and customers are refused, a staff key reads them.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/metrics")).StatusCode);
        using (var customer = await server.SignedInAsync("customer1"))
            Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/metrics")).StatusCode);
        using var scraper = server.Integrator();
        var metrics = await scraper.GetStringAsync("/metrics");
        Assert.Contains("policycare_notices_outcomes", metrics, StringComparison.Ordinal);
        Assert.Contains("outcome=\"delivered\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentRecordsCallOutcomes_ReachedIsDelivered_WrongNumberMarksTheContactAndHandsOver()
    {
        // Two calls the dispatcher left for agents today, for two policies in grace with different holders.
        // (The demo's own calls are months old and no longer true: the list closes them rather than show them.)
        await using (var seed = server.Database.Open())
        {
            var graced = await seed.Policies.AsNoTracking().Where(p => p.Status == PolicyCare.Delinquency.PolicyStatus.Grace).OrderBy(p => p.Number).ToListAsync();
            foreach (var policy in graced.DistinctBy(p => p.HolderId).Take(2))
            {
                var mobile = await seed.Customers.AsNoTracking().Where(c => c.Id == policy.HolderId).Select(c => c.Mobile).FirstAsync();
                seed.Notices.Add(new Notices.NoticeRecord
                {
                    IdempotencyKey = $"api-call:{policy.Number}", PolicyNumber = policy.Number, Stage = Notices.Stage.SecondReminder, Channel = Notices.Channel.AgentCall,
                    Recipient = policy.HolderId, Address = mobile ?? "+8613800000009", Locale = "zh-CN", Text = "请致电客户", PlannedOn = ApiServer.Today,
                    SendAfter = DateTimeOffset.UtcNow, Status = Notices.NoticeStatus.Sent,
                });
            }
            await seed.SaveChangesAsync();
        }
        using var agent = await server.SignedInAsync("collections");
        using var list = JsonDocument.Parse(await agent.GetStringAsync("/api/v1/call-tasks"));
        await using (var read = server.Database.Open())
        {
            // Only calls still worth making are listed: every one is for a policy in grace.
            var listed = list.RootElement.EnumerateArray().Select(t => t.GetProperty("policy").GetString()!).ToList();
            Assert.All(await read.Policies.AsNoTracking().Where(p => listed.Contains(p.Number)).Select(p => p.Status).ToListAsync(),
                status => Assert.Equal(PolicyCare.Delinquency.PolicyStatus.Grace, status));
        }
        var tasks = list.RootElement.EnumerateArray().ToList();
        Assert.True(tasks.Count >= 2, $"{tasks.Count} call tasks");
        Assert.DoesNotMatch(@"\d{8,}", tasks[0].GetProperty("maskedNumber").GetString()!);
        var reached = tasks[0].GetProperty("id").GetInt64();
        var wrong = tasks.First(t => t.GetProperty("recipient").GetString() != tasks[0].GetProperty("recipient").GetString()).GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.BadRequest, (await agent.PostAsync($"/api/v1/call-tasks/{reached}/outcome", Json("""{"outcome":"maybe"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/v1/call-tasks/{reached}/outcome", Json("""{"outcome":"reached","note":"will pay Friday"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsync($"/api/v1/call-tasks/{reached}/outcome", Json("""{"outcome":"reached"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/v1/call-tasks/{wrong}/outcome", Json("""{"outcome":"wrong-number"}"""))).StatusCode);

        await using var db = server.Database.Open();
        Assert.Equal(Notices.NoticeStatus.Delivered, (await db.Notices.AsNoTracking().FirstAsync(n => n.Id == reached)).Status);
        var failed = await db.Notices.AsNoTracking().FirstAsync(n => n.Id == wrong);
        Assert.Equal(Notices.NoticeStatus.Failed, failed.Status);
        Assert.Contains("Mobile", (await db.Customers.AsNoTracking().FirstAsync(c => c.Id == failed.Recipient)).InvalidContacts, StringComparison.Ordinal);
        var prefix = failed.IdempotencyKey + "|";
        Assert.True(await db.Notices.AnyAsync(n => n.IdempotencyKey.StartsWith(prefix)));

        using var customer = await server.SignedInAsync("customer1");
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/v1/call-tasks")).StatusCode);
    }

    [Fact]
    public async Task DeliverySuccessRate_ByChannelAndStage_IsReportedToStaff()
    {
        using var supervisor = await server.SignedInAsync("supervisor");
        using var doc = JsonDocument.Parse(await supervisor.GetStringAsync($"/api/v1/insights/notice-delivery?from={ApiServer.Today.AddDays(-200):yyyy-MM-dd}&to={ApiServer.Today:yyyy-MM-dd}"));
        var rates = doc.RootElement.GetProperty("rates").EnumerateArray().ToList();
        Assert.Contains(rates, r => r.GetProperty("channel").GetString() == "sms" && r.GetProperty("stage").GetString() == "first-reminder" && r.GetProperty("sent").GetInt32() > 0);
        // The unreachable demo customer's notices failed: the pre-debit SMS success rate is below 1.
        Assert.Contains(rates, r => r.GetProperty("failed").GetInt32() > 0 && r.GetProperty("successRate").GetDecimal() < 1m);
        using var customer = await server.SignedInAsync("customer1");
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/v1/insights/notice-delivery")).StatusCode);
    }

    [Fact]
    public async Task NationalIds_AreEncryptedAtRest_AndShownOnlyAsTheLastFourDigits()
    {
        using var client = server.Integrator();
        var response = await client.PostAsync("/api/v1/book", Json("""
            {"customers":[{"id":"NID1","name":"Zhao Lei","locale":"zh-CN","nationalId":"110101198001011234","mobile":"+8613800000099"}]}
            """));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = server.Database.Open();
        var stored = await db.Customers.AsNoTracking().FirstAsync(c => c.Id == "NID1");
        Assert.Equal("1234", stored.NationalIdLast4);
        Assert.NotNull(stored.NationalIdProtected);
        Assert.DoesNotContain("110101198001011234", stored.NationalIdProtected, StringComparison.Ordinal);
        Assert.DoesNotContain("110101198001011234", await client.GetStringAsync("/api/v1/customers/NID1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CsvUpload_CustomersThenPolicies_AreUpserted_AndABadLineIsNamedWithItsColumn()
    {
        using var client = server.Integrator();
        var id = "CSV" + Guid.NewGuid().ToString("N")[..6];
        var customers = await client.PostAsync("/api/v1/book/csv", new StringContent($"""
            id,name,birthDate,locale,mobile,email,channels,emergencyName,emergencyMobile
            {id}-1,Kim,1950-04-01,ko-KR,+821011112222,kim@example.com,sms;kakao,Lee,+821033334444
            {id}-2,Park,1990-04-01,ko-KR,+821055556666,,sms,,
            """, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, customers.StatusCode);
        var policies = await client.PostAsync("/api/v1/book/csv?asOf=2026-01-01", new StringContent($"""
            number,product,holder,insured,start,premium,frequency,autoDebit
            {id}-P,KR-LIFE,{id}-1,{id}-2,2025-03-15,55000,monthly,true
            """, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, policies.StatusCode);
        await using (var db = server.Database.Open())
        {
            var p = await db.Policies.AsNoTracking().FirstAsync(x => x.Number == id + "-P");
            Assert.Equal((id + "-1", id + "-2", true), (p.HolderId, p.InsuredId, p.MandateActive));
            var c = await db.Customers.AsNoTracking().FirstAsync(x => x.Id == id + "-1");
            Assert.Equal(("sms,kakao", "+821033334444"), (c.PreferredChannels, c.EmergencyMobile));
        }

        var bad = await client.PostAsync("/api/v1/book/csv", new StringContent($"""
            number,product,holder,start,premium,frequency
            {id}-Q,KR-LIFE,{id}-1,2025-03-15,55000,monthly
            {id}-R,KR-LIFE,{id}-1,2025-03-15,-1,monthly
            """, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("line 3, premium", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using (var db = server.Database.Open())
            Assert.False(await db.Policies.AnyAsync(x => x.Number == id + "-Q"));
    }

    [Fact]
    public async Task CollectionsAgent_AgreesAPaymentPlan_WithinTheProductsRules_AndItShowsInTheTimeline()
    {
        using var agent = await server.SignedInAsync("collections");
        using var graceList = JsonDocument.Parse(await agent.GetStringAsync("/api/v1/policies?status=grace&limit=1000"));
        var number = graceList.RootElement.EnumerateArray().Select(p => p.GetProperty("number").GetString()!)
            .First(n => n.StartsWith("CN", StringComparison.Ordinal) && !n.StartsWith("CNG", StringComparison.Ordinal));

        var tooMany = await agent.PostAsync($"/api/v1/policies/{number}/payment-plan", Json("""{"installments":24}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.Contains("$.installments", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var agreed = await agent.PostAsync($"/api/v1/policies/{number}/payment-plan", Json("""{"installments":3}"""));
        Assert.Equal(HttpStatusCode.OK, agreed.StatusCode);
        using var plan = JsonDocument.Parse(await agreed.Content.ReadAsStringAsync());
        Assert.Equal(3, plan.RootElement.GetProperty("parts").GetArrayLength());
        var timeline = await agent.GetStringAsync($"/api/v1/policies/{number}/timeline");
        Assert.Contains("payment-plan-agreed", timeline, StringComparison.Ordinal);

        using var alternatives = JsonDocument.Parse(await agent.GetStringAsync($"/api/v1/policies/{number}/alternatives"));
        Assert.True(alternatives.RootElement.TryGetProperty("maxPolicyLoan", out _));
    }

    [Fact]
    public async Task Supervisor_CannotAgreeAPaymentPlan_ItIsCollectionsWork()
    {
        var (number, _) = await OwnPolicyAsync("customer2");
        using var supervisor = await server.SignedInAsync("supervisor");
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsync($"/api/v1/policies/{number}/payment-plan", Json("""{"installments":3}"""))).StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_AndReferencePage_AreServed()
    {
        using var client = server.Anonymous();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/policies/{number}/payments", paths);
        Assert.Contains("/api/v1/bank-files/debit-results", paths);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/reference/v1")).StatusCode);
    }

    private async Task<string> SnapshotAsync()
    {
        await using var db = server.Database.Open();
        return $"{await db.Payments.CountAsync()} {await db.Policies.CountAsync()} {await db.Customers.CountAsync()} {await db.Products.CountAsync()} "
            + $"{await db.Timeline.CountAsync()} {await db.Mandates.CountAsync()} {await db.IdempotencyKeys.CountAsync()} "
            + string.Join(",", await db.Policies.OrderBy(p => p.Number).Select(p => p.Applied).ToListAsync());
    }
}
