using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Support;
using static PolicyCare.Support.ApiAssert;

namespace PolicyCare.Servicing;

/// <summary>
/// The policy review on the demo book: the yearly review went out with the first renewal notice, once, with its link;
/// the portal page shows the holder today's suggestions and no one else the page; people added to a group policy by
/// the book's API bring a review about them.
/// </summary>
public sealed class PolicyReviewApiTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task TheYearlyReview_WentOutOnce_WithItsLink_AndThePortalShowsItsSuggestions()
    {
        DateOnly reviewedOn;
        await using (var db = server.Database.Open())
        {
            var line = await db.Timeline.AsNoTracking().SingleAsync(t => t.PolicyNumber == "CNH000001" && t.Kind == PolicyReviewer.TimelineKind);
            reviewedOn = line.On;
            var offeredOn = await db.Timeline.AsNoTracking().Where(t => t.PolicyNumber == "CNH000001" && t.Kind == "renewal-offer").MaxAsync(t => t.On);
            Assert.Equal(offeredOn, reviewedOn);                   // with the first renewal notice
            var notice = await db.Notices.AsNoTracking().FirstAsync(n => n.PolicyNumber == "CNH000001" && n.Stage == Stage.PolicyReview);
            Assert.Contains("/my/policies/CNH000001/review", notice.Text, StringComparison.Ordinal);
            // The same day again writes nothing more: one review per policy and day.
            Assert.Equal(0, await PolicyReviewer.RunDueAsync(db, reviewedOn, DateTimeOffset.UtcNow, null, default));
            Assert.Equal(1, await db.Timeline.CountAsync(t => t.PolicyNumber == "CNH000001" && t.Kind == PolicyReviewer.TimelineKind));
        }

        using var customer = await server.SignedInAsync("customer4");
        var page = await customer.GetStringAsync("/my/policies/CNH000001/review");
        Assert.Contains("data-point=\"check-details\"", page, StringComparison.Ordinal);
        Assert.Contains("/my/policies/CNH000001/beneficiaries", page, StringComparison.Ordinal);
        using var stranger = await server.SignedInAsync("customer1");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/my/policies/CNH000001/review")).StatusCode);
    }

    [Fact]
    public async Task PeopleJoiningAGroupPolicy_BringAReviewAboutThem()
    {
        PolicyRecord group;
        List<string> members;
        string newcomer;
        await using (var db = server.Database.Open())
        {
            var groups = await db.PolicyMembers.AsNoTracking().Select(m => m.PolicyNumber).Distinct().ToListAsync();
            group = await db.Policies.AsNoTracking().FirstAsync(p => groups.Contains(p.Number) && (p.Status == Delinquency.PolicyStatus.InForce || p.Status == Delinquency.PolicyStatus.Grace));
            members = await db.PolicyMembers.AsNoTracking().Where(m => m.PolicyNumber == group.Number).Select(m => m.CustomerId).ToListAsync();
            newcomer = await db.Customers.AsNoTracking().Where(c => !members.Contains(c.Id) && c.Id != group.HolderId).Select(c => c.Id).FirstAsync();
        }
        var body = new JsonObject
        {
            ["number"] = group.Number, ["product"] = group.ProductCode, ["holder"] = group.HolderId, ["insured"] = group.InsuredId,
            ["start"] = group.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["premium"] = group.Premium.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
            ["frequency"] = Frequencies.Code(group.Frequency), ["autoDebit"] = group.MandateActive,
            ["members"] = new JsonArray([.. members.Append(newcomer).Select(m => (JsonNode?)m)]),
        };
        if (group.EmployerId is { } employer) body["employer"] = employer;
        using var integrator = server.Integrator();
        var response = await integrator.PutAsync($"/api/v1/policies/{group.Number}", JsonBody(body.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await using var read = server.Database.Open();
        var line = await read.Timeline.AsNoTracking().Where(t => t.PolicyNumber == group.Number && t.Kind == PolicyReviewer.TimelineKind).OrderByDescending(t => t.Id).FirstAsync();
        Assert.Contains("new-members", line.Data, StringComparison.Ordinal);
        var notice = await read.Notices.AsNoTracking().Where(n => n.PolicyNumber == group.Number && n.Stage == Stage.PolicyReview).OrderByDescending(n => n.Id).FirstAsync();
        Assert.Contains($"/my/policies/{group.Number}/review", notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOlderHolder_SeesTheSimplerRenewal_TheFigureTheDateAndAPersonToCall()
    {
        using var customer = await server.SignedInAsync("customer4");
        Assert.DoesNotContain("data-simple", await customer.GetStringAsync("/my/policies/CNH000001/renewal"), StringComparison.Ordinal);
        await using (var db = server.Database.Open())
        {
            var holder = await db.Policies.Where(p => p.Number == "CNH000001").Select(p => p.HolderId).SingleAsync();
            var record = await db.Customers.SingleAsync(c => c.Id == holder);
            record.BirthDate = new DateOnly(1950, 1, 1);
            await db.SaveChangesAsync();
        }
        var page = await customer.GetStringAsync("/my/policies/CNH000001/renewal");
        Assert.Contains("data-simple", page, StringComparison.Ordinal);
        Assert.Contains("CNY 2,544.00", page, StringComparison.Ordinal);
        Assert.Contains("Call our service line", page, StringComparison.Ordinal);
    }
}
