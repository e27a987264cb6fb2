using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Support;
using static PolicyCare.Support.ApiAssert;

namespace PolicyCare.Servicing;

/// <summary>
/// A change of beneficiaries through the API: its effect shown first and nothing changed, then confirmed
/// as one endorsement on the timeline; shares that do not add up, an unknown relationship, a date in the
/// past, a missing consent and a caller who is not the holder refused by name.
/// </summary>
public sealed class BeneficiaryApiTests(ApiServer server) : IClassFixture<ApiServer>
{

    [Fact]
    public async Task TheHolder_SeesTheEffect_ThenConfirms_AndTheEndorsementIsThePoliciesHistory()
    {
        string policy, insuredPolicy;
        await using (var db = server.Database.Open())
        {
            var holder = await db.Users.Where(u => u.UserName == "customer1").Select(u => u.CustomerId!).SingleAsync();
            policy = await db.Policies.Where(p => p.HolderId == holder && (p.InsuredId == null || p.InsuredId == holder)).OrderBy(p => p.Number).Select(p => p.Number).FirstAsync();
            var insured = await db.Users.Where(u => u.UserName == "insured1").Select(u => u.CustomerId!).SingleAsync();
            insuredPolicy = await db.Policies.Where(p => p.InsuredId == insured && p.HolderId != insured).OrderBy(p => p.Number).Select(p => p.Number).FirstAsync();
        }
        using var customer = await server.SignedInAsync("customer1");
        using var service = await server.SignedInAsync("service");
        using var insuredPerson = await server.SignedInAsync("insured1");
        var url = $"/api/v1/policies/{policy}/beneficiaries";
        const string people = """[{"name":"Li Na","relationship":"spouse","share":60},{"name":"Li Ming","relationship":"child","share":40}]""";

        await AssertRefusedAsync(await customer.PostAsync(url, JsonBody("""{"beneficiaries":[{"name":"Li Na","relationship":"spouse","share":60},{"name":"Li Ming","relationship":"child","share":30}]}""")), HttpStatusCode.BadRequest, "$.beneficiaries");
        await AssertRefusedAsync(await customer.PostAsync(url, JsonBody("""{"beneficiaries":[{"name":"Li Na","relationship":"neighbour","share":100}]}""")), HttpStatusCode.BadRequest, "$.beneficiaries[0].relationship");
        await AssertRefusedAsync(await customer.PostAsync(url, JsonBody($$"""{"beneficiaries":{{people}},"effectiveOn":"2020-01-01"}""")), HttpStatusCode.BadRequest, "$.effectiveOn");

        var preview = await ReadAsync(await customer.PostAsync(url, JsonBody($$"""{"beneficiaries":{{people}}}""")), HttpStatusCode.OK);
        Assert.Equal((false, "0.00", 2), (preview.GetProperty("confirmed").GetBoolean(), preview.GetProperty("premiumChange").GetString(), preview.GetProperty("after").GetArrayLength()));
        Assert.Equal(0, (await ReadAsync(await customer.GetAsync(url), HttpStatusCode.OK)).GetProperty("beneficiaries").GetArrayLength());

        var confirmed = await ReadAsync(await customer.PostAsync(url, JsonBody($$"""{"beneficiaries":{{people}},"confirm":true}""")), HttpStatusCode.Created);
        Assert.True(confirmed.GetProperty("confirmed").GetBoolean());
        var now = await ReadAsync(await customer.GetAsync(url), HttpStatusCode.OK);
        Assert.Equal(["Li Na", "Li Ming"], now.GetProperty("beneficiaries").EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        var endorsement = Assert.Single(now.GetProperty("endorsements").EnumerateArray());
        Assert.Equal(("customer1", 0), (endorsement.GetProperty("by").GetString(), endorsement.GetProperty("before").GetArrayLength()));
        await using (var db = server.Database.Open())
        {
            Assert.Equal(1, await db.Timeline.CountAsync(t => t.PolicyNumber == policy && t.Kind == "endorsement"));
            // Confirmed in writing: the endorsement's letter (email with its PDF, else paper), naming the new beneficiaries.
            var confirmation = await db.Notices.Where(n => n.PolicyNumber == policy && n.Stage == PolicyCare.Notices.Stage.ChangeConfirmation).ToListAsync();
            Assert.Contains(confirmation, n => n.Channel is PolicyCare.Notices.Channel.Email or PolicyCare.Notices.Channel.Letter);
            Assert.All(confirmation, n => Assert.Contains("Li Ming", n.Text));
        }

        // The insured person sees the policy but does not change it; the holder's agent needs the insured's consent.
        Assert.Equal(HttpStatusCode.Forbidden, (await insuredPerson.PostAsync($"/api/v1/policies/{insuredPolicy}/beneficiaries", JsonBody($$"""{"beneficiaries":{{people}}}"""))).StatusCode);
        await AssertRefusedAsync(await service.PostAsync($"/api/v1/policies/{insuredPolicy}/beneficiaries", JsonBody($$"""{"beneficiaries":{{people}},"confirm":true}""")), HttpStatusCode.BadRequest, "$.consent");
        var consented = await ReadAsync(await service.PostAsync($"/api/v1/policies/{insuredPolicy}/beneficiaries",
            JsonBody($$"""{"beneficiaries":{{people}},"consent":{"givenBy":"the insured","method":"signature","givenOn":"{{ApiServer.Today.AddDays(-1):yyyy-MM-dd}}"},"confirm":true}""")), HttpStatusCode.Created);
        Assert.True(consented.GetProperty("consentNeeded").GetBoolean());
    }
}
