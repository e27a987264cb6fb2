using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Json;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Claims;

/// <summary>A payout file as written: its id, how many transfers, and the CSV the bank takes.</summary>
public sealed record PayoutFileView(long Id, int Count, DateTimeOffset CreatedAt, string Content);

/// <summary>What a bank confirmation file changed: transfers confirmed, rejected, and lines already known.</summary>
public sealed record PayoutConfirmation(int Confirmed, int Rejected, int AlreadyKnown);

/// <summary>
/// Claim payouts as bank transfer files (docs/claims.md, "Payout files"). A file takes every
/// instructed payout with an account to pay, each once; the bank's confirmation file settles them.
/// Both are all or nothing: one bad line and nothing changes, with the line and field named.
/// </summary>
public static class ClaimPayouts
{
    public const string Instructed = "instructed";
    public const string InFile = "in-file";
    public const string Confirmed = "confirmed";
    public const string Rejected = "rejected";

    public static readonly string[] FileColumns = ["reference", "claim", "policy", "payee", "account", "amount", "currency"];
    public static readonly string[] ConfirmationColumns = ["reference", "amount", "result", "bank_reference"];

    /// <summary>The transfer reference of a payout, as the file and the bank's confirmation carry it.</summary>
    public static string Reference(long payoutId) => "PO" + payoutId.ToString("000000000", CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes the next payout file: every payout instructed and not yet in a file whose claim has an
    /// account to pay into (the others wait, shown in the back office as needing an account). Null when
    /// there is nothing to pay.
    /// </summary>
    public static async Task<PayoutFileView?> WriteFileAsync(PolicyCareDb db, NationalIds accounts, DateTimeOffset now, CancellationToken cancel = default)
    {
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancel) : null;
        var due = await (from p in db.ClaimPayouts
                         join c in db.Claims on p.ClaimId equals c.Id
                         join pol in db.Policies on p.PolicyNumber equals pol.Number
                         join cust in db.Customers on (c.ClaimantId ?? pol.HolderId) equals cust.Id
                         where p.Status == Instructed && p.FileId == null && c.PayoutAccount != null
                         orderby p.Id
                         select new { Payout = p, c.PayoutAccount, Payee = cust.Name }).ToListAsync(cancel);
        if (due.Count == 0) return null;
        var text = new StringBuilder();
        using (var csv = new CsvWriter(new StringWriter(text), CultureInfo.InvariantCulture))
        {
            foreach (var column in FileColumns) csv.WriteField(column);
            csv.NextRecord();
            foreach (var d in due)
            {
                csv.WriteField(Reference(d.Payout.Id));
                csv.WriteField(d.Payout.ClaimId);
                csv.WriteField(d.Payout.PolicyNumber);
                csv.WriteField(d.Payee);
                csv.WriteField(accounts.Unprotect(d.PayoutAccount!));
                csv.WriteField(Currencies.Format(d.Payout.Amount, d.Payout.Currency));
                csv.WriteField(d.Payout.Currency);
                csv.NextRecord();
            }
        }
        var file = new ClaimPayoutFileRecord { CreatedAt = now, Count = due.Count, Content = text.ToString() };
        db.ClaimPayoutFiles.Add(file);
        await db.SaveChangesAsync(cancel);
        foreach (var d in due)
        {
            d.Payout.Status = InFile;
            d.Payout.FileId = file.Id;
        }
        await db.SaveChangesAsync(cancel);
        if (own is not null) await own.CommitAsync(cancel);
        return new PayoutFileView(file.Id, file.Count, file.CreatedAt, file.Content);
    }

    private sealed record ConfirmationLine(int Number, long PayoutId, string Reference, decimal Amount, string Result, string BankReference);

    /// <summary>
    /// Reads the bank's confirmation of a payout file: <c>paid</c> confirms a transfer, any other result
    /// rejects it with that reason (the claim's handler then fixes the account). A line the book already
    /// settled the same way is known and skipped, so the same file twice changes nothing.
    /// </summary>
    /// <exception cref="BankFileException">Any bad line: nothing is changed.</exception>
    public static async Task<PayoutConfirmation> ConfirmAsync(PolicyCareDb db, string text, DateOnly today, CancellationToken cancel = default)
    {
        var lines = Parse(text);
        var ids = lines.Select(l => l.PayoutId).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        var payouts = await db.ClaimPayouts.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancel);
        var errors = new List<string>();
        var (confirmed, rejected, known) = (0, 0, 0);
        foreach (var line in lines)
        {
            void Error(string field, string message) => errors.Add($"line {line.Number}, {field}: {message}");
            if (!payouts.TryGetValue(line.PayoutId, out var payout)) { Error("reference", $"'{line.Reference}' is no payout of this book"); continue; }
            if (payout.Amount != line.Amount) { Error("amount", $"{line.Amount.ToString(CultureInfo.InvariantCulture)} is not the payout's amount ({Currencies.Format(payout.Amount, payout.Currency)})"); continue; }
            var status = line.Result == "paid" ? Confirmed : Rejected;
            if (payout.Status is Confirmed or Rejected)
            {
                if (payout.Status == status && payout.BankReference == line.BankReference) { known++; continue; }
                Error("result", $"'{line.Reference}' was already settled as {payout.Status} under another bank reference");
                continue;
            }
            if (payout.Status != InFile) { Error("reference", $"'{line.Reference}' was not sent in a payout file"); continue; }
            payout.Status = status;
            payout.BankReference = line.BankReference;
            payout.RejectionReason = status == Rejected ? line.Result : null;
            payout.SettledOn = today;
            if (status == Confirmed) confirmed++; else rejected++;
        }
        if (errors.Count > 0) throw new BankFileException(errors);
        await db.SaveChangesAsync(cancel);
        await tx.CommitAsync(cancel);
        return new PayoutConfirmation(confirmed, rejected, known);
    }

    private static List<ConfirmationLine> Parse(string text)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim, BadDataFound = null, MissingFieldFound = null };
        using var csv = new CsvReader(new StringReader(text), config);
        if (!csv.Read() || !csv.ReadHeader()) throw new InputException("line 1", "the file is empty; expected a header: " + string.Join(",", ConfirmationColumns));
        var header = csv.HeaderRecord!;
        foreach (var column in ConfirmationColumns)
        {
            if (!header.Contains(column)) throw new InputException("line 1", $"the header lacks the column '{column}'");
        }
        var lines = new List<ConfirmationLine>();
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var n = csv.Parser.Row;
            string Field(string name) => csv.GetField(name) ?? "";
            void Error(string field, string message) => errors.Add($"line {n}, {field}: {message}");
            var reference = Field("reference");
            long id = 0;
            if (!reference.StartsWith("PO", StringComparison.Ordinal) || !long.TryParse(reference.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out id))
                Error("reference", $"'{reference}' is not a payout reference (PO and nine digits)");
            else if (!seen.Add(reference)) Error("reference", $"'{reference}' appears twice in the file");
            if (!decimal.TryParse(Field("amount"), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
                Error("amount", $"'{Field("amount")}' is not a positive amount");
            var result = Field("result");
            if (result.Length == 0) Error("result", "is empty (paid, or the bank's reason for returning the transfer)");
            var bankReference = Field("bank_reference");
            if (bankReference.Length == 0) Error("bank_reference", "is empty");
            lines.Add(new ConfirmationLine(n, id, reference, amount, result, bankReference));
        }
        if (errors.Count > 0) throw new BankFileException(errors);
        if (lines.Count == 0) throw new InputException("line 2", "the file has no lines");
        return lines;
    }
}
