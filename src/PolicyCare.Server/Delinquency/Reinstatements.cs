using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Delinquency;

/// <summary>Applications for reinstatement and underwriting's decisions, as they arrive.</summary>
public static class Reinstatements
{
    /// <summary>Where an application waits, as the API and the portal name it.</summary>
    public static string ApplicationState(HealthReview health) => health switch
    {
        HealthReview.Referred => "waiting-for-underwriting",
        HealthReview.Declined => "declined",
        HealthReview.Missing => "waiting-for-health-declaration",
        _ => "waiting-for-payment",
    };

    /// <summary>Issues the quote the day the customer applies; an adverse declaration is referred to underwriting. Null when the policy is not lapsed.</summary>
    public static async Task<ReinstatementQuote?> RequestAsync(PolicyCareDb db, string policyNumber, DateOnly on, HealthDeclaration declaration, CancellationToken cancel = default) =>
        (await PolicyChanges.ApplyAsync(db, policyNumber, on, new RequestReinstatement(declaration), cancel: cancel)).Event<ReinstatementQuoted>()?.Quote;

    /// <summary>Waives the interest of a pending application; the timeline keeps who did it, why, and how much. False when there is nothing to waive.</summary>
    public static async Task<bool> WaiveInterestAsync(PolicyCareDb db, string policyNumber, DateOnly on, string agent, string reason, CancellationToken cancel = default) =>
        (await PolicyChanges.ApplyAsync(db, policyNumber, on, new WaiveInterest(agent, reason), cancel: cancel)).Event<InterestWaived>() is not null;

    /// <summary>Underwriting's decision on an adverse declaration; nothing happens when nothing was referred.</summary>
    public static Task DecideAsync(PolicyCareDb db, string policyNumber, DateOnly on, bool approved, CancellationToken cancel = default) =>
        DecideAsync(db, policyNumber, on, new DecideUnderwriting(approved), cancel);

    /// <summary>A decision made by a person, with who made it and the reason the customer will be given.</summary>
    public static async Task<bool> DecideAsync(PolicyCareDb db, string policyNumber, DateOnly on, DecideUnderwriting decision, CancellationToken cancel = default) =>
        (await PolicyChanges.ApplyAsync(db, policyNumber, on, decision, cancel: cancel)).Event<UnderwritingDecided>() is not null;
}
