namespace PolicyCare.Billing;

/// <summary>Why an auto-debit did not go through, as the bank reports it.</summary>
public enum DebitFailureReason { InsufficientFunds, AccountClosed, MandateRevoked, InvalidAccount, TechnicalError }

public static class DebitFailureReasons
{
    public static string Code(this DebitFailureReason reason) => reason switch
    {
        DebitFailureReason.InsufficientFunds => "insufficient-funds",
        DebitFailureReason.AccountClosed => "account-closed",
        DebitFailureReason.MandateRevoked => "mandate-revoked",
        DebitFailureReason.InvalidAccount => "invalid-account",
        DebitFailureReason.TechnicalError => "technical-error",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    public static bool TryParse(string code, out DebitFailureReason reason)
    {
        foreach (var r in Enum.GetValues<DebitFailureReason>())
        {
            if (r.Code() == code) { reason = r; return true; }
        }
        reason = default;
        return false;
    }

    /// <summary>
    /// Failures a retry cannot cure: the customer has to give a new card or account. After these,
    /// reminders carry guidance to rebind the payment method.
    /// </summary>
    public static bool NeedsNewPaymentMethod(this DebitFailureReason reason) =>
        reason is DebitFailureReason.AccountClosed or DebitFailureReason.InvalidAccount or DebitFailureReason.MandateRevoked;
}
