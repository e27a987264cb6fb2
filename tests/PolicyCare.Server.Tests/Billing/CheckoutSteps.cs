using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Support;

namespace PolicyCare.Billing;

/// <summary>What every provider's checkout test does: a customer in grace starts paying, a browser follows the provider's redirects, the payments are counted.</summary>
internal static class CheckoutSteps
{
    /// <summary>customer1's overdue policy, a checkout started for it through the API, and the provider's page for it.</summary>
    public static async Task<(string Number, string CheckoutId, string Page)> StartAsync(ApiServer server)
    {
        using var customer = await server.SignedInAsync("customer1");
        using var list = JsonDocument.Parse(await customer.GetStringAsync("/api/v1/policies"));
        var number = list.RootElement.EnumerateArray().First(p => p.GetProperty("status").GetString() == "grace").GetProperty("number").GetString()!;
        var started = await customer.PostAsync($"/api/v1/policies/{number}/checkouts", null);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        using var view = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        return (number, view.RootElement.GetProperty("id").GetString()!, view.RootElement.GetProperty("url").GetString()!);
    }

    /// <summary>A browser that shows each redirect instead of following it, so the test sees where the provider sends the customer.</summary>
    public static HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false });

    public static async Task<List<PaymentRecord>> PaymentsAsync(ApiServer server, string number, string method)
    {
        await using var db = server.Database.Open();
        // The payments a provider's notification posted: the demo's own history (its customers paying late) is not the checkout's.
        return await db.Payments.AsNoTracking().Where(p => p.PolicyNumber == number && p.Method == method && p.RecordedBy!.StartsWith("provider:")).ToListAsync();
    }
}
