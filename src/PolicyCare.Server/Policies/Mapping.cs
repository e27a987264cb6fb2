using System.Text.Json;
using PolicyCare.Billing;
using PolicyCare.Delinquency;

namespace PolicyCare.Policies;

/// <summary>Between stored rows and the core's values.</summary>
public static class Mapping
{
    /// <summary>
    /// Parsed products, keyed by their stored definition: the text is the version, so an updated
    /// product is parsed again and an unchanged one never is, whatever database it comes from.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Code, string Definition), Product> Products = new();

    public static Product ToProduct(this ProductRecord record)
    {
        if (Products.TryGetValue((record.Code, record.Definition), out var cached)) return cached;
        using var doc = JsonDocument.Parse(record.Definition);
        var product = ProductFile.Parse(doc.RootElement, $"products[{record.Code}]");
        // A process sees a handful of products; a long run of edits must not grow the cache without end.
        if (Products.Count > 10_000) Products.Clear();
        return Products[(record.Code, record.Definition)] = product;
    }

    public static PolicyTerms ToTerms(this PolicyRecord p, Product product) =>
        new(p.Number, product, p.Start, p.Premium, p.Frequency, PremiumChangesJson.Read(p.PremiumChanges));

    public static Customer ToCustomer(this CustomerRecord c) => new(
        c.Id, c.Name, c.BirthDate, c.Locale,
        new ContactPoints(c.Mobile, c.Email, c.Wechat, c.Kakao, c.Push, c.Address),
        SplitList(c.PreferredChannels),
        c.EmergencyName is null && c.EmergencyMobile is null ? null : new EmergencyContact(c.EmergencyName ?? "", c.EmergencyMobile),
        SplitList(c.InvalidContacts).Select(Enum.Parse<ContactKind>).ToHashSet(),
        c.NationalIdLast4);

    public static Employer ToEmployer(this EmployerRecord e) => new(e.Id, e.Name, e.ContactEmail, e.ContactMobile);

    public static IReadOnlyList<string> SplitList(string text) =>
        text.Length == 0 ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static PolicyStanding ToStanding(this PolicyRecord p) => new()
    {
        Status = p.Status,
        StatusSince = p.StatusSince,
        InstallmentsBilled = p.InstallmentsBilled,
        Applied = p.Applied,
        Credit = p.Credit,
        InterestCollected = p.InterestCollected,
        MandateActive = p.MandateActive,
        LastDebitFailure = p.FailedDebitOn is { } on
            ? new DebitFailure(on, p.FailedDebitScheduledOn ?? on, p.FailedDebitAmount ?? 0m,
                p.FailedDebitReason ?? DebitFailureReason.TechnicalError,
                p.FailedDebitInsurerFault, p.FailedDebitCount)
            : null,
        LapsedOn = p.LapsedOn,
        LapseInsurerFault = p.LapseInsurerFault,
        Application = p.ReinstatementRequestedOn is { } requested
            ? new ReinstatementApplication(requested,
                new ReinstatementQuote(requested, p.QuoteArrears ?? 0m, p.QuoteInterest ?? 0m, p.QuoteValidUntil ?? requested, []),
                p.HealthReview ?? HealthReview.NotRequired, p.PaidSinceRequest)
            : null,
        Plan = p.Plan is null ? null : JsonSerializer.Deserialize<ArrearsPlan>(p.Plan, PlanJson),
        Renewal = p.Renewal is null ? null : JsonSerializer.Deserialize<Servicing.RenewalStanding>(p.Renewal, PlanJson),
        Holiday = p.HolidaySequence is { } seq && p.HolidayUntil is { } until ? new PaymentHoliday(seq, until) : null,
        OnTimeStreak = p.OnTimeStreak,
        Points = p.Points,
        DiscountsGranted = p.DiscountsGranted,
    };

    private static readonly JsonSerializerOptions PlanJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The columns <see cref="Store"/> writes: everything a standing decides (the premium too, which a renewal
    /// prices anew). A writer of standings alone (the cycle) updates these and leaves the contract's own columns.
    /// </summary>
    public static readonly IReadOnlyList<string> StandingProperties =
    [
        nameof(PolicyRecord.Status), nameof(PolicyRecord.StatusSince), nameof(PolicyRecord.InstallmentsBilled), nameof(PolicyRecord.Applied),
        nameof(PolicyRecord.Credit), nameof(PolicyRecord.InterestCollected), nameof(PolicyRecord.MandateActive),
        nameof(PolicyRecord.FailedDebitOn), nameof(PolicyRecord.FailedDebitScheduledOn), nameof(PolicyRecord.FailedDebitAmount),
        nameof(PolicyRecord.FailedDebitReason), nameof(PolicyRecord.FailedDebitInsurerFault), nameof(PolicyRecord.FailedDebitCount),
        nameof(PolicyRecord.LapsedOn), nameof(PolicyRecord.LapseInsurerFault), nameof(PolicyRecord.ReinstatementRequestedOn),
        nameof(PolicyRecord.QuoteArrears), nameof(PolicyRecord.QuoteInterest), nameof(PolicyRecord.QuoteValidUntil),
        nameof(PolicyRecord.HealthReview), nameof(PolicyRecord.PaidSinceRequest), nameof(PolicyRecord.Plan), nameof(PolicyRecord.Renewal),
        nameof(PolicyRecord.Premium), nameof(PolicyRecord.HolidaySequence), nameof(PolicyRecord.HolidayUntil),
        nameof(PolicyRecord.OnTimeStreak), nameof(PolicyRecord.Points), nameof(PolicyRecord.DiscountsGranted),
    ];

    public static void Store(this PolicyRecord p, PolicyStanding s)
    {
        p.Status = s.Status;
        p.StatusSince = s.StatusSince;
        p.InstallmentsBilled = s.InstallmentsBilled;
        p.Applied = s.Applied;
        p.Credit = s.Credit;
        p.InterestCollected = s.InterestCollected;
        p.MandateActive = s.MandateActive;
        p.FailedDebitOn = s.LastDebitFailure?.On;
        p.FailedDebitScheduledOn = s.LastDebitFailure?.ScheduledOn;
        p.FailedDebitAmount = s.LastDebitFailure?.Amount;
        p.FailedDebitReason = s.LastDebitFailure?.Reason;
        p.FailedDebitInsurerFault = s.LastDebitFailure?.InsurerFault ?? false;
        p.FailedDebitCount = s.LastDebitFailure?.ConsecutiveFailures ?? 0;
        p.LapsedOn = s.LapsedOn;
        p.LapseInsurerFault = s.LapseInsurerFault;
        p.ReinstatementRequestedOn = s.Application?.RequestedOn;
        p.QuoteArrears = s.Application?.Quote.Arrears;
        p.QuoteInterest = s.Application?.Quote.Interest;
        p.QuoteValidUntil = s.Application?.Quote.ValidUntil;
        p.HealthReview = s.Application?.Health;
        p.PaidSinceRequest = s.Application?.PaidSinceRequest ?? 0m;
        p.Plan = s.Plan is null ? null : JsonSerializer.Serialize(s.Plan, PlanJson);
        p.Renewal = s.Renewal is null ? null : JsonSerializer.Serialize(s.Renewal, PlanJson);
        // The premium shown everywhere is the installment of the year in force: a renewal prices it anew.
        if (s.Renewal?.Base is { } priced) p.Premium = priced.Installment;
        p.HolidaySequence = s.Holiday?.Sequence;
        p.HolidayUntil = s.Holiday?.Until;
        p.OnTimeStreak = s.OnTimeStreak;
        p.Points = s.Points;
        p.DiscountsGranted = s.DiscountsGranted;
    }
}

/// <summary>The premium changes of a policy as its row keeps them: a JSON list, frequencies by their codes.</summary>
public static class PremiumChangesJson
{
    private static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower) },
    };

    public static IReadOnlyList<PremiumChange>? Read(string? json) =>
        json is null ? null : System.Text.Json.JsonSerializer.Deserialize<List<PremiumChange>>(json, Options);

    public static string Write(IReadOnlyList<PremiumChange> changes) => System.Text.Json.JsonSerializer.Serialize(changes, Options);
}
