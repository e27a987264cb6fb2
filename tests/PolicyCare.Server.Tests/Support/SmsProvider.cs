using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace PolicyCare.Support;

/// <summary>
/// An SMS provider on loopback speaking the protocol PolicyCare's HttpSms adapter speaks (POST /messages,
/// a bearer key, JSON to/from/text/reference): it keeps every message, so a test reads what a phone would.
/// </summary>
public sealed partial class SmsProvider : IAsyncDisposable
{
    public const string Key = "sms-test-key";
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string To, string Text)> _messages = new();

    private SmsProvider(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public IReadOnlyList<(string To, string Text)> Messages => _messages.ToList();

    /// <summary>The settings that point a PolicyCare host at this provider.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("PolicyCare:Channels:Sms:BaseUrl", Url), new("PolicyCare:Channels:Sms:ApiKey", Key)];

    public static async Task<SmsProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var provider = new SmsProvider(builder.Build());
        provider._app.MapPost("/messages", async (HttpContext context) =>
        {
            if (context.Request.Headers.Authorization != "Bearer " + Key) return Results.Unauthorized();
            using var doc = await JsonDocument.ParseAsync(context.Request.Body);
            var to = doc.RootElement.GetProperty("to").GetString()!;
            provider._messages.Enqueue((to, doc.RootElement.GetProperty("text").GetString()!));
            return Results.Json(new { id = "msg-" + provider._messages.Count });
        });
        await provider._app.StartAsync();
        provider.Url = provider._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return provider;
    }

    /// <summary>The six-digit code in the last message to that number, as the customer would read it off their phone.</summary>
    public string LastCodeTo(string to) =>
        SixDigits().Match(_messages.Last(m => m.To == to).Text).Value;

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex SixDigits();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>The demo host with a loopback SMS provider behind its SMS channel.</summary>
public sealed class SmsApiServer : ApiServer
{
    public SmsProvider Sms { get; private set; } = null!;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => Sms.Settings;

    public override async Task InitializeAsync()
    {
        Sms = await SmsProvider.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Sms.DisposeAsync();
    }
}
