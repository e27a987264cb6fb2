using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Json;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Hosting;

/// <summary>A product file checked against the one in use: what a new version would change, field by field.</summary>
public sealed record ProductChange(Product Product, string NewDefinition, string? OldDefinition, IReadOnlyList<FieldChange> Fields)
{
    public bool IsNew => OldDefinition is null;
}

/// <summary>One field of a product that a new version changes: its JSON path, and the value before and after ("" when absent).</summary>
public sealed record FieldChange(string Path, string Before, string After);

/// <summary>
/// What an administrator changes — staff sign-ins and their roles, integrators' API keys, products —
/// each change written to <c>admin_changes</c> with who made it, so an auditor can ask "who gave this
/// key out, who made her a supervisor, who changed the grace period" and get an answer.
/// </summary>
public static class Administration
{
    /// <summary>The roles a staff sign-in can be given here (customers sign in with their own accounts; systems use keys).</summary>
    public static IReadOnlyList<string> StaffRoles { get; } = [Roles.ServiceAgent, Roles.CollectionsAgent, Roles.ClaimsHandler, Roles.Supervisor, Roles.Admin];

    /// <summary>The sign-in names holding any of the roles, in name order (a worklist's owners, a transfer's choices).</summary>
    public static Task<List<string>> UsersInRolesAsync(PolicyCareDb db, IReadOnlyCollection<string> roles, CancellationToken cancel = default) =>
        (from u in db.Users
         join ur in db.UserRoles on u.Id equals ur.UserId
         join r in db.Roles on ur.RoleId equals r.Id
         where roles.Contains(r.Name!)
         select u.UserName!).Distinct().OrderBy(n => n).ToListAsync(cancel);

    public sealed record IssuedKey(ApiKeyRecord Record, string Key);

    /// <summary>A new integrator key. The key itself is returned once and only its hash is kept: nobody can show it again.</summary>
    public static async Task<IssuedKey> IssueApiKeyAsync(PolicyCareDb db, string name, bool fullContacts, string by, TimeProvider time, CancellationToken cancel = default)
    {
        var key = "pc_" + Base64Url(RandomNumberGenerator.GetBytes(24));
        var record = new ApiKeyRecord
        {
            Name = name, KeyHash = ApiKeyHandler.Hash(key), Role = Roles.Integrator, Scopes = fullContacts ? Roles.FullContactsScope : "",
            CreatedAt = time.GetUtcNow(),
        };
        db.ApiKeys.Add(record);
        Note(db, time, by, "api-key-created", name, "", fullContacts ? $"role {Roles.Integrator}, scope {Roles.FullContactsScope}" : $"role {Roles.Integrator}");
        await db.SaveChangesAsync(cancel);
        return new IssuedKey(record, key);
    }

    /// <summary>Revokes a key at once (this process forgets the keys it holds; others within <see cref="ApiKeyHandler.KeyLifetime"/>). False when there is no such key or it is already revoked.</summary>
    public static async Task<bool> RevokeApiKeyAsync(PolicyCareDb db, long id, string by, TimeProvider time, CancellationToken cancel = default)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.RevokedAt == null, cancel);
        if (key is null) return false;
        key.RevokedAt = time.GetUtcNow();
        Note(db, time, by, "api-key-revoked", key.Name, "active", "revoked");
        await db.SaveChangesAsync(cancel);
        ApiKeyHandler.ForgetKeys();
        return true;
    }

    public sealed record NewUser(UserAccount User, string Password);

    /// <summary>A staff sign-in with one role and a one-time password to hand over; null with the reason when the name is taken or invalid.</summary>
    public static async Task<(NewUser? User, string? Problem)> CreateStaffUserAsync(UserManager<UserAccount> users, PolicyCareDb db, string name, string role,
        string by, TimeProvider time, string? shownName = null, CancellationToken cancel = default)
    {
        if (!StaffRoles.Contains(role)) return (null, "unknown role");
        if (await users.FindByNameAsync(name) is not null) return (null, "taken");
        var user = new UserAccount { UserName = name };
        var password = OneTimePassword();
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded) return (null, string.Join(" ", created.Errors.Select(e => e.Code)));
        await users.AddToRoleAsync(user, role);
        await StaffNames.SetAsync(users, user, shownName);
        Note(db, time, by, "user-created", name, "", role);
        await db.SaveChangesAsync(cancel);
        return (new NewUser(user, password), null);
    }

    /// <summary>Gives a staff user another role. Refused for oneself and for the last administrator: nobody locks the admins out by a slip.</summary>
    public static async Task<string?> ChangeRoleAsync(UserManager<UserAccount> users, PolicyCareDb db, string userName, string role, string by,
        TimeProvider time, CancellationToken cancel = default)
    {
        if (!StaffRoles.Contains(role)) return "unknown role";
        if (userName == by) return "self";
        var user = await users.FindByNameAsync(userName);
        if (user is null || user.CustomerId is not null) return "not found";
        var current = (await users.GetRolesAsync(user)).FirstOrDefault() ?? "";
        if (current == role) return null;
        if (current == Roles.Admin && (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1) return "last admin";
        if (current.Length > 0) await users.RemoveFromRoleAsync(user, current);
        await users.AddToRoleAsync(user, role);
        // Signed-in sessions pick up the new role at their next validation, not with the old one for days.
        await users.UpdateSecurityStampAsync(user);
        Note(db, time, by, "user-role-changed", userName, current, role);
        await db.SaveChangesAsync(cancel);
        return null;
    }

    /// <summary>The name customers read for a staff member (the owner of their case); empty goes back to the sign-in name.</summary>
    public static async Task<string?> SetShownNameAsync(UserManager<UserAccount> users, PolicyCareDb db, string userName, string? shownName, string by,
        TimeProvider time, CancellationToken cancel = default)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null || user.CustomerId is not null) return "not found";
        var before = await StaffNames.ShownAsync(db, userName, cancel);
        await StaffNames.SetAsync(users, user, shownName);
        Note(db, time, by, "user-shown-name-changed", userName, before ?? "", shownName?.Trim() ?? "");
        await db.SaveChangesAsync(cancel);
        return null;
    }

    /// <summary>Stops (or restores) a staff user's sign-in. Refused for oneself.</summary>
    public static async Task<string?> SetEnabledAsync(UserManager<UserAccount> users, PolicyCareDb db, string userName, bool enabled, string by,
        TimeProvider time, CancellationToken cancel = default)
    {
        if (userName == by) return "self";
        var user = await users.FindByNameAsync(userName);
        if (user is null || user.CustomerId is not null) return "not found";
        if (IsDisabled(user) == !enabled) return null;
        await users.SetLockoutEnabledAsync(user, !enabled);
        await users.SetLockoutEndDateAsync(user, enabled ? null : DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        Note(db, time, by, enabled ? "user-enabled" : "user-disabled", userName, enabled ? "disabled" : "active", enabled ? "active" : "disabled");
        await db.SaveChangesAsync(cancel);
        return null;
    }

    public static bool IsDisabled(UserAccount user) => user.LockoutEnabled && user.LockoutEnd is { } end && end > DateTimeOffset.UtcNow;

    /// <summary>A product file read and compared with the version in use; nothing is saved. Throws <see cref="InputException"/> naming the field at fault.</summary>
    public static async Task<ProductChange> PreviewProductAsync(PolicyCareDb db, string json, DateOnly today, CancellationToken cancel = default)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InputException($"line {(e.LineNumber ?? 0) + 1}", "is not valid JSON");
        }
        Product product;
        using (doc) product = ProductFile.Parse(doc.RootElement, "$");
        await Servicing.RenewalPricing.CheckUpdateAsync(db, product, "$", today, cancel);
        var definition = ProductJson.Write(product);
        var old = (await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Code == product.Code, cancel))?.Definition;
        return new ProductChange(product, definition, old, Diff(old, definition));
    }

    /// <summary>Puts a previewed product in use (a product with the same code is replaced); the change log keeps both versions.</summary>
    public static async Task ReplaceProductAsync(PolicyCareDb db, ProductChange change, string by, TimeProvider time, CancellationToken cancel = default)
    {
        var record = await db.Products.FirstOrDefaultAsync(p => p.Code == change.Product.Code, cancel);
        Note(db, time, by, "product-replaced", change.Product.Code, record?.Definition ?? "", change.NewDefinition);
        if (record is null) db.Products.Add(new ProductRecord { Code = change.Product.Code, Definition = change.NewDefinition });
        else record.Definition = change.NewDefinition;
        await db.SaveChangesAsync(cancel);
    }

    /// <summary>A user changed their own password: recorded (never the password), so a takeover can be traced.</summary>
    public static async Task NotePasswordChangedAsync(PolicyCareDb db, string userName, TimeProvider time, CancellationToken cancel = default)
    {
        Note(db, time, userName, "password-changed", userName, "", "");
        await db.SaveChangesAsync(cancel);
    }

    /// <summary>Loads a calendar file as its market's next version (checked as the API checks it), and records who did.</summary>
    public static async Task<CalendarVersionRecord> LoadCalendarAsync(PolicyCareDb db, string json, string by, TimeProvider time, CancellationToken cancel = default)
    {
        var record = await CalendarLoads.LoadAsync(db, json, by, time.GetUtcNow(), await Access.TodayAsync(db, time, cancel), cancel);
        var years = string.Join(", ", CalendarLoads.Parse(json).Years.Select(y => y.Year));
        Note(db, time, by, "calendar-loaded", $"{record.Market} v{record.Version}", "", years);
        await db.SaveChangesAsync(cancel);
        return record;
    }

    /// <summary>Field-by-field differences between two product definitions, in path order.</summary>
    public static IReadOnlyList<FieldChange> Diff(string? before, string after)
    {
        var old = Flatten(before is null ? null : JsonNode.Parse(before));
        var @new = Flatten(JsonNode.Parse(after));
        return old.Keys.Union(@new.Keys).Order(StringComparer.Ordinal)
            .Select(path => new FieldChange(path, old.GetValueOrDefault(path, ""), @new.GetValueOrDefault(path, "")))
            .Where(f => f.Before != f.After).ToList();
    }

    private static Dictionary<string, string> Flatten(JsonNode? node)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(JsonNode? n, string path)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var (name, child) in o) Walk(child, path.Length == 0 ? name : $"{path}.{name}");
                    break;
                case JsonArray a when a.All(x => x is JsonValue):
                    fields[path] = string.Join(", ", a.Select(x => x!.ToString()));
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++) Walk(a[i], $"{path}[{i}]");
                    break;
                case null:
                    break;
                default:
                    fields[path] = n.ToString();
                    break;
            }
        }
        Walk(node, "");
        return fields;
    }

    private static void Note(PolicyCareDb db, TimeProvider time, string by, string action, string subject, string before, string after) =>
        db.AdminChanges.Add(new AdminChangeRecord { At = time.GetUtcNow(), By = by, Action = action, Subject = subject, Before = before, After = after });

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Sixteen characters in four groups, easy to read out: upper case, lower case, digits, mixed (no 0/O, 1/l/I).</summary>
    private static string OneTimePassword() => string.Join("-",
        RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ", 4),
        RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz", 4),
        RandomNumberGenerator.GetString("23456789", 4),
        RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789", 4));
}
