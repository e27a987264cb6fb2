using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using PolicyCare.Json;

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

/// <summary>A bank file with bad lines: every one of them, with its line and field.</summary>
public sealed class BankFileException(List<string> errors) : Exception(errors[0])
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
