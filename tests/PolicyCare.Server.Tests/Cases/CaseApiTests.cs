using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyCare.Notices;
using PolicyCare.Support;
using static PolicyCare.Support.ApiAssert;

namespace PolicyCare.Cases;

/// <summary>The demo host with inbound mail set up.</summary>
public sealed class CasesApiServer : ApiServer
{
    public const string MailKey = "key-inbound-test";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("PolicyCare:InboundMail:SigningKey", MailKey)];
}

/// <summary>
/// Cases on the real host: a customer complains, the case has one owner and the law's clocks, a transfer
/// needs a reason and the new owner's acceptance, only the owner answers, the answer goes in writing naming
/// the regulator, the survey is answered once by its signed link; email arrives signed — every refusal
/// named and nothing changed by it.
/// </summary>
public sealed class CaseApiTests(CasesApiServer server) : IClassFixture<CasesApiServer>
{

    /// <summary>A policy the signed-in customer holds.</summary>
    private static async Task<string> OwnPolicyAsync(HttpClient customer, string customerId)
    {
        using var policies = JsonDocument.Parse(await customer.GetStringAsync("/api/v1/policies"));
        return policies.RootElement.EnumerateArray().First(p => p.GetProperty("holder").GetString() == customerId).GetProperty("number").GetString()!;
    }

    private async Task<string> CustomerIdAsync(string user)
    {
        await using var db = server.Database.Open();
        return await db.Users.Where(u => u.UserName == user).Select(u => u.CustomerId!).SingleAsync();
    }

    [Fact]
    public async Task AComplaint_IsOwned_Transferred_AnsweredByItsOwnerInWriting_Surveyed_AndReopened()
    {
        using var customer = await server.SignedInAsync("customer1");
        using var service = await server.SignedInAsync("service");
        using var supervisor = await server.SignedInAsync("supervisor");
        using var claims = await server.SignedInAsync("claims");
        using var other = await server.SignedInAsync("customer2");
        var policy = await OwnPolicyAsync(customer, await CustomerIdAsync("customer1"));
        int Count() { using var db = server.Database.Open(); return db.Cases.Count(); }
        var before = Count();

        await AssertRefusedAsync(await customer.PostAsync("/api/v1/cases", JsonBody($$"""{"policy":"{{policy}}","kind":"rant","category":"notice","message":"Two reminders in one day."}""")), HttpStatusCode.BadRequest, "$.kind");
        await AssertRefusedAsync(await customer.PostAsync("/api/v1/cases", JsonBody($$"""{"policy":"{{policy}}","kind":"complaint","category":"notice","message":"no"}""")), HttpStatusCode.BadRequest, "$.message");
        await AssertRefusedAsync(await customer.PostAsync("/api/v1/cases", JsonBody($$"""{"policy":"{{policy}}","kind":"complaint","category":"notice","message":"Two reminders.","channel":"phone"}""")), HttpStatusCode.BadRequest, "$.channel");
        Assert.Equal(before, Count());

        var opened = await ReadAsync(await customer.PostAsync("/api/v1/cases", JsonBody($$"""{"policy":"{{policy}}","kind":"complaint","category":"notice","message":"I got two reminders on one day although I had paid."}""")), HttpStatusCode.Created);
        var reference = opened.GetProperty("reference").GetString()!;
        Assert.Equal(("open", "portal", "service"), (opened.GetProperty("status").GetString(), opened.GetProperty("channel").GetString(), opened.GetProperty("owner").GetString()));
        Assert.True(opened.GetProperty("answerBy").GetDateTime() > opened.GetProperty("openedOn").GetDateTime());
        var route = opened.GetProperty("regulatorRoute").GetString()!;
        await using (var db = server.Database.Open())
        {
            var ack = await db.Notices.AsNoTracking().Where(n => n.PolicyNumber == policy && n.Stage == Stage.CaseAcknowledgement).ToListAsync();
            // The owner is named as customers know them (the demo's service agent is Li Na), not by a sign-in.
            Assert.Contains(ack, n => n.Text.Contains(reference, StringComparison.Ordinal) && n.Text.Contains("Li Na", StringComparison.Ordinal));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/cases/{reference}")).StatusCode);

        // A transfer: staff who work cases only, with a reason, to a colleague who works cases; the case stays the owner's until accepted.
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsync($"/api/v1/cases/{reference}/transfer", JsonBody("""{"to":"supervisor","reason":"x"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await claims.PostAsync($"/api/v1/cases/{reference}/transfer", JsonBody("""{"to":"supervisor","reason":"x"}"""))).StatusCode);
        await AssertRefusedAsync(await service.PostAsync($"/api/v1/cases/{reference}/transfer", JsonBody("""{"to":"supervisor"}""")), HttpStatusCode.BadRequest, "$.reason");
        await AssertRefusedAsync(await service.PostAsync($"/api/v1/cases/{reference}/transfer", JsonBody("""{"to":"claims","reason":"busy"}""")), HttpStatusCode.BadRequest, "$.to");
        var offered = await ReadAsync(await service.PostAsync($"/api/v1/cases/{reference}/transfer", JsonBody("""{"to":"supervisor","reason":"It concerns our own notice run"}""")), HttpStatusCode.OK);
        Assert.Equal(("service", "supervisor"), (offered.GetProperty("owner").GetString(), offered.GetProperty("transferTo").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await service.PostAsync($"/api/v1/cases/{reference}/acceptance", null)).StatusCode);
        var accepted = await ReadAsync(await supervisor.PostAsync($"/api/v1/cases/{reference}/acceptance", null), HttpStatusCode.OK);
        Assert.Equal("supervisor", accepted.GetProperty("owner").GetString());

        // Only the owner closes it, with a decision a complaint can have and its reasons.
        const string answer = """{"decision":"partly-upheld","answer":"The second reminder was sent before your payment reached us. We have fixed the timing.","rootCause":"notice"}""";
        await AssertRefusedAsync(await service.PostAsync($"/api/v1/cases/{reference}/answer", JsonBody(answer)), HttpStatusCode.Forbidden, "owner");
        await AssertRefusedAsync(await supervisor.PostAsync($"/api/v1/cases/{reference}/answer", JsonBody("""{"decision":"answered","answer":"It was a timing problem on our side."}""")), HttpStatusCode.BadRequest, "$.decision");
        await AssertRefusedAsync(await supervisor.PostAsync($"/api/v1/cases/{reference}/answer", JsonBody("""{"decision":"upheld","answer":"ok"}""")), HttpStatusCode.BadRequest, "$.answer");
        var closed = await ReadAsync(await supervisor.PostAsync($"/api/v1/cases/{reference}/answer", JsonBody(answer)), HttpStatusCode.OK);
        Assert.Equal(("closed", "partly-upheld"), (closed.GetProperty("status").GetString(), closed.GetProperty("decision").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.PostAsync($"/api/v1/cases/{reference}/answer", JsonBody(answer))).StatusCode);

        string token;
        await using (var db = server.Database.Open())
        {
            var answers = await db.Notices.AsNoTracking().Where(n => n.PolicyNumber == policy && n.Stage == Stage.CaseAnswer && n.Text.Contains(reference)).ToListAsync();
            Assert.Contains(answers, n => n.Channel is Channel.Email or Channel.Letter);
            Assert.All(answers, n => Assert.Contains(route, n.Text, StringComparison.Ordinal));
            // The survey of this answer: the last one planned for the policy (the demo's earlier cases have their own).
            var text = await db.Notices.AsNoTracking().Where(n => n.PolicyNumber == policy && n.Stage == Stage.Survey).OrderByDescending(n => n.Id).Select(n => n.Text).FirstAsync();
            token = text[(text.IndexOf("/survey/", StringComparison.Ordinal) + 8)..].Split(' ', '（', '(')[0];
        }
        var links = server.Services.GetRequiredService<SurveyLinks>();
        var id = links.Read(token);
        Assert.NotNull(id);
        Assert.Null(links.Read(token[..^3] + "xyz"));
        using var anonymous = server.Anonymous();
        Assert.Contains("csat-5", await anonymous.GetStringAsync($"/survey/{token}"), StringComparison.Ordinal);
        await using (var db = server.Database.Open())
        {
            var today = await PolicyCare.Delinquency.BookSettings.TodayAsync(db, TimeProvider.System);
            Assert.Equal(SurveyRefusal.Invalid, await Surveys.AnswerAsync(db, id!.Value, 6, 9, null, today, default));
            Assert.Equal(SurveyRefusal.Expired, Surveys.CanAnswer(await db.Surveys.AsNoTracking().SingleAsync(s => s.Id == id), today.AddDays(Surveys.OpenDays + 1)));
            Assert.Equal(SurveyRefusal.None, await Surveys.AnswerAsync(db, id.Value, 4, 9, "Clear answer.", today, default));
            Assert.Equal(SurveyRefusal.Answered, await Surveys.AnswerAsync(db, id.Value, 1, 0, null, today, default));
            Assert.Equal((4, 9), await db.Surveys.AsNoTracking().Where(s => s.Id == id).Select(s => ValueTuple.Create(s.Csat!.Value, s.Nps!.Value)).SingleAsync());
        }
        Assert.Contains("already answered", await anonymous.GetStringAsync($"/survey/{token}"), StringComparison.Ordinal);

        // The customer sees the answer with its owner, and may reopen it: the same owner, a new clock.
        var mine = await ReadAsync(await customer.GetAsync($"/api/v1/cases/{reference}"), HttpStatusCode.OK);
        Assert.Equal(("supervisor", "partly-upheld"), (mine.GetProperty("owner").GetString(), mine.GetProperty("decision").GetString()));
        await AssertRefusedAsync(await customer.PostAsync($"/api/v1/cases/{reference}/reopening", JsonBody("{}")), HttpStatusCode.BadRequest, "$.reason");
        var reopened = await ReadAsync(await customer.PostAsync($"/api/v1/cases/{reference}/reopening", JsonBody("""{"message":"It happened again this month."}""")), HttpStatusCode.OK);
        Assert.Equal(("open", 1, "supervisor"), (reopened.GetProperty("status").GetString(), reopened.GetProperty("reopened").GetInt32(), reopened.GetProperty("owner").GetString()));

        // The worklist: open cases, least time left first.
        var list = await ReadAsync(await supervisor.GetAsync("/api/v1/cases?status=open"), HttpStatusCode.OK);
        var deadlines = list.EnumerateArray().Select(c => c.GetProperty("answerBy").GetDateTime()).ToList();
        Assert.Equal(deadlines.Order(), deadlines);
        Assert.Contains(list.EnumerateArray(), c => c.GetProperty("reference").GetString() == reference);
    }

    [Fact]
    public async Task AnExtension_NeedsAReason_To60DaysASupervisor_AndIsChinasAlone()
    {
        using var service = await server.SignedInAsync("service");
        using var supervisor = await server.SignedInAsync("supervisor");
        string cn, kr;
        await using (var db = server.Database.Open())
        {
            cn = await db.Policies.Where(p => p.Number.StartsWith("CN")).OrderBy(p => p.Number).Select(p => p.Number).FirstAsync();
            kr = await db.Policies.Where(p => p.Number.StartsWith("KR")).OrderBy(p => p.Number).Select(p => p.Number).FirstAsync();
        }
        var china = await ReadAsync(await service.PostAsync("/api/v1/cases", JsonBody($$"""{"policy":"{{cn}}","kind":"complaint","category":"claim","message":"Called about a slow claim."}""")), HttpStatusCode.Created);
        Assert.Equal(("phone", "service", "12378"), (china.GetProperty("channel").GetString(), china.GetProperty("owner").GetString(), china.GetProperty("regulatorRoute").GetString()));
        var reference = china.GetProperty("reference").GetString()!;
        await AssertRefusedAsync(await service.PostAsync($"/api/v1/cases/{reference}/extension", JsonBody("""{"days":30}""")), HttpStatusCode.BadRequest, "$.reason");
        await AssertRefusedAsync(await service.PostAsync($"/api/v1/cases/{reference}/extension", JsonBody("""{"days":60,"reason":"The hospital has not answered."}""")), HttpStatusCode.Forbidden, "approvedBy");
        var thirty = await ReadAsync(await service.PostAsync($"/api/v1/cases/{reference}/extension", JsonBody("""{"days":30,"reason":"The hospital has not answered."}""")), HttpStatusCode.OK);
        Assert.Equal(30, thirty.GetProperty("extendedBy").GetInt32());
        Assert.True(thirty.GetProperty("answerBy").GetDateTime() > china.GetProperty("answerBy").GetDateTime());
        var sixty = await ReadAsync(await supervisor.PostAsync($"/api/v1/cases/{reference}/extension", JsonBody("""{"days":60,"reason":"Still waiting for the hospital."}""")), HttpStatusCode.OK);
        Assert.Equal(60, sixty.GetProperty("extendedBy").GetInt32());

        var korea = await ReadAsync(await service.PostAsync("/api/v1/cases", JsonBody($$"""{"policy":"{{kr}}","kind":"complaint","category":"premium-debit","message":"Debited twice this month."}""")), HttpStatusCode.Created);
        Assert.Equal("1332", korea.GetProperty("regulatorRoute").GetString());
        await AssertRefusedAsync(await service.PostAsync($"/api/v1/cases/{korea.GetProperty("reference").GetString()}/extension", JsonBody("""{"days":30,"reason":"busy"}""")), HttpStatusCode.BadRequest, "$.days");
    }

    [Fact]
    public async Task AnEmail_IsACase_OnlyWhenSigned_AndFromAKnownCustomer()
    {
        string email, customer;
        await using (var db = server.Database.Open())
        {
            var c = await db.Customers.AsNoTracking().Where(x => x.Email != null && db.Policies.Any(p => p.HolderId == x.Id)).OrderBy(x => x.Id).FirstAsync();
            (email, customer) = (c.Email!, c.Id);
        }
        MultipartFormDataContent Mail(string from, string key, long? at = null)
        {
            var timestamp = (at ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var token = Guid.NewGuid().ToString("N");
            var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(timestamp + token)));
            var form = new MultipartFormDataContent
            {
                { new StringContent($"Kim <{from}>"), "sender" }, { new StringContent("Complaint about my premium"), "subject" },
                { new StringContent("I was charged twice this month. Please refund."), "body-plain" },
                { new StringContent(timestamp), "timestamp" }, { new StringContent(token), "token" }, { new StringContent(signature), "signature" },
            };
            var pdf = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4\n% statement\n%%EOF\n"));
            pdf.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
            form.Add(pdf, "attachment-1", "statement.pdf");
            return form;
        }
        using var provider = server.Anonymous();
        int Count() { using var db = server.Database.Open(); return db.Cases.Count(); }
        var before = Count();
        Assert.Equal(HttpStatusCode.Unauthorized, (await provider.PostAsync("/api/v1/webhooks/inbound-mail", Mail(email, "wrong-key"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await provider.PostAsync("/api/v1/webhooks/inbound-mail", Mail(email, CasesApiServer.MailKey, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds()))).StatusCode);
        await AssertRefusedAsync(await provider.PostAsync("/api/v1/webhooks/inbound-mail", Mail("nobody@example.invalid", CasesApiServer.MailKey)), HttpStatusCode.NotAcceptable, "sender");
        Assert.Equal(before, Count());
        var created = await ReadAsync(await provider.PostAsync("/api/v1/webhooks/inbound-mail", Mail(email, CasesApiServer.MailKey)), HttpStatusCode.Created);
        Assert.Equal(("email", "complaint", customer), (created.GetProperty("channel").GetString(), created.GetProperty("kind").GetString(), created.GetProperty("customer").GetString()));
        Assert.Contains("statement.pdf sha256:", created.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.NotNull(created.GetProperty("owner").GetString());
    }
}
