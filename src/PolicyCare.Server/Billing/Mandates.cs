using Microsoft.EntityFrameworkCore;
using PolicyCare.Policies;
using PolicyCare.Servicing;
using PolicyCare.Storage;

namespace PolicyCare.Billing;

/// <summary>
/// Auto-debit mandates as operations: the customer's consent recorded word for word, and its end. A change of payment
/// method is a change to the contract: an endorsement (the method before and after) confirmed to the holder in writing.
/// </summary>
public static class Mandates
{
    /// <summary>
    /// The channel of a consent given before the policy came to PolicyCare (a loaded or imported book): the insurer holds
    /// the signed form; PolicyCare records that auto-debit was consented to, from when, so the customer's file and the next
    /// change of payment method tell the truth about it.
    /// </summary>
    public const string CarriedOver = "carried-over";

    /// <summary>The consent record of a policy that arrives paying by auto-debit, consented to on <paramref name="since"/>.</summary>
    public static MandateRecord CarriedOverFor(string number, DateOnly since) => new()
    {
        PolicyNumber = number, Channel = CarriedOver, ConsentedAt = new DateTimeOffset(since.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        ConsentText = "Consent given before the policy came to PolicyCare; the signed consent is in the insurer's files.",
    };

    /// <summary>Records the customer's consent and starts auto-debit; an earlier mandate of the policy ends.</summary>
    public static async Task<MandateRecord> StartAsync(PolicyCareDb db, string number, string consent, string channel, string? last4,
        DateTimeOffset now, DateOnly today, CancellationToken cancel)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        var mandate = new MandateRecord { PolicyNumber = number, ConsentText = consent, ConsentedAt = now, Channel = channel, AccountLast4 = last4 };
        var earlier = await db.Mandates.Where(m => m.PolicyNumber == number && m.RevokedAt == null).ToListAsync(cancel);
        // The pre-debit notice of the next debit is planned by the cycle, which looks at the policy again today.
        await PolicyChanges.ApplyAsync(db, number, today, new StartMandate(channel), _ =>
        {
            foreach (var old in earlier) old.RevokedAt = now;
            db.Mandates.Add(mandate);
        }, now, cancel);
        await EndorseAsync(db, number, earlier.LastOrDefault(), mandate, channel, today, now, cancel);
        await tx.CommitAsync(cancel);
        return mandate;
    }

    /// <summary>The payment method in the holder's words: auto-debit from the account ending so, or paying themselves.</summary>
    public static string MethodText(MandateRecord? mandate, string locale) => (mandate, locale) switch
    {
        (null, "zh-CN") => "自行缴费（无自动扣款）",
        (null, "ko-KR") => "직접 납입(자동이체 없음)",
        (null, _) => "paying yourself (no auto-debit)",
        ({ AccountLast4: { } last4 }, "zh-CN") => $"自动扣款，账户尾号{last4}",
        ({ AccountLast4: { } last4 }, "ko-KR") => $"자동이체(계좌 끝자리 {last4})",
        ({ AccountLast4: { } last4 }, _) => $"auto-debit from the account ending {last4}",
        (_, "zh-CN") => "自动扣款",
        (_, "ko-KR") => "자동이체",
        _ => "auto-debit",
    };

    /// <summary>The endorsement of a change of payment method, with its confirmation to the holder (nothing when nothing changed).</summary>
    private static async Task EndorseAsync(PolicyCareDb db, string number, MandateRecord? before, MandateRecord? after, string channel,
        DateOnly today, DateTimeOffset now, CancellationToken cancel)
    {
        if (before is null && after is null) return;
        var locale = await (from p in db.Policies where p.Number == number join c in db.Customers on p.HolderId equals c.Id select c.Locale).SingleAsync(cancel);
        static string Stored(MandateRecord? m) => m is null ? "none" : m.AccountLast4 is { } l ? "auto-debit:" + l : "auto-debit";
        await Endorsements.RecordAsync(db, new EndorsementRecord
        {
            PolicyNumber = number, Kind = "payment-method",
            Before = new System.Text.Json.Nodes.JsonObject { ["method"] = Stored(before) }.ToJsonString(),
            After = new System.Text.Json.Nodes.JsonObject { ["method"] = Stored(after) }.ToJsonString(),
            EffectiveOn = today, By = channel, At = now, ConsentMethod = after is null ? null : "consent-words", ConsentOn = after is null ? null : today,
        }, new System.Text.Json.Nodes.JsonObject(), [MethodText(before, locale)], [MethodText(after, locale)], today, now, confirm: true, cancel);
    }

    /// <summary>Ends the policy's mandate: no debit is attempted from the next due date on.</summary>
    public static async Task EndAsync(PolicyCareDb db, string number, string by, DateTimeOffset now, DateOnly today, CancellationToken cancel)
    {
        // One transaction: the policy's auto-debit and the consent record end together.
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        var active = await db.Mandates.Where(m => m.PolicyNumber == number && m.RevokedAt == null).ToListAsync(cancel);
        await PolicyChanges.ApplyAsync(db, number, today, new EndMandate(), at: now, cancel: cancel);
        // The consent record ends even when auto-debit was already off on the policy.
        foreach (var m in active) m.RevokedAt = now;
        await db.SaveChangesAsync(cancel);
        if (active.Count > 0) await EndorseAsync(db, number, active[^1], null, by, today, now, cancel);
        await tx.CommitAsync(cancel);
    }

}
