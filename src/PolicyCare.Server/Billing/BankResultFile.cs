using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Json;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Billing;

/// <summary>One line of a bank's auto-debit result file. <see cref="Result"/> is null when the debit was paid.</summary>
public sealed record BankResultLine(int Number, string Policy, DateOnly DueDate, decimal Amount, DebitFailureReason? Result, DateTimeOffset DebitTime, string BankReference, bool InsurerFault);

/// <summary>Reads a bank result file strictly: every problem is reported with its line and field, and one bad line rejects the file.</summary>
public static class BankResultFile
{
    public static readonly string[] Columns = ["policy", "due_date", "amount", "result", "debit_time", "bank_reference"];

    public static List<BankResultLine> Parse(string text)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim, BadDataFound = null, MissingFieldFound = null };
        using var csv = new CsvReader(new StringReader(text), config);
        if (!csv.Read() || !csv.ReadHeader()) throw new InputException("line 1", "the file is empty; expected a header: " + string.Join(",", Columns));
        var header = csv.HeaderRecord!;
        foreach (var column in Columns)
        {
            if (!header.Contains(column)) throw new InputException("line 1", $"the header lacks the column '{column}'");
        }
        foreach (var column in header)
        {
            if (!Columns.Contains(column) && column != "insurer_fault") throw new InputException("line 1", $"unknown column '{column}'");
        }

        var lines = new List<BankResultLine>();
        var errors = new List<string>();
        var references = new HashSet<string>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var n = csv.Parser.Row;
            string Field(string name) => csv.GetField(name) ?? "";
            void Error(string field, string message) => errors.Add($"line {n}, {field}: {message}");

            var policy = Field("policy");
            if (policy.Length == 0) Error("policy", "is empty");
            if (!DateOnly.TryParseExact(Field("due_date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due)) Error("due_date", $"'{Field("due_date")}' is not a date YYYY-MM-DD");
            if (!decimal.TryParse(Field("amount"), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0) Error("amount", $"'{Field("amount")}' is not a positive amount");
            DebitFailureReason? result = null;
            var resultText = Field("result");
            if (resultText != "paid")
            {
                if (DebitFailureReasons.TryParse(resultText, out var reason)) result = reason;
                else Error("result", $"'{resultText}' is not paid, insufficient-funds, account-closed, mandate-revoked, invalid-account or technical-error");
            }
            if (!DateTimeOffset.TryParse(Field("debit_time"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var debitTime)) Error("debit_time", $"'{Field("debit_time")}' is not a date and time");
            var reference = Field("bank_reference");
            if (reference.Length == 0) Error("bank_reference", "is empty");
            else if (!references.Add(reference)) Error("bank_reference", $"'{reference}' appears twice in the file");
            var insurerFault = false;
            if (header.Contains("insurer_fault") && Field("insurer_fault") is { Length: > 0 } fault && !bool.TryParse(fault, out insurerFault))
                Error("insurer_fault", $"'{fault}' is not true or false");
            lines.Add(new BankResultLine(n, policy, due, amount, result, debitTime, reference, insurerFault));
        }
        if (errors.Count > 0) throw new BankFileException(errors);
        if (lines.Count == 0) throw new InputException("line 2", "the file has no lines after the header");
        return lines;
    }
}

public static class BankResultImport
{
    /// <summary>
    /// Posts a parsed file in one transaction: every line is checked against the book first, and
    /// lines already imported (same bank reference; same policy and day for a rejection) are skipped.
    /// </summary>
    public static async Task<(BankFileImported? Imported, List<string> Errors)> ImportAsync(this IReadOnlyList<BankResultLine> lines,
        PolicyCareDb db, DateOnly today, CancellationToken cancel = default)
    {
        var numbers = lines.Select(l => l.Policy).Distinct().ToList();
        var policies = await db.Policies.AsNoTracking().Where(p => numbers.Contains(p.Number)).ToDictionaryAsync(p => p.Number, cancel);
        var codes = policies.Values.Select(p => p.ProductCode).Distinct().ToList();
        var currencies = (await db.Products.AsNoTracking().Where(p => codes.Contains(p.Code)).ToListAsync(cancel)).ToDictionary(p => p.Code, p => p.ToProduct().Currency);
        var errors = new List<string>();
        foreach (var line in lines)
        {
            if (!policies.TryGetValue(line.Policy, out var p)) errors.Add($"line {line.Number}, policy: no policy '{line.Policy}'");
            else if (!Currencies.FitsMinorUnit(line.Amount, currencies[p.ProductCode])) errors.Add($"line {line.Number}, amount: more decimals than {currencies[p.ProductCode]} allows");
            if (line.DueDate > today) errors.Add($"line {line.Number}, due_date: is in the future");
        }
        if (errors.Count > 0) return (null, errors);

        var references = lines.Select(l => "bank:" + l.BankReference).ToList();
        var posted = (await db.Payments.AsNoTracking().Where(p => references.Contains(p.ExternalReference)).Select(p => p.ExternalReference).ToListAsync(cancel)).ToHashSet();
        var rejected = (await db.DebitRejections.AsNoTracking().Where(r => numbers.Contains(r.PolicyNumber)).Select(r => new { r.PolicyNumber, r.On }).ToListAsync(cancel))
            .Select(r => (r.PolicyNumber, r.On)).ToHashSet();
        int payments = 0, rejections = 0, skipped = 0;
        var products = new Dictionary<string, Product>(StringComparer.Ordinal);
        var reminders = new[] { Notices.Stages.Code(Notices.Stage.FirstReminder), Notices.Stages.Code(Notices.Stage.SecondReminder) };
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        // In chunks, in the file's order: one read of the chunk's policies and timeline days, one save.
        foreach (var chunk in lines.Chunk(2_000))
        {
            var chunkNumbers = chunk.Select(l => l.Policy).Distinct().ToList();
            var tracked = await db.Policies.Where(p => chunkNumbers.Contains(p.Number)).ToDictionaryAsync(p => p.Number, cancel);
            foreach (var code in tracked.Values.Select(p => p.ProductCode).Distinct().Where(c => !products.ContainsKey(c)).ToList())
                products[code] = (await db.Products.AsNoTracking().FirstAsync(p => p.Code == code, cancel)).ToProduct();
            var days = chunk.Select(l => l.DueDate).Distinct().ToList();
            var seqs = (await db.Timeline.AsNoTracking()
                    .Where(t => chunkNumbers.Contains(t.PolicyNumber) && days.Contains(t.On) && t.Seq < Timeline.CycleSeqBase)
                    .GroupBy(t => new { t.PolicyNumber, t.On }).Select(g => new { g.Key.PolicyNumber, g.Key.On, Count = g.Count() }).ToListAsync(cancel))
                .ToDictionary(g => (g.PolicyNumber, g.On), g => g.Count);
            var cleared = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in chunk)
            {
                var policy = tracked[line.Policy];
                if (line.Result is null)
                {
                    if (!posted.Add("bank:" + line.BankReference)) { skipped++; continue; }
                    var seq = seqs[(line.Policy, line.DueDate)] = seqs.GetValueOrDefault((line.Policy, line.DueDate)) + 1;
                    var (_, paidUp) = Collections.Apply(db, policy, policy.ToTerms(products[policy.ProductCode]), line.DueDate, line.Amount,
                        "auto-debit", "bank:" + line.BankReference, seq);
                    if (paidUp) cleared.Add(line.Policy);
                    payments++;
                }
                else
                {
                    if (!rejected.Add((line.Policy, line.DueDate))) { skipped++; continue; }
                    // The cycle of the day the file arrived acts on it.
                    policy.NextReviewOn = Collections.Earlier(policy.NextReviewOn, today);
                    db.DebitRejections.Add(new DebitRejectionRecord
                    {
                        PolicyNumber = line.Policy, On = line.DueDate, ReceivedOn = today, Reason = line.Result.Value.Code(),
                        InsurerFault = line.InsurerFault, BankReference = line.BankReference,
                    });
                    rejections++;
                }
            }
            if (cleared.Count > 0)
            {
                foreach (var n in await db.Notices.Where(n => cleared.Contains(n.PolicyNumber) && n.Status == Notices.Outbox.Pending && reminders.Contains(n.Stage)).ToListAsync(cancel))
                    n.Status = Notices.Outbox.Cancelled;
            }
            await db.SaveChangesAsync(cancel);
            // Saved entities are forgotten, so each chunk's change detection is the chunk's alone.
            db.ChangeTracker.Clear();
        }
        await tx.CommitAsync(cancel);
        return (new BankFileImported(lines.Count, payments, rejections, skipped), errors);
    }
}

/// <summary>A bank file with bad lines: every one of them, with its line and field.</summary>
public sealed class BankFileException(List<string> errors) : Exception(errors[0])
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
