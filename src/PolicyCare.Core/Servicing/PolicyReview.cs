using System.Globalization;
using PolicyCare.Billing;
using PolicyCare.Codes;
using PolicyCare.Json;
using PolicyCare.Policies;

namespace PolicyCare.Servicing;

/// <summary>The cover the insurer suggests for insureds up to <see cref="ToAge"/> (inclusive).</summary>
public sealed record CoverBand(int ToAge, decimal Amount);

/// <summary>
/// A product's policy-review terms (保单检视): the sum insured its plan gives, and the cover the insurer suggests by
/// the insured's age. A policy carries its product's plan, so the plan's sum insured is the policy's.
/// </summary>
public sealed record ReviewTerms(decimal SumInsured, IReadOnlyList<CoverBand> SuggestedCover)
{
    /// <summary>The suggested cover at an age; none beyond the last band.</summary>
    public decimal? SuggestedAt(int age) => SuggestedCover.FirstOrDefault(b => b.ToAge >= age)?.Amount;
}

/// <summary>Why a review goes out: the yearly one, or a life event the book knows.</summary>
public enum ReviewTrigger { Yearly, AgeBand, NewMembers }

/// <summary>One suggestion of a review.</summary>
public enum ReviewPointKind
{
    /// <summary>The insured will be in another age band at the next renewal: the premium moves.</summary>
    AgeBand,
    /// <summary>The plan's sum insured is below what the insurer suggests at the insured's age.</summary>
    CoverBelowSuggested,
    /// <summary>People joined the group policy since the last review.</summary>
    NewMembers,
    /// <summary>Always: are the beneficiaries and the contact details still right?</summary>
    CheckDetails,
}

/// <summary>A suggestion with the figures that make it concrete.</summary>
public sealed record ReviewPoint(ReviewPointKind Kind, int? Age = null, decimal? PremiumNow = null, decimal? PremiumNext = null, DateOnly? From = null,
    decimal? Cover = null, decimal? Suggested = null, int? Members = null, bool RateLockOffered = false);

/// <summary>What a review knows about one policy on a date.</summary>
/// <param name="InsuredBirth">Null when the book does not know it: then nothing age-related is said.</param>
/// <param name="YearPremium">The premium of the policy year in force (for a one-year product, its renewal standing's).</param>
/// <param name="NewMembers">People added to a group policy since its last review.</param>
public sealed record ReviewFacts(PolicyTerms Terms, DateOnly? InsuredBirth, decimal YearPremium, int NewMembers = 0);

public static class ReviewCodes
{
    public static readonly CodeTable<ReviewTrigger> Triggers = new("review trigger",
        (ReviewTrigger.Yearly, "yearly"), (ReviewTrigger.AgeBand, "age-band"), (ReviewTrigger.NewMembers, "new-members"));

    public static readonly CodeTable<ReviewPointKind> Points = new("review point",
        (ReviewPointKind.AgeBand, "age-band"), (ReviewPointKind.CoverBelowSuggested, "cover-below-suggested"),
        (ReviewPointKind.NewMembers, "new-members"), (ReviewPointKind.CheckDetails, "check-details"));
}

/// <summary>
/// The policy review: once a year, and on the life events the book knows — the insured's birthday that moves them
/// into another rate band or suggested-cover band, people joining a group policy — the customer gets a short review
/// with suggestions. Pure: a function of the policy, the product, the insured's birth date and the date.
/// </summary>
public static class PolicyReviews
{
    /// <summary>
    /// The yearly review's day in the policy year ending at the anniversary after <paramref name="date"/>: for a
    /// renewable product with its first renewal notice (so the review comes with the offer, while the cover can still
    /// change), otherwise 30 days before the anniversary. Never in the first policy year's first days.
    /// </summary>
    public static int LeadDays(Product product) => product.Renewal?.NoticeDays.DefaultIfEmpty(30).Max() ?? 30;

    /// <summary>The anniversary of the start on or after the date (a 29 February start falls on 28 February in common years).</summary>
    public static DateOnly NextAnniversary(DateOnly start, DateOnly date)
    {
        var years = Math.Max(1, date.Year - start.Year);
        return start.AddYears(years) is var a && a >= date ? a : start.AddYears(years + 1);
    }

    /// <summary>Why a review is due on the date; empty when none is (<see cref="ReviewFacts.NewMembers"/>: people the host saw join today).</summary>
    public static IReadOnlyList<ReviewTrigger> Triggers(ReviewFacts f, DateOnly date)
    {
        var triggers = new List<ReviewTrigger>();
        var product = f.Terms.Product;
        if (NextAnniversary(f.Terms.Start, date).AddDays(-LeadDays(product)) == date && date > f.Terms.Start) triggers.Add(ReviewTrigger.Yearly);
        if (f.InsuredBirth is { } birth && IsBirthday(birth, date) && Customer.Age(birth, date) is var age && age > 0 && EntersBand(product, age))
            triggers.Add(ReviewTrigger.AgeBand);
        if (f.NewMembers > 0) triggers.Add(ReviewTrigger.NewMembers);
        return triggers;
    }

    /// <summary>
    /// What the review suggests on the date: the premium at the next renewal when the insured moves band (with the
    /// rate lock, where the product offers one), the cover the insurer suggests at the insured's age when the plan's is
    /// below it, the people who joined a group policy, and always a check of beneficiaries and contact details.
    /// </summary>
    public static IReadOnlyList<ReviewPoint> Points(ReviewFacts f, DateOnly date)
    {
        var points = new List<ReviewPoint>();
        var product = f.Terms.Product;
        var renewalDate = NextAnniversary(f.Terms.Start, date);
        if (f.InsuredBirth is { } birth)
        {
            var ageNext = Customer.Age(birth, renewalDate);
            // Against the band the year in force was priced at: its start's age, not today's.
            var yearStart = renewalDate.AddYears(-1) is var previous && previous > f.Terms.Start ? previous : f.Terms.Start;
            if (product.Renewal is { } renewal && renewal.BandPremium(ageNext) is { } next && renewal.BandPremium(Customer.Age(birth, yearStart)) is { } then && next != then)
            {
                var priced = Currencies.RoundToMinorUnitAwayFromZero(next * renewal.FactorOn(renewalDate), product.Currency);
                points.Add(new ReviewPoint(ReviewPointKind.AgeBand, Age: ageNext, PremiumNow: f.YearPremium, PremiumNext: priced, From: renewalDate,
                    RateLockOffered: renewal.RateLockYears > 0));
            }
            var age = Customer.Age(birth, date);
            if (product.Review is { } review && review.SuggestedAt(age) is { } suggested && review.SumInsured < suggested)
                points.Add(new ReviewPoint(ReviewPointKind.CoverBelowSuggested, Age: age, Cover: review.SumInsured, Suggested: suggested));
        }
        if (f.NewMembers > 0) points.Add(new ReviewPoint(ReviewPointKind.NewMembers, Members: f.NewMembers));
        points.Add(new ReviewPoint(ReviewPointKind.CheckDetails));
        return points;
    }

    private static bool IsBirthday(DateOnly birth, DateOnly date) => Customer.Age(birth, date) != Customer.Age(birth, date.AddDays(-1));

    /// <summary>Whether turning <paramref name="age"/> moves the insured into another rate band or suggested-cover band.</summary>
    private static bool EntersBand(Product product, int age) =>
        product.Renewal is { } r && r.BandPremium(age) is { } now && r.BandPremium(age - 1) is { } before && now != before
        || product.Review is { } review && review.SuggestedAt(age) is { } s && s != review.SuggestedAt(age - 1) && review.SumInsured < s;

    /// <summary>A product's <c>review</c>: <c>sumInsured</c>, and <c>suggestedCover</c> bands in strictly rising ages with positive amounts.</summary>
    public static ReviewTerms Parse(StrictObject o, string currency)
    {
        var sum = o.RequiredMoney("sumInsured");
        if (sum <= 0 || !Currencies.FitsMinorUnit(sum, currency))
            throw new InputException(o.At("sumInsured"), $"must be a positive amount in {currency}", sum.ToString(CultureInfo.InvariantCulture));
        return new ReviewTerms(sum, Renewals.AgeBands(o, "suggestedCover", "amount", currency).Select(b => new CoverBand(b.ToAge, b.Amount)).ToList());
    }

    /// <summary>The terms as the product file writes them (the inverse of <see cref="Parse"/>).</summary>
    public static System.Text.Json.Nodes.JsonObject Write(ReviewTerms t, string currency) => new()
    {
        ["sumInsured"] = Currencies.Format(t.SumInsured, currency),
        ["suggestedCover"] = new System.Text.Json.Nodes.JsonArray(t.SuggestedCover
            .Select(b => (System.Text.Json.Nodes.JsonNode?)new System.Text.Json.Nodes.JsonObject { ["toAge"] = b.ToAge, ["amount"] = Currencies.Format(b.Amount, currency) }).ToArray()),
    };
}
