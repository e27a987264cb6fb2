using System.Collections.Concurrent;

namespace PolicyCare.Hosting;

/// <summary>
/// Slows password and API-key guessing without a lock an attacker could use against a real user.
/// Failures are counted per account and source, per source, and per account:
/// <list type="bullet">
/// <item>one source failing on one account waits 1, 2, 4 … up to 300 seconds after its third failure;</item>
/// <item>one source failing 30 times in ten minutes, on any accounts or keys, waits out the ten minutes;</item>
/// <item>an account failing 20 times in fifteen minutes from many sources makes every source that
/// failed on it wait out the fifteen minutes — a source that never failed still signs in, so the
/// holder of the account on their own device is never shut out.</item>
/// </list>
/// Whether the account exists changes nothing: the same answer, the same waits. Counts are kept in
/// memory per process; a restart forgets them, which only ever helps the legitimate user.
/// </summary>
public sealed class SignInThrottle(TimeProvider time)
{
    private static readonly TimeSpan SourceWindow = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan AccountWindow = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromMinutes(5);
    private const int SourceLimit = 30;
    private const int AccountLimit = 20;
    private const int FreeFailures = 3;

    private readonly ConcurrentDictionary<(string Account, string Source), Counter> _pairs = new();
    private readonly ConcurrentDictionary<string, Counter> _sources = new();
    private readonly ConcurrentDictionary<string, Counter> _accounts = new();

    private sealed class Counter
    {
        public int Failures;
        public DateTimeOffset WindowStart;
        public DateTimeOffset Last;
    }

    /// <summary>How long this source must wait before trying this account again; null when it may try now.</summary>
    public TimeSpan? WaitFor(string account, string source)
    {
        var now = time.GetUtcNow();
        account = Normalize(account);
        TimeSpan? wait = null;
        void Longest(TimeSpan? w)
        {
            if (w is { } t && t > TimeSpan.Zero && (wait is null || t > wait)) wait = t;
        }
        if (_pairs.TryGetValue((account, source), out var pair))
        {
            lock (pair)
            {
                if (pair.Failures >= FreeFailures)
                {
                    var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, pair.Failures - FreeFailures), LongestDelay.TotalSeconds));
                    Longest(pair.Last + delay - now);
                }
                if (_accounts.TryGetValue(account, out var all))
                {
                    lock (all)
                    {
                        if (all.Failures >= AccountLimit && now - all.WindowStart < AccountWindow) Longest(all.WindowStart + AccountWindow - now);
                    }
                }
            }
        }
        if (_sources.TryGetValue(source, out var src))
        {
            lock (src)
            {
                if (src.Failures >= SourceLimit && now - src.WindowStart < SourceWindow) Longest(src.WindowStart + SourceWindow - now);
            }
        }
        return wait;
    }

    /// <summary>A wrong password, an unknown account or a key that does not exist.</summary>
    public void Failed(string account, string source)
    {
        var now = time.GetUtcNow();
        account = Normalize(account);
        Count(_pairs.GetOrAdd((account, source), _ => new Counter { WindowStart = now }), now, LongestDelay * 12);
        Count(_sources.GetOrAdd(source, _ => new Counter { WindowStart = now }), now, SourceWindow);
        Count(_accounts.GetOrAdd(account, _ => new Counter { WindowStart = now }), now, AccountWindow);
        if (_pairs.Count > 100_000) Prune(now);
    }

    /// <summary>A sign-in that worked clears what this source had against the account.</summary>
    public void Succeeded(string account, string source) => _pairs.TryRemove((Normalize(account), source), out _);

    private static void Count(Counter c, DateTimeOffset now, TimeSpan window)
    {
        lock (c)
        {
            if (now - c.WindowStart >= window)
            {
                c.WindowStart = now;
                c.Failures = 0;
            }
            c.Failures++;
            c.Last = now;
        }
    }

    /// <summary>Forgets counters idle for an hour, so memory stays bounded under a spray of made-up names.</summary>
    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, c) in _pairs)
            if (now - c.Last > TimeSpan.FromHours(1)) _pairs.TryRemove(key, out _);
        foreach (var (key, c) in _accounts)
            if (now - c.Last > TimeSpan.FromHours(1)) _accounts.TryRemove(key, out _);
        foreach (var (key, c) in _sources)
            if (now - c.Last > TimeSpan.FromHours(1)) _sources.TryRemove(key, out _);
    }

    private static string Normalize(string account) => account.Trim().ToUpperInvariant();

    public static string SourceOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
