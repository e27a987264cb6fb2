using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Storage;

namespace PolicyCare.Cases;

/// <summary>
/// The demo's questions and complaints, made through the service desk on the days they happen: answered
/// ones with their surveys answered, one answered on the phone, one waiting for the customer, one offered
/// to the supervisor, one near its deadline (the supervisor warned), and an email just in.
/// </summary>
public static class DemoCases
{
    /// <param name="customers">The demo's customers by sign-in (customer1, customer2, customer3).</param>
    public static async Task SeedAsync(PolicyCareDb db, SurveyLinks links, IReadOnlyDictionary<string, string> customers, TimeProvider time, CancellationToken cancel = default)
    {
        if (await db.Cases.AnyAsync(c => c.Type != "tracing", cancel)) return;
        var today = await BookSettings.TodayAsync(db, time, cancel);
        async Task<string?> PolicyOf(string user) => customers.TryGetValue(user, out var customer)
            ? await db.Policies.AsNoTracking().Where(p => p.HolderId == customer).OrderBy(p => p.Number).Select(p => p.Number).FirstOrDefaultAsync(cancel) : null;
        DateTimeOffset At(DateOnly day, int hour) => new(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);

        async Task<CaseRecord?> Open(string user, int daysAgo, CaseKind kind, CaseCategory category, CaseChannel channel, string message, string owner)
        {
            if (await PolicyOf(user) is not { } policy) return null;
            var day = today.AddDays(-daysAgo);
            return await CaseDesk.OpenAsync(db, new CaseOpening(policy, customers[user], kind, category, channel, message, Owner: owner), day, At(day, 9), cancel);
        }

        async Task Answer(CaseRecord? c, int daysLater, CaseDecision decision, string text, bool firstContact, int? csat, int? nps, string? comment = null)
        {
            if (c is null) return;
            var day = c.OpenedOn.AddDays(daysLater);
            await CaseDesk.AnswerAsync(db, links, c.Id, c.Owner!, decision, text, CaseCodes.Categories.Parse(c.Category!), firstContact, day, At(day, firstContact ? 9 : 15), cancel);
            if (csat is null) return;
            var survey = await db.Surveys.AsNoTracking().SingleAsync(s => s.Key == $"case:{c.Id}-0", cancel);
            await Surveys.AnswerAsync(db, survey.Id, csat.Value, nps!.Value, comment, day.AddDays(1), cancel);
        }

        var twice = await Open("customer1", 20, CaseKind.Complaint, CaseCategory.Notice, CaseChannel.Portal,
            "I received the same payment reminder twice on one day, although I had already paid.", "service");
        await Answer(twice, 3, CaseDecision.PartlyUpheld,
            "Your payment reached us after the reminder was planned; the second copy was a fallback after a delivery report came late. We have corrected the delay and apologise.", false, 4, 8);
        var debit = await Open("customer1", 10, CaseKind.Inquiry, CaseCategory.PremiumDebit, CaseChannel.Phone, "When is my next premium debited, and how much is it?", "service");
        await Answer(debit, 0, CaseDecision.Answered, "The next debit is on the due date shown in the portal, for the installment amount; you get a message three days before.", true, 5, 10, "Quick and clear.");
        var waiting = await Open("customer3", 5, CaseKind.Complaint, CaseCategory.PremiumDebit, CaseChannel.Portal, "자동이체가 두 번 출금되었습니다. 확인 부탁드립니다.", "service");
        if (waiting is not null) await CaseDesk.WaitForCustomerAsync(db, waiting.Id, "service", "Asked for the bank statement showing both debits.", today.AddDays(-4), At(today.AddDays(-4), 11), cancel);
        var offered = await Open("customer2", 2, CaseKind.Complaint, CaseCategory.ServiceAttitude, CaseChannel.Phone, "The agent on the phone was impatient and did not explain my lapse.", "service");
        if (offered is not null) await CaseDesk.TransferAsync(db, offered.Id, "service", false, "supervisor", "A complaint about our own colleague: the supervisor should answer it.", today.AddDays(-2), At(today.AddDays(-2), 10), cancel);
        await Open("customer1", 13, CaseKind.Complaint, CaseCategory.UnclearTerms, CaseChannel.Portal, "The policy terms do not say clearly whether day surgery counts as a hospital stay.", "service");
        await Open("customer2", 0, CaseKind.Inquiry, CaseCategory.Notice, CaseChannel.Email, "What does the lapse notice mean for my cover, and how do I reinstate?", "service");
    }
}
