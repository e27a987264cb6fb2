using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Servicing;

/// <summary>
/// The host of the policy review (保单检视): finds the policies whose review is due on a date (the yearly one, the
/// insured's birthday into a new band) or that gained group members, asks the core what to suggest, and writes the
/// review on the timeline with its notice. One review per policy and day: the notice's key is unique in the outbox,
/// and a day already written is not written again.
/// </summary>
public static class PolicyReviewer
{
    public const string TimelineKind = "policy-review";

    /// <summary>Where the customer reads the review and acts on it.</summary>
    public static string Link(string policy) => $"{RenewalLinks.BaseUrl}/my/policies/{Uri.EscapeDataString(policy)}/review";

    /// <summary>The policies in force whose yearly review or band birthday falls on the date; returns how many were reviewed.</summary>
    /// <param name="reference">The book's settings and products as the daily runner holds them; read here when not given.</param>
    public static async Task<int> RunDueAsync(PolicyCareDb db, DateOnly date, DateTimeOffset now, ReferenceData? reference, CancellationToken cancel)
    {
        reference ??= await ReferenceData.CurrentAsync(db, cancel);
        // Month and day of the anniversaries whose review is today, per lead time; a 29 February start has its
        // anniversary on 28 February in a common year, and a 29 February birthday turns over on 1 March.
        var anniversaries = reference.Products.Values.Select(PolicyReviews.LeadDays).Distinct().Select(l => date.AddDays(l)).ToList();
        var days = anniversaries.Select(a => a.Month * 100 + a.Day)
            .Concat(anniversaries.Where(a => a is { Month: 2, Day: 28 } && !DateTime.IsLeapYear(a.Year)).Select(_ => 229)).Distinct().ToList();
        var birthdays = new List<int> { date.Month * 100 + date.Day };
        if (date is { Month: 3, Day: 1 } && !DateTime.IsLeapYear(date.Year)) birthdays.Add(229);
        var bornToday = db.Customers.Where(c => c.BirthDate != null && birthdays.Contains(c.BirthDate.Value.Month * 100 + c.BirthDate.Value.Day)).Select(c => c.Id);
        var due = await db.Policies.AsNoTracking()
            .Where(p => p.Status == PolicyStatus.InForce || p.Status == PolicyStatus.Grace)
            .Where(p => days.Contains(p.Start.Month * 100 + p.Start.Day) || bornToday.Contains(p.InsuredId))
            .ToListAsync(cancel);
        // The insured and holders of the day's policies, read at once rather than two queries a policy.
        var ids = due.Select(p => p.InsuredId).Concat(due.Select(p => p.HolderId)).Distinct().ToList();
        var people = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancel);
        var reviewed = 0;
        foreach (var policy in due)
            if (await ReviewAsync(db, reference, policy, date, now, newMembers: 0, people, cancel)) reviewed++;
        return reviewed;
    }

    /// <summary>
    /// Reviews one policy when the core finds a reason today (or <paramref name="newMembers"/> joined): its timeline
    /// line and its notice, saved with the caller's changes. False when nothing is due or the day's review is written.
    /// </summary>
    /// <param name="people">The policy's insured and holder when the caller has read them already.</param>
    public static async Task<bool> ReviewAsync(PolicyCareDb db, ReferenceData reference, PolicyRecord policy, DateOnly date, DateTimeOffset now,
        int newMembers, IReadOnlyDictionary<string, CustomerRecord>? people, CancellationToken cancel)
    {
        if (!reference.Products.TryGetValue(policy.ProductCode, out var product) || policy.Status is not (PolicyStatus.InForce or PolicyStatus.Grace)) return false;
        async Task<CustomerRecord> PersonAsync(string id) =>
            people?.GetValueOrDefault(id) ?? await db.Customers.AsNoTracking().SingleAsync(c => c.Id == id, cancel);
        var insured = await PersonAsync(policy.InsuredId);
        var facts = Facts(policy, product, insured.BirthDate, newMembers);
        var triggers = PolicyReviews.Triggers(facts, date);
        if (triggers.Count == 0) return false;
        if (await db.Timeline.AnyAsync(t => t.PolicyNumber == policy.Number && t.On == date && t.Kind == TimelineKind, cancel)) return false;
        var points = PolicyReviews.Points(facts, date);
        var line = new JsonObject
        {
            ["triggers"] = new JsonArray(triggers.Select(t => (JsonNode?)ReviewCodes.Triggers.Code(t)).ToArray()),
            ["points"] = new JsonArray(points.Select(p => (JsonNode?)ReviewCodes.Points.Code(p.Kind)).ToArray()),
        };
        var seq = await Timeline.NextEventSeqAsync(db, policy.Number, date, cancel);
        db.Timeline.Add(Timeline.Entry(policy.Number, date, TimelineKind, seq++, line));
        var holder = (await PersonAsync(policy.HolderId)).ToCustomer();
        var notice = new NoticeFacts(policy.Number, product.Currency, 0m, Review: new ReviewNoticeFacts(triggers, points, Link(policy.Number)));
        var planned = Outbox.AddPlanned(db, policy.Number, [new NoticeOccasion(Stage.PolicyReview, $"review-{date:yyyy-MM-dd}", notice)],
            holder, date, product, reference.Book, seq);
        await db.SaveChangesAsync(cancel);
        await Outbox.EvidencePlannedAsync(db, planned, now, cancel);
        return true;
    }

    /// <summary>What the core needs: the terms, the insured's birth date, and the premium of the year in force.</summary>
    public static ReviewFacts Facts(PolicyRecord policy, Product product, DateOnly? insuredBirth, int newMembers = 0)
    {
        var terms = policy.ToTerms(product);
        var standing = policy.ToStanding();
        var year = standing.Renewal?.YearPremium ?? policy.Premium * (12 / Frequencies.Months(policy.Frequency));
        return new ReviewFacts(terms, insuredBirth, year, newMembers);
    }
}
