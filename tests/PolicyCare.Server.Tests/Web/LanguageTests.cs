using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PolicyCare.Support;

namespace PolicyCare.Web;

/// <summary>Every page in Chinese, Korean and English: localized, accessible, and photographed for the docs.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class LanguageTests(BrowserServer server)
{
    [Theory]
    [InlineData("zh-CN")]
    [InlineData("ko-KR")]
    [InlineData("en-US")]
    public async Task EveryMainPage_IsInTheChosenLanguage_Accessible_AndPhotographed(string culture)
    {
        string Expected(string english)
        {
            var before = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            try { return Ui.T(english); }
            finally { CultureInfo.CurrentUICulture = before; }
        }

        var anonymous = await server.NewPageAsync();
        await anonymous.GotoAsync($"/ui/language?culture={culture}&back=/signin");
        Assert.Equal(culture, await anonymous.GetAttributeAsync("html", "lang"));
        Assert.Equal(Expected("Sign in"), await anonymous.InnerTextAsync("h1"));
        await BrowserServer.AssertAccessibleAsync(anonymous);
        await server.ScreenshotAsync(anonymous, $"{culture}-sign-in");

        string lapsed;
        await using (var db = server.Database.Open())
        {
            var customer = await server.CustomerIdOfAsync("customer2");
            lapsed = await db.Policies.AsNoTracking().Where(p => p.HolderId == customer).OrderBy(p => p.Status == PolicyCare.Delinquency.PolicyStatus.Lapsed ? 0 : 1).ThenBy(p => p.Number).Select(p => p.Number).FirstAsync();
        }
        // A claim of customer 2's on that policy, with its documents asked for, for the claim pages.
        var claim = culture switch { "zh-CN" => "CL000000000001", "ko-KR" => "CL000000000002", _ => "CL000000000003" };
        await using (var db = server.Database.Open())
        {
            if (!await db.Claims.AnyAsync(c => c.Id == claim))
            {
                var policy = await db.Policies.AsNoTracking().SingleAsync(p => p.Number == lapsed);
                var benefit = (await PolicyCare.Policies.ReferenceData.LoadAsync(db)).Products[policy.ProductCode].Benefits![0];
                await PolicyCare.Claims.ClaimDesk.SubmitAsync(db, new PolicyCare.Claims.ClaimSubmission(claim, lapsed, benefit.Code, policy.Start.AddDays(400),
                    new PolicyCare.Claims.ClaimedLoss(800m, 3), [benefit.Documents[0]], Support.ApiServer.Today) { ClaimantId = policy.HolderId });
            }
        }
        // The demo's first case (a complaint answered, its survey answered) and the open survey of another.
        string caseReference, surveyToken;
        await using (var db = server.Database.Open())
        {
            caseReference = PolicyCare.Cases.CaseDesk.Reference(await db.Cases.AsNoTracking().Where(c => c.Type != "tracing").OrderBy(c => c.Id).FirstAsync());
            var open = await db.Surveys.AsNoTracking().Where(s => s.AnsweredOn == null).OrderBy(s => s.Id).FirstAsync();
            surveyToken = server.Services.GetRequiredService<PolicyCare.Cases.SurveyLinks>().Token(open.Id);
        }
        var customerPages = new (string Path, string Name, string Heading)[]
        {
            ("/my/claims", "my-claims", "My claims"),
            ("/my/claims/new", "new-claim", "Make a claim"),
            ($"/my/claims/{claim}", "claim", "Claim {0}"),
            ("/my", "my-policies", "My policies"),
            ($"/my/policies/{lapsed}", "policy", "Policy {0}"),
            ($"/my/policies/{lapsed}/reinstatement", "reinstatement", "Restore my cover"),
            ($"/my/policies/{lapsed}/beneficiaries", "beneficiaries", "Beneficiaries"),
            ($"/my/policies/{lapsed}/terms", "terms", "What your cover does not pay"),
            ($"/my/policies/{lapsed}/cover", "cover", "Cover and payments"),
            ("/my/preferences", "preferences", "Preferences"),
            ("/my/contact-details", "contact-details", "Mobile number and email"),
            ("/my/contact", "contact", "Contact us"),
            ("/account/password", "password", "Change your password"),
        };
        // The survey, answered without signing in.
        await anonymous.GotoAsync($"/survey/{surveyToken}");
        Assert.Equal(Expected("How did we do?"), await anonymous.InnerTextAsync("h1"));
        AssertReadsIn(culture, "/survey", await anonymous.InnerTextAsync("main"));
        await BrowserServer.AssertAccessibleAsync(anonymous);
        await server.ScreenshotAsync(anonymous, $"{culture}-survey");
        // The public page of customers no contact reaches (the demo insurer opts in): masked, in the reader's language.
        await anonymous.GotoAsync("/public/unreachable");
        Assert.Equal(Expected("Customers we cannot reach"), await anonymous.InnerTextAsync("h1"));
        Assert.Matches(@"^[A-Z]{2}\*{4}\d{2}$", (await anonymous.InnerTextAsync("tr[data-listing] td")).Trim());
        AssertReadsIn(culture, "/public/unreachable", await anonymous.InnerTextAsync("main"));
        await BrowserServer.AssertAccessibleAsync(anonymous);
        // The products, before anyone buys: what each pays and does not, without signing in.
        await anonymous.GotoAsync("/products");
        Assert.Equal(Expected("Our products"), await anonymous.InnerTextAsync("h1"));
        await anonymous.ClickAsync("a[href='/products/HEALTH-1Y']");
        // Enhanced navigation swaps the page without a load event: wait for the product itself, not for "load".
        await anonymous.ArrivedAtAsync("**/products/HEALTH-1Y");
        await anonymous.WaitForSelectorAsync("[data-benefits]");
        AssertReadsIn(culture, "/products/HEALTH-1Y", await anonymous.InnerTextAsync("main"));
        await BrowserServer.AssertAccessibleAsync(anonymous);
        await server.ScreenshotAsync(anonymous, $"{culture}-product");
        var page = await server.SignedInAsync("customer2", culture);
        foreach (var (path, name, heading) in customerPages)
        {
            await page.GotoAsync(path);
            Assert.Equal(culture, await page.GetAttributeAsync("html", "lang"));
            Assert.Equal(string.Format(CultureInfo.InvariantCulture, Expected(heading), path.StartsWith("/my/claims/CL", StringComparison.Ordinal) ? claim : lapsed), await page.InnerTextAsync("h1"));
            AssertReadsIn(culture, path, await page.InnerTextAsync("main") + "\n" + await page.InnerTextAsync("header nav"));
            // The document it was submitted with arrived without a file here: named as received, not a link to nothing.
            if (name == "claim") Assert.Equal((1, 0), (await page.Locator("[data-sent] [data-supplied]").CountAsync(), await page.Locator("[data-sent] a").CountAsync()));
            await BrowserServer.AssertAccessibleAsync(page);
            await server.ScreenshotAsync(page, $"{culture}-{name}");
        }

        var staffPages = new (string Path, string Name, string? Heading)[]
        {
            ("/office/collections", "collections", "Collections worklist"),
            // Ordered by the lapse-risk score, each row with its tier and likely loss.
            ("/office/collections?order=risk", "collections-by-risk", "Collections worklist"),
            ("/office/collections/failed-debits", "failed-debits", "Debits that keep failing"),
            ("/office/notices", "notice-log", "Notice log"),
            ("/office/dashboard", "dashboard", "How the book is doing"),
            // Last month's review with its charts, figures, lapse causes and notices.
            ("/office/review", "monthly-review", "Monthly review"),
            ("/office/customers", "customers", "Find a customer"),
            // The customer 360 page is headed by the customer's name.
            ($"/office/customers/{await server.CustomerIdOfAsync("customer2")}", "customer-360", null),
            ("/office/underwriting", "underwriting", "Underwriting queue"),
            // The change form itself (sum insured, health question, frequency), on a life policy in force.
            ($"/office/policies/{await InForceLifeAsync()}/cover", "cover-change", "Cover and payments"),
            ("/office/claims", "claims", "Claims"),
            ($"/office/claims/{claim}", "claim-desk", null),
            ("/office/cases", "cases", "Inquiries and complaints"),
            ($"/office/cases/{caseReference}", "case", null),
            // The list behind a dashboard number, over a period with lapses in it.
            ($"/office/events?what=lapses&from={Support.ApiServer.Today.AddDays(-120):yyyy-MM-dd}", "events", "Lapses"),
        };
        var staff = await server.SignedInAsync("supervisor", culture);
        foreach (var (path, name, heading) in staffPages)
        {
            await staff.GotoAsync(path);
            if (heading is not null) Assert.Equal(Expected(heading), await staff.InnerTextAsync("h1"));
            AssertReadsIn(culture, path, await staff.InnerTextAsync("main") + "\n" + await staff.InnerTextAsync("header nav"));
            await BrowserServer.AssertAccessibleAsync(staff);
            await server.ScreenshotAsync(staff, $"{culture}-{name}");
        }
        // The administration pages: headed in the language, accessible, photographed. (Their texts name JSON, API and
        // sign-in names, which are Latin in every language, so they are not scanned for Latin words.)
        var adminPages = new (string Path, string Name, string Heading)[]
        {
            ("/office/admin", "admin-change-log", "Administration"),
            ("/office/admin/users", "admin-users", "Users and roles"),
            ("/office/admin/keys", "admin-keys", "API keys"),
            ("/office/admin/products", "admin-products", "Products"),
            ("/office/admin/templates", "admin-templates", "Message templates"),
            ("/office/admin/calendars", "admin-calendars", "Business-day calendars"),
            ("/office/admin/providers", "admin-providers", "Channels and payment providers"),
            ("/office/admin/webhooks", "admin-webhooks", "Outbound webhooks"),
        };
        var admin = await server.SignedInAsync("admin", culture);
        foreach (var (path, name, heading) in adminPages)
        {
            await admin.GotoAsync(path);
            Assert.Equal(Expected(heading), await admin.InnerTextAsync("h1"));
            Assert.Equal(culture, await admin.GetAttributeAsync("html", "lang"));
            await BrowserServer.AssertAccessibleAsync(admin);
            await server.ScreenshotAsync(admin, $"{culture}-{name}");
        }
        if (culture != "en-US")
        {
            // Dates are written the local way on the dashboard's period line.
            await staff.GotoAsync("/office/dashboard");
            Assert.Matches(culture == "zh-CN" ? "\\d{4}年\\d{1,2}月\\d{1,2}日" : "\\d{4}년 \\d{1,2}월 \\d{1,2}일", await staff.InnerTextAsync("[data-period]"));
        }
    }

    /// <summary>
    /// A Chinese or Korean page shows no English UI words and no particle in both forms ("을(를)"). What
    /// is Latin by nature stays: the product's name, currency codes, policy and customer numbers, masked
    /// addresses, notice texts the customer was sent (quoted as sent). The page's own words and its menu are
    /// read; the header's user name and the language switch (each language in its own words) are not.
    /// </summary>
    /// <summary>A life policy in force without a change waiting: its cover page shows the whole change form.</summary>
    private async Task<string> InForceLifeAsync()
    {
        await using var db = server.Database.Open();
        return await db.Policies.AsNoTracking().Where(p => p.ProductCode == "CN-LIFE20" && p.Status == Delinquency.PolicyStatus.InForce && p.PremiumChanges == null
            && !db.ChangeRequests.Any(r => r.PolicyNumber == p.Number)).OrderBy(p => p.Number).Select(p => p.Number).FirstAsync();
    }

    private static void AssertReadsIn(string culture, string path, string text)
    {
        if (culture == "en-US") return;
        Assert.DoesNotMatch(@"이\(가\)|을\(를\)|은\(는\)|과\(와\)|\(으\)로|\(이\)며", text);
        // KakaoTalk's Chinese name is its Latin one; in Korean it is 카카오톡.
        var english = LatinWord().Matches(text).Select(m => m.Value)
            .Where(w => !LatinByNature.Contains(w) && !(culture == "zh-CN" && w == "KakaoTalk")).Distinct().ToList();
        Assert.True(english.Count == 0, $"{path} in {culture} shows English words: {string.Join(", ", english)}");
    }

    private static readonly HashSet<string> LatinByNature = new(StringComparer.Ordinal) { "PolicyCare", "CNY", "KRW", "USD", "PDF", "CSV", "JPEG", "PNG", "MB", "KB", "OCR", "NPS", "AUC", "ID", "English" /* a language choice names each language in its own words */,
        "service", "supervisor" /* the demo staff's sign-in names, shown to staff as a case's owner */,
        "Li", "Na", "Kim", "Soo", "jin", "Park", "Ji", "ho" /* the demo staff's names as customers read them (the owner of their case) */ };

    /// <summary>A word of Latin letters that is not part of a code with digits (CN000032, CC0039), an address (a@b.cn) or a link (https://…/survey/…).</summary>
    [GeneratedRegex(@"(?<![\w@.*/-])[A-Za-z]{2,}(?![\w@.*:/-])")]
    private static partial Regex LatinWord();

    /// <summary>The accessibility check that every page passes does catch what it is for, on a page made to fail it.</summary>
    [Fact]
    public async Task TheAccessibilityCheck_FindsAnImageWithoutText_AFieldWithoutALabel_AndFaintText()
    {
        var page = await server.NewPageAsync();
        await page.SetContentAsync("""
            <html lang="en"><head><title>Broken</title></head><body><main><h1>Broken</h1>
            <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
            <input type="text">
            <p style="color:#ccc;background:#fff">Faint text</p>
            </main></body></html>
            """);
        var failure = await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => BrowserServer.AssertAccessibleAsync(page));
        Assert.Contains("image-alt", failure.Message);
        Assert.Contains("label", failure.Message);
        Assert.Contains("color-contrast", failure.Message);
        await page.Context.CloseAsync();
    }

    [Fact]
    public void EveryTextOfThePages_HasAChineseAndAKoreanTranslation()
    {
        var web = Path.Combine(Repository.Root, "src", "PolicyCare.Server", "Web");
        var used = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.EndsWith("UiTexts.cs", StringComparison.Ordinal))
            .SelectMany(f => TextCall().Matches(File.ReadAllText(f)).Select(m => Regex.Unescape(m.Groups[1].Value))
                .Concat(CountCall().Matches(File.ReadAllText(f)).SelectMany(m => new[] { Regex.Unescape(m.Groups[1].Value), Regex.Unescape(m.Groups[2].Value) })))
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(used.Count > 100, $"found only {used.Count} texts: is the pattern still right?");
        var missing = used.Where(t => !Ui.TranslatedTexts.Contains(t)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "untranslated: " + string.Join(" | ", missing));
    }

    [GeneratedRegex("\\bT\\(\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex TextCall();

    /// <summary>A count's two forms: Count(n, "{0} day left", "{0} days left").</summary>
    [GeneratedRegex("\\bCount\\([^,\"]+, \"((?:[^\"\\\\]|\\\\.)*)\", \"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex CountCall();

    [Fact]
    public void ACountOfOne_IsSingular_InEnglish()
    {
        Assert.Equal("1 day left", Ui.Count(1, "{0} day left", "{0} days left"));
        Assert.Equal("3 days left", Ui.Count(3, "{0} day left", "{0} days left"));
        Assert.Equal("1 payment, CNY 5.00 in all", Ui.Count(1, "{0} payment, {1} in all", "{0} payments, {1} in all", "CNY 5.00"));
    }
}
