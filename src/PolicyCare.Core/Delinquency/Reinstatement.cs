using PolicyCare.Policies;

namespace PolicyCare.Delinquency;

/// <summary>What the customer declared about their health when applying.</summary>
public enum HealthDeclaration { None, Clean, Adverse }

/// <summary>Applying for reinstatement and deciding on it.</summary>
public static class Reinstatement
{
    /// <summary>
    /// A lapsed policy's application: the quote is issued that day; a clean declaration (or none
    /// needed) lets the policy come back once the quote is paid, an adverse one goes to underwriting.
    /// Null when the policy is not lapsed (there is nothing to reinstate).
    /// </summary>
    public static PolicyStanding? Apply(PolicyTerms terms, PolicyStanding standing, DateOnly date, HealthDeclaration declaration)
    {
        if (standing.Status != PolicyStatus.Lapsed) return null;
        var quote = ReinstatementQuote.Issue(terms, standing, date);
        var health = !terms.Product.Reinstatement.HealthDeclaration
            ? HealthReview.NotRequired
            : declaration switch
            {
                HealthDeclaration.Clean => HealthReview.Clean,
                HealthDeclaration.Adverse => HealthReview.Referred,
                _ => HealthReview.Missing,
            };
        return standing with { Application = new ReinstatementApplication(date, quote, health, 0m) };
    }

    /// <summary>
    /// The insurer forgoes the interest of a pending application (a goodwill decision taken by staff,
    /// recorded with its reason by the caller); the customer then owes the arrears alone. Null when
    /// no application is pending or it carries no interest.
    /// </summary>
    public static PolicyStanding? WaiveInterest(PolicyStanding standing) =>
        standing.Application is { } app && app.Quote.Interest > 0
            ? standing with { Application = app with { Quote = app.Quote with { Interest = 0m } } }
            : null;

    /// <summary>Underwriting's answer to an adverse declaration; ignored when nothing was referred.</summary>
    public static PolicyStanding Decide(PolicyStanding standing, bool approved) =>
        standing.Application is { Health: HealthReview.Referred } app
            ? standing with { Application = app with { Health = approved ? HealthReview.Approved : HealthReview.Declined } }
            : standing;
}
