using PolicyCare.Billing;
using PolicyCare.Policies;

namespace PolicyCare.Delinquency;

/// <summary>The alternatives quoted on a date: a policy loan, reduced paid-up cover, an automatic premium loan.</summary>
public sealed record AlternativesQuote(
    DateOnly On, int CompletedYears, decimal CashValue, decimal MaxPolicyLoan, decimal PaidUpSumInsured,
    bool AutomaticPremiumLoanAvailable, int InstallmentsAutomaticLoanCovers, decimal Arrears);

public static class AlternativeQuotes
{
    /// <summary>
    /// Cash value = the table's multiple for the completed policy years × the annual premium (zero
    /// before the first year ends); a policy loan up to the product's ratio of it; reduced paid-up
    /// cover of cash value × the paid-up factor; an automatic premium loan pays whole installments
    /// of the arrears out of the loan limit. Null when the product has no cash values.
    /// </summary>
    public static AlternativesQuote? Quote(PolicyTerms terms, PolicyStanding standing, DateOnly on)
    {
        if (terms.Product.AlternativesOffered is not { } rules || rules.CashValuePerAnnualPremium.Count == 0) return null;
        var years = on.Year - terms.Start.Year - (on < terms.Start.AddYears(on.Year - terms.Start.Year) ? 1 : 0);
        var annual = terms.YearlyPremiumOn(on);
        var installment = terms.RegularOn(on).Installment;
        var multiple = years <= 0 ? 0m : rules.CashValuePerAnnualPremium[Math.Min(years, rules.CashValuePerAnnualPremium.Count) - 1];
        var currency = terms.Currency;
        var cash = Currencies.RoundToMinorUnitAwayFromZero(multiple * annual, currency);
        var loan = Currencies.RoundToMinorUnitAwayFromZero(cash * rules.PolicyLoanRatio, currency);
        var arrears = Account.Outstanding(terms, Account.BillThrough(terms, standing, on));
        var covers = rules.AutomaticPremiumLoan && installment > 0 ? (int)Math.Min(decimal.Floor(loan / installment), Math.Ceiling(arrears / installment)) : 0;
        return new AlternativesQuote(on, Math.Max(0, years), cash, loan,
            Currencies.RoundToMinorUnitAwayFromZero(cash * rules.PaidUpSumPerCashValue, currency), rules.AutomaticPremiumLoan && loan > 0, covers, arrears);
    }
}
