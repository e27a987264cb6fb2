using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace PolicyCare.Web;

/// <summary>
/// A complaint walked in a real Chromium: the customer files it and sees its one owner and the date of the
/// answer; the agent finds it in the worklist, takes a call on another case and offers that one to the
/// supervisor with a reason, then answers the complaint; the customer reads the answer with the regulator's
/// route and answers the survey without signing in. Chinese and Korean pages are read by <see cref="LanguageTests"/>.
/// </summary>
[Collection(OfficeBrowserCollection.Name)]
public sealed class CaseJourneyTests(BrowserServer server)
{
    [Fact]
    public async Task ACustomerComplains_TheOwnerAnswers_AndTheCustomerReadsItAndAnswersTheSurvey()
    {
        var customer = await server.SignedInAsync("customer1");
        var customerId = await server.CustomerIdOfAsync("customer1");
        await customer.GotoAsync("/my/contact");
        await customer.CheckAsync("#type-complaint");
        await customer.SelectOptionAsync("#category", "notice");
        await customer.FillAsync("#message", "The lapse warning came after I had paid.");
        await BrowserServer.SubmitAsync(customer, "main form button[type=submit]");
        var thanks = await customer.InnerTextAsync("[role=status]");
        Assert.Contains("looks after it and will answer by", thanks, StringComparison.Ordinal);
        var reference = thanks.Split("reference is ")[1].Split(';')[0];
        Assert.Contains("Looked after by Li Na", await customer.InnerTextAsync($"[data-request='{reference}'] [data-owner]"), StringComparison.Ordinal);
        await BrowserServer.AssertAccessibleAsync(customer);

        var agent = await server.SignedInAsync("service");
        await agent.GotoAsync("/office/cases");
        Assert.Equal(1, await agent.Locator($"[data-case='{reference}']").CountAsync());
        await BrowserServer.AssertAccessibleAsync(agent);
        // A call taken: the case is the agent's; offered to the supervisor, it needs a reason first.
        string policy;
        await using (var db = server.Database.Open()) policy = await db.Policies.AsNoTracking().OrderBy(p => p.Number).Select(p => p.Number).FirstAsync();
        await agent.FillAsync("#call-policy", policy);
        await agent.FillAsync("#call-message", "Asked how the grace period works.");
        await BrowserServer.SubmitAsync(agent, "text=Open the case");
        Assert.Contains("The case is open and yours.", await agent.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        await BrowserServer.AssertAccessibleAsync(agent);
        await agent.SelectOptionAsync("#to", "supervisor");
        await BrowserServer.SubmitAsync(agent, "text=Offer the case");
        Assert.Contains("Give the reason.", await agent.InnerTextAsync("[role=alert]"), StringComparison.Ordinal);
        await agent.FillAsync("#transfer-reason", "The customer asked for a supervisor.");
        await BrowserServer.SubmitAsync(agent, "text=Offer the case");
        Assert.Contains("transfer to supervisor waiting for acceptance", await agent.InnerTextAsync("[data-owner]"), StringComparison.Ordinal);

        // A question asked by phone and recorded on the case: the customer reads it on their page, to reply to it.
        await agent.GotoAsync($"/office/cases/{reference}");
        await agent.FillAsync("#ask-text", "From which bank account did you pay?");
        await BrowserServer.SubmitAsync(agent, "text=Send the question to the customer");
        await customer.GotoAsync("/my/contact");
        Assert.Contains("From which bank account did you pay?", await customer.InnerTextAsync($"[data-request='{reference}'] [data-said='asked']"), StringComparison.Ordinal);
        Assert.Equal("Waiting for your reply", await customer.InnerTextAsync($"[data-request='{reference}'] [data-status]"));
        Assert.Equal("Your reply", await customer.InnerTextAsync($"[data-request='{reference}'] form label"));
        // The question also went to the customer where they read, naming the case: they need not happen to sign in to see it.
        await using (var db = server.Database.Open())
        {
            var asked = await db.Notices.AsNoTracking().Where(n => n.Stage == PolicyCare.Notices.Stage.CaseQuestion && n.Recipient == customerId).ToListAsync();
            var question = Assert.Single(asked, n => n.Text.Contains(reference, StringComparison.Ordinal));
            Assert.Contains("From which bank account did you pay?", question.Text, StringComparison.Ordinal);
            // It names the owner as customers know them, not by a sign-in.
            Assert.Contains("Li Na", question.Text, StringComparison.Ordinal);
        }
        // The staff list marks it waiting (the legal deadline still runs) until the customer replies.
        await agent.GotoAsync("/office/cases");
        Assert.Equal(1, await agent.Locator($"[data-case='{reference}'] [data-waiting]").CountAsync());
        // Their reply stays on the page under the question it answers.
        await customer.FillAsync($"[data-request='{reference}'] textarea", "From my salary account at the same bank.");
        await BrowserServer.SubmitAsync(customer, $"[data-request='{reference}'] form button[type=submit]");
        var exchange = await customer.Locator($"[data-request='{reference}'] [data-said] [data-text]").AllInnerTextsAsync();
        Assert.Equal(["From which bank account did you pay?", "From my salary account at the same bank."], exchange);
        Assert.Equal("We are working on it", await customer.InnerTextAsync($"[data-request='{reference}'] [data-status]"));
        await agent.GotoAsync("/office/cases");
        Assert.Equal(0, await agent.Locator($"[data-case='{reference}'] [data-waiting]").CountAsync());

        // The complaint answered by its owner.
        await agent.GotoAsync($"/office/cases/{reference}");
        await agent.SelectOptionAsync("#decision", "upheld");
        await agent.FillAsync("#answer-text", "You are right: the warning was planned before your payment arrived. We have changed the order of the checks.");
        await BrowserServer.SubmitAsync(agent, "text=Send the answer");
        Assert.Contains("The answer is sent and the case is closed.", await agent.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        // An answered case says when it was answered against its deadline, not a deadline still to meet.
        Assert.Contains("on time: due", await agent.InnerTextAsync("[data-answered]"), StringComparison.Ordinal);
        // The customer's file says the same: answered, not merely "closed".
        await agent.GotoAsync($"/office/customers/{await server.CustomerIdOfAsync("customer1")}");
        Assert.StartsWith("Answered ", await agent.InnerTextAsync($"[data-cases] [data-case='{reference}'] [data-case-status]"), StringComparison.Ordinal);

        await customer.GotoAsync("/my/contact");
        var answer = await customer.InnerTextAsync($"[data-request='{reference}'] [data-answer]");
        Assert.Contains("We agree with your complaint", answer, StringComparison.Ordinal);
        Assert.Matches("12378|1332", answer);
        await server.ScreenshotAsync(customer, "en-US-contact-answered");

        // The survey by its link, in a browser that is not signed in; a second answer is not taken.
        var link = await customer.GetAttributeAsync($"[data-request='{reference}'] a[href^='/survey/']", "href");
        var anonymous = await server.NewPageAsync();
        await anonymous.GotoAsync(link!);
        await BrowserServer.AssertAccessibleAsync(anonymous);
        await anonymous.CheckAsync("#csat-5");
        await anonymous.CheckAsync("#nps-9");
        await anonymous.FillAsync("#comment", "Clear and fair.");
        await BrowserServer.SubmitAsync(anonymous, "text=Send");
        Assert.Contains("Thank you", await anonymous.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        await anonymous.GotoAsync(link!);
        Assert.Contains("already answered", await anonymous.InnerTextAsync("main"), StringComparison.Ordinal);
        await using (var db = server.Database.Open())
        {
            var id = PolicyCare.Cases.CaseDesk.IdOf(reference);
            var survey = await db.Surveys.AsNoTracking().SingleAsync(s => s.Key == $"case:{id}-0");
            Assert.Equal((5, 9, "Clear and fair."), (survey.Csat, survey.Nps, survey.Comment));
        }
    }
}
