using PolicyCare.Calendars;
using PolicyCare.Delinquency;
using PolicyCare.Policies;

namespace PolicyCare.Support;

/// <summary>Small books for core tests.</summary>
public static class Build
{
    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static Product Life(GraceRule? grace = null, int[]? retries = null, bool health = true, decimal rate = 0.055m, int window = 730, string currency = "CNY") =>
        Product.WithDefaults("LIFE", PolicyTerm.Long, currency) with
        {
            Grace = grace ?? GraceRule.OfDays(60),
            DebitRetryDays = retries ?? [],
            Reinstatement = new ReinstatementRule(window, rate, health),
        };

    public static Customer Customer(string id = "C1", string birth = "1985-01-01", string locale = "en-US", string[]? channels = null,
        string? mobile = "+8613800000001", string? email = "c@example.com", string? wechat = "wx-1", string? kakao = null, string? address = "1 Main St",
        ContactKind[]? invalid = null, EmergencyContact? emergency = null) =>
        new(id, "Name " + id, D(birth), locale, new ContactPoints(mobile, email, wechat, kakao, null, address), channels ?? [], emergency,
            (invalid ?? []).ToHashSet(), "1234");

    public static PolicyTerms Terms(Product? product = null, string start = "2025-01-10", decimal premium = 1000m, Frequency frequency = Frequency.Monthly) =>
        new("P1", product ?? Life(), D(start), premium, frequency);

    /// <summary>Runs the cycle every day from <paramref name="from"/> to <paramref name="to"/> and returns every effect with its day.</summary>
    public static (PolicyStanding Standing, List<(DateOnly Day, CycleEffect Effect)> Effects) Run(
        PolicyTerms terms, PolicyStanding standing, PolicyParties parties, DateOnly from, DateOnly to,
        Func<DateOnly, PolicyStanding, PolicyStanding>? events = null, IReadOnlyDictionary<DateOnly, DebitRejection>? rejections = null,
        BusinessCalendar? calendar = null, Insights.Attention attention = Insights.Attention.Standard)
    {
        var effects = new List<(DateOnly, CycleEffect)>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (events is not null) standing = events(day, standing);
            var decision = DailyCycle.Decide(new CycleInput(terms, standing, parties, calendar ?? BusinessCalendar.WeekendsOnly, "en-US",
                rejections?.GetValueOrDefault(day), Attention: attention), day);
            standing = decision.Standing;
            effects.AddRange(decision.Effects.Select(e => (day, e)));
        }
        return (standing, effects);
    }

    public static PolicyParties Alone(Customer? holder = null)
    {
        var h = holder ?? Customer();
        return new PolicyParties(h, h, null, []);
    }
}
