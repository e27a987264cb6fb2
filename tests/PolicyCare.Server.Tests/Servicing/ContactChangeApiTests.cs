using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Notices;
using PolicyCare.Support;
using static PolicyCare.Support.ApiAssert;

namespace PolicyCare.Servicing;

/// <summary>
/// A new mobile number through the API: the code arrives over the loopback SMS provider at the new number,
/// nothing changes until it comes back, a wrong code counts, five lock; confirmed, the number is the
/// customer's, no longer known to fail, the search for them ends, and every policy has its endorsement.
/// </summary>
public sealed class ContactChangeApiTests(SmsApiServer server) : IClassFixture<SmsApiServer>
{
    private async Task<(string Customer, string FirstPolicy)> CustomerAsync(string user)
    {
        await using var db = server.Database.Open();
        var id = await db.Users.Where(u => u.UserName == user).Select(u => u.CustomerId!).SingleAsync();
        return (id, await db.Policies.Where(p => p.HolderId == id).OrderBy(p => p.Number).Select(p => p.Number).FirstAsync());
    }

    [Fact]
    public async Task ANewMobile_CountsOnlyOnceTheCodeSentToItComesBack()
    {
        var (id, first) = await CustomerAsync("customer1");
        string name;
        await using (var db = server.Database.Open())
        {
            // Known not to work, and the insurer searching for the customer: a confirmed number ends both.
            var record = await db.Customers.SingleAsync(c => c.Id == id);
            name = record.Name;
            record.InvalidContacts = "Mobile";
            db.Cases.Add(new PolicyCare.Cases.CaseRecord { Key = "tracing-test-" + id, PolicyNumber = first, CustomerId = id, Type = "tracing", Status = "open", OpenedOn = ApiServer.Today });
            await db.SaveChangesAsync();
        }
        // The demo insurer publishes customers no contact reaches: listed on the public page, masked, each listing in the evidence chain.
        await using (var db = server.Database.Open())
        {
            Assert.Equal(1, await PublicListings.PublishDueAsync(db, ApiServer.Today, DateTimeOffset.UtcNow));
            Assert.Equal(0, await PublicListings.PublishDueAsync(db, ApiServer.Today, DateTimeOffset.UtcNow));
            Assert.Equal(["planned", "sent"], await db.Evidence.Where(e => e.IdempotencyKey.StartsWith(first + "|unreachable-")).OrderBy(e => e.Seq).Select(e => e.Event).ToListAsync());
        }
        using var anonymous = server.Anonymous();
        var listed = WebUtility.HtmlDecode(await anonymous.GetStringAsync("/public/unreachable"));
        Assert.Contains(Masking.PublicPolicyNumber(first), listed, StringComparison.Ordinal);
        Assert.Contains(Masking.PublicName(name), listed, StringComparison.Ordinal);
        Assert.DoesNotContain(first, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(name, listed, StringComparison.Ordinal);
        using var customer = await server.SignedInAsync("customer1");
        var url = $"/api/v1/customers/{id}/contact-changes";

        var sent = await ReadAsync(await customer.PostAsync(url, JsonBody("""{"kind":"mobile","address":"010-5555-0101"}""")), HttpStatusCode.Accepted);
        Assert.Equal("010****0101", sent.GetProperty("sentTo").GetString());
        var code = server.Sms.LastCodeTo("01055550101");
        Assert.Matches(@"^\d{6}$", code);
        await using (var db = server.Database.Open())
        {
            Assert.NotEqual("01055550101", await db.Customers.Where(c => c.Id == id).Select(c => c.Mobile).SingleAsync());
            // The code itself is kept nowhere: not in the outbox, not beside its hash.
            Assert.False(await db.Notices.AnyAsync(n => n.Text.Contains(code)));
            Assert.False(await db.ContactCodes.AnyAsync(c => c.CodeHash.Contains(code) || c.Salt.Contains(code)));
        }

        var wrong = code == "000000" ? "111111" : "000000";
        var refused = await ReadAsync(await customer.PostAsync(url + "/confirmation", JsonBody($$"""{"kind":"mobile","code":"{{wrong}}"}""")), HttpStatusCode.BadRequest);
        Assert.Contains("4 tries left", refused.GetProperty("errors").GetProperty("$.code")[0].GetString());

        var changed = await ReadAsync(await customer.PostAsync(url + "/confirmation", JsonBody($$"""{"kind":"mobile","code":"{{code}}"}""")), HttpStatusCode.OK);
        Assert.Equal("010****0101", changed.GetProperty("address").GetString());
        await AssertRefusedAsync(await customer.PostAsync(url + "/confirmation", JsonBody($$"""{"kind":"mobile","code":"{{code}}"}""")), HttpStatusCode.Conflict, "$.code");
        await using (var db = server.Database.Open())
        {
            var record = await db.Customers.SingleAsync(c => c.Id == id);
            Assert.Equal(("01055550101", ""), (record.Mobile, record.InvalidContacts));
            Assert.False(await db.Cases.AnyAsync(c => c.CustomerId == id && c.Type == "tracing" && c.Status == "open"));
            // Reached: off the public page at once.
            Assert.DoesNotContain(Masking.PublicPolicyNumber(first), await anonymous.GetStringAsync("/public/unreachable"), StringComparison.Ordinal);
            var held = await db.Policies.CountAsync(p => p.HolderId == id);
            Assert.Equal(held, await db.Endorsements.CountAsync(e => e.Kind == "mobile" && e.After.Contains("010****0101")));
            Assert.Equal(changed.GetProperty("endorsements").GetArrayLength(), held);
            // One confirmation for the customer, in writing, on their first policy, naming the number masked.
            var confirmation = await db.Notices.Where(n => n.Stage == Stage.ChangeConfirmation && n.Recipient == id).ToListAsync();
            Assert.NotEmpty(confirmation);
            Assert.All(confirmation, n => Assert.Equal(first, n.PolicyNumber));
            Assert.All(confirmation, n => Assert.DoesNotContain("01055550101", n.Text));
            // The old number was known not to work: nothing goes to it.
            Assert.DoesNotContain(confirmation, n => n.IdempotencyKey.Contains("previous-contact", StringComparison.Ordinal));
        }

        // Changed again, the number it replaces works: it is told, in case someone else made the change.
        await ReadAsync(await customer.PostAsync(url, JsonBody("""{"kind":"mobile","address":"010-5555-0202"}""")), HttpStatusCode.Accepted);
        await ReadAsync(await customer.PostAsync(url + "/confirmation", JsonBody($$"""{"kind":"mobile","code":"{{server.Sms.LastCodeTo("01055550202")}}"}""")), HttpStatusCode.OK);
        await using (var db = server.Database.Open())
        {
            var alert = await db.Notices.SingleAsync(n => n.Stage == Stage.ChangeConfirmation && n.IdempotencyKey.Contains("previous-contact") && n.Recipient == id);
            Assert.Equal(("01055550101", PolicyCare.Notices.Channel.Sms), (alert.Address, alert.Channel));
            Assert.Contains("010****0202", alert.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FiveWrongCodes_Lock_EvenTheRightOne_AndNoNewCodeIsSentMeanwhile()
    {
        string id;
        await using (var users = server.Database.Open()) id = await users.Users.Where(u => u.UserName == "insured1").Select(u => u.CustomerId!).SingleAsync();
        using var customer = await server.SignedInAsync("insured1");
        var url = $"/api/v1/customers/{id}/contact-changes";
        await ReadAsync(await customer.PostAsync(url, JsonBody("""{"kind":"mobile","address":"+82 10 7777 0102"}""")), HttpStatusCode.Accepted);
        var code = server.Sms.LastCodeTo("+821077770102");
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 4; i++)
            await AssertRefusedAsync(await customer.PostAsync(url + "/confirmation", JsonBody($$"""{"kind":"mobile","code":"{{wrong}}"}""")), HttpStatusCode.BadRequest, "$.code");
        await AssertRefusedAsync(await customer.PostAsync(url + "/confirmation", JsonBody($$"""{"kind":"mobile","code":"{{wrong}}"}""")), HttpStatusCode.TooManyRequests, "$.code");
        await AssertRefusedAsync(await customer.PostAsync(url + "/confirmation", JsonBody($$"""{"kind":"mobile","code":"{{code}}"}""")), HttpStatusCode.TooManyRequests, "$.code");
        var messages = server.Sms.Messages.Count;
        await AssertRefusedAsync(await customer.PostAsync(url, JsonBody("""{"kind":"mobile","address":"+82 10 7777 0103"}""")), HttpStatusCode.TooManyRequests, "$.code");
        Assert.Equal(messages, server.Sms.Messages.Count);
        await using var db = server.Database.Open();
        Assert.NotEqual("+821077770102", await db.Customers.Where(c => c.Id == id).Select(c => c.Mobile).SingleAsync());
    }

    [Fact]
    public async Task BadRequests_AreRefusedByName_AndChangeNothing()
    {
        var (id, _) = await CustomerAsync("customer3");
        var (other, _) = await CustomerAsync("customer1");
        using var customer = await server.SignedInAsync("customer3");
        using var collections = await server.SignedInAsync("collections");
        var url = $"/api/v1/customers/{id}/contact-changes";
        var before = server.Sms.Messages.Count;
        await AssertRefusedAsync(await customer.PostAsync(url, JsonBody("""{"kind":"fax","address":"0101234567"}""")), HttpStatusCode.BadRequest, "$.kind");
        await AssertRefusedAsync(await customer.PostAsync(url, JsonBody("""{"kind":"mobile","address":"12"}""")), HttpStatusCode.BadRequest, "$.address");
        await AssertRefusedAsync(await customer.PostAsync(url, JsonBody("""{"kind":"email","address":"not-an-address"}""")), HttpStatusCode.BadRequest, "$.address");
        await AssertRefusedAsync(await customer.PostAsync(url, JsonBody("""{"kind":"mobile","address":"0101234567","extra":1}""")), HttpStatusCode.BadRequest, "$.extra");
        await AssertRefusedAsync(await customer.PostAsync(url + "/confirmation", JsonBody("""{"kind":"email","code":"123456"}""")), HttpStatusCode.Conflict, "$.code");
        Assert.Equal(HttpStatusCode.NotFound, (await customer.PostAsync($"/api/v1/customers/{other}/contact-changes", JsonBody("""{"kind":"mobile","address":"0101234567"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await collections.PostAsync(url, JsonBody("""{"kind":"mobile","address":"0101234567"}"""))).StatusCode);
        Assert.Equal(before, server.Sms.Messages.Count);
        await using var db = server.Database.Open();
        Assert.False(await db.ContactCodes.AnyAsync(c => c.CustomerId == id));
    }

    [Fact]
    public async Task WithNoProviderForTheChannel_TheDemoSinkTakesTheCode_AndOnlyThePageMayShowIt()
    {
        // The email channel of this host has no SMTP server: the development sink takes it, as in the demo.
        string id;
        await using (var users = server.Database.Open()) id = await users.Users.Where(u => u.UserName == "member1").Select(u => u.CustomerId!).SingleAsync();
        using var customer = await server.SignedInAsync("member1");
        var sent = await ReadAsync(await customer.PostAsync($"/api/v1/customers/{id}/contact-changes", JsonBody("""{"kind":"email","address":"new.address@example.com"}""")), HttpStatusCode.Accepted);
        Assert.False(sent.TryGetProperty("demoCode", out _), "the API never returns the code");

        await using var db = server.Database.Open();
        var adapters = server.Services.GetServices<PolicyCare.Notices.IChannelAdapter>();
        var again = await ContactChangeDesk.SendCodeAsync(db, adapters, id, "email", "new.address@example.com", "member1", DateTimeOffset.UtcNow);
        Assert.Matches("^[0-9]{6}$", again.DemoCode);
        await ContactChangeDesk.ConfirmAsync(db, id, "email", again.DemoCode, "member1", ApiServer.Today, DateTimeOffset.UtcNow);
        Assert.Equal("new.address@example.com", await db.Customers.Where(c => c.Id == id).Select(c => c.Email).SingleAsync());
    }
}
