using System.Net;

namespace PolicyCare.Hosting;

/// <summary>
/// Where the first start's demo book stands while the server already answers: the half year of real
/// daily cycles takes a minute or two on a small machine, and a new user should see the server up and
/// how far it has come rather than wait at a silent terminal. Until the book is in, pages answer with a
/// progress page that refreshes itself and the API with 503 and Retry-After; the cycle and the
/// dispatcher wait for it.
/// </summary>
public sealed class DemoLoading
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile int _percent;
    private volatile string? _failure;

    /// <summary>A server with nothing to load: ready from the start.</summary>
    public static DemoLoading Loaded()
    {
        var loading = new DemoLoading();
        loading.Finish();
        return loading;
    }

    public Task Ready => _ready.Task;
    public bool IsReady => _ready.Task.IsCompleted;
    public int Percent => _percent;
    public string? Failure => _failure;

    public void Report(int percent) => _percent = Math.Clamp(percent, 0, 100);

    public void Finish()
    {
        _percent = 100;
        _ready.TrySetResult();
    }

    /// <summary>The book could not be loaded: the pages say so (the terminal has the reason) and nothing else runs on the half-made book.</summary>
    public void Fail(string reason) => _failure = reason;

    /// <summary>Answers every request but the health check with the loading state until the book is in.</summary>
    public static void Use(IApplicationBuilder app, DemoLoading loading) => app.Use(async (context, next) =>
    {
        if (loading.IsReady || context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/ui/app.css"))
        {
            await next(context);
            return;
        }
        var response = context.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = "3";
        response.Headers.CacheControl = "no-store";
        var api = context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi");
        if (api)
        {
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The demo book is being loaded",
                detail: loading.Failure is null ? $"{loading.Percent}% loaded; try again in a few seconds." : "The demo book could not be loaded; the server's output says why.")
                .ExecuteAsync(context);
            return;
        }
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(Page(Language(context.Request.Headers.AcceptLanguage.ToString()), loading));
    });

    private static string Language(string acceptLanguage)
    {
        var first = acceptLanguage.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        return first.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-CN"
            : first.StartsWith("ko", StringComparison.OrdinalIgnoreCase) ? "ko-KR" : "en";
    }

    private static string Page(string language, DemoLoading loading)
    {
        var percent = loading.Percent;
        var (title, body, note) = (language, loading.Failure) switch
        {
            ("zh-CN", null) => ("正在载入演示数据", $"PolicyCare 正在载入演示保单：半年的每日批处理按真实规则运行。已完成 {percent}%。", "本页会自动刷新，完成后即可登录。"),
            ("ko-KR", null) => ("데모 데이터를 불러오는 중", $"PolicyCare가 데모 계약을 불러오고 있습니다. 반년 치 일일 배치를 실제 규칙대로 실행합니다. {percent}% 완료.", "이 페이지는 자동으로 새로 고쳐지며, 끝나면 로그인할 수 있습니다."),
            (_, null) => ("Loading the demo book", $"PolicyCare is loading its demo book: half a year of daily cycles, run by the real rules. {percent}% done.", "This page refreshes itself; sign in once it is done."),
            ("zh-CN", _) => ("演示数据载入失败", "演示保单未能载入。", "原因见服务器的输出。"),
            ("ko-KR", _) => ("데모 데이터를 불러오지 못했습니다", "데모 계약을 불러오지 못했습니다.", "원인은 서버 출력에 있습니다."),
            _ => ("The demo book could not be loaded", "The demo book could not be loaded.", "The server's output says why."),
        };
        var refresh = loading.Failure is null ? """<meta http-equiv="refresh" content="3">""" : "";
        return $"""
            <!DOCTYPE html>
            <html lang="{language}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">{refresh}
            <title>{WebUtility.HtmlEncode(title)} · PolicyCare</title><link rel="stylesheet" href="/ui/app.css"></head>
            <body><main id="main">
            <h1>{WebUtility.HtmlEncode(title)}</h1>
            <p>{WebUtility.HtmlEncode(body)}</p>
            {(loading.Failure is null ? $"""<progress max="100" value="{percent}" aria-label="{WebUtility.HtmlEncode(title)}">{percent}%</progress>""" : "")}
            <p>{WebUtility.HtmlEncode(note)}</p>
            </main></body></html>
            """;
    }
}
