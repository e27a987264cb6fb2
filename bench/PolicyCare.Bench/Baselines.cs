using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Bench;

/// <summary>
/// What a .NET team would write first: page through the due policies as tracked entities, look up
/// each one's customers and rejections as it goes, apply the same core decision, SaveChanges per
/// page. It writes the same policies, timeline entries and notices, but no evidence log.
/// </summary>
internal static class PlainEfLoop
{
    public static async Task<(TimeSpan Elapsed, int Reviewed)> RunDayAsync(Database database, DateOnly date)
    {
        var clock = Stopwatch.StartNew();
        BookSettings book;
        Dictionary<string, Product> products;
        await using (var db = database.Open())
        {
            book = await BookSettings.LoadAsync(db);
            products = (await db.Products.AsNoTracking().ToListAsync()).ToDictionary(p => p.Code, p => p.ToProduct());
        }
        var reviewed = 0;
        var after = "";
        while (true)
        {
            await using var db = database.Open();
            var page = await db.Policies.Where(p => p.NextReviewOn <= date && p.Number.CompareTo(after) > 0).OrderBy(p => p.Number).Take(1000).ToListAsync();
            if (page.Count == 0) break;
            after = page[^1].Number;
            foreach (var policy in page)
            {
                var holder = (await db.Customers.FindAsync(policy.HolderId))!.ToCustomer();
                var insured = policy.InsuredId == policy.HolderId ? holder : (await db.Customers.FindAsync(policy.InsuredId))!.ToCustomer();
                var memberIds = await db.PolicyMembers.Where(m => m.PolicyNumber == policy.Number).Select(m => m.CustomerId).ToListAsync();
                var members = new List<Customer>();
                foreach (var id in memberIds) members.Add((await db.Customers.FindAsync(id))!.ToCustomer());
                // The same lookup the runner makes, one policy at a time.
                _ = await db.DebitRejections.Where(r => r.PolicyNumber == policy.Number && r.On == date).AnyAsync();
                var terms = policy.ToTerms(products[policy.ProductCode]);
                var decision = DailyCycle.Decide(new CycleInput(terms, policy.ToStanding(), new PolicyParties(holder, insured, null, members),
                    book.CalendarFor(terms.Product), book.LocaleFor(terms.Product), null, book.Settlement), date);
                policy.Store(decision.Standing);
                policy.NextReviewOn = decision.NextReview;
                var seq = Timeline.CycleSeqBase;
                foreach (var effect in decision.Effects)
                {
                    seq++;
                    if (effect is NoticePlanned n)
                    {
                        db.Notices.Add(Outbox.ToRecord(n.Notice, date, book));
                        db.Timeline.Add(Timeline.Entry(policy.Number, date, "notice", seq, Outbox.TimelineData(n.Notice)));
                    }
                    else if (effect is StatusChanged s)
                    {
                        db.Timeline.Add(Timeline.Entry(policy.Number, date, "status", seq, new JsonObject { ["from"] = s.From.Code(), ["to"] = s.To.Code() }));
                    }
                }
                reviewed++;
            }
            await db.SaveChangesAsync();
        }
        return (clock.Elapsed, reviewed);
    }
}

/// <summary>The database's own floor for the cycle: reading its inputs and writing its outputs with COPY, nothing else.</summary>
internal static class Floor
{
    public static async Task<TimeSpan> ReadInputsAsync(Database database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        foreach (var sql in new[] { "COPY policies TO STDOUT (FORMAT BINARY)", "COPY customers TO STDOUT (FORMAT BINARY)", "COPY policy_members TO STDOUT (FORMAT BINARY)" })
        {
            await using var stream = await connection.BeginRawBinaryCopyAsync(sql);
            await stream.CopyToAsync(Stream.Null);
        }
        return clock.Elapsed;
    }

    /// <summary>COPY, into empty copies of the tables (with their indexes), exactly the rows the heavy day wrote.</summary>
    public static Task<TimeSpan> CopyOutputsAsync(Database database, DateOnly date)
    {
        var day = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return CopyRowsAsync(database,
            ("policies", "SELECT * FROM policies"),
            ("timeline", $"SELECT * FROM timeline WHERE \"On\" = '{day}'"),
            ("notices", $"SELECT * FROM notices WHERE \"PlannedOn\" = '{day}'"),
            ("notice_evidence", "SELECT * FROM notice_evidence"));
    }

    /// <summary>The time to COPY the rows each query selects into an empty copy of its table (with the table's indexes).</summary>
    public static async Task<TimeSpan> CopyRowsAsync(Database database, params (string Table, string Rows)[] outputs)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var elapsed = TimeSpan.Zero;
        foreach (var (table, rows) in outputs)
        {
            // Staged in a file, not in memory: the benchmark's own memory must not hide the cycle's.
            var file = Path.GetTempFileName();
            await using var data = new FileStream(file, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            await using (var export = await connection.BeginRawBinaryCopyAsync($"COPY ({rows}) TO STDOUT (FORMAT BINARY)"))
                await export.CopyToAsync(data);
            await using (var create = new NpgsqlCommand($"DROP TABLE IF EXISTS floor_{table}; CREATE TABLE floor_{table} (LIKE {table} INCLUDING ALL)", connection))
                await create.ExecuteNonQueryAsync();
            data.Position = 0;
            var clock = Stopwatch.StartNew();
            await using (var import = await connection.BeginRawBinaryCopyAsync($"COPY floor_{table} FROM STDIN (FORMAT BINARY)"))
                await data.CopyToAsync(import);
            elapsed += clock.Elapsed;
        }
        return elapsed;
    }
}
