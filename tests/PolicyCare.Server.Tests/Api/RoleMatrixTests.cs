using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Hosting;
using PolicyCare.Notices;
using PolicyCare.Support;

namespace PolicyCare.Api;

/// <summary>
/// Who may do what, pinned route by route (issue 12): every operation of the OpenAPI document is
/// tried by anonymous, a policyholder, an insured person, a group member, an integrator and each
/// staff role, on records each of them can see. An answer of 401, 403 or 404 is "refused", anything
/// else (a 2xx, or a 400 for the deliberately empty body) "allowed". The observed matrix must equal
/// <c>RoleMatrix.txt</c>; a new route, or a changed permission, fails until the file says so.
/// </summary>
public sealed class RoleMatrixTests(ApiServer server) : IClassFixture<ApiServer>
{
    private static readonly string[] Principals = ["anonymous", "customer1", "insured1", "member1", "integrator", "admin", "supervisor", "collections", "service", "claims"];

    private sealed record Subject(string Name, HttpClient Client, string Policy, string Customer)
    {
        /// <summary>A claim the subject may see, and a document on it: their own as a customer, customer 1's as staff.</summary>
        public (string Claim, long Document) Claim { get; set; }
    }

    [Fact]
    public async Task EveryRoute_AnswersEachRoleAsTheMatrixSays()
    {
        await using var db = server.Database.Open();
        var customerOf = await db.Users.AsNoTracking().Where(u => u.CustomerId != null).ToDictionaryAsync(u => u.UserName!, u => u.CustomerId!);
        async Task<string> VisiblePolicyAsync(string customer, bool held)
        {
            var query = db.Policies.AsNoTracking().Where(p => held
                ? p.HolderId == customer
                : p.HolderId != customer && (p.InsuredId == customer || db.PolicyMembers.Any(m => m.PolicyNumber == p.Number && m.CustomerId == customer)));
            return await query.OrderBy(p => p.Number).Select(p => p.Number).FirstAsync();
        }
        var holderPolicy = await VisiblePolicyAsync(customerOf["customer1"], held: true);
        var subjects = new List<Subject>();
        foreach (var name in Principals)
        {
            var client = name switch
            {
                "anonymous" => server.Anonymous(),
                "integrator" => server.Integrator(),
                _ => await server.SignedInAsync(name),
            };
            var isCustomer = customerOf.TryGetValue(name, out var customer);
            subjects.Add(new Subject(name, client,
                isCustomer ? await VisiblePolicyAsync(customer!, held: name == "customer1") : holderPolicy,
                isCustomer ? customer! : customerOf["customer1"]));
        }
        // Each customer claims on the policy they see; staff work customer 1's claim.
        var customerClaim = (Claim: "", Document: 0L);
        foreach (var s in subjects.Where(s => customerOf.ContainsKey(s.Name)))
        {
            s.Claim = await ApiServer.ClaimAsync(s.Client, s.Policy);
            if (s.Name == "customer1") customerClaim = s.Claim;
        }
        foreach (var s in subjects.Where(s => !customerOf.ContainsKey(s.Name))) s.Claim = customerClaim;
        var callTask = await db.Notices.AsNoTracking().Where(n => n.Channel == Channel.AgentCall).OrderBy(n => n.Id).Select(n => n.Id).FirstOrDefaultAsync();
        var product = await db.Products.AsNoTracking().OrderBy(p => p.Code).Select(p => p.Code).FirstAsync();
        var inspection = await db.Inspections.AsNoTracking().OrderBy(i => i.Id).Select(i => i.Id).FirstAsync();
        // The demo's request for more cover waiting for underwriting, for the decision route.
        var changeRequest = await db.ChangeRequests.AsNoTracking().Where(r => r.Status == "underwriting").OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
        // A case of customer 1's (the demo's first), for every id route of the cases.
        var customerCase = PolicyCare.Cases.CaseDesk.Reference(await db.Cases.AsNoTracking().Where(c => c.Type != "tracing" && c.CustomerId == customerOf["customer1"]).OrderBy(c => c.Id).FirstAsync());

        using var openApi = JsonDocument.Parse(await server.Anonymous().GetStringAsync("/openapi/v1.json"));
        var observed = new List<string>();
        foreach (var path in openApi.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = operation.Name.ToUpperInvariant();
                var allowed = new List<string>();
                foreach (var s in subjects)
                {
                    var url = path.Name.Replace("{number}", s.Policy, StringComparison.Ordinal).Replace("{id}", path.Name.Contains("call-tasks", StringComparison.Ordinal)
                            ? callTask.ToString(System.Globalization.CultureInfo.InvariantCulture)
                            : path.Name.Contains("inspections", StringComparison.Ordinal) ? inspection.ToString(System.Globalization.CultureInfo.InvariantCulture)
                            : path.Name.Contains("cover-changes/{id}", StringComparison.Ordinal) ? changeRequest.ToString(System.Globalization.CultureInfo.InvariantCulture) : s.Customer, StringComparison.Ordinal)
                        .Replace("{code}", product, StringComparison.Ordinal).Replace("{provider}", "wechat-pay", StringComparison.Ordinal)
                        .Replace("{claim}", s.Claim.Claim, StringComparison.Ordinal).Replace("{document}", s.Claim.Document.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                        .Replace("{case}", customerCase, StringComparison.Ordinal);
                    Assert.DoesNotContain('{', url);
                    using var request = new HttpRequestMessage(new HttpMethod(method), url);
                    if (method is "POST" or "PUT")
                    {
                        // An empty body: whoever may act gets a 400 for it, and nothing changes.
                        var content = operation.Value.TryGetProperty("requestBody", out var body) ? body.GetProperty("content") : default;
                        request.Content = content.ValueKind == JsonValueKind.Object && content.TryGetProperty("text/csv", out _)
                            ? new StringContent("", Encoding.UTF8, "text/csv")
                            : content.ValueKind == JsonValueKind.Object && content.TryGetProperty("application/x-www-form-urlencoded", out _)
                                ? new FormUrlEncodedContent([])
                            : content.ValueKind == JsonValueKind.Object && content.TryGetProperty("multipart/form-data", out _)
                                ? new MultipartFormDataContent { { new StringContent(""), "subject" } }
                                : content.ValueKind == JsonValueKind.Object && content.TryGetProperty("application/pdf", out _)
                                    // A document without saying which one it is: whoever may upload gets a 400.
                                    ? new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n")) { Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf") } }
                                    : new StringContent("{}", Encoding.UTF8, "application/json");
                    }
                    var response = await s.Client.SendAsync(request);
                    Assert.True((int)response.StatusCode < 500, $"{method} {url} as {s.Name}: {(int)response.StatusCode}");
                    if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)) allowed.Add(s.Name);
                }
                observed.Add($"{method} {path.Name}: {(allowed.Count == 0 ? "(nobody without a signature)" : string.Join(' ', allowed))}");
            }
        }
        observed.Sort(StringComparer.Ordinal);

        var file = Path.Combine(AppContext.BaseDirectory, "Api", "RoleMatrix.txt");
        var expected = File.ReadAllLines(file).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var written = Path.Combine(AppContext.BaseDirectory, "RoleMatrix.observed.txt");
        await File.WriteAllLinesAsync(written, observed);
        Assert.True(expected.SequenceEqual(observed),
            $"the routes answer differently from Api/RoleMatrix.txt (observed: {written}):\n"
            + string.Join('\n', observed.Except(expected).Select(l => "+ " + l).Concat(expected.Except(observed).Select(l => "- " + l))));
        foreach (var s in subjects) s.Client.Dispose();
    }
}
