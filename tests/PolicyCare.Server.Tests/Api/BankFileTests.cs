using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Api;

/// <summary>A book whose debits the bank confirms, loaded through the API, and the bank's result files.</summary>
/// <remarks>
/// The two hosts are shared by the class's tests (seeding the demo book twice per test took most of
/// their time); each test loads a policy of its own.
/// </remarks>
public sealed class BankFileTests(ApiHosts hosts) : IClassFixture<ApiHosts>
{
    private ApiServer Server(string provider) => hosts[provider];

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    private static async Task<string> LoadBankBookAsync(ApiServer server)
    {
        await using (var db = server.Database.Open())
        {
            // This book's auto-debits are settled by the bank, unlike the demo's simulated bank.
            await BookSettings.SaveAsync(db, "CN", null, DebitSettlement.BankConfirmed);
        }
        var number = "BANK" + Guid.NewGuid().ToString("N")[..8];
        using var client = server.Integrator();
        var response = await client.PostAsync("/api/v1/book", new StringContent($$"""
            {"asOf":"2026-01-01","customers":[{"id":"{{number}}-C","name":"Bank Customer","locale":"zh-CN","mobile":"+8613800001111"}],
             "policies":[{"number":"{{number}}","product":"CN-LIFE20","holder":"{{number}}-C","start":"2025-01-10","premium":"500.00","frequency":"monthly","autoDebit":true}]}
            """, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return number;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ResultFile_PostsPaymentsAndRejections_AndTheSameFileAgainPostsNothing(string provider)
    {
        var server = Server(provider);
        var number = await LoadBankBookAsync(server);
        var file = $"""
            policy,due_date,amount,result,debit_time,bank_reference
            {number},2026-01-10,500.00,paid,2026-01-10T06:00:00+08:00,REF-{number}-1
            {number},2026-02-10,500.00,insufficient-funds,2026-02-10T06:00:00+08:00,REF-{number}-2
            """;
        using var client = server.Integrator();
        var first = await client.PostAsync("/api/v1/bank-files/debit-results", Csv(file));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using (var doc = JsonDocument.Parse(await first.Content.ReadAsStringAsync()))
        {
            Assert.Equal(1, doc.RootElement.GetProperty("paymentsPosted").GetInt32());
            Assert.Equal(1, doc.RootElement.GetProperty("rejectionsRecorded").GetInt32());
        }
        var again = await client.PostAsync("/api/v1/bank-files/debit-results", Csv(file));
        using (var doc = JsonDocument.Parse(await again.Content.ReadAsStringAsync()))
        {
            Assert.Equal(0, doc.RootElement.GetProperty("paymentsPosted").GetInt32());
            Assert.Equal(2, doc.RootElement.GetProperty("alreadyImported").GetInt32());
        }
        await using var db = server.Database.Open();
        Assert.Equal(1, await db.Payments.CountAsync(p => p.PolicyNumber == number));
        Assert.Equal(1, await db.DebitRejections.CountAsync(r => r.PolicyNumber == number));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ResultFile_WithABadLine_IsRejectedWholeWithLineAndField(string provider)
    {
        var server = Server(provider);
        var number = await LoadBankBookAsync(server);
        var file = $"""
            policy,due_date,amount,result,debit_time,bank_reference
            {number},2026-01-10,500.00,paid,2026-01-10T06:00:00+08:00,REF-{number}-A
            {number},2026-02-31,500.00,paid,2026-02-10T06:00:00+08:00,REF-{number}-B
            NOPE,2026-01-10,500.00,card-expired,2026-01-10T06:00:00+08:00,REF-{number}-C
            """;
        using var client = server.Integrator();
        var response = await client.PostAsync("/api/v1/bank-files/debit-results", Csv(file));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("line 3, due_date", text, StringComparison.Ordinal);
        Assert.Contains("line 4, result", text, StringComparison.Ordinal);
        await using var db = server.Database.Open();
        Assert.Equal(0, await db.Payments.CountAsync(p => p.PolicyNumber == number));

        var unknownPolicy = await client.PostAsync("/api/v1/bank-files/debit-results", Csv($"""
            policy,due_date,amount,result,debit_time,bank_reference
            {number},2026-01-10,500.00,paid,2026-01-10T06:00:00+08:00,REF-{number}-D
            NOPE,2026-01-10,500.00,paid,2026-01-10T06:00:00+08:00,REF-{number}-E
            """));
        Assert.Equal(HttpStatusCode.BadRequest, unknownPolicy.StatusCode);
        Assert.Contains("line 3, policy", await unknownPolicy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await db.Payments.CountAsync(p => p.PolicyNumber == number));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task SecondCustomer_CannotReachTheFirstCustomersPolicy(string provider)
    {
        var server = Server(provider);
        using var first = await server.SignedInAsync("customer1");
        using var second = await server.SignedInAsync("customer2");
        using var doc = JsonDocument.Parse(await first.GetStringAsync("/api/v1/policies"));
        var number = doc.RootElement[0].GetProperty("number").GetString();
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync($"/api/v1/policies/{number}/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync($"/api/v1/policies/{number}/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync($"/api/v1/policies/{number}/payments")).StatusCode);
    }
}
