using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PolicyCare.Hosting;
using PolicyCare.Support;

namespace PolicyCare.Api;

/// <summary>
/// A first start answers at once: while the demo book loads, pages show how far it has come in the reader's
/// language and refresh themselves, the API and the health check say 503 with the figure; once it is in,
/// the server is itself.
/// </summary>
public sealed class DemoLoadingTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private readonly DemoLoading _loading = new();
    private WebApplication? _app;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var database = _temp.Sqlite();
        await database.MigrateAsync();
        _app = PolicyCareApp.Build(database, new WebHostSettings("http://127.0.0.1:0", RunDailyCycle: false, KeysFolder: Path.Combine(_temp.Path, "keys"), Loading: _loading),
            c => c.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" }));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        _temp.Dispose();
    }

    private async Task<(HttpResponseMessage Response, string Body)> GetAsync(string path, string language = "en-US")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await _http.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WhileTheDemoLoads_PagesShowHowFar_TheApiSaysWait_AndAfterwardsTheServerIsItself()
    {
        _loading.Report(40);
        var (page, html) = await GetAsync("/signin");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Loading the demo book", html, StringComparison.Ordinal);
        Assert.Contains("40% done", html, StringComparison.Ordinal);
        Assert.Contains("""http-equiv="refresh" """.TrimEnd(), html, StringComparison.Ordinal);
        Assert.Contains("正在载入演示数据", (await GetAsync("/", "zh-CN,zh;q=0.9")).Body, StringComparison.Ordinal);
        Assert.Contains("40% 완료", (await GetAsync("/", "ko-KR")).Body, StringComparison.Ordinal);

        var (api, problem) = await GetAsync("/api/v1/policies");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(api.Headers.RetryAfter);
        Assert.Contains("40%", JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The health check says "not yet" with the same figure, for whatever waits on it.
        var (health, state) = await GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(40, JsonDocument.Parse(state).RootElement.GetProperty("percent").GetInt32());

        _loading.Finish();
        var (ready, signIn) = await GetAsync("/signin");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.DoesNotContain("Loading the demo book", signIn, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/v1/policies")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/health")).Response.StatusCode);
    }

    [Fact]
    public async Task ADemoThatCouldNotLoad_SaysSo_AndStopsAskingToWait()
    {
        _loading.Fail("disk full");
        var (page, html) = await GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("could not be loaded", html, StringComparison.Ordinal);
        Assert.DoesNotContain("refresh", html, StringComparison.Ordinal);
        Assert.DoesNotContain("disk full", html, StringComparison.Ordinal);
    }
}
