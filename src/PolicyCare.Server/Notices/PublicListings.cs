using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Notices;

/// <summary>A policy on the public page of customers the insurer cannot reach, as anyone may see it.</summary>
/// <param name="ServicePhone">The service line of the policy's market (<see cref="Templates.ServicePhone"/>), if it has one.</param>
public sealed record PublicListing(string MaskedPolicy, string MaskedName, PolicyStatus Status, DateOnly ListedOn, string Locale, string? ServicePhone);

/// <summary>
/// The last resort of the lapse-notification seed: when no contact reaches a customer (a tracing case is open, every
/// channel has failed), an insurer that opts in publishes the policy's standing on its public page — the number and the
/// holder's name masked to their first characters, the standing in words, how to get in touch; never an ID, amount or
/// address. Each listing is a notice by the <see cref="Channel.Public"/> channel, so it has its lines in the evidence
/// chain ("planned", "sent" = published); it leaves the page when the customer is reached (the tracing case closes).
/// </summary>
public static class PublicListings
{
    /// <summary>The setting that turns the page on: absent means off (an insurer opts in).</summary>
    public const string SettingKey = "publish-unreachable";

    public static async Task<bool> IsOnAsync(PolicyCareDb db, CancellationToken cancel = default) =>
        await db.Settings.AsNoTracking().AnyAsync(s => s.Key == SettingKey && s.Value == "on", cancel);

    /// <summary>An administrator turns the page on or off; the change is kept with the other administrators' changes.</summary>
    public static async Task SetAsync(PolicyCareDb db, bool on, string by, DateTimeOffset now, CancellationToken cancel = default)
    {
        var row = await db.Settings.FindAsync([SettingKey], cancel);
        var before = row?.Value == "on";
        if (before == on) return;
        if (row is null) db.Settings.Add(new SettingRecord { Key = SettingKey, Value = on ? "on" : "off" });
        else row.Value = on ? "on" : "off";
        db.AdminChanges.Add(new AdminChangeRecord
        {
            At = now, By = by, Action = on ? "public-listing-on" : "public-listing-off", Subject = SettingKey, Before = before ? "on" : "off", After = on ? "on" : "off",
        });
        await db.SaveChangesAsync(cancel);
    }

    /// <summary>
    /// Lists every policy whose holder a tracing case is looking for and that is not listed yet (one listing per case),
    /// in the language of the policy's market; returns how many were published. Nothing while the page is off.
    /// </summary>
    /// <param name="reference">The book's settings and products as the daily runner holds them; read here when not given.</param>
    public static async Task<int> PublishDueAsync(PolicyCareDb db, DateOnly today, DateTimeOffset now, ReferenceData? reference = null, CancellationToken cancel = default)
    {
        if (!await IsOnAsync(db, cancel)) return 0;
        var tracing = await db.Cases.AsNoTracking().Where(c => c.Type == "tracing" && c.Status == "open" && c.PolicyNumber != "")
            .Select(c => new { c.Id, c.PolicyNumber, c.CustomerId }).ToListAsync(cancel);
        if (tracing.Count == 0) return 0;
        var keys = tracing.Select(c => Key(c.PolicyNumber, c.Id, c.CustomerId)).ToList();
        var listed = (await db.Notices.AsNoTracking().Where(n => keys.Contains(n.IdempotencyKey)).Select(n => n.IdempotencyKey).ToListAsync(cancel)).ToHashSet();
        var due = tracing.Where(c => !listed.Contains(Key(c.PolicyNumber, c.Id, c.CustomerId))).ToList();
        if (due.Count == 0) return 0;
        reference ??= await ReferenceData.CurrentAsync(db, cancel);
        var numbers = due.Select(c => c.PolicyNumber).Distinct().ToList();
        var policies = await db.Policies.AsNoTracking().Where(p => numbers.Contains(p.Number)).ToDictionaryAsync(p => p.Number, cancel);
        var people = due.Select(c => c.CustomerId).Distinct().ToList();
        var names = await db.Customers.AsNoTracking().Where(c => people.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancel);
        var published = new List<NoticeRecord>();
        foreach (var c in due)
        {
            if (!policies.TryGetValue(c.PolicyNumber, out var policy) || !names.TryGetValue(c.CustomerId, out var name)) continue;
            var locale = reference.Products.TryGetValue(policy.ProductCode, out var product) ? reference.Book.LocaleFor(product) : "en-US";
            var text = Templates.RenderPublicListing(Masking.PublicPolicyNumber(policy.Number), Masking.PublicName(name), Templates.PublicStanding(policy.Status, locale), locale,
                product?.Currency ?? "");
            published.Add(new NoticeRecord
            {
                IdempotencyKey = Key(c.PolicyNumber, c.Id, c.CustomerId), PolicyNumber = c.PolicyNumber, Stage = Stage.PublicListing, Channel = Channel.Public,
                Recipient = c.CustomerId, Address = "", Locale = locale, Text = text, PlannedOn = today, SendAfter = now, Status = NoticeStatus.Sent, SentAt = now,
            });
        }
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        db.Notices.AddRange(published);
        await db.SaveChangesAsync(cancel);
        await EvidenceLog.AppendAsync(db, published.SelectMany(n => new[]
        {
            new EvidenceEvent(n, "planned", now, "every contact failed: listed on the public page"),
            new EvidenceEvent(n, "sent", now, "published on the public page"),
        }).ToList(), cancel);
        await tx.CommitAsync(cancel);
        return published.Count;
    }

    /// <summary>What the public page shows: the listings whose customer is still not reached, newest first. Empty while the page is off.</summary>
    public static async Task<List<PublicListing>> CurrentAsync(PolicyCareDb db, CancellationToken cancel = default)
    {
        if (!await IsOnAsync(db, cancel)) return [];
        var open = db.Cases.Where(c => c.Type == "tracing" && c.Status == "open");
        var rows = await (from n in db.Notices.AsNoTracking()
                          where n.Stage == Stage.PublicListing && n.Status == NoticeStatus.Sent
                                && open.Any(c => c.PolicyNumber == n.PolicyNumber && c.CustomerId == n.Recipient)
                          join p in db.Policies.AsNoTracking() on n.PolicyNumber equals p.Number
                          join c in db.Customers.AsNoTracking() on n.Recipient equals c.Id
                          orderby n.Id descending
                          select new { p.Number, p.Status, p.ProductCode, c.Name, n.PlannedOn, n.Locale }).Take(500).ToListAsync(cancel);
        var products = (await ReferenceData.CurrentAsync(db, cancel)).Products;
        return rows.Select(r => new PublicListing(Masking.PublicPolicyNumber(r.Number), Masking.PublicName(r.Name), r.Status, r.PlannedOn, r.Locale,
            products.TryGetValue(r.ProductCode, out var product) ? Templates.ServicePhone(product.Currency) : null)).ToList();
    }

    private static string Key(string policy, long caseId, string customer) => $"{policy}|unreachable-{caseId}|public-listing|public|{customer}";
}
