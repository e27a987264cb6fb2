using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Support;
using static PolicyCare.Support.ApiAssert;

namespace PolicyCare.Servicing;

/// <summary>
/// Proof that the exclusions were explained: the sales system sends what it showed (the hash), how, when and who
/// acknowledged it; a retry is the same record; the holder acknowledges in the portal; bad records are refused by field.
/// </summary>
public sealed class ExplanationApiTests(ApiServer server) : IClassFixture<ApiServer>
{
    private async Task<string> PolicyOfAsync(string user)
    {
        await using var db = server.Database.Open();
        var id = await db.Users.Where(u => u.UserName == user).Select(u => u.CustomerId!).SingleAsync();
        return await db.Policies.Where(p => p.HolderId == id).OrderBy(p => p.Number).Select(p => p.Number).FirstAsync();
    }

    [Fact]
    public async Task TheSalesSystemRecordsWhatItShowed_ARetryIsTheSameRecord_AndTheClausesShowExplained()
    {
        var policy = await PolicyOfAsync("customer2");
        using var integrator = server.Integrator();
        var url = $"/api/v1/policies/{policy}/explanations";
        var before = await ReadAsync(await integrator.GetAsync(url + "?locale=zh-CN"), HttpStatusCode.OK);
        var clauses = before.GetProperty("clauses").EnumerateArray().ToList();
        Assert.NotEmpty(clauses);
        Assert.All(clauses, c => Assert.False(c.GetProperty("explained").GetBoolean()));
        var first = clauses[0].GetProperty("id").GetString();
        var hash = new string('c', 64);
        var body = $$"""{"clauses":["{{first}}"],"locale":"zh-CN","method":"in-person","shownAt":"2026-11-30T10:15:00+08:00","acknowledgedBy":"Wang Fang","textHash":"{{hash}}"}""";

        var made = await ReadAsync(await integrator.PostAsync(url, JsonBody(body)), HttpStatusCode.Created);
        Assert.Equal("api", made.GetProperty("source").GetString());
        Assert.Equal(hash, made.GetProperty("textHash").GetString());
        var again = await ReadAsync(await integrator.PostAsync(url, JsonBody(body)), HttpStatusCode.OK);
        Assert.Equal(made.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());

        var after = await ReadAsync(await integrator.GetAsync(url + "?locale=ko-KR"), HttpStatusCode.OK);
        Assert.True(after.GetProperty("clauses")[0].GetProperty("explained").GetBoolean());
        Assert.Equal(clauses.Count > 1, after.GetProperty("clauses").EnumerateArray().Any(c => !c.GetProperty("explained").GetBoolean()));
        Assert.Single(after.GetProperty("explanations").EnumerateArray());
        await using var db = server.Database.Open();
        Assert.Equal(1, await db.Timeline.CountAsync(t => t.PolicyNumber == policy && t.Kind == "explanation"));
    }

    [Fact]
    public async Task TheHolderAcknowledgesForThemselves_TheHashIsOfPolicyCaresOwnText()
    {
        var policy = await PolicyOfAsync("customer1");
        using var customer = await server.SignedInAsync("customer1");
        var made = await ReadAsync(await customer.PostAsync($"/api/v1/policies/{policy}/explanations",
            JsonBody("""{"locale":"en-US","method":"video","acknowledgedBy":"someone else"}""")), HttpStatusCode.Created);
        Assert.Equal("portal", made.GetProperty("source").GetString());
        Assert.Equal("web", made.GetProperty("method").GetString());
        await using var db = server.Database.Open();
        var holder = await db.Policies.Where(p => p.Number == policy).Select(p => p.HolderId).SingleAsync();
        Assert.Equal(await db.Customers.Where(c => c.Id == holder).Select(c => c.Name).SingleAsync(), made.GetProperty("acknowledgedBy").GetString());
        var product = (await PolicyCare.Policies.ReferenceData.LoadAsync(db)).Products[await db.Policies.Where(p => p.Number == policy).Select(p => p.ProductCode).SingleAsync()];
        Assert.Equal(Disclosure.Hash(Disclosure.TextShown(product.Clauses!, "en-US")), made.GetProperty("textHash").GetString());
    }

    [Fact]
    public async Task BadRecords_AreRefusedByField_AndKeepNothing()
    {
        var policy = await PolicyOfAsync("customer3");
        using var integrator = server.Integrator();
        using var collections = await server.SignedInAsync("collections");
        using var other = await server.SignedInAsync("customer1");
        var url = $"/api/v1/policies/{policy}/explanations";
        const string Good = "\"locale\":\"ko-KR\",\"method\":\"audio\",\"acknowledgedBy\":\"Kim\"";
        await AssertRefusedAsync(await integrator.PostAsync(url, JsonBody("""{"clauses":["NOPE"],""" + Good + "}")), HttpStatusCode.BadRequest, "$.clauses");
        await AssertRefusedAsync(await integrator.PostAsync(url, JsonBody("""{"locale":"ko-KR","method":"leaflet","acknowledgedBy":"Kim"}""")), HttpStatusCode.BadRequest, "$.method");
        await AssertRefusedAsync(await integrator.PostAsync(url, JsonBody("""{"locale":"ja-JP","method":"audio","acknowledgedBy":"Kim"}""")), HttpStatusCode.BadRequest, "$.locale");
        await AssertRefusedAsync(await integrator.PostAsync(url, JsonBody("""{"shownAt":"2099-01-01T00:00:00Z",""" + Good + "}")), HttpStatusCode.BadRequest, "$.shownAt");
        await AssertRefusedAsync(await integrator.PostAsync(url, JsonBody("""{"shownAt":"yesterday",""" + Good + "}")), HttpStatusCode.BadRequest, "$.shownAt");
        await AssertRefusedAsync(await integrator.PostAsync(url, JsonBody("""{"textHash":"abc",""" + Good + "}")), HttpStatusCode.BadRequest, "$.textHash");
        await AssertRefusedAsync(await integrator.PostAsync(url, JsonBody("""{"locale":"ko-KR","method":"audio"}""")), HttpStatusCode.BadRequest, "$.acknowledgedBy");
        await AssertRefusedAsync(await integrator.PostAsync(url, JsonBody("{\"extra\":1," + Good + "}")), HttpStatusCode.BadRequest, "$.extra");
        Assert.Equal(HttpStatusCode.Forbidden, (await collections.PostAsync(url, JsonBody("{" + Good + "}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync(url, JsonBody("{" + Good + "}"))).StatusCode);
        await using var db = server.Database.Open();
        Assert.False(await db.Explanations.AnyAsync(e => e.PolicyNumber == policy));
    }
}
