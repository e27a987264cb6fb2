using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Billing;

/// <summary>Arrears relief as operations: a payment plan or a payment holiday within the product's rules, from the API, the portal or the worklist.</summary>
public static class ArrearsRelief
{
    /// <summary>Agrees a payment plan of so many parts over what is overdue (the API, the portal and the collections worklist).</summary>
    public static async Task<PlanView> OfferPlanAsync(PolicyCareDb db, string number, DateOnly today, int parts, CancellationToken cancel)
    {
        var applied = await PolicyChanges.ApplyAsync(db, number, today, new AgreePlan(parts), cancel: cancel);
        var plan = applied.Event<PlanAgreed>()!.Plan;
        var currency = applied.Terms.Currency;
        return new PlanView(number, plan.AgreedOn, Currencies.Format(plan.Amount, currency),
            plan.Parts.Select(p => new PlanPartView(p.DueDate, Currencies.Format(p.Amount, currency))).ToList());
    }

    /// <summary>Defers the overdue (or next) premium by so many days.</summary>
    public static async Task<HolidayView> DeferAsync(PolicyCareDb db, string number, DateOnly today, int days, CancellationToken cancel)
    {
        var applied = await PolicyChanges.ApplyAsync(db, number, today, new GrantHoliday(days), cancel: cancel);
        var h = applied.Event<HolidayGranted>()!.Holiday;
        return new HolidayView(number, h.Sequence, applied.Terms.DueDate(h.Sequence), h.Until);
    }

}
