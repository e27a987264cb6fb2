using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PolicyCare.Storage;

namespace PolicyCare.Hosting;

/// <summary>Who may do what. A customer reaches only their own customers, policies, payments and notices.</summary>
public static class Roles
{
    public const string Customer = "customer";
    public const string ServiceAgent = "service-agent";
    public const string CollectionsAgent = "collections-agent";
    public const string ClaimsHandler = "claims-handler";
    public const string Supervisor = "supervisor";
    public const string Admin = "admin";
    public const string Integrator = "integrator";

    public static IReadOnlyList<string> All { get; } = [Customer, ServiceAgent, CollectionsAgent, ClaimsHandler, Supervisor, Admin, Integrator];

    public const string CustomerIdClaim = "policycare:customer";
    public const string ScopeClaim = "policycare:scope";
    /// <summary>An integrator's key with this scope reads customers' contacts in full; without it they are masked.</summary>
    public const string FullContactsScope = "contacts:full";

    /// <summary>Whether the caller may read contacts in full: staff who work with customers, or a key with the scope for it.</summary>
    public static bool SeesFullContacts(this ClaimsPrincipal user) =>
        !user.IsInRole(Integrator) || user.HasClaim(ScopeClaim, FullContactsScope);

    /// <summary>Loading products, customers and policies: the policy administration system and admins.</summary>
    public static readonly string[] BookKeepers = [Admin, Integrator];
    /// <summary>Posting money: the payment systems, collections, admins (and a customer for their own policy).</summary>
    public static readonly string[] Cashiers = [Admin, Integrator, CollectionsAgent];
    /// <summary>Deciding on an adverse health declaration.</summary>
    public static readonly string[] Underwriters = [Supervisor, Admin];
    /// <summary>Changing a policy or recording what was explained for the holder: service, supervisors, admins and the policy administration or sales system.</summary>
    public static readonly string[] PolicyServicers = [ServiceAgent, Supervisor, Admin, Integrator];
    /// <summary>Who previews and publishes a product-wide change of renewal prices.</summary>
    public static readonly string[] PricingApprovers = [Supervisor, Admin];
    /// <summary>The renewal desk: its figures, and the adjustment preview for the pricing approvers (a comma list, for page attributes).</summary>
    public const string RenewalDesk = Supervisor + "," + Admin;

    /// <summary>Who processes a policy change in the office for a customer (a call, a letter, a branch visit).</summary>
    public const string ChangeDesk = "service-agent,supervisor,admin";

    /// <summary>Who makes and follows up loss-prevention inspections in the office.</summary>
    public const string InspectionDesk = "service-agent,supervisor,admin";
    /// <summary>Staff who may see the whole book.</summary>
    public static readonly string[] Staff = [ServiceAgent, CollectionsAgent, ClaimsHandler, Supervisor, Admin, Integrator];

    /// <summary>Who opens each back-office page, in the attribute's comma form: the page and the menu read the same list.</summary>
    public const string CollectionsDesk = "collections-agent,service-agent,supervisor,admin";
    public const string NoticeReaders = "service-agent,collections-agent,claims-handler,supervisor,admin";
    public const string UnderwritingDesk = "supervisor,admin";
    /// <summary>Who works the claim queues: handlers, and supervisors who decide above a handler's limit.</summary>
    public const string ClaimsDesk = "claims-handler,supervisor,admin";
    /// <summary>Who works inquiries and complaints: service agents own them, supervisors approve long extensions and take transfers.</summary>
    public const string CaseDesk = "service-agent,supervisor";
    /// <summary>Whoever talks to customers: the customer 360 page.</summary>
    public const string CustomerDesk = "service-agent,collections-agent,claims-handler,supervisor,admin";

    /// <summary>Whether the user holds one of the roles of a comma list such as <see cref="CollectionsDesk"/>.</summary>
    public static bool IsInAnyOf(this ClaimsPrincipal user, string roleList) =>
        roleList.Split(',').Any(user.IsInRole);

    public static string? CustomerId(this ClaimsPrincipal user) => user.FindFirstValue(CustomerIdClaim);

    public static bool IsStaff(this ClaimsPrincipal user) => Staff.Any(user.IsInRole);

    public static bool IsAnyOf(this ClaimsPrincipal user, IEnumerable<string> roles) => roles.Any(user.IsInRole);
}

/// <summary>Adds the customer a signed-in person is, so every request can be scoped to it.</summary>
internal sealed class CustomerClaimsFactory(UserManager<UserAccount> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<UserAccount, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(UserAccount user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.CustomerId is { } customer) identity.AddClaim(new Claim(Roles.CustomerIdClaim, customer));
        return identity;
    }
}

/// <summary>Integrators authenticate with <c>X-Api-Key</c>; only the key's SHA-256 hash is stored.</summary>
public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Database database, SignInThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";
    /// <summary>API keys count as one account for the throttle: a source guessing keys is slowed like one guessing passwords.</summary>
    public const string ThrottleAccount = "(api-key)";

    /// <summary>A source that has guessed keys too often is answered 429 before its key is even looked up.</summary>
    public static IApplicationBuilder UseApiKeyThrottle(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Headers.ContainsKey(Header)
            && context.RequestServices.GetRequiredService<SignInThrottle>().WaitFor(ThrottleAccount, SignInThrottle.SourceOf(context)) is { } wait)
        {
            await AuthEndpoints.TooSoon(context, wait).ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
            return AuthenticateResult.NoResult();
        var hash = Hash(values[0]!);
        if (!KnownKeys.TryGetValue(hash, out var known) || Environment.TickCount64 > known.Until)
        {
            await using var db = database.Open();
            var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, Context.RequestAborted);
            if (key is null)
            {
                KnownKeys.TryRemove(hash, out _);
                throttle.Failed(ThrottleAccount, SignInThrottle.SourceOf(Context));
                return AuthenticateResult.Fail("unknown or revoked API key");
            }
            if (KnownKeys.Count > 10_000) KnownKeys.Clear();
            known = KnownKeys[hash] = new KnownKey(key.Name, key.Role, key.Scopes, Environment.TickCount64 + (long)KeyLifetime.TotalMilliseconds);
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key:" + known.Name), new Claim(ClaimTypes.Role, known.Role),
            .. known.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => new Claim(Roles.ScopeClaim, s))], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private sealed record KnownKey(string Name, string Role, string Scopes, long Until);

    /// <summary>
    /// How long a process trusts a key it has looked up before looking again. A key revoked here stops at once (the
    /// revocation forgets every key); one revoked by another process or straight in the database stops within this time.
    /// Only keys that exist are held: a wrong key is looked up (and throttled) every time.
    /// </summary>
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromSeconds(30);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, KnownKey> KnownKeys = new(StringComparer.Ordinal);

    /// <summary>Forgets every key held, so a revocation applies from the next request.</summary>
    public static void ForgetKeys() => KnownKeys.Clear();

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
