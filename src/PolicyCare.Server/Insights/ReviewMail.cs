using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Calendars;
using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Notices;
using PolicyCare.Storage;
using PolicyCare.Web;

namespace PolicyCare.Insights;

/// <summary>
/// The monthly review by e-mail: from the first business day of a month (the book's calendar), the month before's review
/// goes once to every supervisor with an address — as a PDF and a CSV, with the figures in the text — in the book's
/// language. Once by construction: the month's key is written to <c>settings</c> (unique) before the mail goes, and taken
/// back only if the server refused it, so the next cycle tries again.
/// </summary>
public static class ReviewMail
{
    public static string KeyOf(DateOnly month) => $"monthly-review-mailed-{month:yyyy-MM}";

    /// <returns>The month mailed, or null when nothing was due (not yet the first business day, already sent, nobody to send to) or the server refused it.</returns>
    public static async Task<DateOnly?> SendDueAsync(PolicyCareDb db, DateOnly today, DateTimeOffset now, SmtpSettings smtp, LetterSettings letters, CancellationToken cancel)
    {
        var book = await BookSettings.LoadAsync(db, null, cancel);
        var thisMonth = MonthlyReviews.MonthOf(today).First;
        if (today < book.Calendar.MoveOffDayOff(thisMonth, DayOffMove.Later, lenient: true)) return null;
        var month = thisMonth.AddMonths(-1);
        var key = KeyOf(month);
        if (await db.Settings.AnyAsync(s => s.Key == key, cancel)) return null;
        var to = await (from u in db.Users
                        join ur in db.UserRoles on u.Id equals ur.UserId
                        join r in db.Roles on ur.RoleId equals r.Id
                        where r.Name == Roles.Supervisor && u.Email != null && u.LockoutEnd == null
                        select u.Email!).Distinct().ToListAsync(cancel);
        if (to.Count == 0) return null;

        db.Settings.Add(new SettingRecord { Key = key, Value = now.ToString("O", CultureInfo.InvariantCulture) });
        try { await db.SaveChangesAsync(cancel); }
        catch (DbUpdateException) { return null; } // another process has it

        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        var sent = false;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(book.Locale);
            var review = await MonthlyReviews.ForMonthAsync(db, month, today, cancel);
            var name = ReviewReport.MonthName(month);
            var lines = ReviewReport.Rows(review).Select(r => $"{r.Label}{Ui.Colon}{ReviewReport.Format(r.Kind, r.Month)} ({ReviewReport.FormatChange(r.Kind, r.Change)})");
            var files = new List<(string, byte[], string)> { ($"review-{month:yyyy-MM}.csv", System.Text.Encoding.UTF8.GetBytes(ReviewReport.Csv(review)), "text/csv") };
            if (letters.FontInstalled) files.Insert(0, ($"review-{month:yyyy-MM}.pdf", ReviewReport.Pdf(review, new LetterRenderer(letters), today), "application/pdf"));
            var outcome = await SmtpEmail.SendReportAsync(smtp, to, Ui.T("Monthly review: {0}", name), string.Join('\n', lines), files, cancel);
            sent = outcome is Accepted;
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
            // Not sent (refused, or failed on the way): the key goes, so the next cycle tries again.
            if (!sent) await db.Settings.Where(s => s.Key == key).ExecuteDeleteAsync(CancellationToken.None);
        }
        return sent ? month : null;
    }
}
