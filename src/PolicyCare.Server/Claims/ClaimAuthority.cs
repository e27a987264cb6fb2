using System.Security.Claims;
using PolicyCare.Hosting;

namespace PolicyCare.Claims;

/// <summary>
/// Approval limits: a claims handler grants up to a limit per currency
/// (<c>PolicyCare:Claims:HandlerApprovalLimits:CNY</c> and so on); a supervisor, an admin and the
/// integrator's claims system decide above it. A currency with no limit configured has none.
/// </summary>
public sealed class ClaimAuthority(IReadOnlyDictionary<string, decimal> handlerLimits)
{
    /// <summary>The limits when none are configured: about two months of a typical salary in each market.</summary>
    public static readonly IReadOnlyDictionary<string, decimal> Defaults = new Dictionary<string, decimal>
    {
        ["CNY"] = 20_000m, ["KRW"] = 5_000_000m, ["USD"] = 5_000m, ["EUR"] = 5_000m,
    };

    public decimal? LimitFor(string currency) => handlerLimits.TryGetValue(currency, out var limit) ? limit : null;

    public bool MayGrant(ClaimsPrincipal user, decimal amount, string currency) =>
        !user.IsInRole(Roles.ClaimsHandler) || user.IsAnyOf([Roles.Supervisor, Roles.Admin]) || LimitFor(currency) is not { } limit || amount <= limit;
}
