using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Json;
using PolicyCare.Policies;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Notices;

/// <summary>
/// The whole cadence of lapsing policies — an elderly holder, a group policy, an unreachable customer —
/// planned by the real cycle and sent through every channel to servers on loopback: a real SMTP
/// server, an HTTP provider for SMS, calls, KakaoTalk, WeChat and push, the letter print batch and the
/// agents' call list. Then: what arrived where.
/// </summary>
public sealed class WholeCadenceTests(SmtpServer smtp) : IClassFixture<SmtpServer>, IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private WebApplication? _provider;
    private string _url = "";
    private readonly ConcurrentQueue<(string Path, JsonElement Body)> _received = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _provider = builder.Build();
        _provider.MapPost("/{**path}", async (HttpContext context, string path) =>
        {
            using var doc = await JsonDocument.ParseAsync(context.Request.Body);
            _received.Enqueue(("/" + path, doc.RootElement.Clone()));
            return Results.Json(new { id = $"m-{_received.Count}", msgid = _received.Count });
        });
        await _provider.StartAsync();
        _url = _provider.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
        _temp.Dispose();
    }

    private const string Book = """
        {"products":[{"code":"LIFE","currency":"CNY","grace":{"days":30}}],
         "customers":[
           {"id":"OLD","name":"王老先生","birthDate":"1948-05-01","locale":"zh-CN","mobile":"+8613800000001","email":"old@example.com","wechat":"o_old","address":"北京市东城区某街1号"},
           {"id":"M1","name":"김민준","birthDate":"1990-01-01","locale":"ko-KR","mobile":"+821000000011","kakao":"k_m1","email":"m1@example.com"},
           {"id":"M2","name":"Ann Lee","birthDate":"1985-01-01","locale":"en-US","mobile":"+8613800000012","push":"device-m2"},
           {"id":"LOST","name":"赵丽","birthDate":"1980-01-01","locale":"zh-CN","mobile":"+8613800000013","email":"lost@example.com","emergencyContact":{"name":"赵强","mobile":"+8613900000013"}}],
         "employers":[{"id":"E1","name":"某公司","contactEmail":"hr@example.com","contactMobile":"+8613700000001"}],
         "policies":[
           {"number":"ELDER","product":"LIFE","holder":"OLD","start":"2025-01-10","premium":"800.00","frequency":"monthly"},
           {"number":"GROUP","product":"LIFE","holder":"M1","start":"2025-01-12","premium":"3000.00","frequency":"monthly","employer":"E1","members":["M1","M2"]},
           {"number":"LOSTP","product":"LIFE","holder":"LOST","start":"2025-01-15","premium":"500.00","frequency":"monthly"}]}
        """;

    [Fact]
    public async Task LapsingPolicies_TheirWholeCadence_ArrivesWhereItShould()
    {
        var database = _temp.Sqlite();
        await database.MigrateAsync();
        await using (var db = database.Open())
        {
            await BookSettings.SaveAsync(db, "NONE", null, DebitSettlement.Assumed);
            using var doc = JsonDocument.Parse(Book);
            var book = PolicyCare.Policies.Book.Parse(new StrictObject(doc.RootElement, "$", "products", "customers", "employers", "policies"));
            await book.LoadAsync(db, new DateOnly(2026, 1, 1));
            var lost = await db.Customers.FirstAsync(c => c.Id == "LOST");
            lost.InvalidContacts = "Mobile,Email";
            await db.SaveChangesAsync();
        }

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero));
        var http = new HttpClient();
        var templates = new TemplateRegistry(PolicyCareApp.ShippedTemplates());
        var channel = new TemplateChannelSettings(_url, "key", "sender");
        var letters = LetterSettings.Default(Path.Combine(_temp.Path, "letters"));
        IChannelAdapter[] adapters =
        [
            new SmtpEmail(new SmtpSettings("127.0.0.1", smtp.Port, "starttls", SmtpServer.User, SmtpServer.Password, "notices@insurer.example", "PolicyCare", true), new LetterRenderer(letters)),
            new HttpSms(http, new SmsSettings(_url, "key", "PolicyCare")),
            new HttpVoice(http, new VoiceSettings(_url, "key", "+861095500")),
            new HttpKakaoAlimtalk(http, channel, templates),
            new HttpWechatTemplate(http, channel, templates),
            new HttpPush(http, channel),
            new LetterPrintBatch(letters, _ => null),
            new AgentCallWorklist(),
        ];
        var dispatcher = new NoticeDispatcher(database, adapters, time, new DispatchSettings(DailyCapPerRecipient: 10), NullLogger<NoticeDispatcher>.Instance);
        var cycle = new DailyCycleRunner(database, time);
        for (var day = new DateOnly(2026, 1, 1); day <= new DateOnly(2026, 4, 30); day = day.AddDays(1))
        {
            time.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero));
            await cycle.RunDayAsync(day);
            while (await dispatcher.DispatchDueAsync() > 0) { }
        }

        var sent = _received.ToList();
        string[] To(string path) => sent.Where(r => r.Path == path).Select(r => r.Body.TryGetProperty("to", out var t) ? t.GetString()! : r.Body.TryGetProperty("recipientNo", out var k) ? k.GetString()! : r.Body.TryGetProperty("touser", out var w) ? w.GetString()! : r.Body.GetProperty("token").GetString()!).ToArray();

        // The elderly holder: a call and an SMS, never online alone; an agent call before the lapse; a paper letter at lapse.
        Assert.Contains("+8613800000001", To("/calls"));
        Assert.Contains("+8613800000001", To("/messages"));
        Assert.DoesNotContain("o_old", To("/cgi-bin/message/template/send"));
        await using (var db = database.Open())
        {
            Assert.True(await db.Notices.AnyAsync(n => n.PolicyNumber == "ELDER" && n.Channel == PolicyCare.Notices.Channel.AgentCall && n.Status == NoticeStatus.Sent));
            // Sent the day the cycle wrote them, nothing had changed: the check before dispatch held none.
            Assert.Equal(0, await db.Notices.CountAsync(n => n.Status == NoticeStatus.Held));
        }
        var letterFolder = Directory.GetDirectories(letters.Folder).Single();
        Assert.Contains(File.ReadAllLines(Path.Combine(letterFolder, "manifest.csv")), l => l.Contains(",ELDER,lapse-notice,OLD,", StringComparison.Ordinal));

        // The group: the Korean member by KakaoTalk Alimtalk, the other by push, the employer by email and SMS.
        Assert.Contains(sent, r => r.Path == "/v2/alimtalk/send" && r.Body.GetProperty("recipientNo").GetString() == "k_m1");
        Assert.Contains("device-m2", To("/push"));
        Assert.Contains("+8613700000001", To("/messages"));
        var mail = smtp.Messages();
        Assert.Contains(mail, m => m.GetProperty("to").GetString()!.Contains("hr@example.com", StringComparison.Ordinal));

        // Formal emails carry the letter.
        Assert.Contains(mail, m => m.GetProperty("to").GetString()!.Contains("m1@example.com", StringComparison.Ordinal)
            && m.GetProperty("attachments").EnumerateArray().Any(a => a.GetProperty("contentType").GetString() == "application/pdf"));

        // The unreachable customer: nothing reaches them, so their emergency contact is told and an agent traces them.
        Assert.DoesNotContain("+8613800000013", To("/messages"));
        Assert.Contains("+8613900000013", To("/messages"));
        await using (var db = database.Open())
        {
            Assert.True(await db.Cases.AnyAsync(c => c.Key == "LOSTP|tracing|LOST"));
            Assert.Empty(await EvidenceLog.VerifyAsync(db));
            Assert.False(await db.Notices.AnyAsync(n => n.Status == NoticeStatus.Pending || n.Status == NoticeStatus.Sending));
        }
    }
}
