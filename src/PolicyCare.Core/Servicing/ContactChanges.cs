using PolicyCare.Policies;

namespace PolicyCare.Servicing;

/// <summary>A one-time code as it stands: when it lapses, how many wrong tries it has had, whether it is locked or used.</summary>
public sealed record CodeState(DateTimeOffset ExpiresAt, int WrongTries, DateTimeOffset? LockedUntil, DateTimeOffset? ConfirmedAt);

public enum CodeResult { Confirmed, Wrong, Expired, Locked, Used }

/// <summary>What checking a code decided, and the state to keep (wrong tries counted, a lock set).</summary>
public sealed record CodeVerdict(CodeResult Result, CodeState State, int TriesLeft);

/// <summary>
/// A new mobile number or email address counts only once a one-time code sent over that very channel
/// comes back: a typo, or someone else's number, can never become the contact legal notices go to.
/// A code lasts 10 minutes; five wrong tries lock the customer's changes for 30 minutes; at most five
/// codes an hour, so nobody is flooded with messages from us.
/// </summary>
public static class ContactChanges
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);
    public const int MaxTries = 5;
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(30);
    public const int MaxCodesPerHour = 5;

    /// <summary>The contacts a one-time code can prove, and so the ones changed here: "mobile" or "email".</summary>
    public static bool TryParseKind(string? code, out ContactKind kind)
    {
        kind = code == "email" ? ContactKind.Email : ContactKind.Mobile;
        return code is "mobile" or "email";
    }

    public static string Code(ContactKind kind) => kind == ContactKind.Email ? "email" : "mobile";

    /// <summary>
    /// The address as it will be kept (a mobile number's digits with an optional leading +, an email
    /// address trimmed, its domain lower-cased), or why it cannot be one. With the customer's
    /// <paramref name="locale"/>, a number written the national way gets its country code, so the same phone is one
    /// address however it is typed: in Korea 010-1234-5678 is +821012345678 (the trunk 0 dropped), in mainland
    /// China 138 0013 8000 is +8613800138000.
    /// </summary>
    public static (string? Address, ChangeRefusal? Refusal) Normalize(ContactKind kind, string? address, string? locale = null)
    {
        var text = (address ?? "").Trim();
        if (text.Length == 0) return (null, new("address", "is required"));
        if (kind == ContactKind.Mobile)
        {
            var plus = text.StartsWith('+');
            var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
            var allowed = text.All(ch => char.IsAsciiDigit(ch) || ch is ' ' or '-' or '(' or ')' or '+') && text.LastIndexOf('+') <= 0;
            if (!allowed || digits.Length is < 8 or > 15)
                return (null, new("address", "is not a mobile number: 8 to 15 digits, spaces and dashes allowed, + only in front"));
            if (plus) return ("+" + digits, null);
            return locale switch
            {
                "ko-KR" when digits.StartsWith("01", StringComparison.Ordinal) && digits.Length is 10 or 11 => ("+82" + digits[1..], null),
                "zh-CN" when digits.StartsWith('1') && digits.Length == 11 => ("+86" + digits, null),
                _ => (digits, null),
            };
        }
        var at = text.IndexOf('@');
        var valid = text.Length <= 254 && at > 0 && at == text.LastIndexOf('@') && !text.Any(char.IsWhiteSpace)
            && text[(at + 1)..] is var domain && domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.');
        return valid ? (text[..at] + "@" + text[(at + 1)..].ToLowerInvariant(), null) : (null, new("address", "is not an email address"));
    }

    /// <summary>Whether a new code may be sent now: not while the customer's changes are locked, not more than five an hour.</summary>
    public static ChangeRefusal? MaySend(IReadOnlyCollection<CodeState> lastHour, int sentLastHour, DateTimeOffset now)
    {
        if (lastHour.Select(c => c.LockedUntil).Where(l => l > now).Max() is { } until)
            return new("code", $"too many wrong codes: try again after {until:HH:mm} UTC");
        return sentLastHour >= MaxCodesPerHour ? new("address", "too many codes asked for in an hour: try again later") : null;
    }

    /// <param name="matches">Whether the code given is the one sent (the host compares the hashes).</param>
    public static CodeVerdict Check(CodeState code, bool matches, DateTimeOffset now)
    {
        if (code.ConfirmedAt is not null) return new(CodeResult.Used, code, 0);
        if (code.LockedUntil > now) return new(CodeResult.Locked, code, 0);
        if (now > code.ExpiresAt) return new(CodeResult.Expired, code, 0);
        if (matches) return new(CodeResult.Confirmed, code with { ConfirmedAt = now }, MaxTries - code.WrongTries);
        var tries = code.WrongTries + 1;
        return tries >= MaxTries
            ? new(CodeResult.Locked, code with { WrongTries = tries, LockedUntil = now + Lockout }, 0)
            : new(CodeResult.Wrong, code with { WrongTries = tries }, MaxTries - tries);
    }
}
