using PolicyCare.Delinquency;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PolicyCare.Billing;
using PolicyCare.Hosting;
using PolicyCare.Notices;
using PolicyCare.Policies;

namespace PolicyCare.Web;

/// <summary>A policyholder in the portal, in a real Chromium: sign in, pay, auto-debit, reinstatement.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PortalTests(BrowserServer server)
{
    private async Task<string> PolicyOfAsync(string user, string status)
    {
        var customer = await server.CustomerIdOfAsync(user);
        await using var db = server.Database.Open();
        var wanted = PolicyStatuses.Parse(status);
        return await db.Policies.AsNoTracking().Where(p => p.HolderId == customer && p.Status == wanted).OrderBy(p => p.Number).Select(p => p.Number).FirstAsync();
    }

    [Fact]
    public async Task SigningIn_WithTheKeyboardOnly_LandsOnMyPolicies()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/ui/language?culture=en-US&back=/signin");
        for (var i = 0; i < 15 && await page.EvaluateAsync<string>("document.activeElement?.id ?? ''") != "username"; i++)
            await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("customer1");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(Hosting.DemoUsers.Password);
        await page.Keyboard.PressAsync("Enter");
        await page.ArrivedAtAsync("**/my");
        Assert.Equal("My policies", await page.InnerTextAsync("h1"));
        Assert.True(await page.Locator("[data-policy]").CountAsync() > 0);
    }

    [Fact]
    public async Task ACustomer_ReadsTheirOwnLanguage_UntilTheyChooseAnother()
    {
        var customer = await server.CustomerIdOfAsync("customer2");
        string locale;
        await using (var db = server.Database.Open())
            locale = await db.Customers.AsNoTracking().Where(c => c.Id == customer).Select(c => c.Locale).FirstAsync();
        var page = await server.SignedInAsync("customer2", culture: null);
        Assert.Equal(locale, await page.GetAttributeAsync("html", "lang"));

        var other = locale == "ko-KR" ? "zh-CN" : "ko-KR";
        await page.SelectOptionAsync("#language-select", other);
        await page.ClickAsync("form.language button[type=submit]");
        await page.ArrivedAtAsync("**/my");
        Assert.Equal(other, await page.GetAttributeAsync("html", "lang"));
    }

    [Fact]
    public async Task AWrongPassword_IsRefusedWithAMessage()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("#username", "customer1");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("main button[type=submit]");
        Assert.Contains("not right", await page.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);
        Assert.EndsWith("/signin", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACustomerInGrace_SeesTheDeadline_AndPaysWhatIsOverdue()
    {
        var number = await PolicyOfAsync("customer1", "grace");
        var page = await server.SignedInAsync("customer1");
        await BrowserServer.AssertAccessibleAsync(page);
        var card = page.Locator($"[data-policy='{number}']");
        Assert.Contains("days left", await card.InnerTextAsync(), StringComparison.Ordinal);

        await page.GotoAsync($"/my/policies/{number}");
        await BrowserServer.AssertAccessibleAsync(page);
        await page.ClickAsync("text=Pay now");
        await page.ArrivedAtAsync($"**/my/policies/{number}/pay");
        await BrowserServer.AssertAccessibleAsync(page);
        await page.ClickAsync("main button[type=submit]");
        // On to the provider's page (the built-in sandbox); nothing is posted until it confirms.
        await page.ArrivedAtAsync("**/pay/sandbox/co_*");
        await BrowserServer.AssertAccessibleAsync(page);
        await using (var before = server.Database.Open())
            Assert.False(await before.Payments.AnyAsync(p => p.PolicyNumber == number && p.Method == PaymentProviders.Sandbox));
        // The same checkout open in a second tab, where the customer will press Pay again.
        var second = await page.Context.NewPageAsync();
        await second.GotoAsync(page.Url);
        await second.FillAsync("#card", "4000 0000 0000 0002");
        await second.ClickAsync("main button[type=submit]");
        Assert.Contains("declined", await second.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);
        // A mistyped number (its check digit is wrong) is caught on the page, as a provider's page does.
        await page.FillAsync("#card", "4242 4242 4242 4241");
        await page.ClickAsync("main button[type=submit]");
        Assert.Contains("not valid", await page.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);
        await page.FillAsync("#card", "4242 4242 4242 4242");
        await page.ClickAsync("main button[type=submit]");
        await page.ArrivedAtAsync($"**/my/policies/{number}?done=paid");
        await second.FillAsync("#card", "4242 4242 4242 4242");
        await second.ClickAsync("main button[type=submit]");
        Assert.Contains("This payment is complete", await second.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Contains("Payment received", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        // Paid up: no "overdue 0.00" anywhere, and the help page offers only to put off the next premium, not a plan for nothing.
        Assert.DoesNotContain("Overdue", await page.InnerTextAsync("dl.facts"), StringComparison.Ordinal);
        await page.GotoAsync($"/my/policies/{number}/help");
        Assert.Equal(1, await page.Locator("[data-nothing-overdue]").CountAsync());
        Assert.Equal(0, await page.Locator("#parts").CountAsync());
        await page.GotoAsync($"/my/policies/{number}");

        await using var db = server.Database.Open();
        var policy = await db.Policies.AsNoTracking().FirstAsync(p => p.Number == number);
        var terms = policy.ToTerms((await db.Products.FindAsync(policy.ProductCode))!.ToProduct());
        Assert.Equal(0m, Account.Outstanding(terms, policy.ToStanding()));
        var paid = Assert.Single(await db.Payments.AsNoTracking().Where(p => p.PolicyNumber == number && p.Method == PaymentProviders.Sandbox).ToListAsync());
        Assert.Equal("provider:sandbox", paid.RecordedBy);
        Assert.StartsWith("sandbox:evt_co_", paid.ExternalReference, StringComparison.Ordinal);
        // The payment is in the history on the page.
        Assert.Contains("Card, online", await page.InnerTextAsync("#payments + table, section[aria-labelledby=payments]"), StringComparison.Ordinal);

        // Its receipt, as a letter to the policyholder: the amount, the date, how it was paid, what it paid, its number.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync($"tr[data-payment='{paid.Id}'] a"));
        var receipt = PolicyCare.Notices.LetterTests.PdfToText(await File.ReadAllBytesAsync((await download.PathAsync())!));
        var holder = await db.Customers.AsNoTracking().FirstAsync(c => c.Id == policy.HolderId);
        foreach (var part in new[] { "Premium receipt", $"Dear {holder.Name},", Receipts.Number(paid), number, LocalFormat.Money(paid.Amount, terms.Currency, "en-US"),
                     LocalFormat.Date(paid.ReceivedOn, "en-US"), "Paid by: Card, online", "Applied to premiums" })
            Assert.Contains(part, receipt, StringComparison.Ordinal);
        // In Chinese for a reader of Chinese; and it is the policyholder's alone.
        var zh = await server.SignedInAsync("customer1", "zh-CN");
        var chinese = await zh.APIRequest.GetAsync($"/ui/receipts/{paid.Id}");
        Assert.Equal(200, chinese.Status);
        Assert.Contains("保费缴费收据", PolicyCare.Notices.LetterTests.PdfToText(await chinese.BodyAsync()), StringComparison.Ordinal);
        var other = await server.SignedInAsync("customer2");
        Assert.Equal(404, (await other.APIRequest.GetAsync($"/ui/receipts/{paid.Id}")).Status);
    }

    [Fact]
    public async Task SettingUpAutoDebit_RecordsTheConsentTheCustomerSaw()
    {
        var number = await PolicyOfAsync("customer1", "grace");
        var page = await server.SignedInAsync("customer1");
        await page.GotoAsync($"/my/policies/{number}/auto-debit");
        if (await page.Locator("text=Cancel auto-debit").CountAsync() > 0)
        {
            // The policy is in grace: before the click, the page says what is overdue and by when to pay it.
            Assert.Contains("overdue", await page.InnerTextAsync("[data-owed]"), StringComparison.Ordinal);
            // Wait for the redirect itself, not its load event: under a loaded CI machine Playwright once missed that event (30 s timeout).
            await page.ClickAsync("main button:has-text(\"Cancel auto-debit\")");
            // Up to 120 s, as the sign-in helper: a fresh-clone CI run on two busy cores once passed 30 s here again (6612268).
            await page.ArrivedAtAsync("**?done=auto-debit-off");
            await page.GotoAsync($"/my/policies/{number}/auto-debit");
        }
        await BrowserServer.AssertAccessibleAsync(page);
        var consent = await page.InnerTextAsync("#consent-text");
        Assert.Contains(number, consent, StringComparison.Ordinal);

        // Without agreeing, nothing is set up.
        await page.FillAsync("#last4", "1234");
        await page.ClickAsync("main button[type=submit]");
        Assert.Contains("agree", await page.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);

        await page.FillAsync("#last4", "1234");
        await page.CheckAsync("#agree");
        await page.ClickAsync("main button[type=submit]");
        await page.ArrivedAtAsync("**?done=auto-debit-on");

        await using var db = server.Database.Open();
        var mandate = await db.Mandates.AsNoTracking().Where(m => m.PolicyNumber == number && m.RevokedAt == null).SingleAsync();
        Assert.Equal(consent.Trim(), mandate.ConsentText);
        Assert.Equal("portal", mandate.Channel);
        Assert.Equal("1234", mandate.AccountLast4);
        Assert.True((await db.Policies.AsNoTracking().FirstAsync(p => p.Number == number)).MandateActive);
    }

    [Fact]
    public async Task ALapsedCustomer_SeesTheQuoteLineByLine_AndApplies()
    {
        var number = await PolicyOfAsync("customer2", "lapsed");
        await using var db = server.Database.Open();
        var policy = await db.Policies.AsNoTracking().FirstAsync(p => p.Number == number);
        var terms = policy.ToTerms((await db.Products.FindAsync(policy.ProductCode))!.ToProduct());
        var today = await Access.TodayAsync(db, TimeProvider.System, default);
        var quote = Delinquency.ReinstatementQuote.Issue(terms, policy.ToStanding(), today);

        // The policy page says what restores the cover, not a next payment the lapsed policy will not bill.
        var page = await server.SignedInAsync("customer2");
        await page.GotoAsync($"/my/policies/{number}");
        var facts = await page.InnerTextAsync("dl.facts");
        Assert.Contains("To restore the cover", facts, StringComparison.Ordinal);
        Assert.Contains(LocalFormat.Money(quote.Total, terms.Currency, "en-US"), facts, StringComparison.Ordinal);
        Assert.DoesNotContain("Next payment", facts, StringComparison.Ordinal);

        await page.GotoAsync($"/my/policies/{number}/reinstatement");
        await BrowserServer.AssertAccessibleAsync(page);
        Assert.Equal(quote.Lines.Count, await page.Locator("table[data-quote] tbody tr").CountAsync());
        var firstLine = await page.InnerTextAsync("table[data-quote] tbody tr >> nth=0");
        Assert.Contains(quote.Lines[0].DaysOverdue.ToString(CultureInfo.InvariantCulture), firstLine, StringComparison.Ordinal);

        if (await page.Locator("#health-clean").CountAsync() > 0) await page.CheckAsync("#health-clean");
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForSelectorAsync("[data-application='waiting-for-payment']");
        Assert.Contains(LocalFormat.Money(quote.Total, terms.Currency, "en-US"), await page.InnerTextAsync("[data-application]"), StringComparison.Ordinal);
        var after = await db.Policies.AsNoTracking().FirstAsync(p => p.Number == number);
        Assert.Equal(today, after.ReinstatementRequestedOn);

        // Every page tells the new standing at once: the application and what to pay by when, no second offer to apply.
        foreach (var path in new[] { $"/my/policies/{number}", "/my" })
        {
            await page.GotoAsync(path);
            var main = await page.InnerTextAsync("main");
            Assert.Contains("Your application to restore the cover is received", main, StringComparison.Ordinal);
            Assert.Contains("Follow my application", main, StringComparison.Ordinal);
            Assert.DoesNotContain("You can apply to restore it", main, StringComparison.Ordinal);
            Assert.DoesNotContain("Restore my cover", main, StringComparison.Ordinal);
            Assert.Contains("Cover stopped on", main, StringComparison.Ordinal);
        }
        // The help page offers no plan or deferral the core would refuse for a lapsed policy.
        await page.GotoAsync($"/my/policies/{number}/help");
        Assert.Contains("Your application to restore the cover is received", await page.InnerTextAsync("[data-relief-closed]"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("main form").CountAsync());
        // Paying is one click from the policy, and the pay page says it restores the cover and by when.
        await page.GotoAsync($"/my/policies/{number}");
        await page.ClickAsync("text=Pay now");
        await page.ArrivedAtAsync($"**/my/policies/{number}/pay");
        Assert.Contains("restores your cover", await page.InnerTextAsync("[data-restores]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherCustomersPolicy_IsNotShown()
    {
        var theirs = await PolicyOfAsync("customer2", "lapsed");
        var page = await server.SignedInAsync("customer1");
        // Answered like an address that does not exist (404), so it does not even tell that the policy exists.
        var response = await page.GotoAsync($"/my/policies/{theirs}");
        Assert.Equal("Page not found", await page.InnerTextAsync("h1"));
        Assert.DoesNotContain(theirs, await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal(404, response!.Status);
        // An address that is no page at all: a page in the reader's language, 404, a way back.
        var nowhere = await page.GotoAsync("/my/no-such-page");
        Assert.Equal(404, nowhere!.Status);
        Assert.Equal("Page not found", await page.InnerTextAsync("h1"));
        Assert.Equal("/my", await page.GetAttributeAsync("main a.button", "href"));
        // Switching language there keeps the reader at the address they typed, not on /error/404.
        Assert.Equal("/my/no-such-page", await page.GetAttributeAsync("input[name=back]", "value"));
        // And the browser tab has its icon.
        Assert.Equal(200, (await page.APIRequest.GetAsync("/favicon.ico")).Status);
    }

    [Fact]
    public async Task APlanAgreed_ShowsItsParts_AndPayNowAsksForTheNextPart()
    {
        var number = await PolicyOfAsync("customer3", "grace");
        var page = await server.SignedInAsync("customer3");
        await page.GotoAsync($"/my/policies/{number}/help");
        // Before agreeing, each choice shows its parts and dates, from the same rule that will agree it.
        await using (var before = server.Database.Open())
        {
            var p = await before.Policies.AsNoTracking().FirstAsync(x => x.Number == number);
            var t = p.ToTerms((await before.Products.FindAsync(p.ProductCode))!.ToProduct());
            var today = await Access.TodayAsync(before, TimeProvider.System, default);
            var preview = Relief.AgreePlan(t, p.ToStanding(), today, 3).Plan!.Parts;
            var row = await page.InnerTextAsync("[data-plan-options] tr[data-parts='3']");
            Assert.Contains(LocalFormat.Money(preview[0].Amount, t.Currency, "en-US"), row, StringComparison.Ordinal);
            Assert.Contains(LocalFormat.Date(preview[^1].DueDate, "en-US"), row, StringComparison.Ordinal);
        }
        await page.SelectOptionAsync("#parts", "3");
        await page.ClickAsync("form:has(#parts) button[type=submit]");
        await page.ArrivedAtAsync($"**/my/policies/{number}?done=plan");

        // The banner's promise is kept: the parts are on the page, and the arrears are no longer called overdue.
        Assert.Contains("shown below", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        Assert.Equal(3, await page.Locator("[data-plan] tbody tr").CountAsync());
        Assert.DoesNotContain("Overdue", await page.InnerTextAsync("dl.facts"), StringComparison.Ordinal);
        await using var db = server.Database.Open();
        var policy = await db.Policies.AsNoTracking().FirstAsync(p => p.Number == number);
        var terms = policy.ToTerms((await db.Products.FindAsync(policy.ProductCode))!.ToProduct());
        var first = Relief.Schedule(terms, policy.ToStanding())[0];
        Assert.Contains(LocalFormat.Money(first.Left, terms.Currency, "en-US"), await page.InnerTextAsync("dl.facts"), StringComparison.Ordinal);
        // Pay now asks for the first part, not the whole debt.
        await page.ClickAsync("text=Pay now");
        await page.ArrivedAtAsync($"**/my/policies/{number}/pay");
        Assert.Equal($"Pay {LocalFormat.Money(first.Left, terms.Currency, "en-US")}", await page.InnerTextAsync("main button[type=submit]"));
        Assert.Equal($"Part 1 of 3 of your payment plan, due on {LocalFormat.Date(first.Obligation.DueDate, "en-US")}.", await page.InnerTextAsync("[data-what]"));
    }

    [Fact]
    public async Task TheAddressBar_CannotMakeAPageSayWhatDidNotHappen()
    {
        var page = await server.SignedInAsync("customer1");
        // Typed addresses: a made-up reference (with a phone number to call) and a payment that never came.
        await page.GotoAsync("/my/contact?sent=" + Uri.EscapeDataString("call +86 400 000 0000"));
        Assert.DoesNotContain("Your reference", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        var lapsed = await PolicyOfAsync("customer2", "lapsed");
        var member = await server.SignedInAsync("customer2");
        await member.GotoAsync($"/my/policies/{lapsed}?done=paid");
        Assert.DoesNotContain("Payment received", await member.InnerTextAsync("main"), StringComparison.Ordinal);

        // A real question gets a reference the customer can read out on the phone.
        await page.GotoAsync("/my/contact");
        await page.CheckAsync("#type-question");
        await page.FillAsync("#message", "When is my next premium due?");
        await page.ClickAsync("main button[type=submit]");
        await page.ArrivedAtAsync("**/my/contact?sent=*");
        Assert.Matches(@"Your reference is Q-\d{6}", await page.InnerTextAsync("main"));
    }

    [Fact]
    public async Task ACustomerInGrace_IsShownTheAlternativesToLapsing_AndAsksAboutOne_WhichIsThenInTheirRequests()
    {
        // A policy old enough to have a cash value, of a customer who is not a demo sign-in.
        string number, customer;
        AlternativesQuote quote;
        await using (var db = server.Database.Open())
        {
            var demo = await db.Users.AsNoTracking().Where(u => u.CustomerId != null).Select(u => u.CustomerId!).ToListAsync();
            var today = await Access.TodayAsync(db, TimeProvider.System, default);
            var candidates = await db.Policies.AsNoTracking().Where(p => p.Status == PolicyStatus.Grace && p.Plan == null && !demo.Contains(p.HolderId))
                .OrderBy(p => p.Number).ToListAsync();
            var found = candidates.Select(p => (p, q: AlternativeQuotes.Quote(p.ToTerms(db.Products.Find(p.ProductCode)!.ToProduct()), p.ToStanding(), today)))
                .First(x => x.q is { CashValue: > 0, MaxPolicyLoan: > 0 });
            (number, customer, quote) = (found.p.Number, found.p.HolderId, found.q!);
        }
        var page = await SignInAsCustomerAsync(customer);
        await page.GotoAsync($"/my/policies/{number}/help");
        var section = await page.InnerTextAsync("[data-alternatives]");
        var currency = number.StartsWith("KR", StringComparison.Ordinal) ? "KRW" : "CNY";
        Assert.Contains(LocalFormat.Money(quote.CashValue, currency, "en-US"), section, StringComparison.Ordinal);
        Assert.Contains($"A policy loan of up to {LocalFormat.Money(quote.MaxPolicyLoan, currency, "en-US")}", section, StringComparison.Ordinal);
        await BrowserServer.AssertAccessibleAsync(page);

        await page.ClickAsync("text=Ask us about a policy loan");
        await page.ArrivedAtAsync($"**/my/contact?about=policy-loan&policy={number}");
        Assert.Contains($"policy loan on policy {number}", await page.InputValueAsync("#message"), StringComparison.Ordinal);
        Assert.Equal(number, await page.InputValueAsync("#policy"));
        await page.ClickAsync("main form button[type=submit]");
        await page.ArrivedAtAsync("**/my/contact?sent=*");
        var reference = System.Text.RegularExpressions.Regex.Match(await page.InnerTextAsync("[role=status]"), @"Q-\d{6}").Value;
        Assert.NotEmpty(reference);
        Assert.Contains("We are working on it", await page.InnerTextAsync($"[data-request='{reference}']"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preferences_SayWhichChannelsAreUsed_WhenTheCustomerChoseNone()
    {
        string customer;
        await using (var db = server.Database.Open())
        {
            var demo = await db.Users.AsNoTracking().Where(u => u.CustomerId != null).Select(u => u.CustomerId!).ToListAsync();
            customer = await db.Customers.AsNoTracking().Where(c => c.PreferredChannels == "" && c.Mobile != null && c.InvalidContacts == "" && !demo.Contains(c.Id))
                .OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        }
        var page = await SignInAsCustomerAsync(customer);
        await page.GotoAsync("/my/preferences");
        // Nothing ticked, and the page says where reminders go instead of leaving the customer to guess "nowhere".
        Assert.Equal(0, await page.Locator("fieldset input[type=checkbox]:checked").CountAsync());
        Assert.Contains("Text message", await page.InnerTextAsync("[data-default-channels]"), StringComparison.Ordinal);

        // The save answers with a redirect to the page itself: wait for the new document, not for an address that does not
        // change, nor for a load event that a busy run once missed (120 s, 2026-12-06).
        Task SaveAsync() => BrowserServer.SubmitAsync(page, "main button[type=submit]");
        // The address alone cannot make the page say it saved something.
        await page.GotoAsync("/my/preferences?saved=1");
        Assert.Equal(0, await page.Locator("[role=status]").CountAsync());
        await page.CheckAsync("#channel-sms");
        await SaveAsync();
        Assert.Equal("Saved.", (await page.InnerTextAsync("[role=status]")).Trim());
        Assert.True(await page.IsCheckedAsync("#channel-sms"));
        Assert.Equal(0, await page.Locator("[data-default-channels]").CountAsync());
        await using (var db = server.Database.Open())
            Assert.Equal("sms", (await db.Customers.AsNoTracking().FirstAsync(c => c.Id == customer)).PreferredChannels);

        // Unticking everything brings the explanation back.
        await page.UncheckAsync("#channel-sms");
        await SaveAsync();
        Assert.Equal(1, await page.Locator("[data-default-channels]").CountAsync());
        // Said once: reloading the page does not say it again.
        await page.ReloadAsync();
        Assert.Equal(0, await page.Locator("[role=status]").CountAsync());
    }

    /// <summary>A portal sign-in for a customer who has none in the demo (as the insurer's enrolment would create it).</summary>
    private async Task<Microsoft.Playwright.IPage> SignInAsCustomerAsync(string customerId)
    {
        var name = "portal-" + customerId.ToLowerInvariant();
        await using (var db = server.Database.Open())
        {
            if (!await db.Users.AnyAsync(u => u.UserName == name))
            {
                var user = new UserAccount
                {
                    Id = Guid.NewGuid().ToString(), UserName = name, NormalizedUserName = name.ToUpperInvariant(), CustomerId = customerId,
                    SecurityStamp = Guid.NewGuid().ToString(),
                };
                user.PasswordHash = new Microsoft.AspNetCore.Identity.PasswordHasher<UserAccount>().HashPassword(user, DemoUsers.Password);
                db.Users.Add(user);
                var role = await db.Roles.AsNoTracking().FirstAsync(r => r.Name == Roles.Customer);
                db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id });
                await db.SaveChangesAsync();
            }
        }
        return await server.SignedInAsync(name);
    }

    [Fact]
    public async Task AtPhoneWidth_PagesDoNotScrollSideways()
    {
        var page = await server.SignedInAsync("collections", width: 390);
        foreach (var path in new[] { "/office/collections", "/office/notices" })
        {
            await page.GotoAsync(path);
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), $"{path} is wider than a phone");
        }
        var customer = await server.SignedInAsync("customer1", width: 390);
        Assert.True(await customer.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "/my is wider than a phone");
    }
}
