using System.Globalization;
using PolicyCare.Billing;
using PolicyCare.Json;

namespace PolicyCare.Servicing;

/// <summary>
/// A product's loss-prevention inspections (our extension of the product file, <c>inspections</c>): policies whose sum
/// insured reaches <see cref="MinSumInsured"/> are inspected every <see cref="EveryMonths"/> months; each
/// recommendation is due <see cref="FollowUpDays"/> days after the inspection.
/// </summary>
public sealed record InspectionTerms(decimal MinSumInsured, int EveryMonths, int FollowUpDays);

/// <summary>A written recommendation of an inspection and whether the customer has carried it out.</summary>
public sealed record Recommendation(string Text, DateOnly DueOn, DateOnly? DoneOn = null);

/// <summary>Where an inspection stands: waiting to be made, reported with recommendations still open, or closed.</summary>
public enum InspectionStage { Scheduled, FollowingUp, Closed }

/// <summary>
/// Loss-prevention inspections for large commercial risks (the customer-service seed's 防灾防损): when the next one is
/// due, the follow-up date of each recommendation, and when an inspection is closed. Pure: dates in, dates out.
/// </summary>
public static class Inspections
{
    /// <summary>The first inspection comes within this many days of the start of cover.</summary>
    public const int FirstWithinDays = 30;

    /// <summary>An inspection is scheduled (and its worklist line appears) this many days before it is due.</summary>
    public const int ScheduleAheadDays = 30;

    public static bool Apply(InspectionTerms? terms, decimal? sumInsured) => terms is not null && sumInsured is { } sum && sum >= terms.MinSumInsured;

    /// <summary>When the next inspection is due: within the first month of cover, then the interval after the last one made.</summary>
    public static DateOnly NextDue(DateOnly start, DateOnly? lastInspectedOn, InspectionTerms terms) =>
        lastInspectedOn is { } last ? last.AddMonths(terms.EveryMonths) : start.AddDays(FirstWithinDays);

    /// <summary>The recommendations of a report, each due the product's follow-up days after the inspection.</summary>
    public static IReadOnlyList<Recommendation> Recommend(IEnumerable<string> texts, DateOnly inspectedOn, InspectionTerms terms) =>
        texts.Select(t => t.Trim()).Where(t => t.Length > 0).Select(t => new Recommendation(t, inspectedOn.AddDays(terms.FollowUpDays))).ToList();

    public static InspectionStage Stage(DateOnly? inspectedOn, IReadOnlyList<Recommendation> recommendations) =>
        inspectedOn is null ? InspectionStage.Scheduled
        : recommendations.Any(r => r.DoneOn is null) ? InspectionStage.FollowingUp : InspectionStage.Closed;

    /// <summary>Recommendations past their follow-up date and not done: the agent calls the customer about them.</summary>
    public static IReadOnlyList<Recommendation> Overdue(IReadOnlyList<Recommendation> recommendations, DateOnly date) =>
        recommendations.Where(r => r.DoneOn is null && r.DueOn < date).ToList();

    public static readonly string[] Fields = ["minSumInsured", "everyMonths", "followUpDays"];

    /// <summary>A product's <c>inspections</c>: a positive threshold, an interval of 1 to 60 months, a follow-up of 1 to 365 days.</summary>
    public static InspectionTerms Parse(StrictObject o, string currency)
    {
        var min = o.RequiredMoney("minSumInsured");
        if (min <= 0 || !Currencies.FitsMinorUnit(min, currency))
            throw new InputException(o.At("minSumInsured"), $"must be a positive amount in {currency}", min.ToString(CultureInfo.InvariantCulture));
        var every = o.OptionalInt("everyMonths") ?? 12;
        if (every is < 1 or > 60) throw new InputException(o.At("everyMonths"), "must be 1 to 60 months", every.ToString(CultureInfo.InvariantCulture));
        var followUp = o.OptionalInt("followUpDays") ?? 60;
        if (followUp is < 1 or > 365) throw new InputException(o.At("followUpDays"), "must be 1 to 365 days", followUp.ToString(CultureInfo.InvariantCulture));
        return new InspectionTerms(min, every, followUp);
    }

    public static System.Text.Json.Nodes.JsonObject Write(InspectionTerms t, string currency) => new()
    {
        ["minSumInsured"] = Currencies.Format(t.MinSumInsured, currency), ["everyMonths"] = t.EveryMonths, ["followUpDays"] = t.FollowUpDays,
    };
}
