using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Servicing;

/// <summary>
/// Writing a confirmed change down: the endorsement (before, after, from when, who, when), its line on the
/// policy's timeline, and its confirmation to the holder in writing — the letter is the endorsement PDF.
/// </summary>
public static class Endorsements
{
    /// <summary>"E-000042": the endorsement's number as the customer's letter gives it.</summary>
    public static string Reference(long id) => $"E-{id:000000}";

    /// <summary>
    /// Adds the endorsement and its timeline line, saves, and plans its confirmation with <paramref name="before"/>
    /// and <paramref name="after"/> as the letter's lines (contacts already masked), inside the caller's transaction.
    /// </summary>
    public static async Task<EndorsementRecord> RecordAsync(PolicyCareDb db, EndorsementRecord record, JsonObject line,
        IReadOnlyList<string> before, IReadOnlyList<string> after, DateOnly today, DateTimeOffset now, bool confirm, CancellationToken cancel,
        IReadOnlyList<Beneficiary>? peopleBefore = null, IReadOnlyList<Beneficiary>? peopleAfter = null, Stage stage = Stage.ChangeConfirmation,
        CoverChangeQuote? cover = null)
    {
        db.Endorsements.Add(record);
        await db.SaveChangesAsync(cancel);
        line["kind"] = record.Kind;
        line["endorsement"] = record.Id;
        line["reference"] = Reference(record.Id);
        line["effectiveOn"] = record.EffectiveOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        line["by"] = record.By;
        var seq = await Timeline.NextEventSeqAsync(db, record.PolicyNumber, today, cancel);
        db.Timeline.Add(Timeline.Entry(record.PolicyNumber, today, "endorsement", seq++, line));
        if (!confirm)
        {
            await db.SaveChangesAsync(cancel);
            return record;
        }
        await NotifyAsync(db, record.PolicyNumber, stage, $"endorsement-{record.Id}",
            new ChangeFacts(record.Kind, Reference(record.Id), record.EffectiveOn, before, after, PeopleBefore: peopleBefore, PeopleAfter: peopleAfter, Cover: cover),
            today, now, cancel, seq);
        return record;
    }

    /// <summary>A change's notice to the holder (planned, saved and evidenced), under a key that makes it once only.</summary>
    public static async Task NotifyAsync(PolicyCareDb db, string number, Stage stage, string key, ChangeFacts change, DateOnly today, DateTimeOffset now,
        CancellationToken cancel, int? seq = null)
    {
        var policy = await db.Policies.AsNoTracking().SingleAsync(p => p.Number == number, cancel);
        var reference = await ReferenceData.CurrentAsync(db, cancel);
        var product = reference.Products[policy.ProductCode];
        var holder = (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == policy.HolderId, cancel)).ToCustomer();
        var planned = Outbox.AddPlanned(db, number, [new NoticeOccasion(stage, key, new NoticeFacts(number, product.Currency, 0m, Change: change))],
            holder, today, product, reference.Book, seq ?? await Timeline.NextEventSeqAsync(db, number, today, cancel));
        await db.SaveChangesAsync(cancel);
        await Outbox.EvidencePlannedAsync(db, planned, now, cancel);
    }

    /// <summary>
    /// The confirmation of a contact change also goes to the contact it replaced (and only there: the old number or
    /// address), so a customer whose contact was changed by someone else hears of it where they still read.
    /// </summary>
    public static async Task AlertPreviousContactAsync(PolicyCareDb db, EndorsementRecord record, ContactKind kind, string previous,
        IReadOnlyList<string> before, IReadOnlyList<string> after, DateOnly today, DateTimeOffset now, CancellationToken cancel)
    {
        var policy = await db.Policies.AsNoTracking().SingleAsync(p => p.Number == record.PolicyNumber, cancel);
        var reference = await ReferenceData.CurrentAsync(db, cancel);
        var product = reference.Products[policy.ProductCode];
        var holder = (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == policy.HolderId, cancel)).ToCustomer();
        var onlyPrevious = holder with
        {
            Contacts = new ContactPoints(kind == ContactKind.Mobile ? previous : null, kind == ContactKind.Email ? previous : null, null, null, null, null),
            PreferredChannels = [],
            InvalidContacts = new HashSet<ContactKind>(),
            Emergency = null,
        };
        var facts = new NoticeFacts(record.PolicyNumber, product.Currency, 0m, Change: new ChangeFacts(record.Kind, Reference(record.Id), record.EffectiveOn, before, after));
        var seq = await Timeline.NextEventSeqAsync(db, record.PolicyNumber, today, cancel);
        var planned = Outbox.AddPlanned(db, record.PolicyNumber, [new NoticeOccasion(Stage.ChangeConfirmation, $"endorsement-{record.Id}-previous-contact", facts)],
            onlyPrevious, today, product, reference.Book, seq);
        await db.SaveChangesAsync(cancel);
        await Outbox.EvidencePlannedAsync(db, planned, now, cancel);
    }
}
