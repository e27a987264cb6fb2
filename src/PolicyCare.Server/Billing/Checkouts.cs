using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Json;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Billing;

/// <summary>
/// A payment a customer started with a payment provider. Nothing is posted when it starts: the
/// money is posted when the provider confirms it (its signed webhook), and only for the policy and
/// amount of the checkout.
/// </summary>
public sealed class CheckoutRecord
{
    public required string Id { get; set; }
    public required string PolicyNumber { get; set; }
    public required string Provider { get; set; }
    public decimal Amount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    /// <summary>The sign-in that started it.</summary>
    public required string StartedBy { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    /// <summary>The provider's own id for this payment (KakaoPay's <c>tid</c>), set when the provider accepted the checkout.</summary>
    public string? ProviderReference { get; set; }
    /// <summary>The provider's page the customer is sent to; PolicyCare's own for the sandbox.</summary>
    public string? RedirectUrl { get; set; }
}

internal sealed class CheckoutConfiguration : IEntityTypeConfiguration<CheckoutRecord>
{
    public void Configure(EntityTypeBuilder<CheckoutRecord> b)
    {
        b.ToTable("checkouts");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).HasMaxLength(64);
        b.Property(c => c.Amount).HasPrecision(18, 4);
        b.Property(c => c.ProviderReference).HasMaxLength(100);
        b.Property(c => c.RedirectUrl).HasMaxLength(2000);
        b.HasIndex(c => c.PolicyNumber);
        b.HasOne<PolicyRecord>().WithMany().HasForeignKey(c => c.PolicyNumber).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed record CheckoutView(string Id, string Policy, string Provider, string Amount, string Currency, DateTimeOffset ExpiresAt, string Url, bool Paid);

/// <summary>
/// Which providers take payments, with their webhook secrets. The sandbox is PolicyCare's own test
/// provider: its page confirms through the same signed webhook as a real provider, with a secret of
/// its own. It is on for the demo and tests, and off unless configured everywhere else — a sandbox
/// in production would be free cover.
/// </summary>
public enum ProviderSetup { None, Sandbox, Api, Gateway, WebhookOnly }

public sealed class PaymentProviders(IConfiguration configuration, bool sandbox)
{
    public const string Sandbox = "sandbox";
    public static readonly string[] Real = ["card", "wechat-pay", "alipay", "kakaopay"];

    private readonly string _sandboxSecret = configuration[$"PolicyCare:Webhooks:{Sandbox}:Secret"] is { Length: > 0 } s
        ? s : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public bool SandboxEnabled { get; } = configuration.GetValue<bool?>("PolicyCare:Payments:Sandbox") ?? sandbox;

    public string? SecretOf(string provider) => provider == Sandbox
        ? SandboxEnabled ? _sandboxSecret : null
        : Real.Contains(provider) && configuration[$"PolicyCare:Webhooks:{provider}:Secret"] is { Length: > 0 } secret ? secret : null;

    /// <summary>KakaoPay's online payment API, when its secret key is configured (<c>PolicyCare:Payments:kakaopay:SecretKey</c>).</summary>
    public KakaoPaySettings? KakaoPay { get; } = configuration["PolicyCare:Payments:kakaopay:SecretKey"] is { Length: > 0 } key
        ? new KakaoPaySettings(configuration["PolicyCare:Payments:kakaopay:BaseUrl"] is { Length: > 0 } url ? url : KakaoPaySettings.LiveUrl,
            key, configuration["PolicyCare:Payments:kakaopay:Cid"] is { Length: > 0 } cid ? cid : KakaoPaySettings.TestCid)
        : null;

    /// <summary>WeChat Pay's API v3, when a merchant id is configured (<c>PolicyCare:Payments:wechat-pay:MchId</c> and its keys).</summary>
    public WeChatPaySettings? WeChatPay { get; } = WeChatPaySettings.From(configuration);

    /// <summary>Alipay's open platform, when an app id is configured (<c>PolicyCare:Payments:alipay:AppId</c> and its keys).</summary>
    public AlipaySettings? Alipay { get; } = AlipaySettings.From(configuration);

    /// <summary>Card payments on Stripe Checkout, when its secret key is configured (<c>PolicyCare:Payments:card:SecretKey</c>).</summary>
    public CardSettings? Card { get; } = CardSettings.From(configuration);

    /// <summary>Whether checkouts can go to this provider: a hosted page PolicyCare talks to, or a gateway that signs our webhook.</summary>
    public bool TakesCheckouts(string provider) => provider switch
    {
        KakaoPaySettings.Provider => KakaoPay is not null,
        WeChatPaySettings.Provider => WeChatPay is not null || SecretOf(provider) is not null,
        AlipaySettings.Provider => Alipay is not null || SecretOf(provider) is not null,
        CardSettings.Provider => Card is not null || SecretOf(provider) is not null,
        _ => SecretOf(provider) is not null,
    };

    /// <summary>The provider the insurer named for checkouts (<c>PolicyCare:Payments:CheckoutProvider</c>), when it takes them.</summary>
    public string? CheckoutProvider =>
        configuration["PolicyCare:Payments:CheckoutProvider"] is { Length: > 0 } p && TakesCheckouts(p) ? p : null;

    /// <summary>How customers of each market pay online, most used first: WeChat Pay and Alipay in China, KakaoPay in Korea, cards everywhere.</summary>
    public static IReadOnlyList<string> MarketOrder(string market) => market switch
    {
        "CN" => [WeChatPaySettings.Provider, AlipaySettings.Provider, CardSettings.Provider],
        "KR" => [KakaoPaySettings.Provider, CardSettings.Provider],
        _ => [CardSettings.Provider],
    };

    /// <summary>
    /// The ways a customer of the market can pay online here: the provider the insurer named first, then
    /// the market's usual ones that are set up (a hosted page PolicyCare talks to, or a gateway's
    /// checkout address and webhook secret); the sandbox when nothing real is and it is on (the demo).
    /// </summary>
    public IReadOnlyList<string> CheckoutMethodsFor(string market)
    {
        var methods = new List<string>();
        if (CheckoutProvider is { } named) methods.Add(named);
        methods.AddRange(MarketOrder(market).Where(p => !methods.Contains(p) && IsSetUp(p)));
        if (methods.Count == 0 && SandboxEnabled) methods.Add(Sandbox);
        return methods;
    }

    /// <summary>How a provider is connected, for the administrator: its API, a gateway (checkout address and signed webhook), its webhook alone, or not at all.</summary>
    public ProviderSetup SetupOf(string provider) =>
        provider == Sandbox ? (SandboxEnabled ? ProviderSetup.Sandbox : ProviderSetup.None)
        : provider switch
        {
            KakaoPaySettings.Provider when KakaoPay is not null => ProviderSetup.Api,
            WeChatPaySettings.Provider when WeChatPay is not null => ProviderSetup.Api,
            AlipaySettings.Provider when Alipay is not null => ProviderSetup.Api,
            CardSettings.Provider when Card is not null => ProviderSetup.Api,
            _ when HasGateway(provider) => ProviderSetup.Gateway,
            _ when SecretOf(provider) is not null => ProviderSetup.WebhookOnly,
            _ => ProviderSetup.None,
        };

    /// <summary>A provider a customer can be sent to without the insurer naming it: its API, or its checkout address and webhook secret.</summary>
    private bool IsSetUp(string provider) => provider switch
    {
        KakaoPaySettings.Provider => KakaoPay is not null,
        WeChatPaySettings.Provider => WeChatPay is not null || HasGateway(provider),
        AlipaySettings.Provider => Alipay is not null || HasGateway(provider),
        CardSettings.Provider => Card is not null || HasGateway(provider),
        _ => false,
    };

    private bool HasGateway(string provider) =>
        SecretOf(provider) is not null && configuration[$"PolicyCare:Payments:{provider}:CheckoutUrl"] is { Length: > 0 };

    public string CheckoutUrl(CheckoutRecord c) => c.RedirectUrl ?? (c.Provider == Sandbox
        ? $"/pay/sandbox/{c.Id}"
        : $"{configuration[$"PolicyCare:Payments:{c.Provider}:CheckoutUrl"]?.TrimEnd('/')}/{c.Id}");
}

public static class Checkouts
{
    /// <summary>The market a policy is serviced in: its product's, else the book's.</summary>
    public static async Task<string> MarketOfAsync(PolicyCareDb db, Product product, CancellationToken cancel) =>
        product.Market ?? (await BookSettings.LoadAsync(db, cancel: cancel)).Market;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    /// <summary>Whether a signed-in customer may pay this policy: its holder always; an insured person or a member where the product allows.</summary>
    public static bool MayPay(ClaimsPrincipal user, PolicyRecord policy, Product product) =>
        user.IsHolderOf(policy) || product.Payments.OthersMayPay;

    /// <summary>
    /// What a payment now should be: the reinstatement quote once applied for, else what is overdue
    /// or due next. A lapsed policy takes money only for a reinstatement applied for: its arrears
    /// alone do not restore cover.
    /// </summary>
    public static decimal AmountDueNow(PolicyRecord record, PolicyTerms terms)
    {
        if (record.Status == PolicyStatus.Lapsed)
            return record.QuoteArrears is { } arrears ? Math.Max(0, arrears + (record.QuoteInterest ?? 0) - record.PaidSinceRequest) : 0;
        var standing = record.ToStanding();
        // On a payment plan, the part to pay next (what is left of it); paying more is the customer's choice, not the offer.
        return standing.Plan is not null
            ? Relief.Schedule(terms, standing).Select(p => p.Left).FirstOrDefault(left => left > 0)
            : Math.Max(0, Account.Outstanding(terms, standing));
    }

    /// <summary>Whether a checkout can still be paid: not paid, not expired or replaced, and still for what is due now.</summary>
    public static async Task<bool> IsPayableAsync(PolicyCareDb db, CheckoutRecord checkout, DateTimeOffset now, CancellationToken cancel)
    {
        if (checkout.PaidAt is not null || now >= checkout.ExpiresAt) return false;
        var policy = await db.Policies.AsNoTracking().FirstAsync(p => p.Number == checkout.PolicyNumber, cancel);
        var product = (await ReferenceData.CurrentAsync(db, cancel)).Products[policy.ProductCode];
        return AmountDueNow(policy, policy.ToTerms(product)) == checkout.Amount;
    }

    /// <summary>Starts a checkout for what is to be paid now; null when nothing is.</summary>
    public static async Task<CheckoutRecord?> StartAsync(PolicyCareDb db, PolicyRecord policy, string provider, string startedBy, TimeProvider time, CancellationToken cancel)
    {
        var product = (await ReferenceData.CurrentAsync(db, cancel)).Products[policy.ProductCode];
        var amount = AmountDueNow(policy, policy.ToTerms(product));
        if (amount <= 0) return null;
        var now = time.GetUtcNow();
        // A new checkout replaces any still open: one debt is paid once, not once per tab.
        await db.Checkouts.Where(c => c.PolicyNumber == policy.Number && c.PaidAt == null && c.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ExpiresAt, now), cancel);
        var checkout = new CheckoutRecord
        {
            Id = "co_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            PolicyNumber = policy.Number, Provider = provider, Amount = amount, CreatedAt = now, ExpiresAt = now + Lifetime, StartedBy = startedBy,
        };
        db.Checkouts.Add(checkout);
        await db.SaveChangesAsync(cancel);
        return checkout;
    }

    public static async Task<CheckoutView> ViewAsync(PolicyCareDb db, CheckoutRecord c, PaymentProviders providers, CancellationToken cancel)
    {
        var currency = await db.CurrencyOfAsync(c.PolicyNumber, cancel);
        return new CheckoutView(c.Id, c.PolicyNumber, c.Provider, Currencies.Format(c.Amount, currency), currency, c.ExpiresAt, providers.CheckoutUrl(c), c.PaidAt is not null);
    }

    /// <summary>What the sandbox sends when the customer confirms: a provider's payment.succeeded event for the checkout.</summary>
    public static string SandboxEvent(CheckoutRecord c, string currency, DateTimeOffset at) => new JsonObject
    {
        ["id"] = "evt_" + c.Id,
        ["type"] = "payment.succeeded",
        ["policy"] = c.PolicyNumber,
        ["amount"] = Currencies.Format(c.Amount, currency),
        ["currency"] = currency,
        ["paidAt"] = at.ToString("O", CultureInfo.InvariantCulture),
        ["checkout"] = c.Id,
    }.ToJsonString();

    public static async Task<string> CurrencyOfAsync(this PolicyCareDb db, string policyNumber, CancellationToken cancel)
    {
        var code = await db.Policies.AsNoTracking().Where(p => p.Number == policyNumber).Select(p => p.ProductCode).SingleAsync(cancel);
        return (await db.Products.FindAsync([code], cancel))!.ToProduct().Currency;
    }
}

/// <summary>What a provider's webhook did: posted, a duplicate, or refused with the field and why.</summary>
public sealed record WebhookOutcome(int Status, string? Posted = null, string? Field = null, string? Problem = null)
{
    public IResult ToResult(string id) => Field is null
        ? TypedResults.Ok(new { status = Posted, id })
        : Problems.Field(Field, Problem!, Status);
}

/// <summary>
/// A payment provider's notification. Signed like Stripe's: header <c>PolicyCare-Signature: t=UNIX,v1=HEX</c>
/// with HEX = HMAC-SHA256(secret, "UNIX.body"); older than five minutes is refused; an event id
/// already seen posts nothing. The sandbox's confirmations come through here too.
/// </summary>
public static class PaymentWebhooks
{
    public static readonly TimeSpan SignatureTolerance = TimeSpan.FromMinutes(5);

    public static async Task<(WebhookOutcome Outcome, string Id)> ReceiveAsync(PolicyCareDb db, string provider, string secret, string signatureHeader, string raw,
        DateTimeOffset now, CancellationToken cancel)
    {
        if (WebhookSignature.Verify(signatureHeader, raw, secret, now, SignatureTolerance) is { } bad)
            return (new WebhookOutcome(StatusCodes.Status401Unauthorized, Field: "PolicyCare-Signature", Problem: bad), "");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(raw); }
        catch (JsonException) { return (new WebhookOutcome(400, Field: "$", Problem: "is not valid JSON"), ""); }
        using (doc)
        {
            var o = new StrictObject(doc.RootElement, "$", "id", "type", "policy", "amount", "currency", "paidAt", "checkout");
            var id = o.RequiredString("id");
            if (id.Length is 0 or > 100) return (new WebhookOutcome(400, Field: "$.id", Problem: "must be 1 to 100 characters"), id);
            if (o.RequiredString("type") != "payment.succeeded") return (new WebhookOutcome(400, Field: "$.type", Problem: "only payment.succeeded is handled"), id);
            var number = o.RequiredString("policy");
            var amount = o.RequiredMoney("amount");
            if (!DateTimeOffset.TryParseExact(o.RequiredString("paidAt"), ["O", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var paid))
                return (new WebhookOutcome(400, Field: "$.paidAt", Problem: "is not a date and time with an offset (ISO 8601)"), id);
            // A provider reports a payment within minutes; a year back is a generous bound for a late retry.
            if (paid > now + SignatureTolerance || paid < now.AddYears(-1))
                return (new WebhookOutcome(400, Field: "$.paidAt", Problem: "must be within the past year and not in the future"), id);

            var policy = await db.Policies.AsNoTracking().FirstOrDefaultAsync(p => p.Number == number, cancel);
            if (policy is null) return (new WebhookOutcome(422, Field: "$.policy", Problem: $"no policy '{number}'"), id);
            var product = (await ReferenceData.CurrentAsync(db, cancel)).Products[policy.ProductCode];
            if (o.OptionalString("currency") is { } c && c != product.Currency)
                return (new WebhookOutcome(422, Field: "$.currency", Problem: $"the policy is billed in {product.Currency}"), id);
            if (amount <= 0 || !Currencies.FitsMinorUnit(amount, product.Currency))
                return (new WebhookOutcome(422, Field: "$.amount", Problem: $"must be a positive amount in {product.Currency}"), id);
            if (amount > product.Payments.Maximum)
                return (new WebhookOutcome(422, Field: "$.amount", Problem: $"is more than the product accepts in one payment ({Currencies.Format(product.Payments.Maximum, product.Currency)})"), id);

            CheckoutRecord? checkout = null;
            if (o.OptionalString("checkout") is { } checkoutId)
            {
                checkout = await db.Checkouts.FirstOrDefaultAsync(x => x.Id == checkoutId, cancel);
                if (checkout is null || checkout.Provider != provider || checkout.PolicyNumber != number || checkout.Amount != amount)
                    return (new WebhookOutcome(422, Field: "$.checkout", Problem: "names no checkout of this provider for this policy and amount"), id);
            }
            else if (provider == PaymentProviders.Sandbox)
                return (new WebhookOutcome(422, Field: "$.checkout", Problem: "is required: the sandbox confirms checkouts only"), id);

            return (await PostConfirmedAsync(db, provider, id, number, amount, paid, checkout, now, cancel), id);
        }
    }

    /// <summary>
    /// Posts a payment the provider confirmed (its signed event, or its API's answer), once per
    /// provider and event id: the event is recorded with the payment in one transaction, so a second
    /// delivery, a replayed return or a race between them posts nothing.
    /// </summary>
    public static async Task<WebhookOutcome> PostConfirmedAsync(PolicyCareDb db, string provider, string id, string number, decimal amount,
        DateTimeOffset paid, CheckoutRecord? checkout, DateTimeOffset now, CancellationToken cancel)
    {
        var reference = $"{provider}:{id}";
        if (await SeenAsync(db, provider, id, reference, number, amount, cancel) is { } seen) return seen;
        var book = await BookSettings.LoadAsync(db, cancel: cancel);
        var on = DateOnly.FromDateTime(paid.ToOffset(book.UtcOffset).DateTime);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(cancel);
            db.WebhookEvents.Add(new WebhookEventRecord { Provider = provider, EventId = id, ReceivedAt = now });
            if (checkout is not null) checkout.PaidAt = now;
            await Collections.PostPaymentAsync(db, number, on, amount, provider, reference, now, $"provider:{provider}", cancel);
            await tx.CommitAsync(cancel);
        }
        catch (Exception e) when (e is DbUpdateException || Deadlocks.Detected(e))
        {
            // The same event raced in from another delivery: the first one posted it.
            db.ChangeTracker.Clear();
            if (await SeenAsync(db, provider, id, reference, number, amount, cancel) is { } raced) return raced;
            throw;
        }
        return new WebhookOutcome(200, Posted: "posted");
    }

    /// <summary>
    /// An event already received answers "duplicate" when it is the same payment (same policy and
    /// amount); the same id for another payment is a conflict the provider and back office must see,
    /// never a payment silently dropped.
    /// </summary>
    private static async Task<WebhookOutcome?> SeenAsync(PolicyCareDb db, string provider, string id, string reference, string number, decimal amount, CancellationToken cancel)
    {
        if (!await db.WebhookEvents.AsNoTracking().AnyAsync(e => e.Provider == provider && e.EventId == id, cancel)) return null;
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.ExternalReference == reference, cancel);
        return payment is null || (payment.PolicyNumber == number && payment.Amount == amount)
            ? new WebhookOutcome(200, Posted: "duplicate")
            : new WebhookOutcome(409, Field: "$.id", Problem: "was already received for another policy or amount; nothing was posted");
    }
}
