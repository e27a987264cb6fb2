using PolicyCare.Codes;

namespace PolicyCare.Billing;

/// <summary>Why an auto-debit did not go through, as the bank reports it.</summary>
public enum DebitFailureReason { InsufficientFunds, AccountClosed, MandateRevoked, InvalidAccount, TechnicalError }

public static class DebitFailureReasons
{
    public static readonly CodeTable<DebitFailureReason> Table = new("debit failure reason",
        (DebitFailureReason.InsufficientFunds, "insufficient-funds"),
        (DebitFailureReason.AccountClosed, "account-closed"),
        (DebitFailureReason.MandateRevoked, "mandate-revoked"),
        (DebitFailureReason.InvalidAccount, "invalid-account"),
        (DebitFailureReason.TechnicalError, "technical-error"));

    public static string Code(this DebitFailureReason reason) => Table.Code(reason);

    public static bool TryParse(string code, out DebitFailureReason reason) => Table.TryParse(code, out reason);

    /// <summary>
    /// Failures a retry cannot cure: the customer has to give a new card or account. After these,
    /// reminders carry guidance to rebind the payment method.
    /// </summary>
    public static bool NeedsNewPaymentMethod(this DebitFailureReason reason) =>
        reason is DebitFailureReason.AccountClosed or DebitFailureReason.InvalidAccount or DebitFailureReason.MandateRevoked;
}
