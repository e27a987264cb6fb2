using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Storage;

namespace PolicyCare.Hosting;

/// <summary>
/// The name a customer reads for a staff member: the case's owner is named to the customer (首问负责制), and a sign-in
/// name ("service", "e10234") is not a name. An administrator gives each staff member the name shown to customers, kept
/// as a claim of the sign-in (no column of its own); without one the sign-in name is shown, as before.
/// </summary>
public static class StaffNames
{
    public const string ClaimType = "policycare:shown-name";

    /// <summary>The name shown to customers for a sign-in, or the sign-in itself; null for none.</summary>
    public static async Task<string?> ShownAsync(PolicyCareDb db, string? login, CancellationToken cancel = default) =>
        login is null ? null : (await ShownAsync(db, [login], cancel))[login];

    /// <summary>The names shown to customers for several sign-ins at once (a page of requests).</summary>
    public static async Task<Dictionary<string, string>> ShownAsync(PolicyCareDb db, IReadOnlyCollection<string> logins, CancellationToken cancel = default)
    {
        var names = await (from u in db.Users.AsNoTracking()
                           join c in db.UserClaims.AsNoTracking() on u.Id equals c.UserId
                           where logins.Contains(u.UserName!) && c.ClaimType == ClaimType
                           select new { u.UserName, c.ClaimValue }).ToListAsync(cancel);
        var shown = names.Where(n => !string.IsNullOrWhiteSpace(n.ClaimValue)).GroupBy(n => n.UserName!).ToDictionary(g => g.Key, g => g.First().ClaimValue!);
        return logins.Distinct().ToDictionary(l => l, l => shown.GetValueOrDefault(l, l));
    }

    /// <summary>Sets (or, empty, removes) the name shown to customers.</summary>
    public static async Task SetAsync(UserManager<UserAccount> users, UserAccount user, string? name)
    {
        foreach (var old in (await users.GetClaimsAsync(user)).Where(c => c.Type == ClaimType).ToList()) await users.RemoveClaimAsync(user, old);
        if (!string.IsNullOrWhiteSpace(name)) await users.AddClaimAsync(user, new Claim(ClaimType, name.Trim()));
    }
}
