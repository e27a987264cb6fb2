using System.Text.Json;
using DiffPlex;
using DiffPlex.Chunkers;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Policies;
using PolicyCare.Storage;
using PolicyCare.Web;

namespace PolicyCare.Notices;

/// <summary>Why a notice cannot go out again: an English text with its values, translated where it is shown.</summary>
public sealed record OutOfDate(string Text, params object[] Values);

/// <summary>One fact a notice stated that is different today: the amount, the last day, the debit date.</summary>
/// <param name="Fact">The template variable's name (<c>amount</c>, <c>deadline</c>, …).</param>
public sealed record FactChange(string Fact, string Then, string Now);

/// <summary>A run of a notice's words, marked when a resend changes it.</summary>
public sealed record TextPiece(string Text, bool Changed);

/// <summary>
/// What resending a notice would send today: the same stage restated with today's facts, in the
/// customer's language, to the contact on file today — or why it cannot go out again. The agent sees
/// it, with what changed, before anything is queued.
/// </summary>
public sealed record ResendPreview(NoticeRecord Original, OutOfDate? Why, string Address = "", string Locale = "", string Text = "", string Variables = "{}")
{
    public IReadOnlyList<FactChange> Changes { get; init; } = [];

    public bool SameWords => Text == Original.Text && Address == Original.Address;

    /// <summary>Identifies the words and the contact the agent saw, so a confirmation sends exactly those or nothing.</summary>
    public string Fingerprint => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Address + "\n" + Text)))[..16];

    /// <summary>The words as sent and as they would go out now (both redacted as the log shows them), with the changed runs marked.</summary>
    public (IReadOnlyList<TextPiece> Then, IReadOnlyList<TextPiece> Now) Difference()
    {
        var diff = Differ.Instance.CreateDiffs(Masking.Redact(Original.Text), Masking.Redact(Text), ignoreWhiteSpace: false, ignoreCase: false, Words);
        var removed = new bool[diff.PiecesOld.Count];
        var added = new bool[diff.PiecesNew.Count];
        foreach (var block in diff.DiffBlocks)
        {
            for (var i = 0; i < block.DeleteCountA; i++) removed[block.DeleteStartA + i] = true;
            for (var i = 0; i < block.InsertCountB; i++) added[block.InsertStartB + i] = true;
        }
        return (Runs(diff.PiecesOld, removed), Runs(diff.PiecesNew, added));
    }

    /// <summary>Numbers and dates as one word, a Korean or Latin word as one, each Chinese character alone: a changed amount is marked whole.</summary>
    private static readonly CustomFunctionChunker Words = new(text =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\d{4}年\d{1,2}月\d{1,2}日|\d{4}년 \d{1,2}월 \d{1,2}일|\d[\d.,]*|[A-Za-z]+|[\uAC00-\uD7A3]+|\s+|.", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => m.Value).ToArray());

    private static List<TextPiece> Runs(IReadOnlyList<string> pieces, bool[] changed)
    {
        var runs = new List<TextPiece>();
        for (var i = 0; i < pieces.Count; i++)
        {
            if (runs.Count > 0 && runs[^1].Changed == changed[i]) runs[^1] = runs[^1] with { Text = runs[^1].Text + pieces[i] };
            else runs.Add(new TextPiece(pieces[i], changed[i]));
        }
        return runs;
    }
}

/// <summary>The policies and customers a batch of notices names, read in two queries for the batch: the dispatcher checks a
/// batch of hundreds against the book, and a read per notice was a round trip each on PostgreSQL.</summary>
public sealed record BookRecords(IReadOnlyDictionary<string, PolicyRecord> Policies, IReadOnlyDictionary<string, CustomerRecord> Customers)
{
    public static async Task<BookRecords> ForAsync(PolicyCareDb db, IReadOnlyCollection<NoticeRecord> notices, CancellationToken cancel)
    {
        var numbers = notices.Select(n => n.PolicyNumber).Where(p => p.Length > 0).Distinct().ToList();
        var people = notices.Select(n => n.Recipient.StartsWith(NoticePlanner.EmergencyPrefix, StringComparison.Ordinal) ? n.Recipient[NoticePlanner.EmergencyPrefix.Length..] : n.Recipient)
            .Distinct().ToList();
        return new(await db.Policies.AsNoTracking().Where(p => numbers.Contains(p.Number)).ToDictionaryAsync(p => p.Number, StringComparer.Ordinal, cancel),
            await db.Customers.AsNoTracking().Where(c => people.Contains(c.Id)).ToDictionaryAsync(c => c.Id, StringComparer.Ordinal, cancel));
    }
}

/// <summary>
/// A resend never repeats a stale fact: it restates the notice's stage with today's facts
/// (<see cref="DailyCycle.Restate"/>, the same facts the cycle would give it), so a customer is never
/// asked for money already paid, or given a grace end long gone. Where the stage no longer applies —
/// the debt paid, the policy reinstated — nothing goes out, and the agent is told why.
/// </summary>
public static class Resends
{
    public static async Task<ResendPreview> PrepareAsync(PolicyCareDb db, NoticeRecord original, TimeProvider time, CancellationToken cancel) =>
        await PrepareAsync(db, original, await ReferenceData.CurrentAsync(db, cancel), await Access.TodayAsync(db, time, cancel), cancel);

    /// <param name="reference">The book's settings and products, read once by a caller that prepares many (the stale-call sweep).</param>
    public static Task<ResendPreview> PrepareAsync(PolicyCareDb db, NoticeRecord original, ReferenceData reference, DateOnly today, CancellationToken cancel) =>
        PrepareAsync(db, original, reference, today, null, cancel);

    /// <param name="records">The policy and customer, read for a batch (<see cref="BookRecords.ForAsync"/>); read here when null.</param>
    public static async Task<ResendPreview> PrepareAsync(PolicyCareDb db, NoticeRecord original, ReferenceData reference, DateOnly today, BookRecords? records,
        CancellationToken cancel)
    {
        var book = reference.Book;
        ResendPreview Refused(string why) => new(original, new OutOfDate(why));
        async Task<CustomerRecord?> CustomerAsync(string id) => records is null
            ? await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancel)
            : records.Customers.GetValueOrDefault(id);
        var record = records is null
            ? await db.Policies.AsNoTracking().FirstOrDefaultAsync(p => p.Number == original.PolicyNumber, cancel)
            : records.Policies.GetValueOrDefault(original.PolicyNumber);
        if (record is null) return Refused("The policy is no longer in the book.");
        var product = reference.Products[record.ProductCode];
        var terms = record.ToTerms(product);
        var subject = original.IdempotencyKey.Split('|') is { Length: > 1 } parts ? parts[1] : null;
        var restatement = DailyCycle.Restate(terms, record.ToStanding(), book.CalendarFor(product), today, original.Stage, subject);
        if (restatement is NoLongerApplies no) return Refused(no.Why);
        var occasion = ((RestatedToday)restatement).Occasion;

        var recipient = original.Recipient;
        if (recipient.StartsWith(NoticePlanner.EmergencyPrefix, StringComparison.Ordinal))
        {
            var holder = await CustomerAsync(recipient[NoticePlanner.EmergencyPrefix.Length..]);
            if (holder?.ToCustomer() is not { Emergency.Mobile: { } mobile } customer) return Refused("The customer no longer has an emergency contact on file.");
            return new ResendPreview(original, null, mobile, original.Locale, Templates.RenderEmergency(original.PolicyNumber, customer.Name, original.Locale, product.Currency), original.Variables);
        }
        if (recipient.StartsWith("employer:", StringComparison.Ordinal))
        {
            var employer = await db.Employers.AsNoTracking().FirstOrDefaultAsync(e => e.Id == recipient.Substring("employer:".Length), cancel);
            var address = original.Channel == Channel.Email ? employer?.ContactEmail : employer?.ContactMobile;
            if (employer is null || address is null) return Refused("The customer no longer has a contact for this channel on file.");
            return new ResendPreview(original, null, address, original.Locale, Templates.Render(occasion, original.Locale, employer.Name, plainWords: false));
        }
        var to = (await CustomerAsync(recipient))?.ToCustomer();
        if (to?.Contacts.AddressOf(original.Channel.Contact()) is not { } contact) return Refused("The customer no longer has a contact for this channel on file.");
        if (to.InvalidContacts.Contains(original.Channel.Contact())) return Refused("The customer's contact for this channel is known not to work.");
        var locale = LocalFormat.IsSupported(to.Locale) ? to.Locale : original.Locale;
        var variables = Templates.Variables(occasion, locale, to.Name);
        return new ResendPreview(original, null, contact, locale, Templates.Render(occasion, locale, to.Name, plainWords: to.IsElderlyOn(today, product.ElderlyAge)), variables)
        {
            Changes = Changed(original.Variables, variables),
        };
    }

    /// <summary>The facts the notice stated (not the greeting or the policy number) whose words are different today; a fact it did not state cannot be stale.</summary>
    private static List<FactChange> Changed(string then, string now)
    {
        var before = Said(then);
        var after = Said(now);
        return before.Keys.Where(k => k is not ("name" or "policy"))
            .Select(k => new FactChange(k, before.GetValueOrDefault(k, ""), after.GetValueOrDefault(k, "")))
            .Where(c => c.Then != c.Now).OrderBy(c => c.Fact, StringComparer.Ordinal).ToList();
    }

    private static Dictionary<string, string> Said(string variables)
    {
        try { return JsonSerializer.Deserialize<Dictionary<string, string>>(variables) ?? []; }
        catch (JsonException) { return []; }
    }
}

/// <summary>
/// Calls for an agent whose moment has passed — the debt paid, the grace period over — are closed, so
/// no agent tells a customer about a deadline long gone; the cycle's next notice makes a new call when
/// one is needed. Run by the daily cycle's host, by the worklist before it shows the calls, and before
/// an outcome is recorded.
/// </summary>
public static class CallTasks
{
    public static async Task<int> CloseOutOfDateAsync(PolicyCareDb db, TimeProvider time, CancellationToken cancel, long? onlyId = null)
    {
        var waiting = await db.Notices.Where(n => n.Channel == Channel.AgentCall && n.Status == NoticeStatus.Sent && (onlyId == null || n.Id == onlyId))
            .ToListAsync(cancel);
        if (waiting.Count == 0) return 0;
        var reference = await ReferenceData.CurrentAsync(db, cancel);
        var today = await Access.TodayAsync(db, time, cancel);
        var now = time.GetUtcNow();
        var closed = new List<EvidenceEvent>();
        foreach (var task in waiting)
        {
            // A call is out of date when its stage no longer applies, or when what the agent would say has changed (a part paid, a plan agreed).
            var restated = await Resends.PrepareAsync(db, task, reference, today, cancel);
            if (restated.Why is null && restated.Changes.Count == 0) continue;
            task.Status = NoticeStatus.Cancelled;
            task.FailureReason = "out of date: " + (restated.Why is { } why
                ? string.Format(System.Globalization.CultureInfo.InvariantCulture, why.Text, why.Values)
                : "what the call would say has changed (" + string.Join("; ", restated.Changes.Select(c => $"{c.Fact}: {c.Then} -> {c.Now}")) + ")");
            closed.Add(new EvidenceEvent(task, "cancelled", now, task.FailureReason));
        }
        if (closed.Count == 0) return 0;
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        await db.SaveChangesAsync(cancel);
        await EvidenceLog.AppendAsync(db, closed, cancel);
        await tx.CommitAsync(cancel);
        return closed.Count;
    }
}
