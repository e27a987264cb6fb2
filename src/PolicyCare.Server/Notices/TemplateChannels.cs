using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PolicyCare.Notices;

/// <summary>A template a provider approved (or not yet): its code, its text with <c>#{variable}</c> slots, and its limit.</summary>
public sealed record ApprovedTemplate(string Provider, string Stage, string Locale, string Code, string Text, string Status, int MaxLength);

/// <summary>
/// The registry of templates approved by KakaoTalk and WeChat (PolicyCare:Templates). A notice can go
/// over a template channel only when its stage has an approved template in the reader's language and
/// the text fits after substitution; otherwise the dispatcher falls back to SMS/LMS.
/// </summary>
public sealed partial class TemplateRegistry(IEnumerable<ApprovedTemplate> templates)
{
    private readonly List<ApprovedTemplate> _templates = templates.ToList();

    public IReadOnlyList<ApprovedTemplate> All => _templates;

    /// <summary>The approved template's text with the notice's variables, or why it cannot be used.</summary>
    public (ApprovedTemplate? Template, string? Text, string? Problem) Fill(string provider, NoticeRecord notice)
    {
        var template = _templates.FirstOrDefault(t => t.Provider == provider && t.Stage == notice.Stage.Code() && t.Locale == notice.Locale);
        if (template is null) return (null, null, $"no {provider} template for {notice.Stage.Code()} in {notice.Locale}");
        if (template.Status != "approved") return (template, null, $"{provider} template {template.Code} is {template.Status}, not approved");
        var variables = JsonSerializer.Deserialize<Dictionary<string, string>>(notice.Variables) ?? [];
        var missing = new List<string>();
        var text = Slot().Replace(template.Text, m =>
        {
            if (variables.TryGetValue(m.Groups[1].Value, out var value)) return value;
            missing.Add(m.Groups[1].Value);
            return m.Value;
        });
        if (missing.Count > 0) return (template, null, $"{provider} template {template.Code} needs {string.Join(", ", missing)}, which this notice does not have");
        if (text.Length > template.MaxLength) return (template, null, $"{provider} template {template.Code} is {text.Length} characters after substitution, over its {template.MaxLength}");
        return (template, text, null);
    }

    /// <summary>The variables a template uses.</summary>
    public static IReadOnlyList<string> VariablesOf(string text) => Slot().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();

    [GeneratedRegex(@"#\{(\w+)\}")]
    private static partial Regex Slot();
}

/// <summary>Template provider settings (PolicyCare:Channels:Kakao, :Wechat).</summary>
public sealed record TemplateChannelSettings(string BaseUrl, string ApiKey, string SenderKey);

/// <summary>KakaoTalk Alimtalk: a pre-approved template code, its <c>#{var}</c> variables, the filled message; refused (so SMS/LMS takes over) when no approved template fits.</summary>
public sealed class HttpKakaoAlimtalk(HttpClient http, TemplateChannelSettings settings, TemplateRegistry registry) : IChannelAdapter
{
    public IReadOnlyCollection<Channel> Channels { get; } = [Channel.Kakao];

    public async Task<SendOutcome> SendAsync(NoticeRecord notice, CancellationToken cancel)
    {
        var (template, text, problem) = registry.Fill("kakao", notice);
        if (problem is not null) return new Refused(problem, false);
        var variables = JsonSerializer.Deserialize<Dictionary<string, string>>(notice.Variables)!;
        return await ProviderHttp.PostAsync(http, settings.BaseUrl, settings.ApiKey, "/v2/alimtalk/send", notice, new
        {
            senderKey = settings.SenderKey,
            templateCode = template!.Code,
            recipientNo = notice.Address,
            message = text,
            templateParameter = TemplateRegistry.VariablesOf(template.Text).ToDictionary(v => v, v => variables[v]),
        }, cancel);
    }
}

/// <summary>WeChat official-account template messages: template id, openid, and the data fields filled from the notice.</summary>
public sealed class HttpWechatTemplate(HttpClient http, TemplateChannelSettings settings, TemplateRegistry registry) : IChannelAdapter
{
    public IReadOnlyCollection<Channel> Channels { get; } = [Channel.Wechat];

    public async Task<SendOutcome> SendAsync(NoticeRecord notice, CancellationToken cancel)
    {
        var (template, text, problem) = registry.Fill("wechat", notice);
        if (problem is not null) return new Refused(problem, false);
        var variables = JsonSerializer.Deserialize<Dictionary<string, string>>(notice.Variables)!;
        var data = TemplateRegistry.VariablesOf(template!.Text).ToDictionary(v => v, v => new { value = variables[v] });
        return await ProviderHttp.PostAsync(http, settings.BaseUrl, settings.ApiKey, "/cgi-bin/message/template/send", notice,
            new { touser = notice.Address, template_id = template.Code, data, remark = text }, cancel);
    }
}

/// <summary>App push over HTTP: title and body to the device token.</summary>
public sealed class HttpPush(HttpClient http, TemplateChannelSettings settings) : IChannelAdapter
{
    public IReadOnlyCollection<Channel> Channels { get; } = [Channel.Push];

    public Task<SendOutcome> SendAsync(NoticeRecord notice, CancellationToken cancel) =>
        notice.Text.Length > 4000
            ? Task.FromResult<SendOutcome>(new Refused("the text is over the 4,000 characters a push can carry", false))
            : ProviderHttp.PostAsync(http, settings.BaseUrl, settings.ApiKey, "/push", notice, new { token = notice.Address, title = SmtpEmail.Subject(notice.Stage, notice.Locale, notice.PolicyNumber), body = notice.Text }, cancel);
}

/// <summary>The HTTP JSON call every provider adapter makes, and how its answer maps to an outcome.</summary>
internal static class ProviderHttp
{
    /// <summary>
    /// POSTs the payload with the notice's key as Idempotency-Key. 2xx with a message id: accepted; 429,
    /// 5xx, timeouts: try again; other 4xx: refused, and the contact is marked invalid when the
    /// provider says the number or recipient is invalid.
    /// </summary>
    public static async Task<SendOutcome> PostAsync(HttpClient http, string baseUrl, string apiKey, string path, NoticeRecord notice, object payload, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl.TrimEnd('/') + path) { Content = JsonContent.Create(payload) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        request.Headers.Add("Idempotency-Key", notice.IdempotencyKey);
        try
        {
            using var response = await http.SendAsync(request, cancel);
            var body = await response.Content.ReadAsStringAsync(cancel);
            if (response.IsSuccessStatusCode)
            {
                using var doc = JsonDocument.Parse(body);
                foreach (var name in new[] { "id", "msgid", "messageId" })
                {
                    if (doc.RootElement.TryGetProperty(name, out var id) && id.ToString() is { Length: > 0 } messageId) return new Accepted(messageId);
                }
                return new TryAgain("the provider accepted the message without an id");
            }
            if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500) return new TryAgain($"provider {(int)response.StatusCode}");
            return new Refused($"provider {(int)response.StatusCode}: {body}",
                body.Contains("invalid-number", StringComparison.Ordinal) || body.Contains("invalid-recipient", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return new TryAgain(e.Message);
        }
    }
}
