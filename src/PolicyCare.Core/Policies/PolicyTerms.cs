using PolicyCare.Billing;

namespace PolicyCare.Policies;

/// <summary>
/// An endorsement that changes what the policy costs from one installment on: installment
/// <see cref="FromSequence"/> falls due on <see cref="FromDate"/>, and from it on each costs
/// <see cref="Installment"/> and falls due every <see cref="Frequency"/>. The first of them also carries
/// <see cref="Adjustment"/>: the pro-rata premium for more cover in the period the change fell in. A change of payment
/// term or of cover term also carries the new term (<see cref="PaymentYears"/>, <see cref="CoverYears"/>: years from the policy's start).
/// </summary>
public sealed record PremiumChange(int FromSequence, DateOnly FromDate, decimal Installment, Frequency Frequency, decimal Adjustment = 0m,
    int? PaymentYears = null, int? CoverYears = null);

/// <summary>
/// What the contract says about paying for a policy: from when, how much, how often — and, after an
/// endorsement that changed the premium or the frequency, from which installment on the new figures hold.
/// Every schedule question (when is installment n due, how many are due by a date, what does one cost)
/// is asked here, so a change of contract changes the cycle, the notices and the account alike.
/// </summary>
public sealed record PolicyTerms(string Number, Product Product, DateOnly Start, decimal Premium, Frequency Frequency,
    IReadOnlyList<PremiumChange>? Changes = null)
{
    public string Currency => Product.Currency;

    /// <summary>
    /// For how many years from the start premiums are paid: the last endorsed payment term, else the term the product
    /// is sold with; null when premiums are paid for as long as the policy lasts.
    /// </summary>
    public int? PaymentYears => Changes?.LastOrDefault(c => c.PaymentYears is not null)?.PaymentYears ?? Product.Changes?.PaymentTerm?.Years;

    /// <summary>For how many years from the start the policy covers: the last endorsed cover term, else the product's; null for life.</summary>
    public int? CoverYears => Changes?.LastOrDefault(c => c.CoverYears is not null)?.CoverYears ?? Product.Changes?.CoverTerm?.Years;

    /// <summary>The day the cover ends (the anniversary that ends the cover term), or null for cover for life.</summary>
    public DateOnly? CoverEndsOn => CoverYears is { } years ? Start.AddYears(years) : null;

    /// <summary>The first day no premium falls due any more: the end of the payment term, or of the cover if that comes first; null if neither ends.</summary>
    public DateOnly? PremiumsEndOn => Math.Min(PaymentYears ?? int.MaxValue, CoverYears ?? int.MaxValue) is var years and < int.MaxValue ? Start.AddYears(years) : null;

    /// <summary>Whether installment <paramref name="sequence"/> falls due at all, or the premiums are paid in full before it.</summary>
    public bool HasInstallment(int sequence) => PremiumsEndOn is not { } end || DueDate(sequence) < end;

    public DateOnly DueDate(int sequence) => ChangeFor(sequence) is { } c
        ? InstallmentSchedule.DueDate(c.FromDate, c.Frequency, sequence - c.FromSequence)
        : InstallmentSchedule.DueDate(Start, Frequency, sequence);

    /// <summary>How many installments fall due on or before the date (0 before the start date).</summary>
    public int CountDueOnOrBefore(DateOnly date)
    {
        // Nothing falls due from the end of the payment term on: the schedule stops at its last installment.
        if (PremiumsEndOn is { } end && date >= end) date = end.AddDays(-1);
        return ChangeOn(date) is { } c
            ? c.FromSequence + InstallmentSchedule.CountDueOnOrBefore(c.FromDate, c.Frequency, date)
            : InstallmentSchedule.CountDueOnOrBefore(Start, Frequency, date);
    }

    /// <summary>How many installments fall due strictly before the date.</summary>
    public int CountDueBefore(DateOnly date) => CountDueOnOrBefore(date.AddDays(-1));

    /// <summary>What installment <paramref name="sequence"/> costs, with the pro-rata adjustment it carries.</summary>
    public decimal InstallmentPremium(int sequence) => ChangeFor(sequence) is { } c
        ? c.Installment + (sequence == c.FromSequence ? c.Adjustment : 0m)
        : Premium;

    /// <summary>The regular installment (without adjustment) and frequency in force for installment <paramref name="sequence"/>.</summary>
    public (decimal Installment, Frequency Frequency) RegularAt(int sequence) => ChangeFor(sequence) is { } c ? (c.Installment, c.Frequency) : (Premium, Frequency);

    /// <summary>The installment and frequency of the period the date falls in (the first one before the start).</summary>
    public (decimal Installment, Frequency Frequency) RegularOn(DateOnly date) => RegularAt(Math.Max(0, CountDueOnOrBefore(date) - 1));

    /// <summary>What a year of cover costs at the installment and frequency in force on the date.</summary>
    public decimal YearlyPremiumOn(DateOnly date) => RegularOn(date) is var (installment, frequency) ? installment * (12 / frequency.Months()) : 0m;

    /// <summary>What the first <paramref name="count"/> installments cost together.</summary>
    public decimal BilledFor(int count)
    {
        if (Changes is not { Count: > 0 } changes) return checked(count * Premium);
        var total = checked(Math.Min(count, changes[0].FromSequence) * Premium);
        for (var i = 0; i < changes.Count && count > changes[i].FromSequence; i++)
        {
            var c = changes[i];
            var until = i + 1 < changes.Count ? Math.Min(count, changes[i + 1].FromSequence) : count;
            total = checked(total + (until - c.FromSequence) * c.Installment + c.Adjustment);
        }
        return total;
    }

    private PremiumChange? ChangeFor(int sequence)
    {
        if (Changes is not { Count: > 0 } changes) return null;
        for (var i = changes.Count - 1; i >= 0; i--)
            if (changes[i].FromSequence <= sequence) return changes[i];
        return null;
    }

    private PremiumChange? ChangeOn(DateOnly date)
    {
        if (Changes is not { Count: > 0 } changes) return null;
        for (var i = changes.Count - 1; i >= 0; i--)
            if (changes[i].FromDate <= date) return changes[i];
        return null;
    }
}
