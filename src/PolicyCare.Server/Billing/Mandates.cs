using Microsoft.EntityFrameworkCore;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Billing;

/// <summary>Auto-debit mandates as operations: the customer's consent recorded word for word, and its end.</summary>
public static class Mandates
{
    /// <summary>Records the customer's consent and starts auto-debit; an earlier mandate of the policy ends.</summary>
    public static async Task<MandateRecord> StartAsync(PolicyCareDb db, string number, string consent, string channel, string? last4,
        DateTimeOffset now, DateOnly today, CancellationToken cancel)
    {
        var mandate = new MandateRecord { PolicyNumber = number, ConsentText = consent, ConsentedAt = now, Channel = channel, AccountLast4 = last4 };
        var earlier = await db.Mandates.Where(m => m.PolicyNumber == number && m.RevokedAt == null).ToListAsync(cancel);
        // The pre-debit notice of the next debit is planned by the cycle, which looks at the policy again today.
        await PolicyChanges.ApplyAsync(db, number, today, new StartMandate(channel), _ =>
        {
            foreach (var old in earlier) old.RevokedAt = now;
            db.Mandates.Add(mandate);
        }, now, cancel);
        return mandate;
    }

    /// <summary>Ends the policy's mandate: no debit is attempted from the next due date on.</summary>
    public static async Task EndAsync(PolicyCareDb db, string number, DateTimeOffset now, DateOnly today, CancellationToken cancel)
    {
        // One transaction: the policy's auto-debit and the consent record end together.
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        var active = await db.Mandates.Where(m => m.PolicyNumber == number && m.RevokedAt == null).ToListAsync(cancel);
        await PolicyChanges.ApplyAsync(db, number, today, new EndMandate(), at: now, cancel: cancel);
        // The consent record ends even when auto-debit was already off on the policy.
        foreach (var m in active) m.RevokedAt = now;
        await db.SaveChangesAsync(cancel);
        await tx.CommitAsync(cancel);
    }

}
