using PolicyCare.Delinquency;
using PolicyCare.Policies;

namespace PolicyCare.Billing;

/// <summary>An installment that has fallen due and is not fully paid.</summary>
public sealed record OpenInstallment(int Sequence, DateOnly DueDate, decimal Premium, decimal Unpaid);

/// <summary>What a payment did: how much went to installments, how much was kept as credit.</summary>
public sealed record PaymentAllocation(decimal Amount, decimal Applied, decimal Credit);

/// <summary>The arithmetic of a policy's account: billed = applied + outstanding; received = applied + credit + interest.</summary>
public static class Account
{
    public static decimal Billed(PolicyTerms terms, PolicyStanding standing) => checked(standing.InstallmentsBilled * terms.Premium);

    public static decimal Outstanding(PolicyTerms terms, PolicyStanding standing) => Billed(terms, standing) - standing.Applied;

    /// <summary>Open installments, oldest first; the first may be part-paid.</summary>
    public static IEnumerable<OpenInstallment> OpenInstallments(PolicyTerms terms, PolicyStanding standing)
    {
        if (terms.Premium <= 0) yield break;
        var firstOpen = (int)decimal.Floor(standing.Applied / terms.Premium);
        for (var seq = firstOpen; seq < standing.InstallmentsBilled; seq++)
        {
            var paidOfThis = seq == firstOpen ? standing.Applied - seq * terms.Premium : 0m;
            yield return new OpenInstallment(seq, terms.DueDate(seq), terms.Premium, terms.Premium - paidOfThis);
        }
    }

    public static OpenInstallment? OldestOpen(PolicyTerms terms, PolicyStanding standing) =>
        OpenInstallments(terms, standing).FirstOrDefault();

    /// <summary>Money received is applied to the oldest open installment first; a surplus is kept as credit.</summary>
    public static (PolicyStanding Standing, PaymentAllocation Allocation) ApplyPayment(PolicyTerms terms, PolicyStanding standing, decimal amount)
    {
        if (amount <= 0) throw new ArgumentOutOfRangeException(nameof(amount), amount, "a payment is a positive amount");
        var applied = Math.Min(amount, Outstanding(terms, standing));
        var credit = amount - applied;
        var application = standing.Application is { } a ? a with { PaidSinceRequest = a.PaidSinceRequest + amount } : null;
        return (standing with
        {
            Applied = checked(standing.Applied + applied),
            Credit = checked(standing.Credit + credit),
            Application = application,
        }, new PaymentAllocation(amount, applied, credit));
    }

    /// <summary>Installments falling due up to the date are billed, and any credit is consumed by them.</summary>
    public static PolicyStanding BillThrough(PolicyTerms terms, PolicyStanding standing, DateOnly date)
    {
        var billed = InstallmentSchedule.CountDueOnOrBefore(terms.Start, terms.Frequency, date);
        if (billed <= standing.InstallmentsBilled) return standing;
        var next = standing with { InstallmentsBilled = billed };
        var fromCredit = Math.Min(next.Credit, Outstanding(terms, next));
        return next with { Applied = checked(next.Applied + fromCredit), Credit = next.Credit - fromCredit };
    }
}
