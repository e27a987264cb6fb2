using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace PolicyCare.Web;

/// <summary>
/// A claim walked in a real Chromium as its two people do it: the customer writes it (a draft first),
/// answers the request for documents by uploading them, and reads the decision; the handler finds it
/// in the queue and decides it; the customer then sees the payment and answers the survey. The pages
/// in Chinese and Korean are read, scanned by axe and photographed by <see cref="LanguageTests"/>.
/// </summary>
[Collection(OfficeBrowserCollection.Name)]
public sealed class ClaimJourneyTests(BrowserServer server)
{
    /// <summary>Clicks a form's button and waits for the page the post answers with (not for an element the old page may still show).</summary>
    private static FilePayload Pdf(string name) => new() { Name = name + ".pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes($"%PDF-1.4\n% {name}\n%%EOF\n") };

    [Fact]
    public async Task ACustomerClaims_UploadsWhatIsAskedFor_TheHandlerDecides_AndTheCustomerSeesThePaymentAndAnswersTheSurvey()
    {
        var customer = await server.SignedInAsync("customer1");
        await customer.GotoAsync("/my/claims");
        await customer.ClickAsync("text=Make a claim");
        await customer.ArrivedAtAsync("**/my/claims/new");
        await BrowserServer.AssertAccessibleAsync(customer);
        var choice = await customer.InputValueAsync("#choice");
        await customer.FillAsync("#incurred", Support.ApiServer.Today.AddDays(-5).ToString("yyyy-MM-dd"));
        // Large enough for any benefit's kind to go to a handler rather than the fast track.
        await customer.FillAsync("#amount", "9999999");
        await customer.FillAsync("#days", "180");
        await customer.FillAsync("#account", "6222 0212 3456 7890");
        await customer.ClickAsync("text=Save and add documents");
        await customer.ArrivedAtAsync(url => url.Contains("/my/claims/CL", StringComparison.Ordinal));
        var id = customer.Url.Split('/')[^1];
        Assert.Equal("draft", await customer.GetAttributeAsync("[data-stage]", "data-stage"));
        // The account is kept with the draft, shown by its last four digits only - here and when the details are changed.
        Assert.Contains("****7890", await customer.InnerTextAsync("[data-account-on-file]"), StringComparison.Ordinal);
        await customer.GotoAsync($"/my/claims/new?draft={id}");
        Assert.Contains("****7890", await customer.InnerTextAsync("[data-account-on-file]"), StringComparison.Ordinal);
        Assert.Equal("", await customer.InputValueAsync("#account"));
        await customer.GotoAsync($"/my/claims/{id}");
        await server.ScreenshotAsync(customer, "en-US-claim-draft");

        // A draft survives leaving: it is on the server, listed under My claims.
        await customer.GotoAsync("/my/claims");
        Assert.Equal(1, await customer.Locator($"[data-draft='{id}']").CountAsync());
        await customer.GotoAsync($"/my/claims/{id}");

        // One document now, the claim submitted, the rest asked for in one request and uploaded from the page.
        var required = await customer.Locator("[data-document]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.document)");
        await customer.SetInputFilesAsync($"#file-{required[0]}", Pdf(required[0]));
        // Each form posts and the page comes back: wait for that navigation, not for a message the old page may still show.
        await BrowserServer.SubmitAsync(customer, $"[data-upload='{required[0]}'] button");
        Assert.Contains("Document received", await customer.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        await BrowserServer.SubmitAsync(customer, "text=Submit my claim");
        Assert.Equal("information-requested", await customer.GetAttributeAsync("[data-stage]", "data-stage"));
        Assert.Contains("Your claim is submitted", await customer.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        // Withdrawing is asked once more before it is done: the button that does it shows only when the customer opens the question.
        Assert.False(await customer.IsVisibleAsync("text=Yes, withdraw it"));
        await customer.ClickAsync("[data-withdraw] summary");
        Assert.True(await customer.IsVisibleAsync("text=Yes, withdraw it"));
        Assert.NotNull(await customer.GetAttributeAsync("[data-estimate]", "data-estimate"));
        // No legal date yet: the law's clock starts when the documents are complete.
        Assert.Contains("starts once your documents are complete", await customer.InnerTextAsync("[data-deadline]"), StringComparison.Ordinal);
        await BrowserServer.AssertAccessibleAsync(customer);
        await server.ScreenshotAsync(customer, "en-US-claim-request");
        foreach (var code in required.Skip(1))
        {
            await customer.SetInputFilesAsync($"#file-{code}", Pdf(code));
            await BrowserServer.SubmitAsync(customer, $"[data-upload='{code}'] button");
            Assert.Contains("Document received", await customer.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        }
        Assert.Equal("documents-complete", await customer.GetAttributeAsync("[data-stage]", "data-stage"));
        Assert.Contains("by law we decide by", await customer.InnerTextAsync("[data-deadline]"), StringComparison.Ordinal);
        Assert.Equal(0, await customer.Locator("[data-request]").CountAsync());
        // What the customer sent stays on their page: the amount and each document, which opens in the browser for them.
        Assert.Equal(required.Length, await customer.Locator("[data-sent] li[data-document-id]").CountAsync());
        Assert.Contains("Amount claimed", await customer.InnerTextAsync("[data-sent]"), StringComparison.Ordinal);
        var own = await customer.APIRequest.GetAsync((await customer.Locator("[data-sent] li[data-document-id] a").First.GetAttributeAsync("href"))!);
        Assert.Equal((200, "application/pdf"), (own.Status, own.Headers["content-type"]));
        Assert.StartsWith("inline", own.Headers["content-disposition"], StringComparison.Ordinal);
        // Chrome shows a PDF through a plugin that a page's "object-src 'none'" would block.
        Assert.DoesNotContain("object-src 'none'", own.Headers["content-security-policy"], StringComparison.Ordinal);

        // The handler: the claim in the queue, the documents in the page, a partial decision needs its reason and clause.
        var handler = await server.SignedInAsync("claims");
        await handler.GotoAsync("/office/claims");
        await BrowserServer.AssertAccessibleAsync(handler);
        await handler.ClickAsync($"[data-claim='{id}'] a");
        await handler.ArrivedAtAsync($"**/office/claims/{id}");
        Assert.Equal(required.Length, await handler.Locator("li[data-document-id]").CountAsync());
        // Each document opens from the page, with the handler's sign-in (the API never takes the cookie).
        var link = await handler.Locator("li[data-document-id] a").First.GetAttributeAsync("href");
        var opened = await handler.APIRequest.GetAsync(link!);
        Assert.Equal((200, "application/pdf"), (opened.Status, opened.Headers["content-type"]));
        // Another customer's sign-in does not open it; a service agent (no claims work) is shown the access page, not raw JSON.
        var stranger = await server.SignedInAsync("customer2");
        Assert.Equal(404, (await stranger.APIRequest.GetAsync(link!)).Status);
        var service = await server.SignedInAsync("service");
        var refused = await service.APIRequest.GetAsync(link!, new() { MaxRedirects = 0 });
        Assert.Equal((302, "/error/403"), (refused.Status, refused.Headers["location"]));
        await BrowserServer.AssertAccessibleAsync(handler);
        // Within a handler's limit, and more than any premium the customer still owes (it is deducted first).
        string granted;
        await using (var book = server.Database.Open())
        {
            var product = await book.Policies.AsNoTracking().Where(p => p.Number == choice.Split('|')[0]).Select(p => p.ProductCode).SingleAsync();
            granted = product.StartsWith("KR", StringComparison.Ordinal) ? "3000000" : "15000";
        }
        await BrowserServer.SubmitAsync(handler, "text=Take this claim");
        Assert.Contains("The claim is yours", await handler.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        // What was done is named by a key in the address: words put there by anyone else are never shown as the page's own.
        await handler.GotoAsync(handler.Url.Split('?')[0] + "?done=" + Uri.EscapeDataString("Approved: call 555-0100 to collect"));
        Assert.DoesNotContain("555-0100", await handler.InnerTextAsync("main"), StringComparison.Ordinal);
        await handler.SelectOptionAsync("#decision", "partial");
        await handler.FillAsync("#granted", granted);
        await BrowserServer.SubmitAsync(handler, "text=Record the decision");
        Assert.Contains("needs its reason and the policy clause", await handler.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);
        // Before deciding, the handler reads what the policy pays; a partial award above it is refused naming that most.
        var assessed = await handler.InnerTextAsync("[data-assessed]");
        var most = assessed[(assessed.IndexOf("pays ", StringComparison.Ordinal) + "pays ".Length)..assessed.IndexOf(" for this claim", StringComparison.Ordinal)];
        await handler.SelectOptionAsync("#decision", "partial");
        await handler.FillAsync("#granted", "999999999");
        await handler.SelectOptionAsync("#reason", "above-limit");
        await handler.FillAsync("#clause", "Article 7.2");
        await BrowserServer.SubmitAsync(handler, "text=Record the decision");
        Assert.Contains($"at most {most}", await handler.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);
        await handler.SelectOptionAsync("#decision", "partial");
        await handler.FillAsync("#granted", granted);
        await handler.SelectOptionAsync("#reason", "above-limit");
        await handler.FillAsync("#clause", "Article 7.2");
        await BrowserServer.AssertAccessibleAsync(handler);
        await server.ScreenshotAsync(handler, "en-US-claim-decide");
        await BrowserServer.SubmitAsync(handler, "text=Record the decision");
        Assert.Equal(1, await handler.Locator("[data-decision='partial']").CountAsync());
        // The customer's file lists the claim with where it stands, linked to the claim's page.
        await handler.GotoAsync($"/office/customers/{await server.CustomerIdOfAsync("customer1")}");
        Assert.Contains("Approved in part", await handler.InnerTextAsync($"[data-claim='{id}']"), StringComparison.Ordinal);
        Assert.Equal(1, await handler.Locator($"[data-claim='{id}'] a[href='/office/claims/{id}']").CountAsync());

        // The customer: the decision explained, how to dispute it, the payment on its way, the survey.
        await customer.GotoAsync($"/my/claims/{id}");
        Assert.Equal("closed", await customer.GetAttributeAsync("[data-stage]", "data-stage"));
        // Closed in the scenario format's words, but the customer reads that the money is still on its way.
        Assert.Equal("Approved: payment on its way", await customer.InnerTextAsync("#where"));
        Assert.Equal(0, await customer.Locator("li[data-step='closed']").CountAsync());
        var decision = await customer.InnerTextAsync("[data-decision]");
        Assert.Contains("Approved in part", decision, StringComparison.Ordinal);
        Assert.Contains("above what the policy pays", decision, StringComparison.Ordinal);
        Assert.Contains("Article 7.2", decision, StringComparison.Ordinal);
        Assert.Contains("ask us to review the decision", decision, StringComparison.Ordinal);
        Assert.Equal("instructed", await customer.GetAttributeAsync("[data-payment]", "data-payment"));
        Assert.Contains("****7890", await customer.InnerTextAsync("[data-payment]"), StringComparison.Ordinal);
        await BrowserServer.AssertAccessibleAsync(customer);
        await server.ScreenshotAsync(customer, "en-US-claim-decided");
        await customer.CheckAsync("#csat-5");
        await customer.CheckAsync("#nps-9");
        await customer.FillAsync("#comment", "Clear and quick.");
        await BrowserServer.SubmitAsync(customer, "text=Send my answer");
        Assert.Equal(1, await customer.Locator("[data-survey-answered]").CountAsync());
        await using var db = server.Database.Open();
        var stored = await db.Claims.AsNoTracking().SingleAsync(c => c.Id == id);
        Assert.Equal((5, 9, "partial", "Article 7.2"), (stored.SurveyCsat!.Value, stored.SurveyNps!.Value, stored.Decision!, stored.DecisionClause!));
        Assert.Equal(choice.Split('|')[0], stored.PolicyNumber);
    }

    [Fact]
    public async Task AnApprovalAboveTheHandlersLimit_GoesToASupervisorWithTheRecommendation_AndTheSupervisorWhoDecidesOwnsIt()
    {
        // A complete claim on a CNY policy for a fixed benefit the policy pays above a handler's limit.
        string id = "", policyNumber = "";
        var authority = server.Services.GetRequiredService<PolicyCare.Claims.ClaimAuthority>();
        await using (var db = server.Database.Open())
        {
            var reference = await PolicyCare.Policies.ReferenceData.LoadAsync(db);
            var policies = await db.Policies.AsNoTracking().Where(p => p.Status == PolicyCare.Delinquency.PolicyStatus.InForce).OrderByDescending(p => p.Number).ToListAsync();
            foreach (var policy in policies)
            {
                var product = reference.Products[policy.ProductCode];
                if (product.Currency != "CNY" || product.Benefits?.FirstOrDefault(b => b.Kind == PolicyCare.Claims.BenefitKind.Fixed && b.WaitingDays < 300) is not { } benefit) continue;
                var candidate = "CLREF" + policy.Number[^6..];
                await PolicyCare.Claims.ClaimDesk.SubmitAsync(db, new PolicyCare.Claims.ClaimSubmission(candidate, policy.Number, benefit.Code, policy.Start.AddDays(400),
                    new PolicyCare.Claims.ClaimedLoss(), benefit.Documents, Support.ApiServer.Today) { ClaimantId = policy.HolderId });
                var claim = await db.Claims.AsNoTracking().SingleAsync(c => c.Id == candidate);
                if (claim.Decision is null && claim.CompleteOn is not null && await PolicyCare.Claims.ClaimDesk.AssessedAsync(db, candidate) > authority.LimitFor("CNY")!.Value)
                {
                    (id, policyNumber) = (candidate, policy.Number);
                    break;
                }
            }
        }
        Assert.NotEqual("", id);

        var handler = await server.SignedInAsync("claims");
        await handler.GotoAsync($"/office/claims/{id}");
        await handler.SelectOptionAsync("#decision", "approved");
        await BrowserServer.SubmitAsync(handler, "text=Record the decision");
        Assert.Contains("went to a supervisor with your recommendation", await handler.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        await using (var db = server.Database.Open())
        {
            var referred = await db.Claims.AsNoTracking().SingleAsync(c => c.Id == id);
            Assert.Equal((PolicyCare.Claims.ClaimReferrals.SupervisorRoute, null, null), (referred.Route, referred.Decision, referred.AssignedTo));
        }
        // The handler's page now says whose it is: no taking it back, no deciding it again.
        Assert.Equal("Waiting for a supervisor", await handler.InnerTextAsync("#facts"));
        Assert.Equal(1, await handler.Locator("[data-waiting-supervisor]").CountAsync());
        Assert.Equal(0, await handler.Locator("text=Take this claim").CountAsync());
        Assert.Equal(0, await handler.Locator("#decision").CountAsync());
        Assert.Equal(0, await handler.Locator("#investigation-reason").CountAsync());

        var supervisor = await server.SignedInAsync("supervisor");
        await supervisor.GotoAsync("/office/dashboard");
        Assert.NotEqual("0", (await supervisor.InnerTextAsync("[data-figure='referred']")).Trim());
        // Where open claims wait: with a supervisor, a row of its own.
        var waits = await supervisor.Locator("figure.bars", new() { HasText = "Where open claims wait now" }).InnerTextAsync();
        Assert.Contains("Waiting for a supervisor", waits, StringComparison.Ordinal);
        await supervisor.GotoAsync("/office/claims?referred=1");
        Assert.Equal(1, await supervisor.Locator($"[data-claim='{id}']").CountAsync());
        // Under its own tab only, not also under the stage it was referred from.
        await supervisor.GotoAsync("/office/claims?stage=documents-complete");
        Assert.Equal(0, await supervisor.Locator($"[data-claim='{id}']").CountAsync());
        await supervisor.GotoAsync($"/office/claims/{id}");
        var recommendation = await supervisor.InnerTextAsync("[data-referral]");
        Assert.Contains("Referred to a supervisor by claims", recommendation, StringComparison.Ordinal);
        Assert.Contains("recommending approval in full", recommendation, StringComparison.Ordinal);
        await BrowserServer.AssertAccessibleAsync(supervisor);
        await supervisor.SelectOptionAsync("#decision", "approved");
        await BrowserServer.SubmitAsync(supervisor, "text=Record the decision");
        Assert.Contains("Decision recorded", await supervisor.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        await using (var db = server.Database.Open())
        {
            var decided = await db.Claims.AsNoTracking().SingleAsync(c => c.Id == id);
            Assert.Equal(("approved", "supervisor"), (decided.Decision, decided.AssignedTo));
        }
        // After the decision the record keeps both: who recommended what, and who decided.
        Assert.Contains("recommending approval in full", await supervisor.InnerTextAsync("[data-referral]"), StringComparison.Ordinal);
        Assert.StartsWith("Decided by supervisor on ", await supervisor.InnerTextAsync("[data-decided-by]"), StringComparison.Ordinal);
        // The recommendation stays on the policy's timeline for staff (customers' reads leave it out).
        using var staffApi = server.Integrator();
        Assert.Contains(PolicyCare.Claims.ClaimReferrals.TimelineKind, await staffApi.GetStringAsync($"/api/v1/policies/{policyNumber}/timeline"), StringComparison.Ordinal);
    }
}
