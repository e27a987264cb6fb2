using PolicyCare.Billing;

namespace PolicyCare.Policies;

/// <summary>What the contract says about paying for a policy: from when, how much, how often.</summary>
public sealed record PolicyTerms(string Number, Product Product, DateOnly Start, decimal Premium, Frequency Frequency)
{
    public string Currency => Product.Currency;

    public DateOnly DueDate(int sequence) => InstallmentSchedule.DueDate(Start, Frequency, sequence);
}
