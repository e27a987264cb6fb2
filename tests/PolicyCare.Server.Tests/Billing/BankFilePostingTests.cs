using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Bench;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Billing;

/// <summary>
/// A bank file is posted in bulk (policy by policy, COPY on PostgreSQL), and must leave the book
/// exactly as posting its lines one at a time, in the file's order, through the payment path would.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BankFilePostingTests(PostgresServer postgres) : IDisposable
{
    private static readonly DateOnly Today = new(2026, 6, 1);
    private const int Policies = 40;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<Database> LoadedAsync(string provider)
    {
        var database = provider == "sqlite" ? _temp.Sqlite(Guid.NewGuid().ToString("N") + ".db") : Database.FromSetting(await postgres.CreateDatabaseAsync());
        await database.MigrateAsync();
        await new GeneratedBook(Policies, Today, seed: 5).LoadAsync(database);
        return database;
    }

    /// <summary>
    /// Each policy's lines are spread through the file, interleaved with other policies': two payments
    /// on one day (their timeline entries must come one after the other), a rejection, a later payment.
    /// </summary>
    private static string File()
    {
        var csv = new StringBuilder("policy,due_date,amount,result,debit_time,bank_reference\n");
        var line = 0;
        void Add(int policy, DateOnly due, string amount, string result) =>
            csv.Append(CultureInfo.InvariantCulture, $"{GeneratedBook.NumberOf(policy)},{due:yyyy-MM-dd},{amount},{result},{due:yyyy-MM-dd}T06:00:00+08:00,R{line++:0000}\n");
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < Policies; i++)
            {
                switch (round)
                {
                    case 0:
                        Add(i, Today.AddDays(-20), "300", "paid");
                        Add(i, Today.AddDays(-20), "150", "paid");
                        break;
                    case 1 when i % 3 == 0:
                        Add(i, Today.AddDays(-10), "450", "insufficient-funds");
                        break;
                    case 2 when i % 2 == 0:
                        Add(i, Today.AddDays(-3), "2000", "paid");
                        break;
                }
            }
        }
        return csv.ToString();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ABankFile_LeavesTheBookAsPostingEachLineInTurnWould(string provider)
    {
        var text = File();
        var lines = BankResultFile.Parse(text);

        var bulk = await LoadedAsync(provider);
        BankFileImported imported;
        await using (var db = bulk.Open())
            imported = (await lines.ImportAsync(db, Today)).Imported!;
        Assert.Equal(lines.Count(l => l.Result is null), imported.PaymentsPosted);
        Assert.Equal(lines.Count(l => l.Result is not null), imported.RejectionsRecorded);

        var oneByOne = await LoadedAsync(provider);
        foreach (var line in lines)
        {
            await using var db = oneByOne.Open();
            if (line.Result is { } reason)
                await Collections.RecordDebitRejectionAsync(db, line.Policy, line.DueDate, reason, line.InsurerFault, Today, line.BankReference);
            else
                await Collections.PostPaymentAsync(db, line.Policy, line.DueDate, line.Amount, "auto-debit", "bank:" + line.BankReference);
        }

        var expected = await BookAsync(oneByOne);
        Assert.Equal(expected, await BookAsync(bulk));
        Assert.Contains("\t2\tpayment\t", expected, StringComparison.Ordinal);

        // The same file again changes nothing.
        await using (var db = bulk.Open())
            Assert.Equal(lines.Count, (await BankResultFile.Parse(text).ImportAsync(db, Today)).Imported!.AlreadyImported);
        Assert.Equal(expected, await BookAsync(bulk));
    }

    private static async Task<string> BookAsync(Database database)
    {
        await using var db = database.Open();
        static string M(decimal d) => d.ToString("0.00", CultureInfo.InvariantCulture);
        var policies = (await db.Policies.AsNoTracking().ToListAsync())
            .Select(p => string.Join('\t', p.Number, p.Status, p.InstallmentsBilled, M(p.Applied), M(p.Credit), p.NextReviewOn));
        var payments = (await db.Payments.AsNoTracking().ToListAsync())
            .Select(p => string.Join('\t', p.ExternalReference, p.PolicyNumber, p.ReceivedOn, M(p.Amount), M(p.Applied), M(p.Credit), p.Method));
        var timeline = (await db.Timeline.AsNoTracking().ToListAsync()).Select(t => string.Join('\t', t.PolicyNumber, t.On, t.Seq, t.Kind, t.Data));
        var rejections = (await db.DebitRejections.AsNoTracking().ToListAsync())
            .Select(r => string.Join('\t', r.PolicyNumber, r.On, r.ReceivedOn, r.Reason, r.InsurerFault, r.BankReference));
        return string.Join('\n', policies.Concat(payments).Concat(timeline).Concat(rejections).Order(StringComparer.Ordinal));
    }
}
