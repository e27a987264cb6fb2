using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Claims;
using PolicyCare.Hosting;
using PolicyCare.Support;

namespace PolicyCare.Claims;

/// <summary>The demo host with approval limits of 1 in every currency, so any approval by a handler is above it.</summary>
public sealed class ClaimsApiServer : ApiServer
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("PolicyCare:Claims:HandlerApprovalLimits:CNY", "1"),
        new("PolicyCare:Claims:HandlerApprovalLimits:KRW", "1"),
    ];
}

/// <summary>
/// Claims through the API on the real host: a customer claims, uploads and follows; a handler and a
/// supervisor decide; the payout goes out in a bank file and comes back confirmed — with every bad
/// input refused by name and nothing stored.
/// </summary>
public sealed class ClaimApiTests(ClaimsApiServer server) : IClassFixture<ClaimsApiServer>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A policy of the customer's whose product pays a benefit, the benefit, and the body fields its kind needs.</summary>
    private async Task<(string Policy, string Benefit, string Measure, JsonElement Documents)> ClaimablePolicyAsync(HttpClient customer)
    {
        using var policies = JsonDocument.Parse(await customer.GetStringAsync("/api/v1/policies"));
        foreach (var p in policies.RootElement.EnumerateArray())
        {
            using var product = JsonDocument.Parse(await customer.GetStringAsync($"/api/v1/products/{p.GetProperty("product").GetString()}"));
            if (!product.RootElement.GetProperty("definition").TryGetProperty("benefits", out var benefits)) continue;
            var b = benefits[0];
            var measure = b.GetProperty("kind").GetString() switch { "per-day" => "\"days\":3", "reimbursement" => "\"amount\":\"800.00\"", _ => "" };
            return (p.GetProperty("number").GetString()!, b.GetProperty("code").GetString()!, measure, b.GetProperty("documents").Clone());
        }
        throw new InvalidOperationException("the customer holds no policy that pays claims");
    }

    private static string Body(string policy, string benefit, string measure, string incurred, string extra = "") =>
        $$"""{"policy":"{{policy}}","benefit":"{{benefit}}","incurred":"{{incurred}}"{{(measure.Length > 0 ? "," + measure : "")}}{{extra}}}""";

    private static ByteArrayContent Pdf(string text)
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4\n% " + text + "\n%%EOF\n"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return content;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task AClaim_FromSubmissionToConfirmedPayout_WithTheSurvey()
    {
        using var customer = await server.SignedInAsync("customer1");
        using var other = await server.SignedInAsync("customer2");
        using var handler = await server.SignedInAsync("claims");
        using var supervisor = await server.SignedInAsync("supervisor");
        var (policy, benefit, measure, documents) = await ClaimablePolicyAsync(customer);
        var today = ApiServer.Today;

        // Submitted with nothing attached: every required document asked for at once, and an estimated completion date shown.
        var claim = await ReadAsync(await customer.PostAsync("/api/v1/claims",
            Json(Body(policy, benefit, measure, today.AddDays(-2).ToString("yyyy-MM-dd"), ",\"payoutAccount\":\"6222021234567890\""))));
        var id = claim.GetProperty("id").GetString()!;
        Assert.Equal("information-requested", claim.GetProperty("stage").GetString());
        Assert.Equal(documents.EnumerateArray().Select(d => d.GetString()).Order(StringComparer.Ordinal), claim.GetProperty("missing").EnumerateArray().Select(d => d.GetString()));
        Assert.True(claim.GetProperty("estimatedCompletion").GetString() is { } estimate && DateOnly.Parse(estimate) >= today);
        Assert.Equal(JsonValueKind.Null, claim.GetProperty("flags").ValueKind); // flags are for the handler, not the claimant
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/claims/{id}")).StatusCode);

        // A file that is not what it says is refused by its bytes, and so is one too large: nothing stored.
        var fake = new ByteArrayContent(Encoding.UTF8.GetBytes("MZ this is a program, not a PDF"));
        fake.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var first = documents[0].GetString();
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await customer.PostAsync($"/api/v1/claims/{id}/documents?type={first}", fake)).StatusCode);
        var huge = new ByteArrayContent(new byte[ClaimDocument.MaxBytes + 1]);
        huge.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await customer.PostAsync($"/api/v1/claims/{id}/documents?type={first}", huge)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await customer.PostAsync($"/api/v1/claims/{id}/documents?type=selfie", Pdf("x"))).StatusCode);
        await using (var db = server.Database.Open())
            Assert.Equal(0, await db.ClaimDocuments.CountAsync(d => d.ClaimId == id));

        // Each required document uploaded: the claim's documents are complete (and a clean small claim is paid at once).
        long firstDocument = 0;
        foreach (var code in documents.EnumerateArray().Select(d => d.GetString()!))
        {
            var uploaded = await ReadAsync(await customer.PostAsync($"/api/v1/claims/{id}/documents?type={code}", Pdf($"{id} {code}")));
            if (firstDocument == 0)
            {
                firstDocument = uploaded.GetProperty("id").GetInt64();
                // The same file again as another document is not that document: refused, naming the type it is filed as.
                if (documents.GetArrayLength() > 1)
                {
                    var sameFile = await customer.PostAsync($"/api/v1/claims/{id}/documents?type={documents[1].GetString()}", Pdf($"{id} {code}"));
                    Assert.Equal(HttpStatusCode.Conflict, sameFile.StatusCode);
                    Assert.Contains($"'{code}'", await sameFile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                }
            }
        }
        var download = await customer.GetAsync($"/api/v1/claims/{id}/documents/{firstDocument}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal($"%PDF-1.4\n% {id} {first}\n%%EOF\n", await download.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/claims/{id}/documents/{firstDocument}")).StatusCode);
        claim = await ReadAsync(await handler.GetAsync($"/api/v1/claims/{id}"));
        Assert.NotEqual("information-requested", claim.GetProperty("stage").GetString());
        Assert.Equal(JsonValueKind.Array, claim.GetProperty("flags").ValueKind);

        if (claim.GetProperty("stage").GetString() != "closed")
        {
            // A refusal needs a reason from the list and the clause; a partial above the benefit is 422; a handler's approval above the limit is 403.
            var refused = await handler.PostAsync($"/api/v1/claims/{id}/decision", Json("""{"decision":"declined"}"""));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("$.reason", await refused.Content.ReadAsStringAsync());
            var above = await handler.PostAsync($"/api/v1/claims/{id}/decision", Json("""{"decision":"partial","amount":"99999999.00","reason":"above-limit","clause":"Art. 7"}"""));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, above.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await handler.PostAsync($"/api/v1/claims/{id}/decision", Json("""{"decision":"approved"}"""))).StatusCode);
            claim = await ReadAsync(await supervisor.PostAsync($"/api/v1/claims/{id}/decision", Json("""{"decision":"approved"}""")));
        }
        Assert.Equal("closed", claim.GetProperty("stage").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.PostAsync($"/api/v1/claims/{id}/decision", Json("""{"decision":"approved"}"""))).StatusCode);
        var payable = claim.GetProperty("decision").GetProperty("payable").GetString()!;
        // Listed by stage: among the customer's closed claims, not among the open ones; an unknown stage is named.
        using (var closed = JsonDocument.Parse(await customer.GetStringAsync("/api/v1/claims?stage=closed&limit=1000")))
            Assert.Contains(closed.RootElement.EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        using (var review = JsonDocument.Parse(await customer.GetStringAsync("/api/v1/claims?stage=documents-complete&limit=1000")))
            Assert.DoesNotContain(review.RootElement.EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.BadRequest, (await customer.GetAsync("/api/v1/claims?stage=pondering")).StatusCode);

        // The payout: in one bank file (the same answer for a retried request), confirmed by the bank's file; a bad line changes nothing.
        async Task<HttpResponseMessage> FileAsync(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/claim-payouts/files");
            request.Headers.Add(Idempotency.Header, key);
            return await supervisor.SendAsync(request);
        }
        var key = Guid.NewGuid().ToString();
        var file = await ReadAsync(await FileAsync(key));
        var again = await ReadAsync(await FileAsync(key));
        Assert.Equal(file.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());
        var csv = file.GetProperty("content").GetString()!;
        var line = csv.Split('\n').Single(l => l.Contains(id, StringComparison.Ordinal));
        Assert.Contains("6222021234567890", line);
        Assert.Contains(payable, line);
        var reference = line.Split(',')[0];
        Assert.Equal(csv, await supervisor.GetStringAsync($"/api/v1/claim-payouts/files/{file.GetProperty("id").GetInt64()}"));
        var bad = await supervisor.PostAsync("/api/v1/claim-payouts/confirmations",
            new StringContent($"reference,amount,result,bank_reference\n{reference},{payable},paid,B1\nPO999999999,1.00,paid,B2\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("line 3, reference", await bad.Content.ReadAsStringAsync());
        claim = await ReadAsync(await customer.GetAsync($"/api/v1/claims/{id}"));
        Assert.Equal("in-file", claim.GetProperty("payment").GetProperty("status").GetString());
        var good = new StringContent($"reference,amount,result,bank_reference\n{reference},{payable},paid,B1\n", Encoding.UTF8, "text/csv");
        Assert.Equal(1, (await ReadAsync(await supervisor.PostAsync("/api/v1/claim-payouts/confirmations", good))).GetProperty("confirmed").GetInt32());
        var replay = new StringContent($"reference,amount,result,bank_reference\n{reference},{payable},paid,B1\n", Encoding.UTF8, "text/csv");
        Assert.Equal(1, (await ReadAsync(await supervisor.PostAsync("/api/v1/claim-payouts/confirmations", replay))).GetProperty("alreadyKnown").GetInt32());
        claim = await ReadAsync(await customer.GetAsync($"/api/v1/claims/{id}"));
        Assert.Equal("confirmed", claim.GetProperty("payment").GetProperty("status").GetString());
        Assert.Equal("****7890", claim.GetProperty("payment").GetProperty("payoutAccount").GetString());

        // The insights count it: submitted in the period, decided, its survey answered below.
        using (var insights = JsonDocument.Parse(await supervisor.GetStringAsync($"/api/v1/insights/claims?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}")))
        {
            Assert.True(insights.RootElement.GetProperty("submitted").GetInt32() >= 1);
            Assert.True(insights.RootElement.GetProperty("decided").GetInt32() >= 1);
            var total = insights.RootElement.GetProperty("cycleTimes").EnumerateArray().Single(t => t.GetProperty("stage").GetString() == "total");
            Assert.Equal(0, total.GetProperty("median").GetInt32()); // submitted, complete and closed the same day
        }

        // The survey: out of range named, answered once.
        Assert.Equal(HttpStatusCode.BadRequest, (await customer.PostAsync($"/api/v1/claims/{id}/survey", Json("""{"csat":6,"nps":9}"""))).StatusCode);
        var answered = await ReadAsync(await customer.PostAsync($"/api/v1/claims/{id}/survey", Json("""{"csat":5,"nps":9,"comment":"快"}""")));
        Assert.Equal(5, answered.GetProperty("survey").GetProperty("csat").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await customer.PostAsync($"/api/v1/claims/{id}/survey", Json("""{"csat":4,"nps":8}"""))).StatusCode);
        using var after = JsonDocument.Parse(await supervisor.GetStringAsync($"/api/v1/insights/claims?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}"));
        Assert.Contains(after.RootElement.GetProperty("satisfaction").EnumerateArray(), s => s.GetProperty("benefit").GetString() == benefit && s.GetProperty("answers").GetInt32() >= 1);

        // A period's satisfaction is the answers given in it, whenever their claims were submitted (the demo's were answered yesterday).
        var yesterday = today.AddDays(-1);
        await using var book = server.Database.Open();
        var answeredYesterday = await book.Claims.CountAsync(c => c.SurveyAnsweredOn == yesterday && c.SurveyCsat != null && c.SurveyNps != null);
        Assert.True(answeredYesterday > 0, "the demo answers some claim surveys the day before the book's today");
        using var day = JsonDocument.Parse(await supervisor.GetStringAsync($"/api/v1/insights/claims?from={yesterday:yyyy-MM-dd}&to={yesterday:yyyy-MM-dd}"));
        Assert.Equal(answeredYesterday, day.RootElement.GetProperty("satisfaction").EnumerateArray().Sum(s => s.GetProperty("answers").GetInt32()));

        // A deadline is missed in the period it fell in: the demo's claim submitted 55 days ago, its 30 days gone undecided 25 days ago.
        using var month = JsonDocument.Parse(await supervisor.GetStringAsync($"/api/v1/insights/claims?from={today.AddDays(-30):yyyy-MM-dd}&to={today:yyyy-MM-dd}"));
        Assert.True(month.RootElement.GetProperty("deadlinesMissed").GetInt32() >= 1, month.RootElement.ToString());
    }

    [Fact]
    public async Task BadClaims_AreRefusedByTheField_AndNothingIsStored()
    {
        using var customer = await server.SignedInAsync("customer1");
        using var other = await server.SignedInAsync("customer2");
        var (policy, benefit, measure, _) = await ClaimablePolicyAsync(customer);
        var today = ApiServer.Today;
        await using var db = server.Database.Open();
        var before = await db.Claims.CountAsync();
        async Task Refused(HttpClient client, string body, HttpStatusCode status, string? field)
        {
            var response = await client.PostAsync("/api/v1/claims", Json(body));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
            if (field is not null) Assert.Contains($"\"{field}\"", text);
        }
        await Refused(other, Body(policy, benefit, measure, today.ToString("yyyy-MM-dd")), HttpStatusCode.NotFound, null);
        await Refused(customer, Body(policy, "NO-SUCH", measure, today.ToString("yyyy-MM-dd")), HttpStatusCode.BadRequest, "$.benefit");
        await Refused(customer, Body(policy, benefit, measure, today.AddDays(1).ToString("yyyy-MM-dd")), HttpStatusCode.BadRequest, "$.incurred");
        await Refused(customer, Body(policy, benefit, measure, "1990-01-01"), HttpStatusCode.BadRequest, "$.incurred");
        await Refused(customer, Body(policy, benefit, "\"amount\":\"-5.00\"", today.ToString("yyyy-MM-dd")), HttpStatusCode.BadRequest, "$.amount");
        await Refused(customer, Body(policy, benefit, measure, today.ToString("yyyy-MM-dd"), ",\"payoutAccount\":\"12\""), HttpStatusCode.BadRequest, "$.payoutAccount");
        Assert.Equal(before, await db.Claims.CountAsync());
    }

    [Fact]
    public async Task ADraft_KeepsItsDocuments_UntilSubmitted_AndAnInvoiceImageIsReadForTheHandler()
    {
        using var customer = await server.SignedInAsync("customer1");
        using var handler = await server.SignedInAsync("claims");
        var (policy, benefit, measure, documents) = await ClaimablePolicyAsync(customer);
        var draft = await ReadAsync(await customer.PostAsync("/api/v1/claims", Json(Body(policy, benefit, measure, ApiServer.Today.AddDays(-1).ToString("yyyy-MM-dd"), ",\"draft\":true"))));
        var id = draft.GetProperty("id").GetString()!;
        await using (var db = server.Database.Open()) Assert.False(await db.Claims.AnyAsync(c => c.Id == id));
        // The invoice as a phone photo: OCR proposes its total to the handler.
        var codes = documents.EnumerateArray().Select(d => d.GetString()!).ToList();
        foreach (var code in codes)
        {
            HttpContent content = code == "invoice"
                ? new ByteArrayContent(InvoiceReaderTests.Invoice("zh-CN", "医疗费用发票", "合计 ¥1,234.50")) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }
                : Pdf($"{id} {code}");
            await ReadAsync(await customer.PostAsync($"/api/v1/claims/{id}/documents?type={code}", content));
        }
        Assert.Equal(codes.Count, (await ReadAsync(await customer.GetAsync($"/api/v1/claims/{id}"))).GetProperty("uploads").GetArrayLength());
        var submitted = await ReadAsync(await customer.PostAsync($"/api/v1/claims/{id}/submit", null));
        Assert.NotEqual("information-requested", submitted.GetProperty("stage").GetString());
        Assert.Empty(submitted.GetProperty("missing").EnumerateArray());
        if (codes.Contains("invoice"))
        {
            var seen = await ReadAsync(await handler.GetAsync($"/api/v1/claims/{id}"));
            var invoice = seen.GetProperty("uploads").EnumerateArray().Single(u => u.GetProperty("code").GetString() == "invoice");
            Assert.Contains("1,234.50", invoice.GetProperty("ocrTotal").GetString());
        }
        // The same document on a second claim is a question for the handler.
        var second = await ReadAsync(await customer.PostAsync("/api/v1/claims", Json(Body(policy, benefit, measure, ApiServer.Today.ToString("yyyy-MM-dd")))));
        var secondId = second.GetProperty("id").GetString()!;
        foreach (var code in codes)
            await ReadAsync(await customer.PostAsync($"/api/v1/claims/{secondId}/documents?type={code}", code == "invoice"
                ? new ByteArrayContent(InvoiceReaderTests.Invoice("zh-CN", "医疗费用发票", "合计 ¥1,234.50")) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }
                : Pdf($"{id} {code}")));
        var flagged = await ReadAsync(await handler.GetAsync($"/api/v1/claims/{secondId}"));
        var flag = flagged.GetProperty("flags").EnumerateArray().Single(f => f.GetProperty("flag").GetString() == "duplicate-document");
        Assert.Equal(id, flag.GetProperty("otherClaim").GetString());
        Assert.Equal("review", flagged.GetProperty("route").GetString());
    }
}
