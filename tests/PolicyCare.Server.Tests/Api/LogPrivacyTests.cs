using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Hosting;
using PolicyCare.Notices;
using PolicyCare.Support;

namespace PolicyCare.Api;

/// <summary>
/// Logs travel further than the database (log shippers, support tickets, a vendor's dashboard):
/// they must hold no customer's name, phone number, email, address or notice text. The server is
/// run as an operator runs it — its own process, default log levels — over the demo book; notices are
/// sent, customers and staff sign in (and fail to), money is posted, and then the whole log is searched
/// for every demo customer's personal data.
/// </summary>
public sealed class LogPrivacyTests
{
    [Fact]
    public async Task AFullDemoRun_LogsNoNamePhoneEmailAddressOrNoticeText()
    {
        using var temp = new TempFolder();
        var database = await DemoDatabases.SqliteAsync(Path.Combine(temp.Path, "demo.db"), ApiServer.Today);
        List<string> secrets;
        await using (var db = database.Open())
        {
            var customers = await db.Customers.AsNoTracking().ToListAsync();
            secrets = customers.SelectMany(c => new[] { c.Name, c.Mobile, c.Email, c.Wechat, c.Kakao, c.Address, c.EmergencyName, c.EmergencyMobile })
                .OfType<string>().Where(s => s.Length >= 4).Distinct().ToList();
            // Today's notices, and a few of every channel sent before, go out while we watch: the dispatcher
            // hands each to the development sink, the path a first-time operator's server takes.
            var pending = await db.Notices.Where(n => n.Status == NoticeStatus.Pending).ToListAsync();
            // A public listing is published on the page, not dispatched.
            foreach (var channel in Enum.GetValues<Channel>().Where(c => c != Channel.Public))
                pending.AddRange(await db.Notices.Where(n => n.Channel == channel && n.Status != NoticeStatus.Pending).OrderByDescending(n => n.Id).Take(3).ToListAsync());
            foreach (var n in pending)
            {
                n.Status = NoticeStatus.Pending;
                n.SendAfter = DateTimeOffset.UtcNow.AddMinutes(-1);
            }
            await db.SaveChangesAsync();
            Assert.Contains(pending, n => n.Channel == Channel.Sms);
            Assert.Contains(pending, n => n.Channel == Channel.Email);
            secrets.AddRange(pending.Select(n => n.Text).Where(t => t.Length >= 20).Select(t => t[..20]));
            secrets.AddRange(pending.Select(n => n.Address).OfType<string>().Where(a => a.Length >= 4));
        }
        Assert.Contains(secrets, s => s.Contains('@', StringComparison.Ordinal));

        var port = Loopback.FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "policycare.dll"), "serve", "--db", database.ConnectionString, "--urls", $"http://127.0.0.1:{port}" })
            start.ArgumentList.Add(a);
        start.Environment["POLICYCARE_KEYS"] = Path.Combine(temp.Path, "keys");
        start.Environment["POLICYCARE_CHECKPOINTS"] = Path.Combine(temp.Path, "checkpoints");
        // Whatever the hour the suite runs at: no quiet hours or daily cap holding the messages back until tomorrow.
        start.Environment["PolicyCare__Dispatch__QuietFromHour"] = "24";
        start.Environment["PolicyCare__Dispatch__QuietUntilHour"] = "0";
        start.Environment["PolicyCare__Dispatch__DailyCapPerRecipient"] = "1000";
        var log = new StringBuilder();
        using var server = new Process { StartInfo = start };
        server.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        server.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        server.Start();
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilAsync(async () => { try { return (await http.GetAsync("/health")).IsSuccessStatusCode; } catch (HttpRequestException) { return false; } });

            // A wrong password and a right one; a customer reads their policy, its notices and payments.
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName = "customer1", password = "wrong" })).StatusCode);
            var customer = await BearerAsync(http, "customer1");
            using var policies = JsonDocument.Parse(await customer.GetStringAsync("/api/v1/policies"));
            var number = policies.RootElement[0].GetProperty("number").GetString()!;
            foreach (var path in new[] { "", "/notices", "/payments", "/timeline", "/alternatives" })
                Assert.True((await customer.GetAsync($"/api/v1/policies/{number}{path}")).IsSuccessStatusCode, path);
            // Collections posts money; the notices go out through the sink.
            var collections = await BearerAsync(http, "collections");
            using var payment = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/policies/{number}/payments")
            {
                Content = JsonContent.Create(new { amount = "1.00", method = "bank-transfer", reference = "log-check" }),
            };
            payment.Headers.Add("Idempotency-Key", "log-privacy-1");
            Assert.Equal(HttpStatusCode.Created, (await collections.SendAsync(payment)).StatusCode);
            await WaitUntilAsync(async () =>
            {
                await using var db = database.Open();
                // Claimed notices are 'sending' until their provider answers: the sink's lines are written by then.
                var pending = await db.Notices.AsNoTracking().Where(n => n.Status == NoticeStatus.Pending || n.Status == NoticeStatus.Sending)
                    .Select(n => new { n.Status, n.SendAfter }).ToListAsync();
                return !pending.Any(n => n.Status == NoticeStatus.Sending || n.SendAfter <= DateTimeOffset.UtcNow);
            });
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        string text;
        lock (log) text = log.ToString();
        // The log is the real one: it says where the server listened and that the sink took notices.
        Assert.Contains($"127.0.0.1:{port}", text, StringComparison.Ordinal);
        Assert.Contains("sink", text, StringComparison.OrdinalIgnoreCase);
        // The demo's people are made up, so the failure may name what leaked and where.
        var leaked = text.Split('\n').SelectMany(line => secrets.Where(s => line.Contains(s, StringComparison.OrdinalIgnoreCase)).Select(s => $"'{s}' in: {line}")).ToList();
        Assert.True(leaked.Count == 0, "the log holds personal data:\n" + string.Join('\n', leaked.Take(10)));
    }

    private static async Task<HttpClient> BearerAsync(HttpClient anonymous, string userName)
    {
        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/sign-in", new { userName, password = DemoUsers.Password });
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var client = new HttpClient { BaseAddress = anonymous.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", doc.RootElement.GetProperty("accessToken").GetString());
        return client;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the server did not get there within a minute");
            await Task.Delay(250);
        }
    }
}
