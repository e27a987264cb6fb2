using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Storage;

namespace PolicyCare.Policies;

/// <summary>
/// What a signed-in person may see. Staff and integrators see the book; a customer sees the policies
/// they hold, are insured by, or are a member of, and their own customer record. Anything else is
/// answered as if it did not exist (404), so ids cannot be probed.
/// </summary>
public static class Access
{
    public static IQueryable<PolicyRecord> VisiblePolicies(this PolicyCareDb db, ClaimsPrincipal user)
    {
        if (user.IsStaff()) return db.Policies;
        var customer = user.CustomerId();
        if (customer is null) return db.Policies.Where(_ => false);
        return db.Policies.Where(p => p.HolderId == customer || p.InsuredId == customer
            || db.PolicyMembers.Any(m => m.PolicyNumber == p.Number && m.CustomerId == customer));
    }

    public static Task<PolicyRecord?> FindVisiblePolicyAsync(this PolicyCareDb db, ClaimsPrincipal user, string number, CancellationToken cancel) =>
        db.VisiblePolicies(user).FirstOrDefaultAsync(p => p.Number == number, cancel);

    public static bool CanSeeCustomer(this ClaimsPrincipal user, string customerId) =>
        user.IsStaff() || user.CustomerId() == customerId;

    /// <summary>Today's business date in the book's market.</summary>
    public static Task<DateOnly> TodayAsync(PolicyCareDb db, TimeProvider time, CancellationToken cancel) =>
        BookSettings.TodayAsync(db, time, cancel);
}
