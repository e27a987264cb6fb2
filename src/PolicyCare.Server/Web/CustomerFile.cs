using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Cases;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Web;

/// <summary>How a customer is tied to a policy: they hold it, are insured by it, or are a member of a group policy.</summary>
public enum PartyRole { Holder, Insured, Member }

public sealed record CustomerPolicy(PortalPolicy Policy, PartyRole Role);

public sealed record CustomerHit(CustomerRecord Customer, IReadOnlyList<string> Policies);

/// <summary>
/// Everything the back office knows about one customer, on one page: who they are and how to reach them,
/// their policies and where each stands, payments, notices and calls, claims, cases, consents and the timeline.
/// </summary>
public sealed record CustomerFile(
    CustomerRecord Customer,
    IReadOnlyList<CustomerPolicy> Policies,
    IReadOnlyList<PaymentRecord> Payments,
    IReadOnlyList<NoticeRecord> Notices,
    IReadOnlyList<NoticeRecord> Calls,
    IReadOnlyList<Claims.ClaimRecord> Claims,
    IReadOnlyList<CaseRecord> Cases,
    IReadOnlyList<MandateRecord> Consents,
    IReadOnlyList<TimelineEntry> Timeline)
{
    /// <summary>How many of the latest payments, notices and timeline entries the page shows.</summary>
    public const int Latest = 30;

    public string CurrencyOf(string policyNumber) =>
        Policies.FirstOrDefault(p => p.Policy.Detail.Number == policyNumber)?.Policy.Currency ?? "";

    public static async Task<CustomerFile?> LoadAsync(PolicyCareDb db, string customerId, TimeProvider time, CancellationToken cancel = default)
    {
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId, cancel);
        if (customer is null) return null;
        var memberOf = await db.PolicyMembers.AsNoTracking().Where(m => m.CustomerId == customerId).Select(m => m.PolicyNumber).ToListAsync(cancel);
        var records = await db.Policies.AsNoTracking()
            .Where(p => p.HolderId == customerId || p.InsuredId == customerId || memberOf.Contains(p.Number))
            .OrderBy(p => p.Number).ToListAsync(cancel);
        var policies = new List<CustomerPolicy>();
        foreach (var record in records)
        {
            var role = record.HolderId == customerId ? PartyRole.Holder : record.InsuredId == customerId ? PartyRole.Insured : PartyRole.Member;
            policies.Add(new CustomerPolicy(await Portal.ViewAsync(db, record, time, cancel) with { IsHolder = role == PartyRole.Holder }, role));
        }
        var numbers = records.Select(p => p.Number).ToList();
        var payments = await db.Payments.AsNoTracking().Where(p => numbers.Contains(p.PolicyNumber))
            .OrderByDescending(p => p.ReceivedOn).ThenByDescending(p => p.Id).Take(Latest).ToListAsync(cancel);
        // What was sent to this customer (or about them to their emergency contact), not what went to a co-insured.
        var recipients = new[] { customerId, NoticePlanner.EmergencyPrefix + customerId };
        var notices = await db.Notices.AsNoTracking().Where(n => recipients.Contains(n.Recipient))
            .OrderByDescending(n => n.PlannedOn).ThenByDescending(n => n.Id).Take(Latest * 4).ToListAsync(cancel);
        var calls = notices.Where(n => n.Channel is Channel.AgentCall or Channel.Voice).Take(Latest).ToList();
        // The claims they made and those on their policies (a claim by an insured person or a group member is on the holder's file too).
        var claims = await db.Claims.AsNoTracking().Where(c => c.ClaimantId == customerId || numbers.Contains(c.PolicyNumber))
            .OrderByDescending(c => c.SubmittedOn).ThenByDescending(c => c.Id).Take(Latest).ToListAsync(cancel);
        var cases = await db.Cases.AsNoTracking().Where(c => c.CustomerId == customerId || numbers.Contains(c.PolicyNumber))
            .OrderByDescending(c => c.OpenedOn).ThenByDescending(c => c.Id).ToListAsync(cancel);
        var consents = await db.Mandates.AsNoTracking().Where(m => numbers.Contains(m.PolicyNumber))
            .OrderByDescending(m => m.ConsentedAt).ToListAsync(cancel);
        var timeline = await db.Timeline.AsNoTracking().Where(t => numbers.Contains(t.PolicyNumber))
            .OrderByDescending(t => t.On).ThenByDescending(t => t.Seq).ThenByDescending(t => t.Id).Take(Latest).ToListAsync(cancel);
        return new CustomerFile(customer, policies, payments, notices.Where(n => !calls.Contains(n)).Take(Latest).ToList(), calls, claims, cases, consents, timeline);
    }

    /// <summary>
    /// Customers found by what an agent has in hand: a policy number (any case, or its start), a customer number, a phone
    /// number (the digits, any spacing), or part of a name in any script.
    /// </summary>
    public static async Task<List<CustomerHit>> SearchAsync(PolicyCareDb db, string query, CancellationToken cancel = default)
    {
        var q = query.Trim();
        if (q.Length == 0) return [];
        var upper = q.ToUpperInvariant();
        var ids = new List<string>();
        ids.AddRange(await db.Policies.AsNoTracking().Where(p => p.Number == upper).Select(p => p.HolderId).ToListAsync(cancel));
        ids.AddRange(await db.Policies.AsNoTracking().Where(p => p.Number == upper && p.InsuredId != p.HolderId).Select(p => p.InsuredId).ToListAsync(cancel));
        ids.AddRange(await db.Customers.AsNoTracking().Where(c => c.Id == upper || c.Id == q).Select(c => c.Id).ToListAsync(cancel));
        // The start of a policy or customer number (an agent reading it out over the phone): a prefix, served by the key's index.
        if (q.Length >= 4 && q.All(char.IsAsciiLetterOrDigit) && q.Any(char.IsAsciiLetter))
        {
            ids.AddRange(await db.Policies.AsNoTracking().Where(p => p.Number.StartsWith(upper)).OrderBy(p => p.Number).Select(p => p.HolderId).Take(50).ToListAsync(cancel));
            ids.AddRange(await db.Customers.AsNoTracking().Where(c => c.Id.StartsWith(upper)).OrderBy(c => c.Id).Select(c => c.Id).Take(50).ToListAsync(cancel));
        }
        var digits = new string(q.Where(char.IsAsciiDigit).ToArray());
        // Seven digits or more is a phone number, not a fragment of a policy number.
        if (digits.Length >= 7 && digits.Length >= q.Count(c => !char.IsWhiteSpace(c) && c is not ('+' or '-' or '(' or ')')))
            ids.AddRange(await db.Customers.AsNoTracking().Where(c => c.Mobile != null && c.Mobile.EndsWith(digits)).Select(c => c.Id).Take(50).ToListAsync(cancel));
        if (q.Length >= 2 || !char.IsAscii(q[0]))
            ids.AddRange(await db.Customers.AsNoTracking().Where(c => c.Name.Contains(q)).OrderBy(c => c.Id).Select(c => c.Id).Take(50).ToListAsync(cancel));
        var found = ids.Distinct().Take(50).ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => found.Contains(c.Id)).ToListAsync(cancel);
        // The policies each one holds or is insured by: an insured person who is not the holder is found too.
        var held = (await db.Policies.AsNoTracking().Where(p => found.Contains(p.HolderId) || found.Contains(p.InsuredId)).OrderBy(p => p.Number)
                .Select(p => new { p.HolderId, p.InsuredId, p.Number }).ToListAsync(cancel))
            .SelectMany(p => p.HolderId == p.InsuredId ? [(Id: p.HolderId, p.Number)] : new[] { (Id: p.HolderId, p.Number), (Id: p.InsuredId, p.Number) })
            .ToLookup(p => p.Id, p => p.Number);
        return customers.OrderBy(c => found.IndexOf(c.Id)).Select(c => new CustomerHit(c, held[c.Id].ToList())).ToList();
    }

    /// <summary>The holder of a policy, for links from a policy number to its customer's page.</summary>
    public static string Link(string customerId, string? policyNumber = null) =>
        "/office/customers/" + Uri.EscapeDataString(customerId) + (policyNumber is null ? "" : "#policy-" + policyNumber);
}
