using PolicyCare.Billing;
using PolicyCare.Policies;

namespace PolicyCare.Delinquency;

/// <summary>Money received on a day, as the policy's standing sees it.</summary>
public static class Payments
{
    /// <summary>
    /// Money received on a due date pays that day's installment (it is billed first, so the payment
    /// is applied to it rather than held as credit); then oldest first, surplus as credit.
    /// </summary>
    public static PolicyStanding Apply(PolicyTerms terms, PolicyStanding standing, DateOnly on, decimal amount) =>
        Receive(terms, standing, on, amount).Standing;

    public static (PolicyStanding Standing, PaymentAllocation Allocation) Receive(PolicyTerms terms, PolicyStanding standing, DateOnly on, decimal amount)
    {
        var billed = standing.Status.IsOver() ? standing : Account.BillThrough(terms, standing, on);
        return Account.ApplyPayment(terms, billed, amount);
    }
}
