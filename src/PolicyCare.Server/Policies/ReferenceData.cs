using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Storage;

namespace PolicyCare.Policies;

/// <summary>
/// What every cycle day and many requests read and almost nothing changes: the book's settings and
/// calendars, and the products.
/// </summary>
public sealed record ReferenceData(BookSettings Book, IReadOnlyDictionary<string, Product> Products)
{
    /// <summary>
    /// The setting whose value changes (to a new random value) in the same transaction as any change to
    /// the settings, calendars or products, so a reader can tell with one tiny query whether what it
    /// holds is still current. Random rather than a counter: two writers at once can never leave the
    /// value a reader already saw.
    /// </summary>
    public const string StampKey = "reference-stamp";

    /// <summary>
    /// The reference this process holds for <paramref name="db"/>'s database (<see cref="ReferenceCache.For"/>), read
    /// again only when its stamp has moved: a claim's every step read and parsed every product otherwise.
    /// </summary>
    public static Task<ReferenceData> CurrentAsync(PolicyCareDb db, CancellationToken cancel = default) => ReferenceCache.For(db).GetAsync(db, cancel);

    public static async Task<ReferenceData> LoadAsync(PolicyCareDb db, CancellationToken cancel = default) =>
        new(await BookSettings.LoadAsync(db, cancel: cancel),
            (await db.Products.AsNoTracking().ToListAsync(cancel)).ToDictionary(p => p.Code, p => p.ToProduct()));

    internal static string NewStamp() => Guid.NewGuid().ToString("N");

    internal static bool IsReference(object entity) =>
        entity is ProductRecord or CalendarVersionRecord || entity is SettingRecord { Key: not StampKey };
}

/// <summary>
/// Holds the last <see cref="ReferenceData"/> read and reads it again only when its stamp has moved: a
/// product or calendar loaded by another process applies from the next read on, and a day of the
/// cycle costs one indexed lookup instead of parsing every product and calendar again.
/// </summary>
public sealed class ReferenceCache(TimeSpan trust = default)
{
    private sealed record Held(string Stamp, ReferenceData Data, long CheckedAt);

    /// <summary>
    /// How long the requests of a process rely on the stamp they last read before reading it again: a product, calendar or
    /// setting changed by this process applies from the next request (the save forgets what is held), one changed by
    /// another process within this time. The cycle's own caches read the stamp every time.
    /// </summary>
    public static readonly TimeSpan RequestTrust = TimeSpan.FromSeconds(1);

    // One per database a process talks to, shared by its requests: an API read costs no lookup of products or settings.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ReferenceCache> Shared = new(StringComparer.Ordinal);

    // Replaced whole, never torn: requests on many threads read it at once.
    private volatile Held? _last;

    /// <summary>The cache every request of this process shares for the database <paramref name="db"/> is connected to.</summary>
    public static ReferenceCache For(PolicyCareDb db) => Shared.GetOrAdd(Key(db), _ => new ReferenceCache(RequestTrust));

    /// <summary>Forgets what this process holds for <paramref name="db"/>'s database: called by a save that changed the reference.</summary>
    internal static void Forget(PolicyCareDb db)
    {
        if (Shared.TryGetValue(Key(db), out var cache)) cache._last = null;
    }

    private static string Key(PolicyCareDb db) => db.Database.GetConnectionString() ?? "";

    public async Task<ReferenceData> GetAsync(PolicyCareDb db, CancellationToken cancel = default)
    {
        var now = Environment.TickCount64;
        if (_last is { } recent && now - recent.CheckedAt < (long)trust.TotalMilliseconds) return recent.Data;
        // The stamp is read before the data: a change committed in between makes the next stamp differ,
        // so at worst the data is read once more, never kept stale.
        var stamp = await db.Settings.AsNoTracking().Where(s => s.Key == ReferenceData.StampKey).Select(s => s.Value).FirstOrDefaultAsync(cancel);
        if (stamp is not null && _last is { } last && last.Stamp == stamp)
        {
            if (trust > TimeSpan.Zero) _last = last with { CheckedAt = now };
            return last.Data;
        }
        var data = await ReferenceData.LoadAsync(db, cancel);
        // A database written before stamps existed has none until its next change: read it every time until then.
        if (stamp is not null) _last = new Held(stamp, data, now);
        return data;
    }
}
