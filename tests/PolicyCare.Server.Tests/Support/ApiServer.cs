using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Support;

/// <summary>The real web host on a free loopback port, over a fresh database holding the demo book and its sign-ins.</summary>
public class ApiServer : IAsyncLifetime
{
    public const string WebhookSecret = "whsec_test_secret";
    private readonly TempFolder _temp = new();
    private WebApplication? _app;

    public Database Database { get; private set; } = null!;
    /// <summary>The running host's services (for a test that drives a background job by hand).</summary>
    public IServiceProvider Services => _app!.Services;
    public Uri BaseAddress { get; private set; } = null!;
    public static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    /// <summary>Settings a test host adds to (or overrides in) the shared ones.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>A database of the server's own holding the demo book through today.</summary>
    protected virtual Task<Database> CreateDatabaseAsync() => DemoDatabases.SqliteAsync(Path.Combine(_temp.Path, "test.db"), Today);

    public virtual async Task InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        _app = PolicyCareApp.Build(Database, new WebHostSettings("http://127.0.0.1:0", RunDailyCycle: false, KeysFolder: Path.Combine(_temp.Path, "keys"),
                DocumentsFolder: Path.Combine(_temp.Path, "documents")),
            c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["PolicyCare:Webhooks:wechat-pay:Secret"] = WebhookSecret,
                ["PolicyCare:Payments:Sandbox"] = "true",
                ["PolicyCare:Webhooks:sandbox:Secret"] = WebhookSecret,
                ["PolicyCare:Webhooks:sms:Secret"] = WebhookSecret,
                ["Logging:LogLevel:Default"] = "Warning",
                ["PolicyCare:RateLimits:SignInPerMinute"] = "10000",
            }).AddInMemoryCollection(Settings));
        await DemoUsers.SeedAsync(_app.Services, withDemoAccounts: true);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public virtual async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _temp.Dispose();
    }

    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    public HttpClient Integrator()
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add(ApiKeyHandler.Header, DemoUsers.IntegratorKey);
        return client;
    }

    /// <summary>
    /// A claim by <paramref name="client"/> on <paramref name="policy"/> (its product's first benefit,
    /// incurred today) with one document attached: the ids the claim routes take.
    /// </summary>
    public static async Task<(string Claim, long Document)> ClaimAsync(HttpClient client, string policy)
    {
        using var detail = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/policies/{policy}"));
        using var product = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/products/{detail.RootElement.GetProperty("product").GetString()}"));
        var benefit = product.RootElement.GetProperty("definition").GetProperty("benefits")[0];
        var measure = benefit.GetProperty("kind").GetString() switch { "per-day" => ",\"days\":2", "reimbursement" => ",\"amount\":\"300.00\"", _ => "" };
        var body = $$"""{"policy":"{{policy}}","benefit":"{{benefit.GetProperty("code").GetString()}}","incurred":"{{Today:yyyy-MM-dd}}"{{measure}}}""";
        var created = await client.PostAsync("/api/v1/claims", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var text = await created.Content.ReadAsStringAsync();
        if (!created.IsSuccessStatusCode) throw new InvalidOperationException($"claim on {policy}: {(int)created.StatusCode} {text}");
        var claim = JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
        var pdf = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% {claim}\n%%EOF\n"));
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var uploaded = await client.PostAsync($"/api/v1/claims/{claim}/documents?type=other", pdf);
        using var document = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync());
        return (claim, document.RootElement.GetProperty("id").GetInt64());
    }

    public async Task<HttpClient> SignedInAsync(string userName)
    {
        var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName, password = DemoUsers.Password });
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", doc.RootElement.GetProperty("accessToken").GetString());
        return client;
    }
}

/// <summary>The same host over a real PostgreSQL database: on a shared cluster, or on a cluster of its own.</summary>
public sealed class PostgresApiServer : ApiServer
{
    private readonly PostgresServer _postgres;
    private readonly bool _ownsCluster;

    internal PostgresApiServer(PostgresServer postgres) => _postgres = postgres;

    public PostgresApiServer()
    {
        _postgres = new PostgresServer();
        _ownsCluster = true;
    }

    protected override async Task<Database> CreateDatabaseAsync()
    {
        if (_ownsCluster) await _postgres.InitializeAsync();
        return await DemoDatabases.PostgresAsync(_postgres, Today);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsCluster) await _postgres.DisposeAsync();
    }
}
