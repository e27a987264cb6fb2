using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Support;

namespace PolicyCare.Billing;

public sealed class CollectionsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task PaymentThatClearsTheArrears_CancelsRemindersStillWaitingInTheOutbox()
    {
        var today = new DateOnly(2026, 11, 23);
        var database = await DemoDatabases.SqliteAsync(Path.Combine(_temp.Path, "test.db"), today);

        await using var db = database.Open();
        // The last day's notices are still pending (the sink has not run for today).
        var pending = await db.Notices.AsNoTracking().Where(n => n.Status == NoticeStatus.Pending && n.Stage == PolicyCare.Notices.Stage.FirstReminder).ToListAsync();
        Assert.NotEmpty(pending);
        var number = pending[0].PolicyNumber;
        var policy = await db.Policies.AsNoTracking().FirstAsync(p => p.Number == number);
        var product = (await db.Products.FindAsync(policy.ProductCode))!.ToProduct();
        var owed = Account.Outstanding(policy.ToTerms(product), policy.ToStanding());

        await Collections.PostPaymentAsync(db, number, today, owed, "wechat-pay", "ref-clears-arrears");

        await using var check = database.Open();
        var after = await check.Notices.AsNoTracking().Where(n => n.PolicyNumber == number && n.Stage == PolicyCare.Notices.Stage.FirstReminder && n.PlannedOn == today).ToListAsync();
        Assert.All(after, n => Assert.Equal(NoticeStatus.Cancelled, n.Status));
        Assert.True(await check.Notices.AnyAsync(n => n.Status == NoticeStatus.Pending && n.PolicyNumber != number));

        // Each cancellation is a line of the evidence chain, and the chain still verifies.
        var ids = after.Select(n => n.Id).ToList();
        var lines = await check.Evidence.AsNoTracking().Where(e => ids.Contains(e.NoticeId) && e.Event == "cancelled").ToListAsync();
        Assert.Equal(ids.Order(), lines.Select(l => l.NoticeId).Order());
        Assert.Empty(await EvidenceLog.VerifyAsync(check));

        // The policy is in force at once: the screens and the API do not wait for the next cycle.
        var standing = await check.Policies.AsNoTracking().FirstAsync(p => p.Number == number);
        Assert.Equal(PolicyStatus.InForce, standing.Status);
        Assert.Equal(today, standing.StatusSince);
        Assert.Contains(await check.Timeline.AsNoTracking().Where(t => t.PolicyNumber == number && t.On == today && t.Kind == "status").ToListAsync(),
            t => t.Data.Contains("\"to\":\"in-force\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APaymentHoliday_ShowsAtOnce_AsTheInstallmentsNewDueDate()
    {
        var today = new DateOnly(2026, 11, 23);
        var database = await DemoDatabases.SqliteAsync(Path.Combine(_temp.Path, "holiday.db"), today);
        await using var db = database.Open();
        var candidates = await db.Policies.AsNoTracking().Where(p => p.Status == PolicyCare.Delinquency.PolicyStatus.Grace).Select(p => p.Number).ToListAsync();
        HolidayView? granted = null;
        string? number = null;
        foreach (var candidate in candidates)
        {
            try { granted = await ArrearsRelief.DeferAsync(db, candidate, today, 20, default); number = candidate; break; }
            catch (ReliefRefusedException) { }
        }
        Assert.NotNull(granted);
        await using var check = database.Open();
        var detail = await PolicyEndpoints.DetailAsync(check, await check.Policies.SingleAsync(p => p.Number == number), default);
        Assert.Equal(PolicyStatus.InForce.Code(), detail.Status);
        Assert.Equal(granted.Until, detail.OpenInstallments.Single(i => i.Sequence == granted.Installment).DueDate);
    }
}
