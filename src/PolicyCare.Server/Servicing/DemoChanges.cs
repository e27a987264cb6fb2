using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Storage;

namespace PolicyCare.Servicing;

/// <summary>
/// The demo's policy changes, made through the same desks as a customer's on the days they happen: customer 2
/// named beneficiaries a month ago (with the insured's consent where the insured is someone else) and changed
/// the email a week ago, proving it with the code (taken by the development sink: the demo sends nothing out).
/// Today, four other holders changed their cover through the cover desk: one more cover with a clean health
/// declaration (applied, the pro-rata part added to the next installment), one to annual payments from the next
/// anniversary, one more cover with something disclosed (waiting for underwriting), and one to 15 years of premiums
/// instead of 20 from the next anniversary.
/// </summary>
public static class DemoChanges
{
    public static async Task SeedAsync(PolicyCareDb db, IReadOnlyDictionary<string, string> customers, TimeProvider time, CancellationToken cancel = default)
    {
        if (!customers.TryGetValue("customer2", out var customer)) return;
        var today = await BookSettings.TodayAsync(db, time, cancel);
        // Each part once, looked for by its own kind (renewals in the demo's history make endorsements of their own).
        if (!await db.Endorsements.AnyAsync(e => e.Kind == "beneficiaries", cancel)) await PeopleAndContactAsync(db, customer, today, cancel);
        if (!await db.Endorsements.AnyAsync(e => e.Kind == "sum-insured" || e.Kind == "payment-frequency" || e.Kind == "payment-term", cancel) && !await db.ChangeRequests.AnyAsync(cancel))
            await CoverAsync(db, customers, today, cancel);
    }

    private static DateTimeOffset At(DateOnly day, int hour) => new(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);

    private static async Task PeopleAndContactAsync(PolicyCareDb db, string customer, DateOnly today, CancellationToken cancel)
    {
        var policy = await db.Policies.AsNoTracking().Where(p => p.HolderId == customer).OrderBy(p => p.Number).FirstOrDefaultAsync(cancel);
        if (policy is null) return;

        var named = today.AddDays(-30);
        var holderIsInsured = policy.InsuredId is null || policy.InsuredId == policy.HolderId;
        var consent = holderIsInsured ? null : new InsuredConsent(policy.InsuredId!, "signature", named);
        var (change, _) = Beneficiaries.Decide([], [new("王芳", Relationship.Spouse, 70), new("王小明", Relationship.Child, 30)], holderIsInsured, consent, named);
        if (change is not null) await BeneficiaryEndpoints.ConfirmAsync(db, policy.Number, change, consent, "customer2", named, At(named, 10), cancel);

        var changed = today.AddDays(-7);
        var sink = new DevelopmentSink(NullLogger<DevelopmentSink>.Instance);
        var sent = await ContactChangeDesk.SendCodeAsync(db, [sink], customer, "email", "wang.new@example.com", "customer2", At(changed, 20), cancel);
        await ContactChangeDesk.ConfirmAsync(db, customer, "email", sent.DemoCode, "customer2", changed, At(changed, 20).AddMinutes(2), cancel);
    }

    private static async Task CoverAsync(PolicyCareDb db, IReadOnlyDictionary<string, string> customers, DateOnly today, CancellationToken cancel)
    {
        // Changes of cover are made today, not back-dated: the cycle has already billed the days behind.
        var demoUsers = customers.Values.ToHashSet(StringComparer.Ordinal);
        var candidates = await db.Policies.AsNoTracking()
            .Where(p => p.Status == PolicyStatus.InForce && p.SumInsured != null && p.SumInsured <= 4_000_000m && p.Frequency == Policies.Frequency.Monthly
                && p.ProductCode == "CN-LIFE20")
            .OrderBy(p => p.Number).Select(p => new { p.Number, p.HolderId, p.SumInsured }).Take(40).ToListAsync(cancel);
        var chosen = candidates.Where(p => !demoUsers.Contains(p.HolderId)).Take(4).ToList();
        var asked = new (CoverChangeRequest Request, HealthDeclaration Declaration)[]
        {
            (new CoverChangeRequest(CoverChangeKind.SumInsured, SumInsured: 0m), HealthDeclaration.Clean),
            (new CoverChangeRequest(CoverChangeKind.Frequency, Frequency: Policies.Frequency.Annual), HealthDeclaration.None),
            (new CoverChangeRequest(CoverChangeKind.SumInsured, SumInsured: 0m), HealthDeclaration.Adverse),
            (new CoverChangeRequest(CoverChangeKind.PaymentTerm, PaymentYears: 15), HealthDeclaration.None),
        };
        foreach (var (p, (request, declaration)) in chosen.Zip(asked))
        {
            var r = request.Kind == CoverChangeKind.SumInsured ? request with { SumInsured = p.SumInsured + 100_000m } : request;
            await CoverChangeDesk.ConfirmAsync(db, p.Number, r, declaration, "service", today, At(today, 2), cancel);
            db.ChangeTracker.Clear();
        }
    }
}
