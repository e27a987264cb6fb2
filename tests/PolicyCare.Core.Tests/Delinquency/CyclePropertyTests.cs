using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PolicyCare.Billing;
using PolicyCare.Policies;
using static PolicyCare.Support.Build;

namespace PolicyCare.Delinquency;

/// <summary>Properties over random books: money is conserved, and visiting a policy only on its review dates changes nothing.</summary>
public sealed class CyclePropertyTests
{
    private sealed record Life(PolicyTerms Terms, PolicyStanding Start, Dictionary<DateOnly, decimal> Payments,
        Dictionary<DateOnly, DebitRejection> Rejections, Dictionary<DateOnly, HealthDeclaration> Requests, Dictionary<DateOnly, int> Plans);

    private static Life RandomLife(int seed)
    {
        var random = new Random(seed);
        var frequency = (Frequency)random.Next(4);
        var product = Support.Build.Life(retries: random.Next(2) == 0 ? [] : [3, 7], health: random.Next(2) == 0,
            grace: random.Next(3) == 0 ? GraceRule.UntilEndOfFollowingMonth : GraceRule.OfDays(random.Next(14, 61)), window: random.Next(60, 800))
            with { ReliefOffered = new ReliefRules(6, 30, random.Next(2) == 0 ? 0.01m : null, 10, 3, 50) };
        if (seed % 3 == 0)
        {
            // A one-year product: renewing at the same premium (notices on the cadence's days), or on renewal terms (an offer,
            // acceptance in China, age bands, a price change, sometimes cover on credit), with or without grace.
            var renewal = random.Next(2) == 0 ? null : new Servicing.RenewalTerms(random.Next(2) == 0 ? [30, 7] : [45, 15, 3],
                [new(39, 1200m), new(59, 1800m), new(120, 3000m)], [new(D("2026-07-01"), 1.08m, "medical-inflation")], 2, random.Next(2) == 0 ? 80 : null,
                random.Next(3) switch { 0 => true, 1 => false, _ => null }, CreditDays: random.Next(3) == 0 ? 30 : null);
            product = Product.WithDefaults("H1Y", PolicyTerm.Short, "CNY") with
            {
                Renewal = renewal, Grace = random.Next(2) == 0 ? null : GraceRule.OfDays(random.Next(14, 61)),
                Cadence = random.Next(2) == 0 ? Cadence.Standard : Cadence.Standard with { RenewalNoticeDaysBefore = [60, 10] },
            };
        }
        var terms = Terms(product, start: new DateOnly(2024, 1 + random.Next(12), 1 + random.Next(28)).ToString("yyyy-MM-dd", null),
            premium: random.Next(1, 500) * 10m + random.Next(100) / 100m, frequency: frequency);
        var start = D("2026-01-01");
        if (random.Next(3) == 0)
        {
            // An endorsement changes the premium from an installment on (with a pro-rata adjustment; half of them also end the premiums
            // after 3 years, and a third the cover, inside the lives' window), then the frequency at an anniversary.
            var k = terms.CountDueBefore(start.AddDays(random.Next(1, 300)));
            var changed = terms with { Changes = [new PremiumChange(k, terms.DueDate(k), Math.Round(terms.Premium * (0.5m + random.Next(100) / 100m), 2), frequency,
                random.Next(2) == 0 ? 0m : random.Next(1, 5000) / 100m, PaymentYears: random.Next(2) == 0 ? 3 : null,
                CoverYears: random.Next(3) == 0 ? 3 : null)] };
            var anniversary = Servicing.CoverChanges.NextAnniversary(changed.Start, changed.DueDate(k));
            terms = changed with { Changes = [.. changed.Changes!, new PremiumChange(changed.CountDueBefore(anniversary), anniversary,
                random.Next(1, 900) * 10m, (Frequency)random.Next(4))] };
        }
        var standing = PolicyStanding.PaidUpTo(terms, start, autoDebit: random.Next(2) == 0);
        var payments = new Dictionary<DateOnly, decimal>();
        var rejections = new Dictionary<DateOnly, DebitRejection>();
        var requests = new Dictionary<DateOnly, HealthDeclaration>();
        for (var i = 0; i < 12; i++)
        {
            var day = start.AddDays(random.Next(0, 700));
            payments[day] = terms.Premium * random.Next(1, 4) / (random.Next(3) + 1);
            payments[day] = Math.Round(payments[day], 2);
            rejections[start.AddDays(random.Next(0, 700))] = new DebitRejection(DebitFailureReason.InsufficientFunds, random.Next(4) == 0);
        }
        for (var i = 0; i < 3; i++)
            requests[start.AddDays(random.Next(60, 700))] = random.Next(2) == 0 ? HealthDeclaration.Clean : HealthDeclaration.Adverse;
        var plans = new Dictionary<DateOnly, int>();
        for (var i = 0; i < 3; i++)
            plans[start.AddDays(random.Next(0, 700))] = random.Next(2, 7);
        return new Life(terms, standing, payments, rejections, requests, plans);
    }

    private static PolicyStanding ApplyEvents(Life life, DateOnly day, PolicyStanding s, ref decimal received)
    {
        if (life.Requests.TryGetValue(day, out var declaration)) s = Reinstatement.Apply(life.Terms, s, day, declaration) ?? s;
        if (life.Plans.TryGetValue(day, out var parts))
        {
            try { s = Relief.AgreePlan(life.Terms, s, day, parts); }
            catch (ReliefRefusedException) { }
        }
        if (life.Payments.TryGetValue(day, out var amount) && amount > 0)
        {
            s = Payments.Apply(life.Terms, s, day, amount);
            received += amount;
        }
        return s;
    }

    [Property(MaxTest = 60)]
    public bool MoneyIsConserved_EveryDay(int seed)
    {
        var life = RandomLife(seed);
        var s = life.Start;
        var received = s.Applied;
        for (var day = D("2026-01-01"); day <= D("2027-12-31"); day = day.AddDays(1))
        {
            s = ApplyEvents(life, day, s, ref received);
            var decision = DailyCycle.Decide(new CycleInput(life.Terms, s, Alone(), Calendars.BusinessCalendar.WeekendsOnly, "en-US",
                life.Rejections.GetValueOrDefault(day)), day);
            received += decision.Effects.OfType<DebitAttempted>().Where(d => d.FailedBecause is null).Sum(d => d.Amount);
            s = decision.Standing;
            var billed = Account.Billed(life.Terms, s);
            var outstanding = Account.Outstanding(life.Terms, s);
            if (billed != s.Applied + outstanding || outstanding < 0 || s.Credit < 0) return false;
            if (received + s.DiscountsGranted != s.Applied + s.Credit + s.InterestCollected) return false;
        }
        return true;
    }

    /// <summary>Standings compared by content: a renewal offer's lists are equal by value, not by being the same list.</summary>
    private static bool Same(PolicyStanding a, PolicyStanding b) =>
        a == b || System.Text.Json.JsonSerializer.Serialize(a) == System.Text.Json.JsonSerializer.Serialize(b);

    [Property(MaxTest = 200)]
    public bool VisitingOnlyOnReviewDates_GivesTheSameDecisionsAsVisitingDaily(int seed)
    {
        var life = RandomLife(seed);
        // Half the lives are watched closely (a reminder before each due date, an agent's call at the second reminder).
        var attention = seed % 2 == 0 ? Insights.Attention.Heightened : Insights.Attention.Standard;
        var daily = life.Start;
        var sparse = life.Start;
        DateOnly? next = D("2026-01-01");
        decimal ignored = 0, ignored2 = 0;
        var dailyEffects = new List<string>();
        var sparseEffects = new List<string>();
        for (var day = D("2026-01-01"); day <= D("2027-12-31"); day = day.AddDays(1))
        {
            var hasEvent = life.Payments.ContainsKey(day) || life.Requests.ContainsKey(day) || life.Rejections.ContainsKey(day) || life.Plans.ContainsKey(day);
            daily = ApplyEvents(life, day, daily, ref ignored);
            var d = DailyCycle.Decide(new CycleInput(life.Terms, daily, Alone(), Calendars.BusinessCalendar.WeekendsOnly, "en-US", life.Rejections.GetValueOrDefault(day), Attention: attention), day);
            daily = d.Standing;
            dailyEffects.AddRange(d.Effects.Select(e => $"{day} {e}"));

            sparse = ApplyEvents(life, day, sparse, ref ignored2);
            if (hasEvent || (next is { } n && n <= day))
            {
                var s = DailyCycle.Decide(new CycleInput(life.Terms, sparse, Alone(), Calendars.BusinessCalendar.WeekendsOnly, "en-US", life.Rejections.GetValueOrDefault(day), Attention: attention), day);
                sparse = s.Standing;
                next = s.NextReview;
                sparseEffects.AddRange(s.Effects.Select(e => $"{day} {e}"));
            }
        }
        return Same(daily, sparse) && dailyEffects.SequenceEqual(sparseEffects);
    }

    [Property(MaxTest = 100)]
    public bool Decide_IsAPureFunction(int seed)
    {
        var life = RandomLife(seed);
        var day = D("2026-01-01").AddDays(Math.Abs(seed % 500));
        var input = new CycleInput(life.Terms, Account.BillThrough(life.Terms, life.Start, day.AddDays(-40)), Alone(), Calendars.BusinessCalendar.WeekendsOnly, "en-US");
        var a = DailyCycle.Decide(input, day);
        var b = DailyCycle.Decide(input, day);
        // By content: a renewal offer's reasons are a list, which a record compares by reference.
        return Same(a.Standing, b.Standing) && a.NextReview == b.NextReview && Content(a.Effects) == Content(b.Effects);
    }

    private static string Content(IEnumerable<CycleEffect> effects) =>
        string.Join("\n", effects.Select(e => e.GetType().Name + System.Text.Json.JsonSerializer.Serialize(e, e.GetType())));
}
