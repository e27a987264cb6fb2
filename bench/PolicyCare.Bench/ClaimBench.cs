using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PolicyCare.Bench;

/// <summary>
/// The fast track end to end over HTTP, as an integrator's claims intake would drive it: for each
/// claim, the API call that creates it and the uploads of its four documents, the last of which
/// completes the documents, has the claim approved by the fast track and its payout instructed.
/// The time of a claim is from its first request to the answer of its last; one claim at a time,
/// each on another in-force Korean policy (a 실손 reimbursement within the fast-track limit), for a
/// loss on the day the generated book stands on.
/// </summary>
internal static class ClaimBench
{
    public static async Task<int> RunAsync(string url, string key, int claims, string database)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        var policies = new List<string>();
        string? after = null;
        while (policies.Count < claims + 50)
        {
            using var page = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/policies?status=in-force&limit=1000{(after is null ? "" : "&after=" + after)}"));
            var batch = page.RootElement.EnumerateArray().ToList();
            if (batch.Count == 0) break;
            policies.AddRange(batch.Where(p => p.GetProperty("product").GetString() == "KR-LIFE").Select(p => p.GetProperty("number").GetString()!));
            after = batch[^1].GetProperty("number").GetString();
        }
        if (policies.Count < claims) throw new InvalidOperationException($"only {policies.Count} in-force KR-LIFE policies");
        string[] documents = ["claim-form", "id-card", "receipt", "itemized-bill"];
        // The day the generated book stands on: premiums due by then are paid, so no deduction takes the benefit
        // (a loss months after the book stopped being run would find every later premium unpaid).
        const string incurred = "2026-06-01";
        async Task<(TimeSpan Elapsed, string Stage)> OneAsync(string policy, int n)
        {
            var clock = Stopwatch.StartNew();
            var created = await http.PostAsync("/api/v1/claims", new StringContent(
                $$"""{"policy":"{{policy}}","benefit":"SILSON","incurred":"{{incurred}}","amount":"300000","payoutAccount":"1002{{n:00000000}}"}""", Encoding.UTF8, "application/json"));
            created.EnsureSuccessStatusCode();
            var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            HttpResponseMessage? last = null;
            foreach (var code in documents)
            {
                var body = new ByteArrayContent(Encoding.ASCII.GetBytes($"%PDF-1.4\n% {id} {code}\n%%EOF\n"));
                body.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                last = await http.PostAsync($"/api/v1/claims/{id}/documents?type={code}", body);
                last.EnsureSuccessStatusCode();
            }
            var elapsed = clock.Elapsed;
            using var claim = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/claims/{id}"));
            var root = claim.RootElement;
            var paid = root.GetProperty("payment").ValueKind == JsonValueKind.Object ? root.GetProperty("payment").GetProperty("status").GetString() : "none";
            var flags = string.Join("+", root.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("flag").GetString()));
            return (elapsed, $"{root.GetProperty("route").GetString()}/{root.GetProperty("stage").GetString()}/{paid}{(flags.Length > 0 ? " (" + flags + ")" : "")}");
        }
        // A few claims to warm the server (JIT, pools), not counted.
        for (var i = 0; i < 20; i++) await OneAsync(policies[claims + i], 90_000 + i);
        // The fast track's time is over the claims it took; a claim a flag sent to a handler stops at "documents complete".
        const string FastTracked = "fast-track/closed/instructed";
        var times = new List<double>();
        var outcomes = new Dictionary<string, int>();
        var total = Stopwatch.StartNew();
        for (var i = 0; i < claims; i++)
        {
            var (elapsed, outcome) = await OneAsync(policies[i], i);
            if (outcome == FastTracked) times.Add(elapsed.TotalMilliseconds);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        total.Stop();
        times.Sort();
        double P(double share) => times[Math.Max(0, (int)Math.Ceiling(share * times.Count) - 1)];
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; database: {database}");
        Console.WriteLine($"fast-track claims, API call to payout instruction (create + 4 uploads), {claims:N0} claims one at a time, {times.Count:N0} fast-tracked:");
        Console.WriteLine($"  p50 {P(0.5):0.0} ms   p90 {P(0.9):0.0} ms   p99 {P(0.99):0.0} ms   max {times[^1]:0.0} ms   ({claims / total.Elapsed.TotalSeconds:0.0} claims/s)");
        Console.WriteLine("  outcomes (route/stage/payout (flags)): " + string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}")));
        // Every claim either fast-tracked or sent to a handler with a flag that says why: anything else is a fault.
        return outcomes.Keys.All(o => o == FastTracked || o.StartsWith("review/documents-complete/none (", StringComparison.Ordinal)) ? 0 : 1;
    }
}
