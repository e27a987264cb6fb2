using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Hosting;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Cases;

/// <summary>A customer's question or complaint as it arrives, from any channel.</summary>
/// <param name="Owner">The agent who took the contact (a call); null to give it to the service agent with the fewest open cases.</param>
/// <param name="AnsweredAtFirstContact">The agent answered it during the call: the case is opened and closed at once.</param>
public sealed record CaseOpening(string Policy, string Customer, CaseKind Kind, CaseCategory Category, CaseChannel Channel, string Message,
    string? Subject = null, string? Owner = null, string? ClaimId = null, long? NoticeId = null);

/// <summary>A case operation refused: who may not do it (403) or what makes it impossible (409), or the field that is wrong (400).</summary>
public sealed class CaseRefusedException(int status, string field, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Field { get; } = field;
}

/// <summary>
/// The service desk's work on a case, each step one transaction with its timeline line and notice:
/// intake with an owner and the law's clocks, the acknowledgement at once, a transfer offered with
/// a reason and accepted by the new owner, an extension, waiting for the customer, the final answer
/// by the owner alone (in writing, naming the regulator), the survey, a reopening.
/// </summary>
public static class CaseDesk
{
    /// <summary>Who works cases: service agents and supervisors (a supervisor also approves a 60-day extension).</summary>
    public static readonly string[] Workers = [Roles.ServiceAgent, Roles.Supervisor];

    /// <summary>The customer-facing reference, read out on the phone: Q for a question, C for a complaint, T for tracing, and the case number.</summary>
    public static string Reference(CaseRecord c) =>
        $"{c.Type switch { "complaint" => "C", "inquiry" or "question" => "Q", _ => "T" }}-{c.Id.ToString("000000", CultureInfo.InvariantCulture)}";

    /// <summary>A reference read back to the case's id; null when it is not one.</summary>
    public static long? IdOf(string reference) =>
        reference.Length > 2 && reference[1] == '-' && "QCT".Contains(reference[0], StringComparison.Ordinal)
        && long.TryParse(reference.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static CaseKind KindOf(CaseRecord c) => c.Type == "complaint" ? CaseKind.Complaint : CaseKind.Inquiry;

    public static async Task<CaseRecord> OpenAsync(PolicyCareDb db, CaseOpening opening, DateOnly today, DateTimeOffset now, CancellationToken cancel = default)
    {
        var (policy, product, reference) = await PolicyAsync(db, opening.Policy, cancel);
        var market = product.Market ?? reference.Book.Market;
        var clock = CaseRules.Clock(opening.Kind, market, today, reference.Book.CalendarFor(product));
        var owner = opening.Owner ?? await NextOwnerAsync(db, cancel);
        var type = opening.Kind == CaseKind.Complaint ? "complaint" : "inquiry";
        var record = new CaseRecord
        {
            Key = $"{type}:{Guid.NewGuid():N}"[..24], Type = type, PolicyNumber = policy.Number, CustomerId = opening.Customer, OpenedOn = today, OpenedAt = now,
            Status = "open", Category = CaseCodes.Categories.Code(opening.Category), Channel = CaseCodes.Channels.Code(opening.Channel),
            Subject = opening.Subject, Message = opening.Message, ClaimId = opening.ClaimId, NoticeId = opening.NoticeId, Market = market,
            Owner = owner, AcknowledgeBy = clock.AcknowledgeBy, AnswerBy = clock.AnswerBy, EscalateOn = clock.EscalateOn,
            // The acknowledgement goes out with the intake, so it is never late.
            AcknowledgedOn = today,
        };
        await using var own = await db.Database.BeginTransactionAsync(cancel);
        await PolicyChanges.ApplyAsync(db, policy.Number, today, new RecordContact(type, opening.Customer, record.Key, opening.Message),
            alongside: _ => db.Cases.Add(record), cancel: cancel);
        await NoticeAsync(db, record, Stage.CaseAcknowledgement, today, now, cancel);
        await own.CommitAsync(cancel);
        return record;
    }

    /// <summary>The service agent with the fewest open cases (by name on a tie); null when the book has none.</summary>
    private static async Task<string?> NextOwnerAsync(PolicyCareDb db, CancellationToken cancel)
    {
        var agents = await Administration.UsersInRolesAsync(db, [Roles.ServiceAgent], cancel);
        if (agents.Count == 0) return null;
        var load = await db.Cases.AsNoTracking().Where(c => c.Status == "open" && c.Owner != null).GroupBy(c => c.Owner!)
            .Select(g => new { Owner = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Owner, x => x.Count, cancel);
        return agents.OrderBy(a => load.GetValueOrDefault(a)).ThenBy(a => a, StringComparer.Ordinal).First();
    }

    /// <summary>The owner offers the case to another agent, with a reason; the case stays theirs until it is accepted.</summary>
    public static Task<CaseRecord> TransferAsync(PolicyCareDb db, long id, string by, bool supervisor, string to, string? reason, DateOnly today, DateTimeOffset now, CancellationToken cancel = default) =>
        StepAsync(db, id, today, async c =>
        {
            Open(c);
            if (c.Owner != by && !supervisor) throw new CaseRefusedException(403, "owner", "only the case's owner (or a supervisor) can transfer it");
            if (string.IsNullOrWhiteSpace(reason)) throw new CaseRefusedException(400, "reason", "a transfer needs its reason");
            if (to == c.Owner) throw new CaseRefusedException(400, "to", "the case is already theirs");
            if (!await IsWorkerAsync(db, to, cancel)) throw new CaseRefusedException(400, "to", "not a service agent or supervisor");
            (c.TransferTo, c.TransferReason) = (to, reason.Trim());
            return Line(c, "transfer-offered", new JsonObject { ["to"] = to, ["reason"] = c.TransferReason });
        }, cancel);

    /// <summary>The new owner accepts the transfer: from now on the customer sees them.</summary>
    public static Task<CaseRecord> AcceptAsync(PolicyCareDb db, long id, string by, DateOnly today, CancellationToken cancel = default) =>
        StepAsync(db, id, today, c =>
        {
            Open(c);
            if (c.TransferTo != by) throw new CaseRefusedException(409, "transfer", "no transfer of this case is waiting for you");
            var from = c.Owner;
            (c.Owner, c.TransferTo, c.TransferReason) = (by, null, null);
            return Task.FromResult(Line(c, "transferred", new JsonObject { ["from"] = from, ["to"] = by }));
        }, cancel);

    /// <summary>An extension of a Chinese complaint: to 30 days by its owner with a reason, to 60 by a supervisor.</summary>
    public static Task<CaseRecord> ExtendAsync(PolicyCareDb db, long id, string by, bool supervisor, int days, string? reason, DateOnly today, CancellationToken cancel = default) =>
        StepAsync(db, id, today, async c =>
        {
            Open(c);
            if (c.Owner != by && !supervisor) throw new CaseRefusedException(403, "owner", "only the case's owner (or a supervisor) can extend it");
            var (policy, product, reference) = await PolicyAsync(db, c.PolicyNumber, cancel);
            var calendar = reference.Book.CalendarFor(product);
            var kind = KindOf(c);
            var current = CaseRules.Clock(kind, c.Market!, c.OpenedOn, calendar, c.ExtendedBy);
            CaseClock extended;
            try
            {
                extended = CaseRules.Extend(kind, c.Market!, c.OpenedOn, calendar, current, days, reason, supervisor);
            }
            catch (CaseExtensionRefusedException e)
            {
                throw new CaseRefusedException(e.Field == "approvedBy" ? 403 : 400, e.Field, e.Message);
            }
            (c.AnswerBy, c.EscalateOn, c.ExtendedBy, c.ExtensionReason) = (extended.AnswerBy, extended.EscalateOn, extended.ExtendedBy, reason!.Trim());
            if (days == CaseRules.ChinaMaximumDays) c.ExtensionApprovedBy = by;
            return Line(c, "extended", new JsonObject { ["days"] = days, ["answerBy"] = extended.AnswerBy.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["reason"] = c.ExtensionReason });
        }, cancel);

    /// <summary>
    /// The owner asked the customer something: the clock of the insurer's own time stops until the customer replies, and
    /// the question goes to the customer where they read (asked on the phone or not, it is in writing for them to answer).
    /// </summary>
    public static async Task<CaseRecord> WaitForCustomerAsync(PolicyCareDb db, long id, string by, string? question, DateOnly today, DateTimeOffset now, CancellationToken cancel = default)
    {
        await using var own = await db.Database.BeginTransactionAsync(cancel);
        var record = await StepAsync(db, id, today, c =>
        {
            Open(c);
            if (c.Owner != by) throw new CaseRefusedException(403, "owner", "only the case's owner asks the customer");
            if (string.IsNullOrWhiteSpace(question)) throw new CaseRefusedException(400, "question", "write what the customer is asked");
            c.WaitingSince ??= now;
            return Task.FromResult(Line(c, "asked-customer", new JsonObject { ["question"] = question.Trim() }));
        }, cancel);
        // Each question is its own notice: two asked the same day are two messages, one asked once is sent once.
        await NoticeAsync(db, record, Stage.CaseQuestion, today, now, cancel, subject: $"case-{record.Id}-{record.Reopened}-asked-{now.ToUnixTimeMilliseconds()}",
            question: question!.Trim());
        await own.CommitAsync(cancel);
        return record;
    }

    /// <summary>The customer adds to their case (a reply, more detail): a wait for them ends.</summary>
    public static Task<CaseRecord> CustomerReplyAsync(PolicyCareDb db, long id, string customer, string? message, DateOnly today, DateTimeOffset now, CancellationToken cancel = default) =>
        StepAsync(db, id, today, c =>
        {
            if (c.CustomerId != customer) throw new CaseRefusedException(404, "case", "no such case");
            Open(c);
            if (string.IsNullOrWhiteSpace(message)) throw new CaseRefusedException(400, "message", "write a few words");
            EndWait(c, now);
            return Task.FromResult(Line(c, "customer-replied", new JsonObject { ["message"] = message.Trim() }));
        }, cancel);

    /// <summary>
    /// The final answer, by the owner alone: the decision, the reasons and the root cause are recorded,
    /// the case closes, the answer goes in writing naming the regulator, and the survey is sent.
    /// </summary>
    public static async Task<CaseRecord> AnswerAsync(PolicyCareDb db, SurveyLinks links, long id, string by, CaseDecision decision, string? answer,
        CaseCategory rootCause, bool atFirstContact, DateOnly today, DateTimeOffset now, CancellationToken cancel = default)
    {
        await using var own = await db.Database.BeginTransactionAsync(cancel);
        var record = await StepAsync(db, id, today, c =>
        {
            Open(c);
            if (c.Owner != by) throw new CaseRefusedException(403, "owner", "only the case's owner closes it (first-contact ownership)");
            if (string.IsNullOrWhiteSpace(answer) || answer.Trim().Length < 10) throw new CaseRefusedException(400, "answer", "the answer states the reasons in a few sentences");
            if (c.Type == "inquiry" && decision != CaseDecision.Answered) throw new CaseRefusedException(400, "decision", "a question is answered, not upheld or refused");
            if (c.Type == "complaint" && decision == CaseDecision.Answered) throw new CaseRefusedException(400, "decision", "a complaint is upheld, partly upheld or not upheld");
            EndWait(c, now);
            (c.Status, c.AnsweredOn, c.ClosedAt, c.Decision, c.Answer, c.RootCause) =
                ("closed", today, now, CaseCodes.Decisions.Code(decision), answer.Trim(), CaseCodes.Categories.Code(rootCause));
            c.AtFirstContact = atFirstContact && c.Reopened == 0 && c.OpenedOn == today;
            return Task.FromResult(Line(c, "answered", new JsonObject { ["decision"] = c.Decision, ["rootCause"] = c.RootCause }));
        }, cancel);
        await NoticeAsync(db, record, Stage.CaseAnswer, today, now, cancel);
        await SurveyAsync(db, links, record, today, now, cancel);
        await own.CommitAsync(cancel);
        return record;
    }

    /// <summary>The customer (or the owner) reopens an answered case: the same owner, a new answer clock from today.</summary>
    public static Task<CaseRecord> ReopenAsync(PolicyCareDb db, long id, string? customer, string? by, string? reason, DateOnly today, CancellationToken cancel = default) =>
        StepAsync(db, id, today, async c =>
        {
            if (customer is not null && c.CustomerId != customer) throw new CaseRefusedException(404, "case", "no such case");
            if (customer is null && c.Owner != by) throw new CaseRefusedException(403, "owner", "only the customer or the case's owner reopens it");
            if (c.Status != "closed") throw new CaseRefusedException(409, "status", "the case is still open");
            if (string.IsNullOrWhiteSpace(reason)) throw new CaseRefusedException(400, "reason", "say why the answer did not settle it");
            var (policy, product, reference) = await PolicyAsync(db, c.PolicyNumber, cancel);
            var clock = CaseRules.Clock(KindOf(c), c.Market!, today, reference.Book.CalendarFor(product));
            (c.Status, c.ClosedAt, c.AnsweredOn, c.AnswerBy, c.EscalateOn, c.ExtendedBy, c.AtFirstContact) = ("open", null, null, clock.AnswerBy, clock.EscalateOn, 0, false);
            c.Reopened++;
            return Line(c, "reopened", new JsonObject { ["reason"] = reason.Trim() });
        }, cancel);

    private static void Open(CaseRecord c)
    {
        if (c.Type == "tracing") throw new CaseRefusedException(409, "case", "a tracing case is the insurer's own work, not a customer's request");
        if (c.Status != "open") throw new CaseRefusedException(409, "status", "the case is answered and closed");
    }

    private static void EndWait(CaseRecord c, DateTimeOffset now)
    {
        if (c.WaitingSince is not { } since) return;
        c.WaitedMinutes += (int)Math.Max(0, (now - since).TotalMinutes);
        c.WaitingSince = null;
    }

    private static async Task<bool> IsWorkerAsync(PolicyCareDb db, string user, CancellationToken cancel) =>
        (await Administration.UsersInRolesAsync(db, Workers, cancel)).Contains(user);

    private sealed record CaseLine(string Event, JsonObject Data);

    private static CaseLine Line(CaseRecord c, string ev, JsonObject data) => new(ev, data);

    /// <summary>Locks nothing but the row's own update: reads the case, applies the step, writes its timeline line, saves.</summary>
    private static async Task<CaseRecord> StepAsync(PolicyCareDb db, long id, DateOnly today, Func<CaseRecord, Task<CaseLine>> step, CancellationToken cancel)
    {
        var record = await db.Cases.SingleOrDefaultAsync(c => c.Id == id, cancel) ?? throw new CaseRefusedException(404, "case", "no such case");
        var line = await step(record);
        var data = line.Data;
        data["type"] = record.Type;
        data["event"] = line.Event;
        data["reference"] = Reference(record);
        db.Timeline.Add(Timeline.Entry(record.PolicyNumber, today, "case", await Timeline.NextEventSeqAsync(db, record.PolicyNumber, today, cancel), data));
        await db.SaveChangesAsync(cancel);
        return record;
    }

    private static async Task<(PolicyRecord Policy, Product Product, ReferenceData Reference)> PolicyAsync(PolicyCareDb db, string number, CancellationToken cancel)
    {
        var policy = await db.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Number == number, cancel) ?? throw new CaseRefusedException(400, "policy", "no such policy");
        var reference = await ReferenceData.CurrentAsync(db, cancel);
        return (policy, reference.Products[policy.ProductCode], reference);
    }

    /// <summary>Plans a case's notice to its customer through the outbox, with its evidence, in the caller's transaction.</summary>
    internal static async Task NoticeAsync(PolicyCareDb db, CaseRecord c, Stage stage, DateOnly on, DateTimeOffset now, CancellationToken cancel,
        CaseFacts? facts = null, string? subject = null, string? question = null)
    {
        var (policy, product, reference) = await PolicyAsync(db, c.PolicyNumber, cancel);
        var customer = (await db.Customers.AsNoTracking().SingleAsync(x => x.Id == c.CustomerId, cancel)).ToCustomer();
        facts ??= new CaseFacts(Reference(c), c.Market ?? reference.Book.Market, c.Type == "complaint", await StaffNames.ShownAsync(db, c.Owner, cancel) ?? "PolicyCare", c.AnswerBy,
            c.Decision is { } d ? CaseCodes.Decisions.Parse(d) : null, c.Answer, Question: question);
        var occasion = new NoticeOccasion(stage, subject ?? $"case-{c.Id}-{c.Reopened}", new NoticeFacts(c.PolicyNumber, product.Currency, 0m, Case: facts));
        var planned = Outbox.AddPlanned(db, c.PolicyNumber, [occasion], customer, on, product, reference.Book, await Timeline.NextEventSeqAsync(db, c.PolicyNumber, on, cancel));
        await db.SaveChangesAsync(cancel);
        await Outbox.EvidencePlannedAsync(db, planned, now, cancel);
    }

    /// <summary>The survey of a closed case: one per answer (a reopened case answered again is a new event), by a signed link open 14 days.</summary>
    private static async Task SurveyAsync(PolicyCareDb db, SurveyLinks links, CaseRecord c, DateOnly today, DateTimeOffset now, CancellationToken cancel)
    {
        var product = await db.Policies.AsNoTracking().Where(p => p.Number == c.PolicyNumber).Select(p => p.ProductCode).SingleAsync(cancel);
        var survey = await Surveys.CreateAsync(db, "case", $"{c.Id}-{c.Reopened}", c.CustomerId, c.PolicyNumber, product, c.Channel, c.Owner, today, cancel);
        if (survey is null) return;
        var facts = new CaseFacts(Reference(c), c.Market ?? "", c.Type == "complaint", c.Owner ?? "", SurveyLink: links.For(survey.Id), SurveyMoment: "case");
        await NoticeAsync(db, c, Stage.Survey, today, now, cancel, facts, $"survey-{survey.Key}");
    }
}
