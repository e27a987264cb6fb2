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
            else if (amount > Currencies.LargestAmount) Error("amount", $"'{Field("amount")}' is larger than any amount PolicyCare holds");
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
    /// <summary>How many policies' lines are posted per read and write.</summary>
    private const int PoliciesPerChunk = 2_000;

    /// <summary>
    /// Posts a parsed file in one transaction: every line is checked against the book first, and
    /// lines already imported (same bank reference for the same policy and amount; same policy and
    /// day for a rejection) are skipped. A bank reference already posted for another policy or
    /// amount is an error of the line: the file is refused and nothing is dropped silently.
    /// The new lines are posted policy by policy, each policy's lines in the file's order, so a
    /// policy is read and written once however many lines the file holds for it. The unique bank
    /// reference and (policy, day) of a rejection keep a line from being posted twice even by two
    /// imports of the same file at once: the second fails and posts nothing.
    /// </summary>
    public static async Task<(BankFileImported? Imported, List<string> Errors)> ImportAsync(this IReadOnlyList<BankResultLine> lines,
        PolicyCareDb db, DateOnly today, DateTimeOffset? at = null, string? importedBy = null, CancellationToken cancel = default)
    {
        var numbers = lines.Select(l => l.Policy).Distinct().ToList();
        var productOf = await db.Policies.AsNoTracking().Where(p => numbers.Contains(p.Number))
            .Select(p => new { p.Number, p.ProductCode }).ToDictionaryAsync(p => p.Number, p => p.ProductCode, cancel);
        var codes = productOf.Values.Distinct().ToList();
        var products = (await db.Products.AsNoTracking().Where(p => codes.Contains(p.Code)).ToListAsync(cancel)).ToDictionary(p => p.Code, p => p.ToProduct());
        var errors = new List<string>();
        foreach (var line in lines)
        {
            if (!productOf.TryGetValue(line.Policy, out var code)) errors.Add($"line {line.Number}, policy: no policy '{line.Policy}'");
            else if (!Currencies.FitsMinorUnit(line.Amount, products[code].Currency)) errors.Add($"line {line.Number}, amount: more decimals than {products[code].Currency} allows");
            else if (line.Amount > products[code].Payments.Maximum)
                errors.Add($"line {line.Number}, amount: more than the product accepts in one payment ({Currencies.Format(products[code].Payments.Maximum, products[code].Currency)})");
            if (line.DueDate > today) errors.Add($"line {line.Number}, due_date: is in the future");
            else if (line.DueDate < today.AddYears(-2)) errors.Add($"line {line.Number}, due_date: is more than two years ago");
        }
        if (errors.Count > 0) return (null, errors);

        var references = lines.Where(l => l.Result is null).Select(l => "bank:" + l.BankReference).ToList();
        var earlier = (await db.Payments.AsNoTracking().Where(p => references.Contains(p.ExternalReference))
            .Select(p => new { p.ExternalReference, p.PolicyNumber, p.Amount }).ToListAsync(cancel)).ToDictionary(p => p.ExternalReference);
        foreach (var line in lines.Where(l => l.Result is null))
        {
            if (earlier.TryGetValue("bank:" + line.BankReference, out var p) && (p.PolicyNumber != line.Policy || p.Amount != line.Amount))
                errors.Add($"line {line.Number}, bank_reference: '{line.BankReference}' was already imported for another policy or amount");
        }
        if (errors.Count > 0) return (null, errors);
        var posted = earlier.Keys.ToHashSet();
        var rejectedNumbers = lines.Where(l => l.Result is not null).Select(l => l.Policy).Distinct().ToList();
        var rejected = (await db.DebitRejections.AsNoTracking().Where(r => rejectedNumbers.Contains(r.PolicyNumber)).Select(r => new { r.PolicyNumber, r.On }).ToListAsync(cancel))
            .Select(r => (r.PolicyNumber, r.On)).ToHashSet();
        var fresh = lines.Where(l => l.Result is null ? posted.Add("bank:" + l.BankReference) : rejected.Add((l.Policy, l.DueDate))).ToList();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // When the reminders it makes pointless are cancelled, for their evidence; the start of the day when not given.
                var (payments, rejections) = await PostAsync(db, fresh, today,
                    at ?? new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), importedBy is null ? "bank-file" : $"bank-file:{importedBy}", cancel);
                return (new BankFileImported(lines.Count, payments, rejections, lines.Count - fresh.Count), errors);
            }
            catch (Exception e) when (Deadlocks.Detected(e) && attempt < 3)
            {
                // The daily cycle had locked some of the same policies; the database undid the posting, which is run again.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Posts the new lines through the change applicator, policy by policy, in one transaction; the payments and rejections recorded.</summary>
    private static async Task<(int Payments, int Rejections)> PostAsync(PolicyCareDb db, List<BankResultLine> fresh, DateOnly today, DateTimeOffset at, string recordedBy, CancellationToken cancel)
    {
        const string method = "auto-debit";
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        var changes = fresh.Select(line => line.Result is not { } reason
            ? new BatchChange(line.Policy, line.DueDate, new ReceivePayment(line.Amount, method),
                change => Collections.PaymentRow(line.Policy, line.DueDate, method, "bank:" + line.BankReference, change.Event<PaymentReceived>()!, recordedBy))
            // The cycle of the day the file arrived acts on a rejection.
            : new BatchChange(line.Policy, today, new NoteDebitRejection(line.DueDate), _ => new DebitRejectionRecord
            {
                PolicyNumber = line.Policy, On = line.DueDate, ReceivedOn = today, Reason = reason, InsurerFault = line.InsurerFault, BankReference = line.BankReference,
            })).ToList();
        var applied = await PolicyChanges.ApplyManyAsync(db, changes, at, cancel);
        await tx.CommitAsync(cancel);
        return (applied.Count<PaymentRecord>(), applied.Count<DebitRejectionRecord>());
    }
}

/// <summary>A bank file with bad lines: every one of them, with its line and field.</summary>
public sealed class BankFileException(List<string> errors) : Exception(errors[0])
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
