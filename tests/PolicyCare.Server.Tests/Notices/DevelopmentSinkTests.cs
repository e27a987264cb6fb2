using Microsoft.Extensions.Logging;

namespace PolicyCare.Notices;

/// <summary>The development sink logs which notice went, never to whom or what it said.</summary>
public sealed class DevelopmentSinkTests
{
    private sealed class Captured : ILogger<DevelopmentSink>
    {
        public List<string> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }

    [Fact]
    public async Task ASentNotice_LeavesNoNameAddressOrTextInTheLog()
    {
        var log = new Captured();
        var notice = new NoticeRecord
        {
            Id = 42, IdempotencyKey = "P1|installment-3|first-reminder|sms|C1", PolicyNumber = "P1", Stage = PolicyCare.Notices.Stage.FirstReminder, Channel = PolicyCare.Notices.Channel.Sms,
            Recipient = "C1", Address = "+8613800138000", Locale = "zh-CN", Text = "尊敬的王伟，您的保单P1保费1,200.00元尚未缴纳", Status = NoticeStatus.Pending,
        };
        Assert.IsType<Accepted>(await new DevelopmentSink(log).SendAsync(notice, default));
        var line = Assert.Single(log.Lines);
        Assert.Contains("42", line, StringComparison.Ordinal);
        foreach (var secret in new[] { "王伟", "+8613800138000", "13800138000", "尊敬", "1,200.00" })
            Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
    }
}
