using PolicyCare.Delinquency;
using PolicyCare.Policies;

namespace PolicyCare.Billing;

/// <summary>One part of an arrears payment plan.</summary>
public sealed record PlanPart(DateOnly DueDate, decimal Amount);

/// <summary>
/// Arrears split into parts, agreed on a day. While it runs, what the customer owes is the plan's
/// parts plus the premiums falling due meanwhile, each by its own date: the grace clock follows them.
/// </summary>
/// <param name="CoveredThrough">Installments billed when the plan was agreed: the ones whose arrears it covers.</param>
public sealed record ArrearsPlan(DateOnly AgreedOn, decimal AppliedAtAgreement, int CoveredThrough, IReadOnlyList<PlanPart> Parts)
{
    public decimal Amount => Parts.Sum(p => p.Amount);
}

/// <summary>A payment holiday: installment <see cref="Sequence"/> is due on <see cref="Until"/> instead of its due date.</summary>
public sealed record PaymentHoliday(int Sequence, DateOnly Until);

/// <summary>Something the customer owes by a date, with the subject its reminders are keyed by.</summary>
public sealed record Obligation(DateOnly DueDate, decimal Amount, string Subject, bool Covered);

/// <summary>Arrears relief and incentives offered by a product. Null fields are not offered.</summary>
public sealed record ReliefRules(
    int? PaymentPlanMaxInstallments = null,
    int? DeferralMaxDays = null,
    decimal? OnTimeDiscountRate = null,
    int? OnTimePoints = null,
    int? LoyaltyAfter = null,
    int? LoyaltyPoints = null)
{
    public static ReliefRules None { get; } = new();
}

/// <summary>A request for relief the product's rules do not allow.</summary>
public sealed class ReliefRefusedException(string field, string reason) : Exception(reason)
{
    public string Field { get; } = field;
}

/// <summary>Payment plans, payment holidays, and what a customer owes when.</summary>
public static class Relief
{
    /// <summary>
    /// Splits everything overdue into <paramref name="parts"/> equal monthly parts, the first a month
    /// after the agreement (the last absorbs the rounding to the minor unit).
    /// </summary>
    public static PolicyStanding AgreePlan(PolicyTerms terms, PolicyStanding standing, DateOnly date, int parts)
    {
        var max = terms.Product.Relief.PaymentPlanMaxInstallments
            ?? throw new ReliefRefusedException("installments", $"product {terms.Product.Code} offers no payment plans");
        if (parts < 2 || parts > max) throw new ReliefRefusedException("installments", $"must be between 2 and {max}");
        if (!standing.Status.IsCollecting()) throw new ReliefRefusedException("status", $"a {standing.Status.Code()} policy cannot take a payment plan");
        if (standing.Plan is not null) throw new ReliefRefusedException("plan", "a payment plan is already running");
        var billed = Account.BillThrough(terms, standing, date);
        var arrears = Account.Outstanding(terms, billed);
        if (arrears <= 0) throw new ReliefRefusedException("arrears", "nothing is overdue");
        var each = Currencies.RoundToMinorUnitAwayFromZero(arrears / parts, terms.Currency);
        var list = Enumerable.Range(1, parts)
            .Select(k => new PlanPart(date.AddMonths(k), k < parts ? each : arrears - each * (parts - 1)))
            .ToList();
        return billed with { Plan = new ArrearsPlan(date, billed.Applied, billed.InstallmentsBilled, list), Holiday = null };
    }

    /// <summary>A payment holiday of up to the product's days for the oldest open installment, or the next one to fall due.</summary>
    public static PolicyStanding GrantHoliday(PolicyTerms terms, PolicyStanding standing, DateOnly date, int days)
    {
        var max = terms.Product.Relief.DeferralMaxDays
            ?? throw new ReliefRefusedException("days", $"product {terms.Product.Code} offers no payment holidays");
        if (days < 1 || days > max) throw new ReliefRefusedException("days", $"must be between 1 and {max}");
        if (!standing.Status.IsCollecting()) throw new ReliefRefusedException("status", $"a {standing.Status.Code()} policy cannot take a payment holiday");
        if (standing.Plan is not null) throw new ReliefRefusedException("plan", "a payment plan is running");
        var billed = Account.BillThrough(terms, standing, date);
        var sequence = Account.OldestOpen(terms, billed)?.Sequence ?? billed.InstallmentsBilled;
        return billed with { Holiday = new PaymentHoliday(sequence, terms.DueDate(sequence).AddDays(days)) };
    }

    /// <summary>The installment's due date, moved by a payment holiday.</summary>
    public static DateOnly EffectiveDueDate(PolicyTerms terms, PolicyStanding s, int sequence) =>
        s.Holiday is { } h && h.Sequence == sequence && h.Until > terms.DueDate(sequence) ? h.Until : terms.DueDate(sequence);

    /// <summary>
    /// What is owed, oldest first. Without a plan: the open installments. With one: its parts and the
    /// premiums fallen due since it was agreed, by date, the money paid since covering them in order.
    /// </summary>
    public static IReadOnlyList<Obligation> Obligations(PolicyTerms terms, PolicyStanding s)
    {
        if (s.Plan is not { } plan)
        {
            return Account.OpenInstallments(terms, s)
                .Select(i => new Obligation(EffectiveDueDate(terms, s, i.Sequence), i.Unpaid, $"installment-{i.Sequence}", false))
                .ToList();
        }
        var owed = plan.Parts.Select((p, k) => (p.DueDate, p.Amount, Subject: $"plan-{plan.AgreedOn:yyyy-MM-dd}-part-{k + 1}"))
            .Concat(Enumerable.Range(plan.CoveredThrough, Math.Max(0, s.InstallmentsBilled - plan.CoveredThrough))
                .Select(seq => (DueDate: EffectiveDueDate(terms, s, seq), Amount: Account.InstallmentPremium(terms, s, seq), Subject: $"installment-{seq}")))
            .OrderBy(o => o.DueDate)
            .ToList();
        var progress = s.Applied - plan.AppliedAtAgreement;
        var cumulative = 0m;
        var result = new List<Obligation>(owed.Count);
        foreach (var (due, amount, subject) in owed)
        {
            cumulative += amount;
            result.Add(new Obligation(due, amount, subject, cumulative <= progress));
        }
        return result;
    }

    /// <summary>
    /// Each obligation with what is left of it after the money paid (oldest paid first): the schedule a
    /// customer on a plan follows, part by part, and what "pay now" asks for — the next part, not the whole debt.
    /// </summary>
    public static IReadOnlyList<(Obligation Obligation, decimal Left)> Schedule(PolicyTerms terms, PolicyStanding s)
    {
        var obligations = Obligations(terms, s);
        if (s.Plan is not { } plan) return obligations.Select(o => (o, o.Amount)).ToList();
        var progress = s.Applied - plan.AppliedAtAgreement;
        var before = 0m;
        var result = new List<(Obligation, decimal)>(obligations.Count);
        foreach (var o in obligations)
        {
            result.Add((o, Math.Clamp(before + o.Amount - progress, 0m, o.Amount)));
            before += o.Amount;
        }
        return result;
    }

    /// <summary>The day the oldest unmet obligation fell (or will fall) due; null when nothing is owed.</summary>
    public static Obligation? OldestUnmet(PolicyTerms terms, PolicyStanding s) =>
        Obligations(terms, s).FirstOrDefault(o => !o.Covered);

    /// <summary>What is owed by a date: what a debit that day collects and a reminder asks for.</summary>
    public static decimal OwedBy(PolicyTerms terms, PolicyStanding s, DateOnly date)
    {
        if (s.Plan is not { } plan)
            return Account.OpenInstallments(terms, s).Where(i => EffectiveDueDate(terms, s, i.Sequence) <= date).Sum(i => i.Unpaid);
        var obligations = Obligations(terms, s);
        var due = obligations.Where(o => o.DueDate <= date).Sum(o => o.Amount);
        return Math.Max(0m, due - (s.Applied - plan.AppliedAtAgreement));
    }

    /// <summary>A plan is complete when the money paid since it was agreed covers all its parts.</summary>
    public static bool PlanComplete(PolicyStanding s) =>
        s.Plan is { } plan && s.Applied - plan.AppliedAtAgreement >= plan.Amount;
}
