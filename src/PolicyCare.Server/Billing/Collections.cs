using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Billing;

/// <summary>The policy a request names does not exist.</summary>
public sealed class UnknownPolicyException(string number) : Exception($"no policy numbered '{number}'");

/// <summary>A payment allocated to its policy, with the rows that record it.</summary>
public sealed record PostedPayment(PaymentAllocation Allocation, PaymentRecord Payment, TimelineEntry Entry, bool Cleared);

/// <summary>Money in and money refused: payments, failed auto-debits and mandate changes, as they arrive.</summary>
public static class Collections
{
    /// <summary>
    /// Posts a payment: oldest installment first, surplus kept as credit. The external reference is
    /// unique in the database, so the same payment can never be posted twice. When nothing is overdue
    /// any more, reminders still waiting in the outbox are cancelled.
    /// </summary>
    public static async Task<PaymentAllocation> PostPaymentAsync(PolicyCareDb db, string policyNumber, DateOnly on, decimal amount,
        string method, string externalReference, CancellationToken cancel = default)
    {
        var policy = await db.PolicyForChangeAsync(policyNumber, cancel) ?? throw new UnknownPolicyException(policyNumber);
        var terms = policy.ToTerms((await db.Products.FindAsync([policy.ProductCode], cancel))!.ToProduct());
        var posted = Apply(policy, terms, on, amount, method, externalReference, await Timeline.NextEventSeqAsync(db, policyNumber, on, cancel));
        db.Payments.Add(posted.Payment);
        db.Timeline.Add(posted.Entry);
        if (posted.Cleared) await Outbox.CancelPendingRemindersAsync(db, policyNumber, cancel);
        await db.SaveChangesAsync(cancel);
        return posted.Allocation;
    }

    /// <summary>
    /// A payment applied to a policy record: allocated oldest first, with the payment and its timeline
    /// entry at <paramref name="seq"/> to write. The caller writes them (one at a time through EF Core,
    /// or many at once by COPY); Cleared means nothing is overdue any more, so waiting reminders must be
    /// cancelled.
    /// </summary>
    public static PostedPayment Apply(PolicyRecord policy, PolicyTerms terms, DateOnly on, decimal amount,
        string method, string externalReference, int seq)
    {
        var (standing, allocation) = Payments.Receive(terms, policy.ToStanding(), on, amount);
        policy.Store(standing);
        policy.NextReviewOn = Earlier(policy.NextReviewOn, on);
        var payment = new PaymentRecord
        {
            PolicyNumber = policy.Number, ReceivedOn = on, Amount = amount, Method = method,
            ExternalReference = externalReference, Applied = allocation.Applied, Credit = allocation.Credit,
        };
        var entry = Timeline.Entry(policy.Number, on, "payment", seq, new JsonObject
        {
            ["amount"] = Currencies.Format(amount, terms.Currency),
            ["applied"] = Currencies.Format(allocation.Applied, terms.Currency),
            ["credit"] = Currencies.Format(allocation.Credit, terms.Currency),
            ["method"] = method,
        });
        return new PostedPayment(allocation, payment, entry, Account.Outstanding(terms, standing) <= 0);
    }

    /// <summary>The bank reports that the auto-debit of a day failed; the cycle of that day acts on it.</summary>
    public static async Task RecordDebitRejectionAsync(PolicyCareDb db, string policyNumber, DateOnly on, DebitFailureReason reason,
        bool insurerFault, DateOnly? receivedOn = null, string? bankReference = null, CancellationToken cancel = default)
    {
        var policy = await db.PolicyForChangeAsync(policyNumber, cancel) ?? throw new UnknownPolicyException(policyNumber);
        var received = receivedOn ?? on;
        policy.NextReviewOn = Earlier(policy.NextReviewOn, received);
        var existing = await db.DebitRejections.FirstOrDefaultAsync(r => r.PolicyNumber == policyNumber && r.On == on, cancel);
        if (existing is null)
        {
            db.DebitRejections.Add(new DebitRejectionRecord
            {
                PolicyNumber = policyNumber, On = on, ReceivedOn = received, Reason = reason.Code(), InsurerFault = insurerFault, BankReference = bankReference,
            });
        }
        await db.SaveChangesAsync(cancel);
    }

    /// <summary>The customer cancels auto-debit; it stops from the next debit on.</summary>
    public static async Task RevokeMandateAsync(PolicyCareDb db, string policyNumber, DateOnly on, CancellationToken cancel = default)
    {
        var policy = await db.PolicyForChangeAsync(policyNumber, cancel) ?? throw new UnknownPolicyException(policyNumber);
        if (!policy.MandateActive) return;
        policy.MandateActive = false;
        policy.NextReviewOn = Earlier(policy.NextReviewOn, on);
        db.Timeline.Add(Timeline.Entry(policyNumber, on, "mandate-revoked", await Timeline.NextEventSeqAsync(db, policyNumber, on, cancel), []));
        await db.SaveChangesAsync(cancel);
    }

    internal static DateOnly? Earlier(DateOnly? current, DateOnly candidate) =>
        current is { } c && c < candidate ? c : candidate;
}
