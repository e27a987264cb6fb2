using PolicyCare.Notices;
using PolicyCare.Support;

namespace PolicyCare.Notices;

/// <summary>The email adapter against a real SMTP server on loopback, checked on the MIME it received.</summary>
public sealed class SmtpEmailTests(SmtpServer smtp) : IClassFixture<SmtpServer>
{
    private SmtpEmail Adapter(string password = SmtpServer.Password) =>
        new(new SmtpSettings("127.0.0.1", smtp.Port, "starttls", SmtpServer.User, password, "notices@insurer.example", "PolicyCare 保险", AcceptAnyCertificate: true),
            new LetterRenderer(LetterSettings.Default(Path.GetTempPath())));

    private static NoticeRecord Notice(string to, string stage = "lapse-notice", string locale = "zh-CN") => new()
    {
        Id = 7, IdempotencyKey = $"P1|lapse-2026-03-12|{stage}|email|C1", PolicyNumber = "P1", Stage = Stages.Table.Parse(stage), Channel = PolicyCare.Notices.Channel.Email, Recipient = "C1",
        Address = to, Locale = locale, Text = "【PolicyCare】尊敬的王伟，您的保单P1已于2026年3月12日效力中止。", PlannedOn = new DateOnly(2026, 3, 12),
        SendAfter = DateTimeOffset.UtcNow, Status = NoticeStatus.Sending,
    };

    [Fact]
    public async Task LapseNotice_ArrivesOverTls_Authenticated_AsTextAndHtml_WithALocalizedSubject()
    {
        var outcome = await Adapter().SendAsync(Notice("wang@example.com"), CancellationToken.None);
        var accepted = Assert.IsType<Accepted>(outcome);
        var message = Assert.Single(smtp.Messages(), m => m.GetProperty("to").GetString()!.Contains("wang@example.com", StringComparison.Ordinal));
        Assert.True(message.GetProperty("secure").GetBoolean());
        Assert.Equal(SmtpServer.User, message.GetProperty("user").GetString());
        Assert.Equal("保单P1效力中止通知", message.GetProperty("subject").GetString());
        Assert.Contains("效力中止", message.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("<p>【PolicyCare】", message.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Contains("lang=\"zh-CN\"", message.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Equal($"<{accepted.ProviderMessageId}>", message.GetProperty("messageId").GetString());
        var letter = Assert.Single(message.GetProperty("attachments").EnumerateArray());
        Assert.Equal(("P1-lapse-notice.pdf", "application/pdf"), (letter.GetProperty("filename").GetString(), letter.GetProperty("contentType").GetString()));
        Assert.True(letter.GetProperty("size").GetInt32() > 1000);
    }

    [Fact]
    public async Task SameNotice_SentTwice_CarriesTheSameMessageId()
    {
        var first = Assert.IsType<Accepted>(await Adapter().SendAsync(Notice("twice@example.com", "termination-notice", "ko-KR"), CancellationToken.None));
        var second = Assert.IsType<Accepted>(await Adapter().SendAsync(Notice("twice@example.com", "termination-notice", "ko-KR"), CancellationToken.None));
        Assert.Equal(first.ProviderMessageId, second.ProviderMessageId);
        Assert.All(smtp.Messages().Where(m => m.GetProperty("to").GetString()!.Contains("twice@", StringComparison.Ordinal)),
            m => Assert.Equal("보험계약 P1 해지 안내", m.GetProperty("subject").GetString()));
    }

    /// <summary>A one-year policy's lapse email is titled as its letter is: the cover has ended, there is nothing to reinstate.</summary>
    [Fact]
    public async Task AOneYearPolicysLapseEmail_IsTitledAsTheEndOfTheContract()
    {
        var ended = Notice("oneyear@example.com");
        ended.Variables = "{\"lapseDate\":\"2026年3月12日\"}";
        var suspended = Notice("longterm@example.com");
        suspended.Variables = "{\"lapseDate\":\"2026年3月12日\",\"reinstateBy\":\"2028年3月10日\"}";
        Assert.IsType<Accepted>(await Adapter().SendAsync(ended, CancellationToken.None));
        Assert.IsType<Accepted>(await Adapter().SendAsync(suspended, CancellationToken.None));
        string SubjectTo(string to) => Assert.Single(smtp.Messages(), m => m.GetProperty("to").GetString()!.Contains(to, StringComparison.Ordinal)).GetProperty("subject").GetString()!;
        Assert.Equal("保单P1合同终止通知", SubjectTo("oneyear@"));
        Assert.Equal("保单P1效力中止通知", SubjectTo("longterm@"));
    }

    /// <summary>The outbox sends thousands in a row: one connection (one TLS handshake, one login) carries them, and a refusal leaves the next notice a clean one.</summary>
    [Fact]
    public async Task NoticesInARow_ShareOneConnection_AndARefusalDoesNotSpoilTheNext()
    {
        using var adapter = Adapter();
        foreach (var n in new[] { "row1@example.com", "row2@example.com", "row3@example.com" })
            Assert.IsType<Accepted>(await adapter.SendAsync(Notice(n), CancellationToken.None));
        Assert.IsType<Refused>(await adapter.SendAsync(Notice("nobody@example.com"), CancellationToken.None));
        Assert.IsType<Accepted>(await adapter.SendAsync(Notice("row4@example.com"), CancellationToken.None));

        string Session(string to) => Assert.Single(smtp.Messages(), m => m.GetProperty("to").GetString()!.Contains(to, StringComparison.Ordinal)).GetProperty("session").GetString()!;
        Assert.Equal(Session("row1@"), Session("row2@"));
        Assert.Equal(Session("row1@"), Session("row3@"));
        Assert.NotEqual(Session("row1@"), Session("row4@"));
    }

    /// <summary>The dispatcher hands several notices over at once: each is delivered, on at most <see cref="SmtpEmail.ConnectionsAtOnce"/> connections.</summary>
    [Fact]
    public async Task NoticesAtOnce_AreEachDelivered_OnAFewConnections()
    {
        using var adapter = Adapter();
        var addresses = Enumerable.Range(1, 3 * SmtpEmail.ConnectionsAtOnce).Select(i => $"together{i:00}@example.com").ToList();
        var outcomes = await Task.WhenAll(addresses.Select(a => Task.Run(() => adapter.SendAsync(Notice(a), CancellationToken.None))));
        Assert.All(outcomes, o => Assert.IsType<Accepted>(o));
        var sessions = addresses.Select(a => Assert.Single(smtp.Messages(), m => m.GetProperty("to").GetString()!.Contains(a, StringComparison.Ordinal))
            .GetProperty("session").GetString()).Distinct().Count();
        Assert.InRange(sessions, 1, SmtpEmail.ConnectionsAtOnce);
    }

    [Fact]
    public async Task RejectedMailbox_IsRefusedForGood_AndAWrongPasswordIsWorthRetrying()
    {
        var refused = Assert.IsType<Refused>(await Adapter().SendAsync(Notice("nobody@example.com"), CancellationToken.None));
        Assert.True(refused.ContactInvalid);
        Assert.IsType<TryAgain>(await Adapter("wrong").SendAsync(Notice("wang2@example.com"), CancellationToken.None));
    }

    [Fact]
    public async Task AnEvidenceCheckpoint_IsMailedOutsideTheServers_AsTheSealedFileItself()
    {
        using var folder = new PolicyCare.Support.TempFolder();
        var key = EvidenceKey.Ephemeral().WithCheckpoints(folder.Path);
        var file = Checkpoints.Write(key, 42, "ab12cd34", DateTimeOffset.UtcNow);
        var settings = new SmtpSettings("127.0.0.1", smtp.Port, "starttls", SmtpServer.User, SmtpServer.Password, "notices@insurer.example", "PolicyCare", AcceptAnyCertificate: true);
        Assert.IsType<Accepted>(await SmtpEmail.SendCheckpointAsync(settings, "auditor@regulator.example", file, CancellationToken.None));
        var message = Assert.Single(smtp.Messages(), m => m.GetProperty("to").GetString()!.Contains("auditor@regulator.example", StringComparison.Ordinal));
        Assert.Contains(Path.GetFileName(file), message.GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Contains(File.ReadAllText(file), message.GetProperty("text").GetString(), StringComparison.Ordinal);
        var attached = Assert.Single(message.GetProperty("attachments").EnumerateArray());
        Assert.Equal((Path.GetFileName(file), "application/json"), (attached.GetProperty("filename").GetString(), attached.GetProperty("contentType").GetString()));
        // The mailed copy is a checkpoint audit verify accepts: sealed with the same key.
        var problems = new List<string>();
        Assert.Single(Checkpoints.Read(key, problems));
        Assert.Empty(problems);
    }
}
