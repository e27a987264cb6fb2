using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace PolicyCare.Notices;

/// <summary>What a provider said to a notice.</summary>
public abstract record SendOutcome;
/// <summary>The provider took it; delivery may still be confirmed or refused by a receipt.</summary>
public sealed record Accepted(string ProviderMessageId) : SendOutcome;
/// <summary>Worth trying again later (a timeout, a 5xx, a busy server).</summary>
public sealed record TryAgain(string Reason) : SendOutcome;
/// <summary>Will never work as it is (the address is wrong, the content is refused).</summary>
/// <param name="ContactInvalid">The contact itself does not work: mark it invalid.</param>
public sealed record Refused(string Reason, bool ContactInvalid) : SendOutcome;

/// <summary>Sends notices over one or more channels, in that channel's own protocol.</summary>
public interface IChannelAdapter
{
    IReadOnlyCollection<Channel> Channels { get; }
    Task<SendOutcome> SendAsync(NoticeRecord notice, CancellationToken cancel);
}

/// <summary>
/// The development default: nothing leaves the machine and each notice counts as sent. The log says
/// which notice went by which channel, never to whom or what it said (names and texts are personal
/// data); the text is in the outbox and the notice log.
/// </summary>
public sealed class DevelopmentSink(ILogger<DevelopmentSink> log) : IChannelAdapter
{
    public IReadOnlyCollection<Channel> Channels { get; } = [Channel.Sms, Channel.Email, Channel.Wechat, Channel.Kakao, Channel.Push, Channel.Voice, Channel.AgentCall, Channel.Letter];

    public Task<SendOutcome> SendAsync(NoticeRecord notice, CancellationToken cancel)
    {
        log.LogInformation("Notice {Id} ({Stage}) by {Channel} accepted by the development sink", notice.Id, notice.Stage.Code(), notice.Channel.Code());
        return Task.FromResult<SendOutcome>(new Accepted("sink-" + notice.Id));
    }
}

/// <summary>SMTP settings (PolicyCare:Channels:Email).</summary>
/// <param name="AcceptAnyCertificate">For a development or test server with a self-signed certificate only.</param>
public sealed record SmtpSettings(string Host, int Port, string Security, string? User, string? Password, string From, string FromName, bool AcceptAnyCertificate = false);

/// <summary>
/// Email over SMTP with MailKit: text and HTML parts, a subject in the customer's language, and a
/// Message-Id made from the notice's idempotency key, so a resend after a crash is recognisably the
/// same message.
/// </summary>
public sealed class SmtpEmail(SmtpSettings settings, LetterRenderer? letters = null, Func<string, string?>? recipientName = null) : IChannelAdapter, IDisposable
{
    public void Dispose()
    {
        Close();
        _connections.Dispose();
    }

    public IReadOnlyCollection<Channel> Channels { get; } = [Channel.Email];

    public async Task<SendOutcome> SendAsync(NoticeRecord notice, CancellationToken cancel)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.From));
        message.To.Add(MailboxAddress.Parse(notice.Address));
        message.Subject = Subject(LetterRenderer.SubjectStage(notice), notice.Locale, notice.PolicyNumber);
        var domain = settings.From.Split('@').Last();
        message.MessageId = $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(notice.IdempotencyKey)))[..32]}@{domain}";
        message.Headers.Add("X-PolicyCare-Notice", notice.IdempotencyKey);
        var body = new BodyBuilder
        {
            TextBody = notice.Text,
            HtmlBody = $"<!doctype html><html lang=\"{notice.Locale}\"><body><p>{WebUtility.HtmlEncode(notice.Text)}</p></body></html>",
        };
        // A formal notice carries its letter, so the email is as durable as the paper.
        if (letters is not null && notice.Stage.IsFormal())
            body.Attachments.Add($"{notice.PolicyNumber}-{notice.Stage.Code()}.pdf", letters.Render(notice, recipientName?.Invoke(notice.Recipient) ?? ""), new ContentType("application", "pdf"));
        message.Body = body.ToMessageBody();
        return await DeliverOnKeptConnectionAsync(message, cancel);
    }

    /// <summary>How long a connection is kept between notices: well inside the idle time servers allow (RFC 5321 asks for 5 minutes).</summary>
    private static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(30);

    /// <summary>Connections at once: the dispatcher hands several notices over together; mail servers take a few sessions per client.</summary>
    public const int ConnectionsAtOnce = 4;

    private readonly SemaphoreSlim _connections = new(ConnectionsAtOnce, ConnectionsAtOnce);
    private readonly System.Collections.Concurrent.ConcurrentStack<(SmtpClient Client, long LastUsed)> _idle = new();

    /// <summary>
    /// Sends over connections kept from notice to notice (the last used first, so notices in a row share one): a
    /// connection, its TLS handshake and its login cost more than the message, and the outbox sends thousands in a row.
    /// A kept connection the server has closed meanwhile is replaced once; any failure closes it, so the next notice
    /// starts clean.
    /// </summary>
    private async Task<SendOutcome> DeliverOnKeptConnectionAsync(MimeMessage message, CancellationToken cancel)
    {
        await _connections.WaitAsync(cancel);
        try
        {
            SmtpClient? client = null;
            while (client is null && _idle.TryPop(out var idle))
            {
                if (idle.Client.IsConnected && Environment.TickCount64 - idle.LastUsed <= KeepFor.TotalMilliseconds) client = idle.Client;
                else idle.Client.Dispose();
            }
            var reused = client is not null;
            while (true)
            {
                try
                {
                    client ??= await ConnectAsync(settings, cancel);
                    await client.SendAsync(message, cancel);
                    _idle.Push((client, Environment.TickCount64));
                    return new Accepted(message.MessageId ?? "");
                }
                catch (Exception e) when (Outcome(e) is { } outcome)
                {
                    client?.Dispose();
                    client = null;
                    if (reused && outcome is TryAgain)
                    {
                        reused = false;
                        continue;
                    }
                    return outcome;
                }
            }
        }
        finally
        {
            _connections.Release();
        }
    }

    private void Close()
    {
        while (_idle.TryPop(out var idle)) idle.Client.Dispose();
    }

    /// <summary>
    /// Mails an evidence checkpoint (the sealed head of the notices' evidence chain) to an address
    /// outside the insurer's database and servers: a later rewrite of history cannot reach that
    /// mailbox. The body is the checkpoint file itself; it names no customer.
    /// </summary>
    public static async Task<SendOutcome> SendCheckpointAsync(SmtpSettings settings, string to, string checkpointFile, CancellationToken cancel)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.From));
        message.To.Add(MailboxAddress.Parse(to));
        var name = Path.GetFileName(checkpointFile);
        message.Subject = $"PolicyCare evidence checkpoint {name}";
        var json = await File.ReadAllTextAsync(checkpointFile, cancel);
        var body = new BodyBuilder { TextBody = $"Keep this message: it seals the notices' evidence as of {name}.\n\n{json}\n" };
        body.Attachments.Add(name, System.Text.Encoding.UTF8.GetBytes(json), new ContentType("application", "json"));
        message.Body = body.ToMessageBody();
        return await DeliverAsync(settings, message, cancel);
    }

    /// <summary>A report to staff (the monthly review): a text body and its files, to every address at once.</summary>
    public static async Task<SendOutcome> SendReportAsync(SmtpSettings settings, IReadOnlyList<string> to, string subject, string text,
        IReadOnlyList<(string Name, byte[] Content, string MediaType)> files, CancellationToken cancel)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.From));
        foreach (var address in to) message.To.Add(MailboxAddress.Parse(address));
        message.Subject = subject;
        var body = new BodyBuilder { TextBody = text };
        foreach (var (name, content, mediaType) in files) body.Attachments.Add(name, content, ContentType.Parse(mediaType));
        message.Body = body.ToMessageBody();
        return await DeliverAsync(settings, message, cancel);
    }

    private static async Task<SendOutcome> DeliverAsync(SmtpSettings settings, MimeMessage message, CancellationToken cancel)
    {
        try
        {
            using var client = await ConnectAsync(settings, cancel);
            await client.SendAsync(message, cancel);
            await client.DisconnectAsync(true, cancel);
            return new Accepted(message.MessageId ?? "");
        }
        catch (Exception e) when (Outcome(e) is { } outcome)
        {
            return outcome;
        }
    }

    private static async Task<SmtpClient> ConnectAsync(SmtpSettings settings, CancellationToken cancel)
    {
        var client = new SmtpClient();
        // A self-signed development server is accepted only when the configuration says so explicitly.
        client.ServerCertificateValidationCallback = (_, _, _, errors) => errors == System.Net.Security.SslPolicyErrors.None || settings.AcceptAnyCertificate;
        try
        {
            var security = settings.Security switch
            {
                "ssl" => SecureSocketOptions.SslOnConnect,
                "starttls" => SecureSocketOptions.StartTls,
                "none" => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTlsWhenAvailable,
            };
            // Without Nagle's algorithm: SMTP is small commands answered one by one, and a message's last short write held for
            // the server's delayed acknowledgement cost each send 40 ms on loopback (a third of the dispatch's time).
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(settings.Host, settings.Port, cancel);
                await client.ConnectAsync(socket, settings.Host, settings.Port, security, cancel);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            if (settings.User is { Length: > 0 } user) await client.AuthenticateAsync(user, settings.Password ?? "", cancel);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>What a failed send means: a permanent refusal (5xx), or a failure worth another try; null for anything else (a bug: let it surface).</summary>
    private static SendOutcome? Outcome(Exception e) => e switch
    {
        SmtpCommandException c when (int)c.StatusCode >= 500 => new Refused($"SMTP {(int)c.StatusCode}: {c.Message}", c.ErrorCode == SmtpErrorCode.RecipientNotAccepted),
        SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException or TimeoutException or AuthenticationException => new TryAgain(e.Message),
        _ => null,
    };

    public static string Subject(Stage stage, string locale, string policy) => (stage, locale) switch
    {
        (Stage.LapseNotice, "zh-CN") => $"保单{policy}效力中止通知",
        (Stage.LapseNotice, "ko-KR") => $"보험계약 {policy} 효력 정지 안내",
        (Stage.LapseNotice, _) => $"Policy {policy} has lapsed",
        (Stage.TerminationNotice, "zh-CN") => $"保单{policy}合同终止通知",
        (Stage.TerminationNotice, "ko-KR") => $"보험계약 {policy} 해지 안내",
        (Stage.TerminationNotice, _) => $"Policy {policy} has ended",
        (Stage.RenewalNotice, "zh-CN") => $"保单{policy}续保提醒",
        (Stage.RenewalNotice, "ko-KR") => $"보험계약 {policy} 갱신 안내",
        (Stage.RenewalNotice, _) => $"Policy {policy} renews soon",
        (Stage.ContactCode, "zh-CN") => "PolicyCare验证码",
        (Stage.ContactCode, "ko-KR") => "PolicyCare 인증번호",
        (Stage.ContactCode, _) => "Your PolicyCare code",
        (Stage.RenewalConfirmation, "zh-CN") => $"保单{policy}续保确认",
        (Stage.RenewalConfirmation, "ko-KR") => $"보험계약 {policy} 갱신 확인",
        (Stage.RenewalConfirmation, _) => $"Policy {policy}: your renewal is confirmed",
        (Stage.ChangeConfirmation, "zh-CN") => $"保单{policy}批改确认",
        (Stage.ChangeConfirmation, "ko-KR") => $"보험계약 {policy} 변경 확인",
        (Stage.ChangeConfirmation, _) => $"Policy {policy}: your change is confirmed",
        (Stage.InspectionReport, "zh-CN") => $"保单{policy}防灾防损检查报告",
        (Stage.InspectionReport, "ko-KR") => $"보험계약 {policy} 손해 예방 점검 결과",
        (Stage.InspectionReport, _) => $"Policy {policy}: your loss-prevention inspection",
        (Stage.PolicyReview, "zh-CN") => $"保单{policy}年度检视",
        (Stage.PolicyReview, "ko-KR") => $"보험계약 {policy} 점검 안내",
        (Stage.PolicyReview, _) => $"Policy {policy}: your policy review",
        (Stage.RebindOffer, "zh-CN") => $"保单{policy}：建议更换扣款账户",
        (Stage.RebindOffer, "ko-KR") => $"보험계약 {policy} 자동이체 계좌 변경 안내",
        (Stage.RebindOffer, _) => $"Policy {policy}: your automatic debits keep failing",
        (Stage.EarlyReminder, "zh-CN") => $"保单{policy}保费即将到期",
        (Stage.EarlyReminder, "ko-KR") => $"보험계약 {policy} 보험료 납입일 사전 안내",
        (Stage.EarlyReminder, _) => $"Policy {policy}: your next premium is due soon",
        (Stage.ChangeDecision, "zh-CN") => $"保单{policy}变更申请处理结果",
        (Stage.ChangeDecision, "ko-KR") => $"보험계약 {policy} 변경 신청 결과",
        (Stage.ChangeDecision, _) => $"Policy {policy}: the decision on your change request",
        (Stage.CoverEnded, "zh-CN") => $"保单{policy}保险期间届满通知",
        (Stage.CoverEnded, "ko-KR") => $"보험계약 {policy} 보험기간 만료 안내",
        (Stage.CoverEnded, _) => $"Policy {policy}: the cover term has ended",
        (_, "zh-CN") => $"保单{policy}缴费提醒",
        (_, "ko-KR") => $"보험계약 {policy} 보험료 안내",
        _ => $"Policy {policy}: premium reminder",
    };
}

/// <summary>SMS provider settings (PolicyCare:Channels:Sms).</summary>
public sealed record SmsSettings(string BaseUrl, string ApiKey, string SenderId);

/// <summary>
/// SMS through an HTTP provider API: <c>POST {base}/messages</c> with the notice's key as
/// Idempotency-Key, so a provider that saw it before does not send it twice.
/// </summary>
public sealed class HttpSms(HttpClient http, SmsSettings settings) : IChannelAdapter
{
    public IReadOnlyCollection<Channel> Channels { get; } = [Channel.Sms];

    public Task<SendOutcome> SendAsync(NoticeRecord notice, CancellationToken cancel) =>
        ProviderHttp.PostAsync(http, settings.BaseUrl, settings.ApiKey, "/messages", notice,
            new { to = notice.Address, from = settings.SenderId, text = notice.Text, reference = notice.IdempotencyKey }, cancel);
}

/// <summary>
/// Agent calls are work, not messages: "sending" one puts it on the agents' call worklist, and the
/// agent's recorded outcome (reached, no answer, wrong number) finishes it.
/// </summary>
public sealed class AgentCallWorklist : IChannelAdapter
{
    public IReadOnlyCollection<Channel> Channels { get; } = [Channel.AgentCall];

    public Task<SendOutcome> SendAsync(NoticeRecord notice, CancellationToken cancel) =>
        Task.FromResult<SendOutcome>(new Accepted($"call-task-{notice.Id}"));
}

/// <summary>Voice provider settings (PolicyCare:Channels:Voice).</summary>
public sealed record VoiceSettings(string BaseUrl, string ApiKey, string CallerId);

/// <summary>An automated (IVR) call through an HTTP voice provider: the script is the notice in the customer's language.</summary>
public sealed class HttpVoice(HttpClient http, VoiceSettings settings) : IChannelAdapter
{
    public IReadOnlyCollection<Channel> Channels { get; } = [Channel.Voice];

    public Task<SendOutcome> SendAsync(NoticeRecord notice, CancellationToken cancel) =>
        ProviderHttp.PostAsync(http, settings.BaseUrl, settings.ApiKey, "/calls", notice,
            new { to = notice.Address, from = settings.CallerId, language = notice.Locale, script = notice.Text, reference = notice.IdempotencyKey }, cancel);
}
