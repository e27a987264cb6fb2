using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Cases;

/// <summary>Questions and complaints as customers send them: a case to own, and a line in the policy's history.</summary>
public static class CaseIntake
{
    /// <summary>Opens the case and records the contact on the policy in one transaction; returns the case's reference.</summary>
    public static async Task<string> OpenAsync(PolicyCareDb db, string type, string policy, string customer, string message, DateOnly today, CancellationToken cancel = default)
    {
        var reference = $"{type}:{Guid.NewGuid():N}"[..24];
        await PolicyChanges.ApplyAsync(db, policy, today, new RecordContact(type, customer, reference, message),
            alongside: _ => db.Cases.Add(new CaseRecord { Key = reference, Type = type, PolicyNumber = policy, CustomerId = customer, OpenedOn = today, Status = "open" }),
            cancel: cancel);
        return reference;
    }
}
