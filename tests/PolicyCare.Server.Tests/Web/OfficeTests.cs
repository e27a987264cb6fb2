using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Policies;

namespace PolicyCare.Web;

/// <summary>The customer 360 page, the underwriting queue and the administration pages, in a real Chromium.</summary>
[Collection(OfficeBrowserCollection.Name)]
public sealed class OfficeTests(BrowserServer server)
{
    [Fact]
    public async Task AnAgent_FindsACustomer_ByPolicyNameOrPhone_AndSeesEverythingOnOnePage()
    {
        PolicyRecord policy;
        CustomerRecord holder;
        await using (var db = server.Database.Open())
        {
            // A customer with history: a policy in grace has payments, notices and a timeline.
            policy = await db.Policies.AsNoTracking().Where(p => p.Status == PolicyStatus.Grace && p.HolderId == p.InsuredId).OrderBy(p => p.Number).FirstAsync();
            holder = await db.Customers.AsNoTracking().FirstAsync(c => c.Id == policy.HolderId);
        }
        var page = await server.SignedInAsync("service");
        await page.ClickAsync("header nav a[href='/office/customers']");

        // A policy number typed in lower case goes straight to its holder's page, at the policy.
        await page.FillAsync("#q", policy.Number.ToLowerInvariant());
        await page.ClickAsync("main button[type=submit]");
        await page.ArrivedAtAsync($"**/office/customers/{holder.Id}#policy-{policy.Number}");
        Assert.Contains(holder.Name, await page.InnerTextAsync("h1"), StringComparison.Ordinal);
        var row = page.Locator($"tr#policy-{policy.Number}");
        Assert.Contains("Payment overdue", await row.InnerTextAsync(), StringComparison.Ordinal);
        // Contacts are masked: the full number is nowhere on the page.
        var text = await page.InnerTextAsync("main");
        Assert.DoesNotContain(holder.Mobile!, text, StringComparison.Ordinal);
        Assert.Contains(PolicyCare.Notices.Masking.Phone(holder.Mobile), text, StringComparison.Ordinal);
        // Its history in words: the move into grace is on the timeline, notices are listed.
        Assert.Contains("Status: Active → Payment overdue (grace period)", await page.InnerTextAsync("[data-timeline]"), StringComparison.Ordinal);
        Assert.True(await page.Locator("[data-notices] tr[data-notice]").CountAsync() > 0);
        await BrowserServer.AssertAccessibleAsync(page);

        // By part of the name, and by the phone number's digits typed with spaces.
        await page.GotoAsync("/office/customers?q=" + Uri.EscapeDataString(holder.Name[..2]));
        Assert.Equal(1, await page.Locator($"tr[data-customer='{holder.Id}']").CountAsync());
        var spaced = string.Join(' ', holder.Mobile!.Where(char.IsAsciiDigit).Chunk(4).Select(c => new string(c)));
        await page.GotoAsync("/office/customers?q=" + Uri.EscapeDataString(spaced));
        Assert.EndsWith($"/office/customers/{holder.Id}", page.Url.Split('#')[0], StringComparison.Ordinal);
        // By the start of the policy number, in lower case, as read out over the phone.
        await page.GotoAsync("/office/customers?q=" + policy.Number[..^2].ToLowerInvariant());
        Assert.True(page.Url.Split('#')[0].EndsWith($"/office/customers/{holder.Id}", StringComparison.Ordinal)
            || await page.Locator($"tr[data-customer='{holder.Id}']").CountAsync() == 1, "the holder is found by the start of the policy number");
        await page.GotoAsync("/office/customers?q=NO-SUCH-THING");
        Assert.Equal("No customer matches this search.", await page.InnerTextAsync("[data-count]"));

        // Every policy number on the worklist leads to its customer.
        var collections = await server.SignedInAsync("collections");
        var link = collections.Locator($"tr[data-policy='{policy.Number}'] a[href^='/office/customers/']").First;
        await link.ClickAsync();
        await collections.ArrivedAtAsync($"**/office/customers/{holder.Id}#policy-{policy.Number}");

        // A customer does not open it; an unknown customer is a 404 page.
        var customer = await server.SignedInAsync("customer1");
        Assert.Equal(403, (await customer.GotoAsync($"/office/customers/{holder.Id}"))!.Status);
        Assert.Equal(404, (await page.GotoAsync("/office/customers/NO-SUCH-CUSTOMER"))!.Status);
    }

    [Fact]
    public async Task TheLapseRisk_IsShownToAgentsWithItsReasons_OrdersTheWorklistOnRequest_AndNeverReachesTheCustomer()
    {
        PolicyCare.Insights.LapseScoreRecord top;
        string holder;
        await using (var db = server.Database.Open())
        {
            var open = db.Policies.Where(p => p.Status == PolicyStatus.Grace || p.Status == PolicyStatus.Lapsed).Select(p => p.Number);
            top = await db.LapseScores.AsNoTracking().Where(s => open.Contains(s.PolicyNumber)).OrderByDescending(s => s.Priority).ThenBy(s => s.PolicyNumber).FirstAsync();
            holder = await db.Policies.Where(p => p.Number == top.PolicyNumber).Select(p => p.HolderId).SingleAsync();
        }
        Assert.Equal(PolicyCare.Insights.RiskTier.High, top.Tier);

        // Ordered by risk, the worklist starts with the premium likeliest to be lost, its risk beside its status.
        var collections = await server.SignedInAsync("collections");
        await collections.GotoAsync("/office/collections?order=risk");
        Assert.Equal(top.PolicyNumber, await collections.Locator("tr[data-policy]").First.GetAttributeAsync("data-policy"));
        Assert.StartsWith("High risk", await collections.InnerTextAsync($"tr[data-policy='{top.PolicyNumber}'] [data-risk]"), StringComparison.Ordinal);
        Assert.Equal($"Likely loss: about {top.Priority.ToString("0.0", CultureInfo.GetCultureInfo("en-US"))} typical yearly premiums", await collections.InnerTextAsync($"tr[data-policy='{top.PolicyNumber}'] [data-priority]"));
        await BrowserServer.AssertAccessibleAsync(collections);

        // The customers whose debits keep failing are one click away, as many as the book says, the most failed premiums first.
        await collections.GotoAsync("/office/collections");
        await collections.ClickAsync("a[data-failed-debits]");
        await collections.ArrivedAtAsync("**/office/collections/failed-debits");
        List<PolicyCare.Insights.RepeatFailure> failing;
        await using (var db = server.Database.Open())
            failing = await PolicyCare.Insights.RepeatDebitFailures.ListAsync(db, await Access.TodayAsync(db, TimeProvider.System, default));
        Assert.NotEmpty(failing);
        Assert.Equal(failing.Select(f => f.PolicyNumber), await collections.Locator("table[data-failures] tr[data-policy]").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.policy)"));
        await BrowserServer.AssertAccessibleAsync(collections);

        // The targeted offer to link another card or account goes to the holder once a month, in their words, with the link.
        var first = failing.First(f => f.OfferedOn is null);
        await collections.ClickAsync($"tr[data-policy='{first.PolicyNumber}'] button[type=submit]");
        await collections.ArrivedAtAsync("**/office/collections/failed-debits?done=offered");
        Assert.Equal(1, await collections.Locator($"tr[data-policy='{first.PolicyNumber}'] [data-offered]").CountAsync());
        Assert.Equal(0, await collections.Locator($"tr[data-policy='{first.PolicyNumber}'] button").CountAsync());
        await using (var db = server.Database.Open())
        {
            var offers = await db.Notices.AsNoTracking().Where(n => n.PolicyNumber == first.PolicyNumber && n.Stage == PolicyCare.Notices.Stage.RebindOffer).ToListAsync();
            Assert.NotEmpty(offers);
            Assert.All(offers, n => Assert.Contains($"/my/policies/{first.PolicyNumber}/auto-debit", n.Text, StringComparison.Ordinal));
            Assert.All(offers, n => Assert.Contains(first.FailedPremiums.ToString(CultureInfo.InvariantCulture), n.Text, StringComparison.Ordinal));
            Assert.Contains(await db.Evidence.AsNoTracking().Where(e => e.NoticeId == offers[0].Id).Select(e => e.Detail).ToListAsync(), d => d.StartsWith("offered by collections", StringComparison.Ordinal));
            // Once a month: asking again plans nothing more.
            Assert.False(await PolicyCare.Insights.RepeatDebitFailures.OfferAsync(db, first.PolicyNumber, await Access.TodayAsync(db, TimeProvider.System, default), DateTimeOffset.UtcNow, "collections"));
            Assert.Equal(offers.Count, await db.Notices.CountAsync(n => n.PolicyNumber == first.PolicyNumber && n.Stage == PolicyCare.Notices.Stage.RebindOffer));
        }

        // The customer file gives the score and its reasons in words.
        await collections.GotoAsync($"/office/customers/{holder}");
        var risk = collections.Locator($"tr#policy-{top.PolicyNumber} details[data-risk=high]");
        await risk.Locator("summary").ClickAsync();
        Assert.Equal($"Lapse risk: high ({top.Probability.ToString("P0", CultureInfo.GetCultureInfo("en-US"))})", await risk.Locator("summary").InnerTextAsync());
        var reasons = await risk.Locator("li[data-factor]").AllInnerTextsAsync();
        Assert.NotEmpty(reasons);
        Assert.Equal(PolicyCare.Insights.LapseScores.FactorsOf(top).Count, reasons.Count);
        Assert.All(reasons, r => Assert.DoesNotContain("{0}", r, StringComparison.Ordinal));
        // It says which night scored it: a payment today does not move it until tomorrow.
        Assert.Equal(top.ScoredOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), await risk.Locator("[data-scored]").GetAttributeAsync("data-scored"));

        // A customer sees nothing of it, in the portal or the API.
        var customer = await server.SignedInAsync("customer1");
        await customer.GotoAsync("/my");
        Assert.Equal(0, await customer.Locator("[data-risk]").CountAsync());
        Assert.DoesNotContain("risk", await customer.InnerTextAsync("main"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ASupervisor_DecidesAnAdverseDeclaration_FromTheQueue_WithTheReasonOnTheTimeline()
    {
        string number;
        await using (var db = server.Database.Open())
        {
            var today = await Access.TodayAsync(db, TimeProvider.System, default);
            // Not a demo customer's policy: the portal's tests follow theirs.
            var demoCustomers = await db.Users.AsNoTracking().Where(u => u.CustomerId != null).Select(u => u.CustomerId!).ToListAsync();
            var candidates = await db.Policies.AsNoTracking()
                .Where(p => p.Status == PolicyStatus.Lapsed && p.ReinstatementRequestedOn == null && !demoCustomers.Contains(p.HolderId) && !demoCustomers.Contains(p.InsuredId))
                .OrderBy(p => p.Number).Select(p => p.Number).ToListAsync();
            number = "";
            foreach (var candidate in candidates)
            {
                if (await Reinstatements.RequestAsync(db, candidate, today, HealthDeclaration.Adverse) is null) continue;
                number = candidate;
                break;
            }
            Assert.NotEqual("", number);
        }

        // Collections may not decide underwriting: no menu entry, a 403 page.
        var agent = await server.SignedInAsync("collections");
        Assert.Equal(0, await agent.Locator("header nav a[href='/office/underwriting']").CountAsync());
        Assert.Equal(403, (await agent.GotoAsync("/office/underwriting"))!.Status);

        var page = await server.SignedInAsync("supervisor");
        await page.ClickAsync("header nav a[href='/office/underwriting']");
        var card = page.Locator($"[data-application='{number}']");
        Assert.Equal(1, await card.CountAsync());
        await BrowserServer.AssertAccessibleAsync(page);
        // A decision without a reason is not taken.
        await card.Locator("input[value=declined]").CheckAsync();
        await card.Locator("textarea").FillAsync("   ");
        await BrowserServer.SubmitAsync(page, $"[data-application='{number}'] button[type=submit]");
        await using (var db = server.Database.Open())
            Assert.Equal(HealthReview.Referred, (await db.Policies.AsNoTracking().FirstAsync(p => p.Number == number)).HealthReview);

        card = page.Locator($"[data-application='{number}']");
        await card.Locator("input[value=approved]").CheckAsync();
        await card.Locator("textarea").FillAsync("GP letter seen: condition stable for two years");
        await card.Locator("button[type=submit]").ClickAsync();
        await page.ArrivedAtAsync($"**/office/underwriting?done=decided&policy={number}");
        Assert.Contains($"Policy {number}: reinstatement approved", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator($"[data-application='{number}']").CountAsync());
        await using (var db = server.Database.Open())
        {
            Assert.Equal(HealthReview.Approved, (await db.Policies.AsNoTracking().FirstAsync(p => p.Number == number)).HealthReview);
            var decision = JsonNode.Parse(await db.Timeline.AsNoTracking().Where(t => t.PolicyNumber == number && t.Kind == "underwriting-decision")
                .OrderByDescending(t => t.Id).Select(t => t.Data).FirstAsync())!;
            Assert.Equal("approved", (string?)decision["decision"]);
            Assert.Equal("supervisor", (string?)decision["by"]);
            Assert.Equal("GP letter seen: condition stable for two years", (string?)decision["reason"]);
        }
        // The address bar cannot make the page claim a decision that was not made.
        await page.GotoAsync($"/office/underwriting?done=decided&policy=NO-SUCH");
        Assert.Equal(0, await page.Locator("[role=status]").CountAsync());
    }

    [Fact]
    public async Task AnAdmin_IssuesAKey_ShownOnce_ThatTheApiTakes_AndRevokesIt()
    {
        var page = await server.SignedInAsync("admin");
        await page.ClickAsync("header nav a[href='/office/admin']");
        await page.ClickAsync("nav.sub-menu a[href='/office/admin/keys']");
        var name = "claims-portal-" + Guid.NewGuid().ToString("N")[..6];
        await page.FillAsync("#key-name", name);
        await page.ClickAsync("form:has(#key-name) button[type=submit]");
        var key = (await page.InnerTextAsync("[data-key]")).Trim();
        Assert.StartsWith("pc_", key, StringComparison.Ordinal);
        await BrowserServer.AssertAccessibleAsync(page);

        using var api = server.Anonymous();
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/policies?limit=1")).StatusCode);
        // Shown once: the list has its name, never the key again.
        await page.GotoAsync("/office/admin/keys");
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);
        await using (var db = server.Database.Open())
            Assert.DoesNotContain(db.ApiKeys.AsNoTracking().Select(k => k.KeyHash), h => h == key);

        await page.ClickAsync($"button:has-text('Revoke {name}')");
        await page.ArrivedAtAsync("**/office/admin/keys?done=revoked*");
        Assert.Contains("The key is revoked", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/policies?limit=1")).StatusCode);

        // The change log names who did both.
        await page.GotoAsync("/office/admin");
        var log = await page.InnerTextAsync("[data-changes]");
        Assert.Contains("API key issued", log, StringComparison.Ordinal);
        Assert.Contains("API key revoked", log, StringComparison.Ordinal);
        Assert.Contains(name, log, StringComparison.Ordinal);
        await BrowserServer.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task AnAdmin_TurnsThePublicListOfUnreachableCustomersOffAndOn()
    {
        var page = await server.SignedInAsync("admin");
        await page.GotoAsync("/office/admin");
        Assert.True(await page.IsCheckedAsync("#publish"));
        await page.UncheckAsync("#publish");
        await BrowserServer.SubmitAsync(page, "[data-public-listing] button[type=submit]");
        Assert.Contains("Public list of unreachable customers turned off", await page.InnerTextAsync("[data-changes]"), StringComparison.Ordinal);
        var anonymous = await server.NewPageAsync();
        var response = await anonymous.GotoAsync("/public/unreachable");
        Assert.Equal(404, response!.Status);
        Assert.Equal(0, await anonymous.Locator("tr[data-listing]").CountAsync());

        await page.CheckAsync("#publish");
        await BrowserServer.SubmitAsync(page, "[data-public-listing] button[type=submit]");
        await anonymous.GotoAsync("/public/unreachable");
        Assert.True(await anonymous.Locator("tr[data-listing]").CountAsync() > 0);
    }

    [Fact]
    public async Task AnAdmin_AddsAStaffMember_ChangesTheRole_AndStopsTheSignIn()
    {
        var page = await server.SignedInAsync("admin");
        await page.GotoAsync("/office/admin/users");
        var name = "agent" + Guid.NewGuid().ToString("N")[..6];
        await page.FillAsync("#user-name", name);
        await page.FillAsync("#user-shown", "Wang Fang");
        await page.SelectOptionAsync("#user-role", Roles.ServiceAgent);
        await page.ClickAsync("form:has(#user-name) button[type=submit]");
        var password = (await page.InnerTextAsync("[data-password]")).Trim();
        await BrowserServer.AssertAccessibleAsync(page);
        // The name customers read for the new owner of their cases, changed later like the role.
        Assert.Equal("Wang Fang", await page.InputValueAsync($"#shown-{name}"));
        await page.FillAsync($"#shown-{name}", "Wang Fang (service)");
        await BrowserServer.SubmitAsync(page, $"form:has(#shown-{name}) button[type=submit]");
        Assert.Contains($"customers now read \"Wang Fang (service)\" for the staff member who signs in as {name}.", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        await using (var names = server.Database.Open())
            Assert.Equal("Wang Fang (service)", await PolicyCare.Hosting.StaffNames.ShownAsync(names, name));

        // The new person signs in with it and lands on their work.
        var newcomer = await SignInAsync(name, password);
        Assert.Contains("/office/", newcomer.Url, StringComparison.Ordinal);

        // And changes the password they were given: a wrong current one and a weak new one are refused in words.
        await newcomer.ClickAsync("header a.who");
        await newcomer.ArrivedAtAsync("**/account/password");
        await BrowserServer.AssertAccessibleAsync(newcomer);
        async Task ChangeAsync(string current, string next)
        {
            await newcomer.FillAsync("#current", current);
            await newcomer.FillAsync("#new", next);
            await newcomer.FillAsync("#repeat", next);
            await newcomer.ClickAsync("form:has(#current) button[type=submit]");
        }
        await ChangeAsync("not-the-password-1A", "Another-pass-2026");
        Assert.Contains("current password is not right", await newcomer.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);
        await ChangeAsync(password, "longbutweakpassword");
        Assert.Contains("needs a digit", await newcomer.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);
        var chosen = "Chosen-by-me-" + Guid.NewGuid().ToString("N")[..4] + "A1";
        await ChangeAsync(password, chosen);
        await newcomer.ArrivedAtAsync("**/account/password?done=1");
        Assert.Contains("password is changed", await newcomer.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        // The session goes on; the given password no longer signs in, the chosen one does.
        await newcomer.GotoAsync("/office/customers");
        Assert.Contains("/office/customers", newcomer.Url, StringComparison.Ordinal);
        Assert.Contains("/signin", (await SignInAsync(name, password, expectSuccess: false)).Url, StringComparison.Ordinal);
        password = chosen;
        Assert.Contains("/office/", (await SignInAsync(name, password)).Url, StringComparison.Ordinal);

        var row = page.Locator($"tr[data-user='{name}']");
        await row.Locator("select").SelectOptionAsync(Roles.Supervisor);
        await row.Locator("button:has-text('Change role')").ClickAsync();
        await page.ArrivedAtAsync($"**/office/admin/users?done=role&user={name}");
        Assert.Contains($"{name} now works as: Supervisor.", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);

        // Nobody demotes or locks out themselves (their own name for customers they may set).
        Assert.Equal(0, await page.Locator("tr[data-user='admin'] form:has(select), tr[data-user='admin'] button:has-text('signing in')").CountAsync());

        await page.Locator($"tr[data-user='{name}'] button:has-text('Stop {name} signing in')").ClickAsync();
        await page.ArrivedAtAsync($"**/office/admin/users?done=disabled&user={name}");
        var refused = await SignInAsync(name, password, expectSuccess: false);
        Assert.Contains("/signin", refused.Url, StringComparison.Ordinal);

        await using var db = server.Database.Open();
        var actions = await db.AdminChanges.AsNoTracking().Where(c => c.Subject == name).OrderBy(c => c.Id).Select(c => c.Action + ":" + c.By).ToListAsync();
        Assert.Equal(["user-created:admin", "user-shown-name-changed:admin", $"password-changed:{name}", "user-role-changed:admin", "user-disabled:admin"], actions);
    }

    [Fact]
    public async Task AnAdmin_UploadsAProduct_SeesWhatChanges_BeforeItIsUsed()
    {
        var code = "TEST-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var product = new JsonObject
        {
            ["code"] = code, ["names"] = new JsonObject { ["en-US"] = "Test life" }, ["market"] = "CN", ["term"] = "long", ["currency"] = "CNY",
            ["grace"] = new JsonObject { ["days"] = 60 },
        };
        var page = await server.SignedInAsync("admin");
        await page.GotoAsync("/office/admin/products");

        // A bad file is refused with the field at fault, and nothing is saved.
        await page.FillAsync("#product-json", "{ \"code\": \"" + code + "\", \"term\": \"forever\", \"currency\": \"CNY\" }");
        await page.ClickAsync("form:has(#product-json) button[type=submit]");
        Assert.Contains("$.term", await page.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);

        await page.FillAsync("#product-json", product.ToJsonString());
        await page.ClickAsync("form:has(#product-json) button[type=submit]");
        Assert.Equal($"New product {code}", await page.InnerTextAsync($"[data-preview='{code}'] h2"));
        await using (var db = server.Database.Open())
            Assert.False(await db.Products.AnyAsync(p => p.Code == code), "a preview saves nothing");
        await page.ClickAsync($"[data-preview='{code}'] button[type=submit]");
        await page.ArrivedAtAsync($"**/office/admin/products?done=replaced&code={code}");
        Assert.Equal(1, await page.Locator($"tr[data-product='{code}']").CountAsync());

        // A new version: the grace period from 60 to 90 days, shown field by field before it is used.
        product["grace"] = new JsonObject { ["days"] = 90 };
        await page.FillAsync("#product-json", product.ToJsonString());
        await page.ClickAsync("form:has(#product-json) button[type=submit]");
        var diff = await page.InnerTextAsync("[data-diff]");
        Assert.Contains("grace.days\t60\t90", diff, StringComparison.Ordinal);
        await BrowserServer.AssertAccessibleAsync(page);
        await using (var db = server.Database.Open())
            Assert.Equal(60, (await db.Products.AsNoTracking().FirstAsync(p => p.Code == code)).ToProduct().Grace!.Days);
        await page.ClickAsync($"[data-preview='{code}'] button[type=submit]");
        await page.ArrivedAtAsync($"**/office/admin/products?done=replaced&code={code}");
        await using (var db = server.Database.Open())
        {
            Assert.Equal(90, (await db.Products.AsNoTracking().FirstAsync(p => p.Code == code)).ToProduct().Grace!.Days);
            var change = await db.AdminChanges.AsNoTracking().Where(c => c.Subject == code).OrderByDescending(c => c.Id).FirstAsync();
            Assert.Contains("\"days\":60", change.Before, StringComparison.Ordinal);
            Assert.Contains("\"days\":90", change.After, StringComparison.Ordinal);
        }
    }

    private async Task<Microsoft.Playwright.IPage> SignInAsync(string user, string password, bool expectSuccess = true)
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        if (expectSuccess)
        {
            await page.ClickAsync("main button[type=submit]");
            await page.ArrivedAtAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        }
        else await BrowserServer.SubmitAsync(page, "main button[type=submit]");
        return page;
    }

    [Fact]
    public async Task AnAdmin_LoadsTheNextCalendarYear_AndSeesHowChannelsAndProvidersAreSetUp()
    {
        static string Year(int year, params string[] holidays) => new JsonObject
        {
            ["market"] = "KR",
            ["years"] = new JsonArray(new JsonObject
            {
                ["year"] = year, ["source"] = "test notice", ["holidays"] = new JsonArray(holidays.Select(h => (JsonNode)h).ToArray()), ["workdays"] = new JsonArray(),
            }),
        }.ToJsonString();
        var page = await server.SignedInAsync("admin");
        await page.GotoAsync("/office/admin/calendars");
        await BrowserServer.AssertAccessibleAsync(page);
        var last = PolicyCare.Calendars.CalendarData.ForMarket("KR", await CalendarsLoadedAsync()).LastYear!.Value;
        Assert.Contains($"–{last}", await page.InnerTextAsync("tr[data-market=KR]"), StringComparison.Ordinal);

        // A year that leaves a gap is refused, naming what is wrong; nothing is loaded.
        var before = (await CalendarsLoadedAsync()).Count;
        await page.FillAsync("#calendar-json", Year(last + 2, $"{last + 2}-01-01"));
        await page.ClickAsync("form:has(#calendar-json) button[type=submit]");
        Assert.Contains("$.years", await page.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);
        Assert.Equal(before, (await CalendarsLoadedAsync()).Count);

        // The next year is loaded, extends the market's calendar, and is in the change log with who loaded it.
        await page.FillAsync("#calendar-json", Year(last + 1, $"{last + 1}-01-01", $"{last + 1}-03-01"));
        await page.ClickAsync("form:has(#calendar-json) button[type=submit]");
        await page.ArrivedAtAsync("**/office/admin/calendars?done=loaded");
        Assert.Contains($"–{last + 1}", await page.InnerTextAsync("tr[data-market=KR]"), StringComparison.Ordinal);
        await using (var db = server.Database.Open())
        {
            var change = await db.AdminChanges.AsNoTracking().Where(c => c.Action == "calendar-loaded").OrderByDescending(c => c.Id).FirstAsync();
            Assert.Equal(("admin", (last + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), (change.By, change.After));
        }

        // Channels and providers as this server is set up: the agent calls go to the worklist, the sandbox takes checkouts,
        // WeChat Pay has only its webhook secret (payments arrive, nobody is sent there); no secret is on the page.
        await page.GotoAsync("/office/admin/providers");
        await BrowserServer.AssertAccessibleAsync(page);
        Assert.Equal(Enum.GetValues<PolicyCare.Notices.Channel>().Length, await page.Locator("tr[data-channel]").CountAsync());
        Assert.Equal("AgentCallWorklist", await page.GetAttributeAsync("tr[data-channel=agent-call]", "data-adapter"));
        Assert.Equal("Sandbox", await page.GetAttributeAsync("tr[data-provider=sandbox]", "data-setup"));
        Assert.Equal("WebhookOnly", await page.GetAttributeAsync("tr[data-provider=wechat-pay]", "data-setup"));
        Assert.DoesNotContain(PolicyCare.Support.ApiServer.WebhookSecret, await page.ContentAsync(), StringComparison.Ordinal);
    }

    private async Task<List<PolicyCare.Calendars.CalendarFile>> CalendarsLoadedAsync()
    {
        await using var db = server.Database.Open();
        return [.. await CalendarLoads.LoadedAsync(db, default)];
    }

    [Fact]
    public async Task TheApiReference_WorksOffline_AndOffersNoVendorButtons()
    {
        var page = await server.NewPageAsync();
        var origin = server.BaseAddress.GetLeftPart(UriPartial.Authority);
        var elsewhere = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)
                && !request.Url.StartsWith("blob:", StringComparison.Ordinal)) elsewhere.Add(request.Url);
        };
        await page.GotoAsync("/api/reference/");
        // The operations are there (the document came from this server).
        await page.GetByText("/api/v1/auth/sign-in", new() { Exact = true }).First.WaitForAsync();
        await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);
        Assert.True(elsewhere.Count == 0, "the reference loaded from off the machine: " + string.Join(", ", elsewhere));
        // No visible link or button leads off the machine (the vendor's hosted client, "powered by", SDK or deploy offers).
        var outbound = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('a[href]')].filter(a => a.offsetParent !== null && /^https?:/.test(a.getAttribute('href'))
                && !a.href.startsWith(location.origin)).map(a => a.href)
            """);
        Assert.Empty(outbound);
        var text = await page.InnerTextAsync("body");
        foreach (var offer in new[] { "Ask AI", "Generate SDK", "Deploy", "Developer Tools" })
            Assert.DoesNotContain(offer, text, StringComparison.Ordinal);
    }
}

