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
using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Policies;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Notices;

/// <summary>KakaoTalk Alimtalk, WeChat template messages and push against a loopback server speaking their request shapes.</summary>
public sealed class TemplateChannelTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private WebApplication? _provider;
    private Database _database = null!;
    private string _url = "";
    private readonly ConcurrentQueue<(string Path, JsonElement Body)> _requests = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _provider = builder.Build();
        _provider.MapPost("/{**path}", async (HttpContext context, string path) =>
        {
            using var doc = await JsonDocument.ParseAsync(context.Request.Body);
            _requests.Enqueue(("/" + path, doc.RootElement.Clone()));
            return path.StartsWith("cgi-bin", StringComparison.Ordinal) ? Results.Json(new { errcode = 0, msgid = 20000001 }) : Results.Json(new { id = "m-" + _requests.Count });
        });
        await _provider.StartAsync();
        _url = _provider.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        _database = _temp.Sqlite();
        await _database.MigrateAsync();
        await using var db = _database.Open();
        await BookSettings.SaveAsync(db, "KR", null);
        db.Products.Add(new ProductRecord { Code = "L", Definition = ProductJson.Write(Product.WithDefaults("L", PolicyTerm.Long, "KRW")) });
        db.Customers.Add(new CustomerRecord { Id = "K1", Name = "김민준", Locale = "ko-KR", Mobile = "+821012345678", Kakao = "kakao-K1", Wechat = "o6_openid", Push = "device-token-1" });
        db.Policies.Add(new PolicyRecord { Number = "KP1", ProductCode = "L", HolderId = "K1", InsuredId = "K1", Start = new DateOnly(2025, 1, 10), Premium = 55000m, Frequency = PolicyCare.Policies.Frequency.Monthly, Status = PolicyCare.Delinquency.PolicyStatus.Grace });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
        _temp.Dispose();
    }

    private static readonly string Variables = """{"amount":"55,000원","deadline":"2026년 3월 31일","dueDate":"2026년 1월 10일","name":"김민준","policy":"KP1"}""";

    private async Task<long> PlanAsync(string channel, string stage, string locale, string address)
    {
        await using var db = _database.Open();
        var n = new NoticeRecord
        {
            IdempotencyKey = $"KP1|installment-12|{stage}|{channel}|K1", PolicyNumber = "KP1", Stage = Stages.Table.Parse(stage), Channel = Channels.Table.Parse(channel), Recipient = "K1", Address = address,
            Locale = locale, Text = "보험료 안내", Variables = Variables, PlannedOn = new DateOnly(2026, 1, 12),
            SendAfter = new DateTimeOffset(2026, 1, 12, 1, 0, 0, TimeSpan.Zero), Status = NoticeStatus.Pending,
        };
        db.Notices.Add(n);
        await db.SaveChangesAsync();
        return n.Id;
    }

    private NoticeDispatcher Dispatcher(TemplateRegistry? registry = null)
    {
        var templates = registry ?? new TemplateRegistry(PolicyCareApp.ShippedTemplates());
        var settings = new TemplateChannelSettings(_url, "key", "sender-key-1");
        var http = new HttpClient();
        return new NoticeDispatcher(_database,
            [new HttpKakaoAlimtalk(http, settings, templates), new HttpWechatTemplate(http, settings, templates), new HttpPush(http, settings), new DevelopmentSink(NullLogger<DevelopmentSink>.Instance)],
            new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 12, 2, 0, 0, TimeSpan.Zero)), new DispatchSettings(CheckAgainstBook: false), NullLogger<NoticeDispatcher>.Instance);
    }

    private async Task<NoticeRecord> NoticeAsync(long id)
    {
        await using var db = _database.Open();
        return await db.Notices.AsNoTracking().FirstAsync(n => n.Id == id);
    }

    [Fact]
    public async Task Alimtalk_SendsTheApprovedTemplateCode_ItsVariables_AndTheFilledText()
    {
        var id = await PlanAsync("kakao", "first-reminder", "ko-KR", "kakao-K1");
        await Dispatcher().DispatchDueAsync();
        Assert.Equal(NoticeStatus.Sent, (await NoticeAsync(id)).Status);
        var (path, body) = Assert.Single(_requests, r => r.Path == "/v2/alimtalk/send");
        Assert.Equal("PC_FIRST_REMINDER_01", body.GetProperty("templateCode").GetString());
        Assert.Equal("sender-key-1", body.GetProperty("senderKey").GetString());
        Assert.Equal("KP1", body.GetProperty("templateParameter").GetProperty("policy").GetString());
        var message = body.GetProperty("message").GetString()!;
        Assert.DoesNotContain("#{", message, StringComparison.Ordinal);
        Assert.Contains("55,000원", message, StringComparison.Ordinal);
        Assert.Contains("2026년 3월 31일", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TemplateNotApproved_OrTooLong_FallsBackToSms()
    {
        var pending = await PlanAsync("kakao", "reinstatement-follow-up", "ko-KR", "kakao-K1");
        var dispatcher = Dispatcher();
        await dispatcher.DispatchDueAsync();
        var refused = await NoticeAsync(pending);
        Assert.Equal(NoticeStatus.Failed, refused.Status);
        Assert.Contains("pending, not approved", refused.FailureReason, StringComparison.Ordinal);
        await dispatcher.DispatchDueAsync();
        await using var db = _database.Open();
        var sms = await db.Notices.AsNoTracking().SingleAsync(n => n.IdempotencyKey == refused.IdempotencyKey + "|fallback:sms");
        Assert.Equal((NoticeStatus.Sent, "+821012345678"), (sms.Status, sms.Address));

        var tight = new TemplateRegistry([new ApprovedTemplate("kakao", "first-reminder", "ko-KR", "TIGHT", "#{name}님 #{policy} #{amount} #{deadline}", "approved", 10)]);
        var registryResult = tight.Fill("kakao", await NoticeAsync(await PlanAsync("kakao", "first-reminder", "ko-KR", "kakao-K1")));
        Assert.Contains("over its 10", registryResult.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WechatTemplate_SendsTheDataFieldsToTheOpenId()
    {
        await using (var db = _database.Open())
        {
            var c = await db.Customers.FirstAsync();
            c.Locale = "zh-CN";
            await db.SaveChangesAsync();
        }
        var id = await PlanAsync("wechat", "first-reminder", "zh-CN", "o6_openid");
        await Dispatcher().DispatchDueAsync();
        var sent = await NoticeAsync(id);
        Assert.Equal((NoticeStatus.Sent, "20000001"), (sent.Status, sent.ProviderMessageId));
        var (_, body) = Assert.Single(_requests, r => r.Path == "/cgi-bin/message/template/send");
        Assert.Equal("o6_openid", body.GetProperty("touser").GetString());
        Assert.Equal("Xk2fP9-first-reminder", body.GetProperty("template_id").GetString());
        Assert.Equal("KP1", body.GetProperty("data").GetProperty("policy").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Push_SendsTitleAndBodyToTheDevice()
    {
        var id = await PlanAsync("push", "first-reminder", "ko-KR", "device-token-1");
        await Dispatcher().DispatchDueAsync();
        Assert.Equal(NoticeStatus.Sent, (await NoticeAsync(id)).Status);
        var (_, body) = Assert.Single(_requests, r => r.Path == "/push");
        Assert.Equal("device-token-1", body.GetProperty("token").GetString());
        Assert.Equal("보험계약 KP1 보험료 안내", body.GetProperty("title").GetString());
    }
}
