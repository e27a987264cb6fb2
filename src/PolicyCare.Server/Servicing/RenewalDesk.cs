using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Servicing;

public sealed record RenewalReasonView(string Reason, string Change, string Words);
public sealed record PaymentOptionView(string Option, string PerPayment, string Payments, string OverTheYear);
public sealed record RateLockView(string Premium, int RenewalsLeft);

/// <summary>
/// A policy's renewal as the customer and the back office see it: the offer (old and new premium, each reason with
/// its amount and its words in the reader's language, the ways to pay), the deadline, whether acceptance is needed,
/// the answer given, the lock, and the last renewal.
/// </summary>
public sealed record RenewalView(
    string Policy, string Currency, string Status, bool Renewable, DateOnly? RenewalDate, bool? Offered, string? NotOfferedReason,
    string? Premium, string? PreviousPremium, string? Change, IReadOnlyList<RenewalReasonView> Reasons, IReadOnlyList<PaymentOptionView> Options,
    bool AcceptanceRequired, bool AutoDebit, bool Accepted, bool Declined, RateLockView? RateLock, int RateLockYears, bool MayLockRate,
    DateOnly? LastRenewedOn, string? YearPremium, DateOnly? CoverEndsOn);

/// <summary>Why an answer to a renewal was not taken.</summary>
public enum RenewalRefusal { None, NoOffer, NotOffered, AlreadyAccepted, AlreadyDeclined, NoRateLock, PriceRose }

/// <summary>
/// Renewals outside the cycle: what the offer says, and the customer's answer — one-click acceptance (the consent
/// words kept as shown, one answer of each kind per renewal by a unique key), a decline with its reason, a rate lock —
/// through the one policy-change door, so every screen shows the answer at once.
/// </summary>
public static class RenewalDesk
{
    public static RenewalView View(PolicyRecord record, PolicyTerms terms, string locale)
    {
        var standing = record.ToStanding();
        var renewalTerms = terms.Product.Term == PolicyTerm.Short ? terms.Product.Renewal : null;
        string M(decimal amount) => Currencies.Format(amount, terms.Currency);
        var r = standing.Renewal;
        var offer = r?.Offer;
        var reasons = offer?.Reasons.Select(x => new RenewalReasonView(x.Reason, M(x.Change),
            RenewalTemplates.ReasonWords(x, renewalTerms?.Adjustments ?? [], locale))).ToList() ?? [];
        var options = new List<PaymentOptionView>();
        if (offer is { Offered: true })
        {
            var (annual, monthly, monthlyTotal) = RenewalTemplates.Options(offer.Premium, renewalTerms?.MonthlySurcharge, terms.Currency);
            options.Add(new PaymentOptionView("annual", M(annual), "1", M(annual)));
            options.Add(new PaymentOptionView("monthly", M(monthly), "12", M(monthlyTotal)));
        }
        var yearPremium = r?.YearPremium ?? terms.Premium * (12 / terms.Frequency.Months());
        return new RenewalView(record.Number, terms.Currency, record.Status.Code(), renewalTerms is not null, offer?.RenewalDate, offer?.Offered,
            offer?.NotOfferedReason, offer is { Offered: true } ? M(offer.Premium) : null, offer is null ? null : M(offer.PreviousPremium),
            offer is { Offered: true } ? M(offer.Change) : null, reasons, options, r?.AcceptanceRequired ?? true, standing.MandateActive,
            r?.Accepted ?? false, r?.Declined ?? false, r?.Lock is { } l ? new RateLockView(M(l.Premium), l.RenewalsLeft) : null,
            renewalTerms?.RateLockYears ?? 0, renewalTerms is { RateLockYears: > 0 } && standing.Status.IsCollecting() && r?.Lock is not { RenewalsLeft: > 0 },
            r?.RenewedOn, M(yearPremium), offer is null ? null : offer.RenewalDate.AddDays(-1));
    }

    /// <summary>Whether the answer can be taken now, and why not.</summary>
    public static RenewalRefusal Check(PolicyRecord record, string answer, decimal? atMost = null)
    {
        var standing = record.ToStanding();
        if (answer == "rate-lock") return standing.Status.IsCollecting() ? RenewalRefusal.None : RenewalRefusal.NoOffer;
        if (!standing.Status.IsCollecting() || standing.Renewal is not { Offer: { } offer } r) return RenewalRefusal.NoOffer;
        if (r.Declined) return RenewalRefusal.AlreadyDeclined;
        if (answer == "accepted")
        {
            if (!offer.Offered) return RenewalRefusal.NotOffered;
            if (r.Accepted) return RenewalRefusal.AlreadyAccepted;
            if (atMost is { } limit && offer.Premium > limit) return RenewalRefusal.PriceRose;
        }
        return RenewalRefusal.None;
    }

    /// <summary>
    /// Records the answer through the policy-change door with its row (the consent words, the reason) in the same
    /// transaction; a second answer of the same kind for the same renewal is refused by the database's unique key.
    /// </summary>
    /// <param name="via">The notice channel the customer answered from (the link's, "push" for the app), for the next renewal notice.</param>
    public static async Task<RenewalRefusal> AnswerAsync(PolicyCareDb db, string number, string answer, string channel, string by, string? consent, string? reason,
        DateOnly today, DateTimeOffset now, decimal? atMost = null, string? via = null, CancellationToken cancel = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        var record = await db.PolicyForChangeAsync(number, cancel) ?? throw new UnknownPolicyException(number);
        var refusal = Check(record, answer, atMost);
        if (refusal != RenewalRefusal.None) return refusal;
        PolicyCommand command = answer switch
        {
            "accepted" => new AcceptRenewal(consent ?? "", via),
            "declined" => new DeclineRenewal(reason, via),
            _ => new LockRate(),
        };
        RenewalOffer? acceptedOffer = null;
        var applied = await PolicyChanges.ApplyAsync(db, number, today, command, alongside: change =>
        {
            var renewal = change.Outcome.Standing.Renewal;
            if (change.Event<RenewalAccepted>() is not null) acceptedOffer = renewal?.Offer;
            db.RenewalAnswers.Add(new RenewalAnswerRecord
            {
                PolicyNumber = number, RenewalDate = renewal?.Offer?.RenewalDate ?? DailyCycle.RenewalStandingOf(change.Terms, change.Outcome.Standing, today).YearStart.AddYears(1),
                Answer = answer, Premium = change.Event<RenewalAccepted>()?.Premium ?? change.Event<RateLocked>()?.Premium ?? renewal?.Offer?.Premium ?? 0m,
                ConsentText = consent, Reason = reason, Channel = channel, By = by, At = now,
            });
        }, at: now, cancel: cancel);
        if (!applied.Outcome.Changed) return answer == "rate-lock" ? RenewalRefusal.NoRateLock : RenewalRefusal.NoOffer;
        if (acceptedOffer is { } accepted) await ConfirmInWritingAsync(db, record, accepted, by, channel, today, now, cancel);
        await tx.CommitAsync(cancel);
        return RenewalRefusal.None;
    }

    /// <summary>
    /// An accepted renewal is confirmed in writing like any change to the contract: an endorsement with the new year's
    /// premium and last year's, and its letter to the holder (email, else paper) with the reference.
    /// </summary>
    private static async Task ConfirmInWritingAsync(PolicyCareDb db, PolicyRecord policy, RenewalOffer offer, string by, string channel,
        DateOnly today, DateTimeOffset now, CancellationToken cancel)
    {
        var product = (await db.Products.AsNoTracking().SingleAsync(p => p.Code == policy.ProductCode, cancel)).ToProduct();
        var locale = await db.Customers.AsNoTracking().Where(c => c.Id == policy.HolderId).Select(c => c.Locale).SingleAsync(cancel);
        string M(decimal amount) => LocalFormat.Money(amount, product.Currency, locale);
        var (before, after) = (new List<string> { M(offer.PreviousPremium) }, new List<string> { M(offer.Premium) });
        await Endorsements.RecordAsync(db, new EndorsementRecord
        {
            PolicyNumber = policy.Number, Kind = "renewal",
            Before = new System.Text.Json.Nodes.JsonObject { ["premium"] = Currencies.Format(offer.PreviousPremium, product.Currency) }.ToJsonString(),
            After = new System.Text.Json.Nodes.JsonObject { ["premium"] = Currencies.Format(offer.Premium, product.Currency) }.ToJsonString(),
            EffectiveOn = offer.RenewalDate, By = by, At = now, ConsentMethod = channel, ConsentOn = today,
        }, new System.Text.Json.Nodes.JsonObject { ["proof"] = "consent-words" }, before, after, today, now, confirm: true, cancel, stage: Stage.RenewalConfirmation);
    }

    /// <summary>What the customer agrees to with one click, in their language; kept word for word with the answer.</summary>
    public static string ConsentText(RenewalView view, Func<string, object[], string> t, Func<decimal, string> money, Func<DateOnly, string> date)
    {
        var premium = money(decimal.Parse(view.Premium!, CultureInfo.InvariantCulture));
        var from = date(view.RenewalDate!.Value);
        return view.AutoDebit
            ? t("I renew policy {0} for the year from {1} at {2} and authorise the insurer to debit it from my linked account on {1}. The renewal is for one year; the offer's terms and reasons were shown to me.",
                [view.Policy, from, premium])
            : t("I renew policy {0} for the year from {1} at {2}, which I will pay by {1}. The renewal is for one year; the offer's terms and reasons were shown to me.",
                [view.Policy, from, premium]);
    }
}

/// <summary>
/// The one-click link in a renewal notice: the policy, the renewal date and the offered premium, signed with the
/// installation's key, so it cannot be made or changed elsewhere. It only accepts, never after the
/// renewal date and never at a price above the one it names.
/// </summary>
public static class RenewalLinks
{
    public const string KeySetting = "renewal-link-key";

    /// <param name="Via">The channel (code) of the notice that carried the link: where the customer reads.</param>
    public sealed record Claim(string Policy, DateOnly RenewalDate, decimal Premium, string? Via = null);

    /// <summary>
    /// The link key: a scenario's throwaway book keeps its own in its settings; an installation derives it from its
    /// evidence key, which every process of the installation shares (so every process signs the same link).
    /// </summary>
    public static async Task<byte[]> KeyAsync(PolicyCareDb db, CancellationToken cancel = default)
    {
        var stored = await db.Settings.AsNoTracking().Where(s => s.Key == KeySetting).Select(s => s.Value).FirstOrDefaultAsync(cancel);
        return stored is not null ? Convert.FromBase64String(stored) : HMACSHA256.HashData(Notices.EvidenceKey.Default.Key, "renewal-link-key"u8);
    }

    /// <summary>Uses a fixed key (a scenario run's throwaway book, whose links are never served), so the same file gives the same texts.</summary>
    public static async Task UseFixedKeyAsync(PolicyCareDb db, string seed, CancellationToken cancel = default)
    {
        db.Settings.Add(new SettingRecord { Key = KeySetting, Value = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(seed))) });
        await db.SaveChangesAsync(cancel);
    }

    public static string BaseUrl => (Environment.GetEnvironmentVariable("PolicyCare__PublicUrl") ?? "http://localhost:5080").TrimEnd('/');

    /// <summary>
    /// The token: the claim sealed with AES-GCM under a key derived from the link key, so it can be neither read nor
    /// changed outside (a link in an SMS or a proxy's log shows no policy number or amount). The nonce is derived from
    /// the claim, so the same claim gives the same token (a scenario's texts are reproducible) and two claims never share one.
    /// </summary>
    public static string Token(byte[] key, Claim claim)
    {
        var payload = Encoding.UTF8.GetBytes($"{claim.Policy}|{claim.RenewalDate:yyyy-MM-dd}|{claim.Premium.ToString(CultureInfo.InvariantCulture)}|{claim.Via}");
        var nonce = HMACSHA256.HashData(key, (byte[])[.. "renewal-link-nonce:"u8, .. payload])[..AesGcm.NonceByteSizes.MaxSize];
        var sealedClaim = new byte[nonce.Length + payload.Length + AesGcm.TagByteSizes.MaxSize];
        nonce.CopyTo(sealedClaim, 0);
        using var aes = new AesGcm(SealingKey(key), AesGcm.TagByteSizes.MaxSize);
        aes.Encrypt(nonce, payload, sealedClaim.AsSpan(nonce.Length, payload.Length), sealedClaim.AsSpan(nonce.Length + payload.Length));
        return Base64Url(sealedClaim);
    }

    public static string For(byte[] key, Claim claim) => $"{BaseUrl}/renew/{Token(key, claim)}";

    /// <summary>What a token says, or null when it was not sealed with this book's key or was changed (a signed link of the earlier form is still read).</summary>
    public static Claim? Read(byte[] key, string token)
    {
        try
        {
            if (token.Contains('.', StringComparison.Ordinal)) return ReadSigned(key, token);
            var sealedClaim = FromBase64Url(token);
            int n = AesGcm.NonceByteSizes.MaxSize, t = AesGcm.TagByteSizes.MaxSize;
            if (sealedClaim.Length <= n + t) return null;
            var payload = new byte[sealedClaim.Length - n - t];
            using var aes = new AesGcm(SealingKey(key), t);
            aes.Decrypt(sealedClaim.AsSpan(0, n), sealedClaim.AsSpan(n, payload.Length), sealedClaim.AsSpan(n + payload.Length), payload);
            return Parse(Encoding.UTF8.GetString(payload));
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }

    private static Claim? ReadSigned(byte[] key, string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0) return null;
        var payload = Encoding.UTF8.GetString(FromBase64Url(token[..dot]));
        return CryptographicOperations.FixedTimeEquals(Sign(key, payload), FromBase64Url(token[(dot + 1)..])) ? Parse(payload) : null;
    }

    private static Claim? Parse(string payload)
    {
        var parts = payload.Split('|');
        return parts.Length is 3 or 4
            && DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && decimal.TryParse(parts[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var premium)
            ? new Claim(parts[0], date, premium, parts.Length == 4 && parts[3].Length > 0 ? parts[3] : null) : null;
    }

    private static byte[] SealingKey(byte[] key) => HMACSHA256.HashData(key, "renewal-link-sealing-key"u8);

    private static byte[] Sign(byte[] key, string payload) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("renewal-link:" + payload))[..16];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}
