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
    public static decimal Billed(PolicyTerms terms, PolicyStanding standing) =>
        standing.Renewal?.Base is { } b
            ? checked(b.BilledBefore + (standing.InstallmentsBilled - b.FromSequence) * b.Installment)
            : terms.BilledFor(standing.InstallmentsBilled);

    /// <summary>What the installment costs: a renewal prices the year's installments anew.</summary>
    public static decimal InstallmentPremium(PolicyTerms terms, PolicyStanding standing, int sequence) =>
        standing.Renewal?.Base is { } b ? (sequence >= b.FromSequence ? b.Installment : b.PreviousInstallment) : terms.InstallmentPremium(sequence);

    /// <summary>What an installment of the year in force costs (the last one billed, without a pro-rata adjustment).</summary>
    public static decimal CurrentInstallment(PolicyTerms terms, PolicyStanding standing) =>
        standing.Renewal?.Base?.Installment ?? terms.RegularAt(Math.Max(0, standing.InstallmentsBilled - 1)).Installment;

    public static decimal Outstanding(PolicyTerms terms, PolicyStanding standing) => Billed(terms, standing) - standing.Applied;

    /// <summary>Open installments, oldest first; the first may be part-paid.</summary>
    public static IEnumerable<OpenInstallment> OpenInstallments(PolicyTerms terms, PolicyStanding standing)
    {
        if (standing.Renewal?.Base is { } b)
        {
            foreach (var open in OpenSinceRenewal(terms, standing, b)) yield return open;
            yield break;
        }
        if (terms.Changes is { Count: > 0 })
        {
            foreach (var open in OpenAfterChanges(terms, standing)) yield return open;
            yield break;
        }
        if (terms.Premium <= 0) yield break;
        var firstOpen = (int)decimal.Floor(standing.Applied / terms.Premium);
        for (var seq = firstOpen; seq < standing.InstallmentsBilled; seq++)
        {
            var paidOfThis = seq == firstOpen ? standing.Applied - seq * terms.Premium : 0m;
            yield return new OpenInstallment(seq, terms.DueDate(seq), terms.Premium, terms.Premium - paidOfThis);
        }
    }

    /// <summary>A policy whose premium changed: installments are walked one by one, each at its own price (a few hundred at most).</summary>
    private static IEnumerable<OpenInstallment> OpenAfterChanges(PolicyTerms terms, PolicyStanding s)
    {
        var paid = s.Applied;
        for (var seq = 0; seq < s.InstallmentsBilled; seq++)
        {
            var premium = terms.InstallmentPremium(seq);
            if (paid >= premium)
            {
                paid -= premium;
                continue;
            }
            yield return new OpenInstallment(seq, terms.DueDate(seq), premium, premium - paid);
            paid = 0m;
        }
    }

    private static IEnumerable<OpenInstallment> OpenSinceRenewal(PolicyTerms terms, PolicyStanding s, Servicing.PremiumBase b)
    {
        // Last year's installments still open are the last ones before the renewal, oldest first.
        var unpaidBefore = b.BilledBefore - s.Applied;
        if (unpaidBefore > 0 && b.PreviousInstallment > 0)
        {
            var count = (int)decimal.Ceiling(unpaidBefore / b.PreviousInstallment);
            var paidOfFirst = count * b.PreviousInstallment - unpaidBefore;
            for (var seq = b.FromSequence - count; seq < b.FromSequence; seq++)
                yield return new OpenInstallment(seq, terms.DueDate(seq), b.PreviousInstallment,
                    b.PreviousInstallment - (seq == b.FromSequence - count ? paidOfFirst : 0m));
        }
        if (b.Installment <= 0) yield break;
        var appliedSince = Math.Max(0m, s.Applied - b.BilledBefore);
        var firstOpen = b.FromSequence + (int)decimal.Floor(appliedSince / b.Installment);
        for (var seq = firstOpen; seq < s.InstallmentsBilled; seq++)
        {
            var paidOfThis = seq == firstOpen ? appliedSince - (seq - b.FromSequence) * b.Installment : 0m;
            yield return new OpenInstallment(seq, terms.DueDate(seq), b.Installment, b.Installment - paidOfThis);
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
        // A renewal offered and not declined prices the new year's installments before the first of them is billed,
        // whoever bills it first: the cycle, or a payment arriving on the renewal date.
        if (standing.Renewal is { Offer: { Offered: true } offer, Declined: false } renewal && offer.RenewalDate <= date
            && renewal.Base?.FromSequence != terms.CountDueBefore(offer.RenewalDate))
        {
            standing = BillThrough(terms, standing with { Renewal = renewal with { Offer = null } }, offer.RenewalDate.AddDays(-1)) with { Renewal = renewal };
            var priced = new Servicing.PremiumBase(standing.InstallmentsBilled, Billed(terms, standing), CurrentInstallment(terms, standing),
                Servicing.Renewals.Installment(offer.Premium, terms));
            standing = standing with { Renewal = renewal with { Base = priced } };
        }
        return BillInstallments(terms, standing, date);
    }

    private static PolicyStanding BillInstallments(PolicyTerms terms, PolicyStanding standing, DateOnly date)
    {
        var billed = terms.CountDueOnOrBefore(date);
        if (billed <= standing.InstallmentsBilled) return standing;
        var next = standing with { InstallmentsBilled = billed };
        var fromCredit = Math.Min(next.Credit, Outstanding(terms, next));
        return next with { Applied = checked(next.Applied + fromCredit), Credit = next.Credit - fromCredit };
    }
}
