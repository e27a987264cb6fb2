using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyCare.Notices;
using PolicyCare.Storage;

namespace PolicyCare.Bench;

/// <summary>
/// The dispatcher end to end: the notices the heavy first day of a generated book plans, made due at once,
/// sent through the real adapters — SMS to a provider API on loopback (HTTP, the protocol the adapter
/// speaks), email to a real SMTP server on loopback (the tests' Node smtp-server, STARTTLS and AUTH, formal
/// notices with their PDF letter), letters rendered to the print folder — with the check against the book
/// before each one, the daily cap and the evidence chain, as the server runs it. Reports notices a second
/// and the peak working set, to be compared across outbox sizes.
/// </summary>
internal static class DispatchBench
{
    /// <summary>No quiet hours or cap (the bench sends a whole heavy day at once); senders at once from POLICYCARE_SENDERS for an A/B.</summary>
    private static readonly DispatchSettings DispatchSettingsUsed = new(QuietFromHour: 24, QuietUntilHour: 0, DailyCapPerRecipient: 1000,
        SendersAtOnce: int.TryParse(Environment.GetEnvironmentVariable("POLICYCARE_SENDERS"), out var senders) ? senders : new DispatchSettings().SendersAtOnce);

    public static async Task<int> RunAsync(Database database, int policies, Report report)
    {
        if (!await Steps.MigrateEmptyAsync(database)) return 2;
        report.Machine();
        var book = new GeneratedBook(policies, new DateOnly(2026, 6, 1));
        await book.LoadAsync(database);
        await Steps.HeavyDayAsync(database, book.AsOf, report, "the day the notices come from");
        await using (var db = database.Open())
            await db.Notices.Where(n => n.Status == NoticeStatus.Pending).ExecuteUpdateAsync(s => s.SetProperty(n => n.SendAfter, DateTimeOffset.UtcNow.AddMinutes(-1)));

        await using var sms = await SmsProviderAsync();
        using var smtp = SmtpServer();
        var letters = LetterSettings.Default(Path.Combine(Path.GetTempPath(), "policycare-bench-letters"));
        // A run's letters start a new print folder: the last run's files would make every letter a resend (its manifest rewritten).
        if (Directory.Exists(letters.Folder)) Directory.Delete(letters.Folder, recursive: true);
        var adapters = new List<IChannelAdapter>
        {
            new HttpSms(new HttpClient(), new SmsSettings(sms.Url, "bench-key", "PolicyCare")),
            new SmtpEmail(new SmtpSettings("127.0.0.1", smtp.Port, "auto", "policycare", "smtp-secret", "notices@policycare.example", "PolicyCare", AcceptAnyCertificate: true),
                new LetterRenderer(letters)),
            new LetterPrintBatch(letters, _ => "Bench Holder"),
            // The channels whose providers need approved templates (WeChat, Kakao, push) and calls: taken as sent.
            new DevelopmentSink(NullLogger<DevelopmentSink>.Instance),
        };
        var timed = adapters.Select(a => new Timed(a)).ToList();
        await using var dispatcher = new NoticeDispatcher(database, timed, TimeProvider.System, DispatchSettingsUsed, NullLogger<NoticeDispatcher>.Instance);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var smtpCpu = smtp.Process.TotalProcessorTime;
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var clock = Stopwatch.StartNew();
        var claimed = 0;
        while (await dispatcher.DispatchDueAsync() is > 0 and var n) claimed += n;
        clock.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        smtpCpu = smtp.Process.TotalProcessorTime - smtpCpu;
        await using (var db = database.Open())
        {
            var outcomes = await db.Notices.GroupBy(n => new { n.Channel, n.Status }).Select(g => new { g.Key.Channel, g.Key.Status, Count = g.Count() }).ToListAsync();
            foreach (var o in outcomes.OrderBy(o => o.Channel).ThenBy(o => o.Status))
                report.Line($"  {o.Channel.Code(),-12} {o.Status.Code(),-10} {o.Count,8:N0}");
        }
        report.Figure($"dispatch: {claimed:N0} notices claimed, sent, held or failed (SMS over HTTP, email over SMTP)", clock.Elapsed, claimed, "notices");
        report.Line($"SMS provider requests: {sms.Requests:N0}; SMTP messages: {Directory.GetFiles(smtp.Inbox).Length:N0}");
        foreach (var t in timed.Where(t => t.Count > 0))
            report.Line($"  in {t.Name,-20} {t.Count,7:N0} sends, {t.Elapsed.TotalSeconds,7:0.00}s ({t.Elapsed.TotalMilliseconds / t.Count:0.0} ms each)");
        report.Line($"  (sends overlap: {DispatchSettingsUsed.SendersAtOnce} at a time, so the adapters' times add up to more than the wall clock)");
        // The CPU this process spent (the SMS provider's fake is in it; the SMTP server is not) and the collections meanwhile.
        report.Line($"CPU in this process: {cpu.TotalSeconds:0.00}s ({cpu.TotalMilliseconds / Math.Max(claimed, 1):0.0} ms a notice); " +
            $"collections gen0/1/2: {GC.CollectionCount(0) - collections[0]}/{GC.CollectionCount(1) - collections[1]}/{GC.CollectionCount(2) - collections[2]}");
        report.Line($"CPU in the SMTP server (Node, queueing each message as it came): {smtpCpu.TotalSeconds:0.00}s");
        report.Line($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MiB");
        return 0;
    }

    /// <summary>Times an adapter's sends, to say where the dispatcher's time goes.</summary>
    private sealed class Timed(IChannelAdapter inner) : IChannelAdapter
    {
        public string Name => inner.GetType().Name;
        public int Count;
        public TimeSpan Elapsed;
        public IReadOnlyCollection<Channel> Channels => inner.Channels;

        public async Task<SendOutcome> SendAsync(NoticeRecord notice, CancellationToken cancel)
        {
            var started = Stopwatch.GetTimestamp();
            try { return await inner.SendAsync(notice, cancel); }
            finally
            {
                // The dispatcher sends several at once.
                lock (this)
                {
                    Count++;
                    Elapsed += Stopwatch.GetElapsedTime(started);
                }
            }
        }
    }

    /// <summary>The SMS provider's answer time (POLICYCARE_PROVIDER_LATENCY_MS; none by default).</summary>
    private static readonly TimeSpan ProviderLatency =
        TimeSpan.FromMilliseconds(int.TryParse(Environment.GetEnvironmentVariable("POLICYCARE_PROVIDER_LATENCY_MS"), out var ms) ? ms : 0);

    private sealed class SmsProvider(WebApplication app, string url) : IAsyncDisposable
    {
        public string Url => url;
        public int Requests;
        public ValueTask DisposeAsync() => app.DisposeAsync();
    }

    /// <summary>An SMS provider's API on loopback: takes the message, answers with its id.</summary>
    private static async Task<SmsProvider> SmsProviderAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        SmsProvider? provider = null;
        app.MapPost("/messages", async (HttpContext context) =>
        {
            Interlocked.Increment(ref provider!.Requests);
            await context.Request.Body.CopyToAsync(Stream.Null);
            // A provider across the internet answers in tens of milliseconds, not the loopback's one.
            if (ProviderLatency > TimeSpan.Zero) await Task.Delay(ProviderLatency);
            return Results.Json(new { id = "msg-" + Guid.NewGuid().ToString("N")[..12] });
        });
        await app.StartAsync();
        provider = new SmsProvider(app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return provider;
    }

    private sealed record Smtp(Process Process, int Port, string Inbox) : IDisposable
    {
        public void Dispose()
        {
            Process.Kill(entireProcessTree: true);
            Process.Dispose();
            Directory.Delete(Inbox, recursive: true);
        }
    }

    /// <summary>The tests' SMTP server (tests/tools/smtp; `npm ci` there first), queueing messages raw as a relay would (the tests parse them).</summary>
    private static Smtp SmtpServer()
    {
        var tool = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../tests/tools/smtp"));
        if (!Directory.Exists(Path.Combine(tool, "node_modules"))) throw new InvalidOperationException($"run `npm ci` in {tool} first");
        var inbox = Directory.CreateTempSubdirectory("policycare-bench-smtp").FullName;
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var process = Process.Start(new ProcessStartInfo("node", ["server.js", port.ToString(CultureInfo.InvariantCulture), inbox, "policycare", "smtp-secret", "raw"])
            { WorkingDirectory = tool, RedirectStandardOutput = true })!;
        if (process.StandardOutput.ReadLine() != "listening") throw new InvalidOperationException("the SMTP server did not start");
        return new Smtp(process, port, inbox);
    }
}
