using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PolicyCare.Hosting;
using PolicyCare.Policies;
using PolicyCare.Support;

namespace PolicyCare.Api;

/// <summary>
/// Sign-in through an external OpenID Connect provider: a real HTTP server on loopback publishes the
/// discovery document and signing keys, as a provider would; PolicyCare validates its JWTs.
/// Also: the sign-in rate limit.
/// </summary>
public sealed class ExternalSignInTests : IAsyncLifetime
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly TempFolder _temp = new();
    private WebApplication? _provider;
    private WebApplication? _app;
    private string _issuer = "";
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _provider = builder.Build();
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.ExportParameters(false)) { KeyId = "k1" });
        _provider.MapGet("/.well-known/openid-configuration", (HttpContext c) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = _issuer, ["jwks_uri"] = _issuer + "/jwks", ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        _provider.MapGet("/jwks", () => Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } }));
        await _provider.StartAsync();
        _issuer = _provider.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        var database = await DemoDatabases.SqliteAsync(Path.Combine(_temp.Path, "test.db"), ApiServer.Today);
        _app = PolicyCareApp.Build(database, new WebHostSettings("http://127.0.0.1:0", RunDailyCycle: false, KeysFolder: Path.Combine(_temp.Path, "keys")),
            c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["PolicyCare:Oidc:Authority"] = _issuer,
                ["PolicyCare:Oidc:Audience"] = "policycare",
                ["PolicyCare:Oidc:RequireHttpsMetadata"] = "false",
                ["PolicyCare:RateLimits:SignInPerMinute"] = "3",
                ["Logging:LogLevel:Default"] = "Warning",
            }));
        await DemoUsers.SeedAsync(_app.Services, withDemoAccounts: true);
        await _app.StartAsync();
        _base = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_provider is not null) await _provider.DisposeAsync();
        _key.Dispose();
        _temp.Dispose();
    }

    private string Token(Dictionary<string, object> claims, string? issuer = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer ?? _issuer,
        Audience = "policycare",
        Claims = claims,
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key) { KeyId = "k1" }, SecurityAlgorithms.RsaSha256),
    });

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = _base };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task ProviderToken_WithAStaffRole_SeesTheBook_AndACustomerTokenOnlyTheirOwn()
    {
        using var staff = Client(Token(new() { ["sub"] = "agent-7", ["roles"] = Roles.CollectionsAgent }));
        using var staffPolicies = JsonDocument.Parse(await staff.GetStringAsync("/api/v1/policies?limit=50"));
        Assert.Equal(50, staffPolicies.RootElement.GetArrayLength());

        var holder = staffPolicies.RootElement[3].GetProperty("holder").GetString()!;
        using var customer = Client(Token(new() { ["sub"] = "c-1", ["roles"] = Roles.Customer, ["customer_id"] = holder }));
        using var own = JsonDocument.Parse(await customer.GetStringAsync("/api/v1/policies"));
        Assert.All(own.RootElement.EnumerateArray(), p => Assert.Equal(holder, p.GetProperty("holder").GetString()));
        Assert.True(own.RootElement.GetArrayLength() >= 1);
    }

    [Fact]
    public async Task TokenFromAnotherIssuer_IsRefused()
    {
        using var forged = Client(Token(new() { ["sub"] = "x", ["roles"] = Roles.Admin }, issuer: "http://evil.example"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/v1/policies")).StatusCode);
    }

    [Fact]
    public async Task SignIn_IsRateLimitedPerClient()
    {
        using var client = new HttpClient { BaseAddress = _base };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName = "service", password = DemoUsers.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
