using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PolicyCare.Hosting;
using PolicyCare.Support;

namespace PolicyCare.Web;

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserServer>
{
    public const string Name = "browser";
}

/// <summary>
/// The back office's pages, beside the customer's: a second server with its own copy of the demo book, driven by the
/// same Chromium, so the two halves of the browser tests run side by side instead of one after the other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OfficeBrowserCollection : ICollectionFixture<BrowserServer>
{
    public const string Name = "browser (office)";
}

/// <summary>
/// The real host with the demo book, and Debian's Chromium driven by Playwright (no browser is
/// downloaded: the executable is the system's). Screenshots go to TestResults/screenshots, or to
/// the folder named by POLICYCARE_SCREENSHOTS (docs/screenshots to refresh the documentation).
/// </summary>
public class BrowserServer : ApiServer
{
    /// <summary>
    /// Debian's Chromium headless shell (the browser without its windowing layers: the same Blink and V8, much less CPU a
    /// page), or the full Chromium where only that is installed; POLICYCARE_CHROMIUM names another.
    /// </summary>
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("POLICYCARE_CHROMIUM") is { Length: > 0 } chosen ? chosen
        : File.Exists("/usr/bin/chromium-headless-shell") ? "/usr/bin/chromium-headless-shell" : "/usr/bin/chromium";

    public IBrowser Browser { get; private set; } = null!;
    /// <summary>The SMS provider behind the host's SMS channel: a journey reads a one-time code off it, as off a phone.</summary>
    public SmsProvider Sms { get; private set; } = null!;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => Sms.Settings;

    public string Screenshots { get; } = Environment.GetEnvironmentVariable("POLICYCARE_SCREENSHOTS") is { Length: > 0 } folder
        ? Path.GetFullPath(folder, Repository.Root)
        : Path.Combine(Repository.Root, "tests", "PolicyCare.Server.Tests", "TestResults", "screenshots");

    public override async Task InitializeAsync()
    {
        Sms = await SmsProvider.StartAsync();
        await base.InitializeAsync();
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium-headless-shell package (.ci/run does)");
        Browser = await Shared.TakeAsync();
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null) await Shared.ReleaseAsync();
        await base.DisposeAsync();
        if (Sms is not null) await Sms.DisposeAsync();
    }

    /// <summary>One Chromium for the whole run, whichever browser collections use it; closed when the last lets go.</summary>
    private static class Shared
    {
        private static readonly SemaphoreSlim Gate = new(1, 1);
        private static IPlaywright? _playwright;
        private static IBrowser? _browser;
        private static int _users;

        public static async Task<IBrowser> TakeAsync()
        {
            await Gate.WaitAsync();
            try
            {
                if (_browser is null)
                {
                    _playwright = await Playwright.CreateAsync();
                    _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                    {
                        ExecutablePath = ChromiumPath,
                        Headless = true,
                        // Chromium refuses to sandbox as root (CI runs as root).
                        Args = ["--no-sandbox", "--disable-dev-shm-usage"],
                    });
                }
                _users++;
                return _browser;
            }
            finally { Gate.Release(); }
        }

        public static async Task ReleaseAsync()
        {
            await Gate.WaitAsync();
            try
            {
                if (--_users > 0 || _browser is null) return;
                await _browser.CloseAsync();
                _playwright?.Dispose();
                (_browser, _playwright) = (null, null);
            }
            finally { Gate.Release(); }
        }
    }

    /// <summary>Submits a form by clicking and waits for the page that answers it (a marker on the old page is gone, the new one has loaded).</summary>
    public static async Task SubmitAsync(IPage page, string selector)
    {
        await page.EvaluateAsync("() => { window.__submitted = true; }");
        await page.ClickAsync(selector);
        await page.WaitForFunctionAsync("() => window.__submitted !== true && document.readyState !== 'loading'");
    }

    /// <summary>A fresh browser profile (no cookies) looking at the server, at desktop or phone width.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
        });
        // The journeys share two cores with the PostgreSQL tests and their cycle processes: a page that answers in a second
        // alone can take longer than Playwright's default 30 s then. This waits for pages, it does not time them.
        context.SetDefaultTimeout(120_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signed in, reading the given language (null: none chosen, so a customer reads their own).</summary>
    public async Task<IPage> SignedInAsync(string user, string? culture = "en-US", int width = 1280)
    {
        var page = await NewPageAsync(width);
        if (culture is not null) await page.GotoAsync($"/ui/language?culture={culture}&back=/signin");
        await page.GotoAsync("/signin");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", DemoUsers.Password);
        await page.ClickAsync("main button[type=submit]");
        // Password hashing and the first page on two busy cores can pass Playwright's default 30 s in CI (it did once, 2026-12-03):
        // this waits for the sign-in to land, it does not time it (speed is benchmarked in bench/, not asserted here).
        // Landed means the page's address has left /signin and its document is parsed (see PageArrival).
        try { await page.ArrivedAtAsync(url => !url.Contains("/signin", StringComparison.Ordinal)); }
        catch (TimeoutException e)
        {
            // Once in a loaded run the page stayed on the sign-in form: say what the form said then.
            throw new TimeoutException($"{user} was still on {page.Url} after 120 s; the page read: {await page.InnerTextAsync("main")}", e);
        }
        return page;
    }

    public async Task<string> CustomerIdOfAsync(string user)
    {
        await using var db = Database.Open();
        return (await db.Users.AsNoTracking().FirstAsync(u => u.UserName == user)).CustomerId!;
    }

    /// <summary>No serious or critical accessibility violation on the page (axe-core).</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        // axe.run in the page itself, reporting violations only: the library's default run finishes each page's results
        // in a second, new browser page with axe loaded again (for cross-origin frames, which our pages have none of),
        // and gathers every passing node too; that took 1.4-5 s a page against 0.3-1.3 s this way, for the same violations.
#pragma warning disable CS0618 // "legacy" is the library's name for running axe in the page; it finds the same violations.
        var results = await page.RunAxeLegacy(options: new AxeRunOptions { ResultTypes = [ResultType.Violations] });
#pragma warning restore CS0618
        var bad = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{page.Url}: " + string.Join("; ", bad.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")));
    }

    public async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        // The whole page, but no taller than two screens: long tables would make megabyte images.
        var height = Math.Min(1800, await page.EvaluateAsync<int>("document.documentElement.scrollHeight"));
        var width = page.ViewportSize?.Width ?? 1280;
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(Screenshots, name + ".png"), FullPage = true, Clip = new Clip { X = 0, Y = 0, Width = width, Height = height },
        });
    }
}

/// <summary>
/// Waiting for a page by its address. Playwright's own URL wait also waits for the navigation's lifecycle event (load,
/// DOMContentLoaded or commit); twice in fresh-clone CIs under load that event never reached it, and the wait outlasted
/// 120 s with the page already at the address and its text shown. Here the address is read as it is, and the document
/// is asked whether it has been parsed - nothing depends on an event having been seen.
/// </summary>
public static class PageArrival
{
    public static Task ArrivedAtAsync(this IPage page, string glob) => page.ArrivedAtAsync(Glob(glob).IsMatch);

    public static async Task ArrivedAtAsync(this IPage page, Func<string, bool> address)
    {
        var until = DateTime.UtcNow.AddSeconds(120);
        while (!address(page.Url))
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"the page stayed at {page.Url} for 120 s");
            await Task.Delay(50);
        }
        await page.WaitForFunctionAsync("() => document.readyState !== 'loading'", null, new() { PollingInterval = 50 });
    }

    /// <summary>Playwright's glob: ** any characters, * any but '/', everything else literal (a '?' is the query's).</summary>
    private static System.Text.RegularExpressions.Regex Glob(string glob)
    {
        var pattern = new System.Text.StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] == '*' && i + 1 < glob.Length && glob[i + 1] == '*') { pattern.Append(".*"); i++; }
            else if (glob[i] == '*') pattern.Append("[^/]*");
            else pattern.Append(System.Text.RegularExpressions.Regex.Escape(glob[i].ToString()));
        }
        return new System.Text.RegularExpressions.Regex(pattern.Append('$').ToString());
    }
}
