using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PolicyCare.Billing;
using PolicyCare.Storage;

namespace PolicyCare.Bench;

/// <summary>A bank's auto-debit result file through the real import, against a plain COPY of the same file; then the same file again.</summary>
internal static class BankFileBench
{
    public static async Task RunAsync(Database database, GeneratedBook book, int lines, Report report)
    {
        var text = File(book, lines);
        DateOnly today;
        await using (var db = database.Open())
            today = (await db.CycleRuns.MaxAsync(r => r.BusinessDate)).AddDays(1);

        long lastPayment, lastTimeline, lastRejection;
        await using (var db = database.Open())
        {
            lastPayment = await db.Payments.MaxAsync(p => (long?)p.Id) ?? 0;
            lastTimeline = await db.Timeline.MaxAsync(t => (long?)t.Id) ?? 0;
            lastRejection = await db.DebitRejections.MaxAsync(r => (long?)r.Id) ?? 0;
        }

        var clock = Stopwatch.StartNew();
        var parsed = BankResultFile.Parse(text);
        var parsing = clock.Elapsed;
        BankFileImported first;
        await using (var db = database.Open())
            first = (await parsed.ImportAsync(db, today)).Imported ?? throw new InvalidOperationException("the generated file was refused");
        var import = clock.Elapsed;
        report.Figure($"bank file: {lines:N0} lines, {first.PaymentsPosted:N0} payments, {first.RejectionsRecorded:N0} rejections", import, lines, "lines");
        report.Line($"— parsing and checking the file / posting: {parsing.TotalSeconds:0.00} / {(import - parsing).TotalSeconds:0.00} s");

        clock.Restart();
        BankFileImported again;
        await using (var db = database.Open())
            again = (await BankResultFile.Parse(text).ImportAsync(db, today)).Imported!;
        report.Figure($"bank file again: {again.PaymentsPosted + again.RejectionsRecorded} posted, {again.AlreadyImported:N0} already imported", clock.Elapsed, lines, "lines");
        if (again.PaymentsPosted + again.RejectionsRecorded != 0) throw new InvalidOperationException("importing the same file again posted something");

        if (!database.IsPostgres) return;
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("DROP TABLE IF EXISTS bank_file_copy; CREATE TABLE bank_file_copy (policy text, due_date date, amount numeric, result text, debit_time timestamptz, bank_reference text)", connection))
            await create.ExecuteNonQueryAsync();
        clock.Restart();
        await using (var writer = await connection.BeginTextImportAsync("COPY bank_file_copy FROM STDIN (FORMAT csv, HEADER)"))
            await writer.WriteAsync(text);
        var copy = clock.Elapsed;
        report.Figure("bank file: plain COPY of the same file", copy, lines, "lines");
        report.Line($"bank file import ÷ COPY: {import.TotalSeconds / copy.TotalSeconds:0.0}×");

        // What the import had to write, COPYed into empty copies of its tables: the file's COPY plus this is the import's floor.
        var written = await Floor.CopyRowsAsync(database,
            ("policies", $"SELECT * FROM policies WHERE \"Number\" IN (SELECT \"PolicyNumber\" FROM payments WHERE \"Id\" > {lastPayment} UNION SELECT \"PolicyNumber\" FROM debit_rejections WHERE \"Id\" > {lastRejection})"),
            ("payments", $"SELECT * FROM payments WHERE \"Id\" > {lastPayment}"),
            ("timeline", $"SELECT * FROM timeline WHERE \"Id\" > {lastTimeline}"),
            ("debit_rejections", $"SELECT * FROM debit_rejections WHERE \"Id\" > {lastRejection}"));
        report.Figure("bank file: COPY in the rows the import wrote, to empty copies", written, 0, "");
        report.Line($"bank file import ÷ (COPY of the file + COPY of what it wrote): {import.TotalSeconds / (copy + written).TotalSeconds:0.0}×");
    }

    /// <summary>Nine in ten debits paid, one in ten refused; a month apart per policy, the newest a week before the first day.</summary>
    private static string File(GeneratedBook book, int lines)
    {
        var csv = new StringBuilder("policy,due_date,amount,result,debit_time,bank_reference\n");
        for (var i = 0; i < lines; i++)
        {
            var due = book.AsOf.AddDays(-7).AddMonths(-(i / book.Count));
            var result = i % 10 == 9 ? "insufficient-funds" : "paid";
            csv.Append(CultureInfo.InvariantCulture, $"{GeneratedBook.NumberOf(i % book.Count)},{due:yyyy-MM-dd},1000,{result},{due:yyyy-MM-dd}T06:00:00+08:00,B{i:0000000}\n");
        }
        return csv.ToString();
    }
}
