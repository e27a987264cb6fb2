using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Notices;
using PolicyCare.Support;
using static PolicyCare.Support.ApiAssert;

namespace PolicyCare.Servicing;

/// <summary>
/// The demo's commercial property risks through the inspection API: the risk above the threshold with a recommendation
/// open, the new one due, the small one never scheduled; a report sent to the holder in writing; bad reports refused by
/// field; follow-ups to closure; customers kept out.
/// </summary>
public sealed class InspectionApiTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task TheWorklist_ReportAndFollowUp_RunToClosure()
    {
        using var service = await server.SignedInAsync("service");
        var open = (await ReadAsync(await service.GetAsync("/api/v1/inspections"), HttpStatusCode.OK)).EnumerateArray().ToList();
        var byPolicy = open.ToDictionary(i => i.GetProperty("policy").GetString()!);
        Assert.Equal("following-up", byPolicy["CNP000001"].GetProperty("stage").GetString());
        Assert.Single(byPolicy["CNP000001"].GetProperty("recommendations").EnumerateArray(), r => r.GetProperty("doneOn").ValueKind == System.Text.Json.JsonValueKind.Null);
        Assert.Equal("scheduled", byPolicy["CNP000002"].GetProperty("stage").GetString());
        Assert.False(byPolicy.ContainsKey("CNP000003"));              // below the threshold: never inspected
        var id = byPolicy["CNP000002"].GetProperty("id").GetInt64();

        await using (var db = server.Database.Open())
        {
            var today = await db.CycleRuns.MaxAsync(r => r.BusinessDate);
            var future = today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await AssertRefusedAsync(await service.PostAsync($"/api/v1/inspections/{id}/report", JsonBody($$"""{"inspectedOn":"{{future}}","findings":"ok"}""")),
                HttpStatusCode.BadRequest, "$.inspectedOn");
            await AssertRefusedAsync(await service.PostAsync($"/api/v1/inspections/{id}/report", JsonBody($$"""{"inspectedOn":"{{today:yyyy-MM-dd}}","findings":" "}""")),
                HttpStatusCode.BadRequest, "$.findings");
            await AssertRefusedAsync(await service.PostAsync($"/api/v1/inspections/{id}/report", JsonBody($$"""{"inspectedOn":"{{today:yyyy-MM-dd}}","findings":"ok","extra":1}""")),
                HttpStatusCode.BadRequest, "$.extra");
            var report = await ReadAsync(await service.PostAsync($"/api/v1/inspections/{id}/report", JsonBody($$"""
                {"inspectedOn":"{{today:yyyy-MM-dd}}","findings":"Sprinklers serviced; waste stored by the boiler.","recommendations":["Move the waste store 10 m from the boiler.","Train night staff on the alarm panel."]}
                """)), HttpStatusCode.OK);
            Assert.Equal("following-up", report.GetProperty("stage").GetString());
            Assert.All(report.GetProperty("recommendations").EnumerateArray(), r => Assert.Equal(today.AddDays(60).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), r.GetProperty("dueOn").GetString()));
            Assert.Equal(HttpStatusCode.Conflict, (await service.PostAsync($"/api/v1/inspections/{id}/report",
                JsonBody($$"""{"inspectedOn":"{{today:yyyy-MM-dd}}","findings":"again"}"""))).StatusCode);
        }

        await using (var read = server.Database.Open())
        {
            var letters = await read.Notices.AsNoTracking().Where(n => n.PolicyNumber == "CNP000002" && n.Stage == Stage.InspectionReport).ToListAsync();
            Assert.Contains(letters, n => n.Channel is Channel.Email or Channel.Letter);
            Assert.All(letters, n => Assert.Contains("10 m", n.Text, StringComparison.Ordinal));
        }

        await AssertRefusedAsync(await service.PostAsync($"/api/v1/inspections/{id}/follow-ups", JsonBody("""{"recommendation":3}""")), HttpStatusCode.BadRequest, "$.recommendation");
        await ReadAsync(await service.PostAsync($"/api/v1/inspections/{id}/follow-ups", JsonBody("""{"recommendation":1}""")), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Conflict, (await service.PostAsync($"/api/v1/inspections/{id}/follow-ups", JsonBody("""{"recommendation":1}"""))).StatusCode);
        var closed = await ReadAsync(await service.PostAsync($"/api/v1/inspections/{id}/follow-ups", JsonBody("""{"recommendation":2}""")), HttpStatusCode.OK);
        Assert.Equal("closed", closed.GetProperty("stage").GetString());
        var after = (await ReadAsync(await service.GetAsync("/api/v1/inspections"), HttpStatusCode.OK)).EnumerateArray();
        Assert.DoesNotContain(after, i => i.GetProperty("policy").GetString() == "CNP000002");

        using var customer = await server.SignedInAsync("customer1");
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/v1/inspections")).StatusCode);
        // The office worklist shows the open recommendation of the first risk.
        Assert.Contains("CNP000001", await service.GetStringAsync("/office/inspections"), StringComparison.Ordinal);
    }
}
