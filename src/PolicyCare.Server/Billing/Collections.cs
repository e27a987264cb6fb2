using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Billing;

/// <summary>The policy a request names does not exist.</summary>
public sealed class UnknownPolicyException(string number) : Exception($"no policy numbered '{number}'");

/// <summary>Money in and money refused: payments, failed auto-debits and mandate changes, as they arrive.</summary>
public static class Collections
{
    /// <summary>
    /// Posts a payment: oldest installment first, surplus kept as credit. The external reference is
    /// unique in the database, so the same payment can never be posted twice. A policy the payment
    /// clears is in force at once, and reminders still waiting in the outbox are cancelled.
    /// </summary>
    public static async Task<PaymentAllocation> PostPaymentAsync(PolicyCareDb db, string policyNumber, DateOnly on, decimal amount,
        string method, string externalReference, DateTimeOffset? at = null, string? recordedBy = null, CancellationToken cancel = default) =>
        (await ReceiveAsync(db, policyNumber, on, amount, method, externalReference, at, recordedBy, cancel)).Event<PaymentReceived>()!.Allocation;

    /// <summary>As <see cref="PostPaymentAsync"/>, answering with the policy as the payment left it (its standing, for the receipt).</summary>
    public static Task<AppliedChange> ReceiveAsync(PolicyCareDb db, string policyNumber, DateOnly on, decimal amount,
        string method, string externalReference, DateTimeOffset? at = null, string? recordedBy = null, CancellationToken cancel = default) =>
        PolicyChanges.ApplyAsync(db, policyNumber, on, new ReceivePayment(amount, method),
            change => db.Payments.Add(PaymentRow(change.Policy.Number, on, method, externalReference, change.Event<PaymentReceived>()!, recordedBy)), at, cancel);

    /// <summary>The payment as recorded, with how the core allocated it.</summary>
    public static PaymentRecord PaymentRow(string policy, DateOnly on, string method, string externalReference, PaymentReceived received, string? recordedBy = null) => new()
    {
        PolicyNumber = policy, ReceivedOn = on, Amount = received.Amount, Method = method, RecordedBy = recordedBy,
        ExternalReference = externalReference, Applied = received.Allocation.Applied, Credit = received.Allocation.Credit,
    };

    /// <summary>The bank reports that the auto-debit of a day failed; the cycle of the day the report arrived acts on it.</summary>
    public static async Task RecordDebitRejectionAsync(PolicyCareDb db, string policyNumber, DateOnly on, DebitFailureReason reason,
        bool insurerFault, DateOnly? receivedOn = null, string? bankReference = null, CancellationToken cancel = default)
    {
        var received = receivedOn ?? on;
        // Recorded once per debit day: the bank may send the same rejection again.
        var known = await db.DebitRejections.AnyAsync(r => r.PolicyNumber == policyNumber && r.On == on, cancel);
        await PolicyChanges.ApplyAsync(db, policyNumber, received, new NoteDebitRejection(on), cancel: cancel, alongside: _ =>
        {
            if (known) return;
            db.DebitRejections.Add(new DebitRejectionRecord
            {
                PolicyNumber = policyNumber, On = on, ReceivedOn = received, Reason = reason, InsurerFault = insurerFault, BankReference = bankReference,
            });
        });
    }

    /// <summary>The customer cancels auto-debit (as the bank reports it): it stops from the next debit on, and the consent on file ends that day.</summary>
    public static async Task RevokeMandateAsync(PolicyCareDb db, string policyNumber, DateOnly on, CancellationToken cancel = default)
    {
        var active = await db.Mandates.Where(m => m.PolicyNumber == policyNumber && m.RevokedAt == null).ToListAsync(cancel);
        var at = new DateTimeOffset(on.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await PolicyChanges.ApplyAsync(db, policyNumber, on, new EndMandate(), _ => active.ForEach(m => m.RevokedAt = at), cancel: cancel);
    }
}
