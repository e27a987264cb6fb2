using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Storage;

namespace PolicyCare.Hosting;

/// <summary>Sign-ins for the demo book: one per staff role, two policyholders, an insured person and a group member, and an integrator API key. For the demo only.</summary>
public static class DemoUsers
{
    public const string Password = "PolicyCare-demo-2026";
    public const string IntegratorKey = "pc_demo_integrator_0123456789";

    public static readonly (string UserName, string Role, string ShownName)[] Staff =
    [
        ("admin", Roles.Admin, "Chen Jie"), ("supervisor", Roles.Supervisor, "Kim Soo-jin"), ("collections", Roles.CollectionsAgent, "Zhang Wei"),
        ("service", Roles.ServiceAgent, "Li Na"), ("claims", Roles.ClaimsHandler, "Park Ji-ho"),
    ];

    /// <summary>Creates the roles, and the demo sign-ins when the book holds the demo customers and no users yet.</summary>
    public static async Task SeedAsync(IServiceProvider services, bool withDemoAccounts, CancellationToken cancel = default)
    {
        using var scope = services.CreateScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) Check(await roles.CreateAsync(new IdentityRole(role)));
        }
        if (!withDemoAccounts) return;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        if (await users.Users.AnyAsync(cancel)) return;
        foreach (var (name, role, shown) in Staff)
        {
            var user = new UserAccount { UserName = name };
            Check(await users.CreateAsync(user, Password));
            Check(await users.AddToRoleAsync(user, role));
            await StaffNames.SetAsync(users, user, shown);
        }
        var db = scope.ServiceProvider.GetRequiredService<PolicyCareDb>();
        // Customer 1 has a premium overdue (pay, auto-debit, a plan); customer 2 has a lapsed policy to restore.
        // Both can be reached: the customer every contact fails for is the tracing demo, not a sign-in's.
        var customers = new List<string>();
        var unreachable = db.Customers.Where(c => c.InvalidContacts != "").Select(c => c.Id);
        foreach (var status in new[] { PolicyStatus.Grace, PolicyStatus.Lapsed })
        {
            var holder = await db.Policies.AsNoTracking().Where(p => p.Status == status && !customers.Contains(p.HolderId) && !unreachable.Contains(p.HolderId))
                .OrderBy(p => p.Number).Select(p => p.HolderId).FirstOrDefaultAsync(cancel);
            if (holder is not null) customers.Add(holder);
        }
        if (customers.Count < 2)
        {
            customers.AddRange(await db.Policies.AsNoTracking().Where(p => !customers.Contains(p.HolderId)).OrderBy(p => p.Number)
                .Select(p => p.HolderId).Distinct().Take(2 - customers.Count).ToListAsync(cancel));
        }
        var accounts = customers.Select((c, i) => ($"customer{i + 1}", c)).ToList();
        // A Korean holder with a won premium overdue, so the Korean portal can be tried with Korean data.
        if (await db.Policies.AsNoTracking().Where(p => p.Number.StartsWith("KR") && p.Status == PolicyStatus.Grace && !customers.Contains(p.HolderId))
                .OrderBy(p => p.Number).Select(p => p.HolderId).FirstOrDefaultAsync(cancel) is { } korean)
        {
            customers.Add(korean);
            accounts.Add(("customer3", korean));
        }
        // An insured person who does not hold the policy, and a member of a group policy: they see it and its notices, the holder acts.
        if (await db.Policies.AsNoTracking().Where(p => p.InsuredId != null && p.InsuredId != p.HolderId && !customers.Contains(p.InsuredId!))
                .OrderBy(p => p.Number).Select(p => p.InsuredId).FirstOrDefaultAsync(cancel) is { } insured)
            accounts.Add(("insured1", insured));
        if (await db.PolicyMembers.AsNoTracking().Where(m => !customers.Contains(m.CustomerId))
                .OrderBy(m => m.PolicyNumber).ThenBy(m => m.CustomerId).Select(m => m.CustomerId).FirstOrDefaultAsync(cancel) is { } member)
            accounts.Add(("member1", member));
        // The renewal journey: a one-year health policy whose offer is open today.
        if (await db.Policies.AsNoTracking().Where(p => p.Number == "CNH000001").Select(p => p.HolderId).FirstOrDefaultAsync(cancel) is { } renewing
            && !customers.Contains(renewing))
            accounts.Add(("customer4", renewing));
        foreach (var (name, customer) in accounts)
        {
            var user = new UserAccount { UserName = name, CustomerId = customer };
            Check(await users.CreateAsync(user, Password));
            Check(await users.AddToRoleAsync(user, Roles.Customer));
        }
        db.ApiKeys.Add(new ApiKeyRecord { Name = "demo-integrator", KeyHash = ApiKeyHandler.Hash(IntegratorKey), Role = Roles.Integrator, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync(cancel);
        // The service desk's demo cases need their owners signed up first.
        var byUser = accounts.ToDictionary(a => a.Item1, a => a.Item2);
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        await Cases.DemoCases.SeedAsync(db, scope.ServiceProvider.GetRequiredService<Cases.SurveyLinks>(), byUser, time, cancel);
        await Servicing.DemoChanges.SeedAsync(db, byUser, time, cancel);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
