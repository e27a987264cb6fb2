using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Cases;
using PolicyCare.Hosting;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Scenarios;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Insights;

/// <summary>
/// The monthly review on a book of three policies lived through by the real cycle, each figure worked out by hand from
/// what the book does, on SQLite and PostgreSQL alike.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MonthlyReviewTests(PostgresServer postgres)
{
    private static readonly DateOnly July = new(2026, 7, 1), August = new(2026, 8, 1), Today = new(2026, 9, 5);

    /// <summary>
    /// P1 pays each premium on its due date (the 10th). P2 pays by hand, pays June and then stops: its 15 July premium is
    /// unpaid, grace runs 40 days to 24 August, it lapses on the 25th. P3 pays by auto-debit on the 13th; the bank refuses
    /// July's and August's debits (insufficient funds): grace to 22 August, a Saturday, so to Monday the 24th; it lapses on the 25th.
    /// </summary>
    internal static Scenario Book() => Scenario.Parse("""
        {
          "start": "2026-06-01", "end": "2026-09-05", "market": "CN",
          "products": [{ "code": "LIFE", "currency": "CNY", "grace": { "days": 40 }, "debitRetryDays": [] }],
          "customers": [
            { "id": "C1", "name": "Wang", "birthDate": "1980-01-01", "locale": "zh-CN", "mobile": "+8613800000001" },
            { "id": "C2", "name": "Li", "birthDate": "1981-01-01", "locale": "zh-CN", "mobile": "+8613800000002" },
            { "id": "C3", "name": "Zhao", "birthDate": "1982-01-01", "locale": "zh-CN", "mobile": "+8613800000003" }],
          "policies": [
            { "number": "P1", "product": "LIFE", "holder": "C1", "insured": "C1", "start": "2025-06-10", "premium": "100.00", "frequency": "monthly", "autoDebit": false },
            { "number": "P2", "product": "LIFE", "holder": "C2", "insured": "C2", "start": "2025-06-15", "premium": "100.00", "frequency": "monthly", "autoDebit": false },
            { "number": "P3", "product": "LIFE", "holder": "C3", "insured": "C3", "start": "2025-06-13", "premium": "100.00", "frequency": "monthly", "autoDebit": true }],
          "events": [
            { "date": "2026-06-10", "type": "payment", "policy": "P1", "amount": "100.00", "method": "card" },
            { "date": "2026-07-10", "type": "payment", "policy": "P1", "amount": "100.00", "method": "card" },
            { "date": "2026-08-10", "type": "payment", "policy": "P1", "amount": "100.00", "method": "card" },
            { "date": "2026-06-15", "type": "payment", "policy": "P2", "amount": "100.00", "method": "card" },
            { "date": "2026-07-13", "type": "debit-failed", "policy": "P3", "reason": "insufficient-funds" },
            { "date": "2026-08-13", "type": "debit-failed", "policy": "P3", "reason": "insufficient-funds" }
          ]
        }
        """);

    [Fact]
    public async Task EveryFigure_IsTheOneWorkedOutByHand_OnBothDatabases()
    {
        using var folder = new TempFolder();
        foreach (var database in new[] { folder.Sqlite(), Database.FromSetting(await postgres.CreateDatabaseAsync()) })
        {
            await new ScenarioRunner(database, TimeProvider.System).RunAsync(Book(), TextWriter.Null);
            await using var db = database.Open();
            await AddServiceAsync(db);

            var review = await MonthlyReviews.ForMonthAsync(db, August, Today);
            var (aug, jul) = (review.Month, review.Before);
            Assert.Equal((August, new DateOnly(2026, 8, 31)), (aug.First, aug.Last));
            Assert.Equal(July, jul.First);
            Assert.Equal(MonthlyReviews.TrendMonths, review.Trend.Count);
            Assert.Equal(new DateOnly(2026, 3, 1), review.Trend[0].First);

            // July: three premiums fell due (P1 on the 10th, P3 on the 13th, P2 on the 15th); only P1's was paid by its date.
            // P2 and P3 went into grace. P3's one debit was refused. All three were covered on 30 June.
            Assert.Equal((3, 1, 2, 1, 0, 3, 0), (jul.PremiumsDue, jul.PremiumsOnTime, jul.WentOverdue, jul.DebitsAnswered, jul.DebitsCollected, jul.CoveredAtStart, jul.Lapses));
            // August: again three premiums fell due while covered (P2's and P3's in grace), one on time; nobody new in grace;
            // P3's debit refused again; two lapses on the 25th of the three covered on 31 July.
            Assert.Equal((3, 1, 0, 1, 0, 3, 2), (aug.PremiumsDue, aug.PremiumsOnTime, aug.WentOverdue, aug.DebitsAnswered, aug.DebitsCollected, aug.CoveredAtStart, aug.Lapses));
            Assert.Equal(1m / 3, aug.OnTimeRate!.Value, 4);
            Assert.Equal(2m / 3, aug.LapseRate!.Value, 4);
            Assert.Equal(0m, aug.DebitSuccessRate);
            // Why: P3's debit failed for want of funds; P2 had no auto-debit and paid nothing by hand.
            Assert.Equal([new CauseCount(LapseCause.FailedDebit, DebitFailureReason.InsufficientFunds, 1), new CauseCount(LapseCause.NoAutoDebit, null, 1)],
                aug.LapseCauses.OrderBy(c => c.Cause).ToList());

            // Notices: the cycle's (sent by the scenario's sink) counted one by one here, plus two held by the check (one then cancelled)
            // and a failed SMS added by hand; an agent's call is work, not a delivery.
            var notices = (await db.Notices.AsNoTracking().ToListAsync()).Where(n => n.PlannedOn >= August && n.PlannedOn <= aug.Last && n.Channel != Channel.AgentCall).ToList();
            var sent = notices.Count(n => n.Status is NoticeStatus.Sent or NoticeStatus.Delivered);
            Assert.True(sent > 2, "the cycle's August notices are there");
            Assert.Equal((sent, 1, 2, 1), (aug.NoticesSent, aug.NoticesFailed, aug.NoticesHeld, aug.HeldCancelled));
            Assert.Equal(aug.NoticesSent, aug.ByChannel.Sum(c => c.Sent));
            Assert.Equal(aug.NoticesSent, aug.ByStage.Sum(c => c.Sent));
            Assert.Equal(1, aug.ByChannel.Single(c => c.Group == "sms").Failed);
            Assert.Equal(2, aug.ByStage.Single(c => c.Group == "first-reminder").Held);

            // One complaint about a notice, opened 3 August 10:00 and resolved 4 August 10:00: 24 hours.
            Assert.Equal((1, 1, 24.0m), (aug.ComplaintsOpened, aug.CasesCausedByNotices, aug.ComplaintMttrHours));
            // P2 asked for a reinstatement quote on the 27th and was restored on the 28th: three days after its lapse.
            Assert.Equal((1, 1, 3m), (aug.ReinstatementApplications, aug.Reinstated, aug.DaysToReinstate));
            Assert.Equal(1m, aug.ReinstatementConversion);
            // Two renewals settled in August, one renewed.
            Assert.Equal((2, 1, 0.5m), (aug.RenewalsSettled, aug.Renewed, aug.RenewalRate));
            Assert.Equal((0, (decimal?)null, (int?)null), (aug.SurveyAnswers, aug.Csat, aug.Nps));

            // Before the recorded history nothing is judged (no month of perfect payers); a month not over is not compared.
            var january = await MonthlyReviews.ForMonthAsync(db, new DateOnly(2026, 1, 1), Today);
            Assert.True(january.HistoryFrom > january.Month.Last);
            Assert.Equal((0, (decimal?)null), (january.Month.PremiumsDue, january.Month.OnTimeRate));
            var september = await MonthlyReviews.ForMonthAsync(db, new DateOnly(2026, 9, 1), Today);
            Assert.True(september.Partial);
            Assert.All(Web.ReviewReport.Rows(september), row => Assert.Null(row.Change));
            Assert.Contains(Web.ReviewReport.Rows(review), row => row.Change is not null);
        }
        // The change is between the figures as written: 99.6% and 99.5% differ by 0.1 of a point.
        Assert.Equal(0.001m, new Web.ReviewRow("x", "x", Web.FigureKind.Rate, 0.9960m, 0.9953m).Change);
        Assert.Equal(-4.2m, new Web.ReviewRow("x", "x", Web.FigureKind.Days, 49.5m, 53.66m).Change);
    }

    /// <summary>What the cycle of this book does not make: a complaint, a reinstatement, renewals and held notices.</summary>
    private static async Task AddServiceAsync(PolicyCareDb db)
    {
        var opened = new DateTimeOffset(2026, 8, 3, 10, 0, 0, TimeSpan.Zero);
        var noticeId = await db.Notices.Where(n => n.PolicyNumber == "P2").Select(n => n.Id).FirstAsync();
        db.Cases.Add(new CaseRecord
        {
            Key = "complaint-1", Type = "complaint", PolicyNumber = "P2", CustomerId = "C2", OpenedOn = new DateOnly(2026, 8, 3), Status = "closed",
            Category = "notice", NoticeId = noticeId, OpenedAt = opened, ClosedAt = opened.AddHours(24),
        });
        db.Timeline.AddRange(
            Timeline.Entry("P2", new DateOnly(2026, 8, 27), "reinstatement-quote", 900, new JsonObject { ["total"] = "200.00" }),
            Timeline.Entry("P2", new DateOnly(2026, 8, 28), "status", 901, new JsonObject { ["from"] = "lapsed", ["to"] = "in-force" }),
            Timeline.Entry("P1", new DateOnly(2026, 8, 11), "renewal", 902, new JsonObject { ["result"] = "renewed" }),
            Timeline.Entry("P1", new DateOnly(2026, 8, 12), "renewal", 903, new JsonObject { ["result"] = "expired" }));
        NoticeRecord Notice(string key, Channel channel, NoticeStatus status, string? reason) => new()
        {
            IdempotencyKey = key, PolicyNumber = "P2", Stage = Stage.FirstReminder, Channel = channel, Recipient = "C2", Address = "+8613800000002",
            Locale = "zh-CN", Text = "…", Status = status, FailureReason = reason, PlannedOn = new DateOnly(2026, 8, 20),
        };
        db.Notices.AddRange(
            Notice("held-1", Channel.Sms, NoticeStatus.Held, DispatchChecks.HeldPrefix + DispatchChecks.FactsChanged),
            Notice("held-2", Channel.Wechat, NoticeStatus.Cancelled, DispatchChecks.HeldPrefix + DispatchChecks.FactsChanged),
            Notice("failed-1", Channel.Sms, NoticeStatus.Failed, "the customer's mobile contact is marked invalid"),
            Notice("call-1", Channel.AgentCall, NoticeStatus.Sent, null));
        await db.SaveChangesAsync();
    }
}

/// <summary>The review mailed to supervisors through a real SMTP server on loopback: once, from the first business day.</summary>
public sealed class MonthlyReviewMailTests(SmtpServer smtp) : IClassFixture<SmtpServer>
{
    [Fact]
    public async Task OnTheFirstBusinessDay_LastMonthsReviewGoesToEverySupervisor_AsPdfAndCsv_InTheBooksLanguage_Once()
    {
        using var folder = new TempFolder();
        var database = folder.Sqlite();
        await new ScenarioRunner(database, TimeProvider.System).RunAsync(MonthlyReviewTests.Book(), TextWriter.Null);
        var settings = new SmtpSettings("127.0.0.1", smtp.Port, "starttls", SmtpServer.User, SmtpServer.Password, "reports@insurer.example", "PolicyCare", AcceptAnyCertificate: true);
        var letters = LetterSettings.Default(folder.Path);
        await using var db = database.Open();
        var role = new Microsoft.AspNetCore.Identity.IdentityRole(Roles.Supervisor) { NormalizedName = Roles.Supervisor.ToUpperInvariant() };
        var supervisor = new UserAccount { UserName = "lead", NormalizedUserName = "LEAD", Email = "lead@insurer.example" };
        var agent = new UserAccount { UserName = "agent", NormalizedUserName = "AGENT", Email = "agent@insurer.example" };
        db.Roles.Add(role);
        db.Users.AddRange(supervisor, agent);
        db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<string> { UserId = supervisor.Id, RoleId = role.Id });
        await db.SaveChangesAsync();
        var now = DateTimeOffset.UtcNow;

        // On 31 August the review due is July's, never sent yet; August's waits for September's first business day (Tuesday the 1st).
        Assert.Equal(new DateOnly(2026, 7, 1), await ReviewMail.SendDueAsync(db, new DateOnly(2026, 8, 31), now, settings, letters, default));
        Assert.Equal(new DateOnly(2026, 8, 1), await ReviewMail.SendDueAsync(db, new DateOnly(2026, 9, 1), now, settings, letters, default));
        Assert.Null(await ReviewMail.SendDueAsync(db, new DateOnly(2026, 9, 2), now, settings, letters, default));
        // 1 November 2026 is a Sunday: October's review waits for Monday the 2nd.
        Assert.Null(await ReviewMail.SendDueAsync(db, new DateOnly(2026, 11, 1), now, settings, letters, default));

        var august = Assert.Single(smtp.Messages(), m => m.GetProperty("subject").GetString() == "月度复盘：2026年8月");
        Assert.Equal("lead@insurer.example", august.GetProperty("to").GetString());
        Assert.Contains("按期缴费：33.3%", august.GetProperty("text").GetString(), StringComparison.Ordinal);
        var files = august.GetProperty("attachments").EnumerateArray().Select(a => (a.GetProperty("filename").GetString(), a.GetProperty("contentType").GetString())).ToList();
        Assert.Equal([("review-2026-08.pdf", "application/pdf"), ("review-2026-08.csv", "text/csv")], files);
        Assert.True(await db.Settings.AnyAsync(s => s.Key == ReviewMail.KeyOf(new DateOnly(2026, 8, 1))));
    }
}
