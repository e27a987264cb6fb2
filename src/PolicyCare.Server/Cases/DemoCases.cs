using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Storage;

namespace PolicyCare.Cases;

/// <summary>
/// The demo's questions and complaints, made through the service desk on the days they happen: answered
/// ones (one survey answered, one still open), one answered on the phone, one waiting for the customer, one offered
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
            "我已经交了保费，同一天却收到两次缴费提醒。", "service");
        await Answer(twice, 3, CaseDecision.PartlyUpheld,
            "您的保费在提醒已安排发送之后才到账；第二条提醒是因送达回执延迟而补发的。我们已修正这一延迟，并向您致歉。", false, 4, 8);
        var debit = await Open("customer1", 10, CaseKind.Inquiry, CaseCategory.PremiumDebit, CaseChannel.Phone, "下一期保费什么时候扣款？金额是多少？", "service");
        await Answer(debit, 0, CaseDecision.Answered, "下一次扣款在客户服务平台显示的应缴日，金额为当期保费；扣款前三天您会收到短信提醒。", true, null, null);
        var waiting = await Open("customer3", 5, CaseKind.Complaint, CaseCategory.PremiumDebit, CaseChannel.Portal, "자동이체가 두 번 출금되었습니다. 확인 부탁드립니다.", "service");
        if (waiting is not null) await CaseDesk.WaitForCustomerAsync(db, waiting.Id, "service", "납입하신 계좌의 은행 거래내역서를 보내 주실 수 있을까요?", today.AddDays(-4), At(today.AddDays(-4), 11), cancel);
        var offered = await Open("customer2", 2, CaseKind.Complaint, CaseCategory.ServiceAttitude, CaseChannel.Phone, "电话客服态度不耐烦，也没有解释我的保单为什么失效。", "service");
        if (offered is not null) await CaseDesk.TransferAsync(db, offered.Id, "service", false, "supervisor", "投诉涉及我们自己的同事，应由主管答复。", today.AddDays(-2), At(today.AddDays(-2), 10), cancel);
        await Open("customer1", 13, CaseKind.Complaint, CaseCategory.UnclearTerms, CaseChannel.Portal, "条款没有写清楚日间手术是否算住院。", "service");
        await Open("customer2", 0, CaseKind.Inquiry, CaseCategory.Notice, CaseChannel.Email, "效力中止通知对我的保障有什么影响？怎样恢复效力？", "service");
    }
}
