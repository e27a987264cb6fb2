using PolicyCare.Calendars;
using PolicyCare.Codes;

namespace PolicyCare.Claims;

/// <summary>Where a claim is, in the order a claim moves (SCENARIOS.md, claim output).</summary>
public enum ClaimStage { Submitted, InformationRequested, DocumentsComplete, Investigation, Overdue, Decided, Paid, Closed }

public static class ClaimStages
{
    public static readonly CodeTable<ClaimStage> Table = new("claim stage",
        (ClaimStage.Submitted, "submitted"),
        (ClaimStage.InformationRequested, "information-requested"),
        (ClaimStage.DocumentsComplete, "documents-complete"),
        (ClaimStage.Investigation, "investigation"),
        (ClaimStage.Overdue, "overdue"),
        (ClaimStage.Decided, "decided"),
        (ClaimStage.Paid, "paid"),
        (ClaimStage.Closed, "closed"));

    public static string Code(this ClaimStage stage) => Table.Code(stage);
}

/// <summary>
/// One step of a claim as the customer and the timeline see it, with the facts of that step; only
/// the fields of its stage are set.
/// </summary>
public sealed record ClaimStep(ClaimStage Stage)
{
    public string? Benefit { get; init; }
    public DateOnly? Incurred { get; init; }
    public IReadOnlyList<string>? Missing { get; init; }
    public DateOnly? DecideBy { get; init; }
    public ClaimRoute? Route { get; init; }
    public IReadOnlyList<RaisedFlag>? Flags { get; init; }
    public DateOnly? InvestigateBy { get; init; }
    public string? Reason { get; init; }
    public DateOnly? Deadline { get; init; }
    public ClaimSettlement? Settlement { get; init; }
    public decimal? Amount { get; init; }
    public decimal? DelayInterest { get; init; }
}

/// <summary>What the host knows around a claim when it is judged: the benefit, the rules, the calendar, and the money facts.</summary>
/// <param name="FlagsOnLoss">Flags raised for the loss (coverage, and review signals where the book uses them).</param>
/// <param name="Assessed">The benefit the policy pays for the loss (<see cref="Claims.Benefit.For"/>).</param>
/// <param name="UnpaidPremium">Unpaid premium due on or before the day of the loss, as the account stands today.</param>
public sealed record ClaimJudgement(ClaimRules Rules, BusinessCalendar Calendar, string Currency, IReadOnlyList<RaisedFlag> FlagsOnLoss, decimal Assessed, decimal UnpaidPremium);

/// <summary>
/// A claim's file: what was claimed, the documents supplied, and the dates of its clocks. Decisions
/// on it are pure: each returns the file as it now stands and the steps it took that day.
/// </summary>
public sealed record ClaimFile(string Id, string Policy, Benefit Benefit, DateOnly Incurred, ClaimedLoss Loss, DateOnly SubmittedOn)
{
    public IReadOnlySet<string> Documents { get; init; } = new HashSet<string>(StringComparer.Ordinal);
    public DateOnly? CompleteOn { get; init; }
    public DateOnly? DecideBy { get; init; }
    public string? InvestigationReason { get; init; }
    public DateOnly? InvestigateBy { get; init; }
    public bool OverdueSaid { get; init; }
    public ClaimSettlement? Settlement { get; init; }
    public DateOnly? DecidedOn { get; init; }
    public DateOnly? ClosedOn { get; init; }
    public bool Withdrawn { get; init; }
    public bool SurveySent { get; init; }

    /// <summary>
    /// The survey goes the day after a claim closes — the first day of the seed's "within 3 days after
    /// closing", so the customer is asked while the claim is fresh, not on the day of the news itself.
    /// </summary>
    public const int SurveyAfterDays = 1;

    public DateOnly? SurveyDue => ClosedOn is { } closed && !SurveySent ? closed.AddDays(SurveyAfterDays) : null;

    public bool IsClosed => ClosedOn is not null;
    public bool IsDecided => Settlement is not null;

    /// <summary>The clock that binds now: the investigation's once one is open, else the decision's.</summary>
    public DateOnly? Deadline => InvestigateBy ?? DecideBy;

    /// <summary>
    /// A claim arrives: it is acknowledged, and every missing document is asked for at once
    /// (Insurance Law art. 22); with nothing missing its documents are complete the same day.
    /// </summary>
    public static (ClaimFile File, IReadOnlyList<ClaimStep> Steps) Submit(ClaimFile claim, IEnumerable<string> documents, Func<ClaimJudgement> judge)
    {
        var file = claim with { Documents = documents.ToHashSet(StringComparer.Ordinal) };
        var steps = new List<ClaimStep> { new(ClaimStage.Submitted) { Benefit = claim.Benefit.Code, Incurred = claim.Incurred } };
        return file.AfterDocuments(claim.SubmittedOn, steps, judge);
    }

    /// <summary>More documents: a request again only for what is still missing, or the documents complete.</summary>
    public (ClaimFile File, IReadOnlyList<ClaimStep> Steps) Receive(DateOnly on, IEnumerable<string> documents, Func<ClaimJudgement> judge)
    {
        if (IsClosed || CompleteOn is not null)
            return (this with { Documents = Documents.Concat(documents).ToHashSet(StringComparer.Ordinal) }, []);
        var file = this with { Documents = Documents.Concat(documents).ToHashSet(StringComparer.Ordinal) };
        return file.AfterDocuments(on, [], judge);
    }

    private (ClaimFile File, IReadOnlyList<ClaimStep> Steps) AfterDocuments(DateOnly on, List<ClaimStep> steps, Func<ClaimJudgement> judge)
    {
        var missing = Benefit.Missing(Documents);
        if (missing.Count > 0)
        {
            steps.Add(new ClaimStep(ClaimStage.InformationRequested) { Missing = missing });
            return (this, steps);
        }
        var j = judge();
        var decideBy = j.Rules.DecideWithin.Deadline(on, j.Calendar);
        var route = ClaimAssessment.Route(j.Rules, j.Assessed, j.FlagsOnLoss, InvestigationReason is not null);
        var file = this with
        {
            CompleteOn = on,
            DecideBy = decideBy,
            // An investigation opened while documents were owed starts its clock now, as the decision's does.
            InvestigateBy = InvestigationReason is null ? null : j.Rules.InvestigateWithin.Deadline(on, j.Calendar),
        };
        steps.Add(new ClaimStep(ClaimStage.DocumentsComplete) { DecideBy = decideBy, Route = route, Flags = j.FlagsOnLoss });
        if (route == ClaimRoute.FastTrack)
        {
            var (decided, more) = file.Decide(on, ClaimDecision.Approved, null, null, j);
            file = decided;
            steps.AddRange(more);
        }
        return (file, steps);
    }

    /// <summary>A handler opens an investigation: its reason, and the date it must end by.</summary>
    public (ClaimFile File, IReadOnlyList<ClaimStep> Steps) Investigate(DateOnly on, string reason, ClaimRules rules, BusinessCalendar calendar)
    {
        if (IsClosed || IsDecided) return (this, []);
        var by = rules.InvestigateWithin.Deadline(CompleteOn ?? on, calendar);
        var file = this with { InvestigationReason = reason, InvestigateBy = by };
        return (file, [new ClaimStep(ClaimStage.Investigation) { InvestigateBy = by, Reason = reason }]);
    }

    /// <summary>
    /// A decision, by the fast track or a handler: decided with its money; approved or partial, paid
    /// the same day with interest for any day past the binding deadline, then closed; declined, closed.
    /// </summary>
    /// <exception cref="ClaimDecisionException">A partial amount of nothing or above the benefit.</exception>
    public (ClaimFile File, IReadOnlyList<ClaimStep> Steps) Decide(DateOnly on, ClaimDecision decision, decimal? granted, string? reason, ClaimJudgement j)
    {
        if (IsClosed || IsDecided) return (this, []);
        var settlement = ClaimAssessment.Settle(decision, j.Assessed, granted, j.UnpaidPremium);
        var steps = new List<ClaimStep> { new(ClaimStage.Decided) { Settlement = settlement, Reason = decision == ClaimDecision.Approved ? null : reason } };
        var file = this with { Settlement = settlement, DecidedOn = on, ClosedOn = on };
        if (decision != ClaimDecision.Declined)
        {
            var interest = Deadline is { } deadline ? j.Rules.DelayInterest(settlement.Payable, deadline, on, j.Currency) : 0m;
            steps.Add(new ClaimStep(ClaimStage.Paid) { Amount = settlement.Payable + interest, DelayInterest = interest });
        }
        steps.Add(new ClaimStep(ClaimStage.Closed));
        return (file, steps);
    }

    /// <summary>The claimant withdraws: closed that day, nothing decided.</summary>
    public (ClaimFile File, IReadOnlyList<ClaimStep> Steps) Withdraw(DateOnly on) =>
        IsClosed ? (this, []) : (this with { ClosedOn = on, Withdrawn = true }, [new ClaimStep(ClaimStage.Closed)]);

    /// <summary>The day after the binding deadline passes with no decision, the claim is overdue — said once.</summary>
    public (ClaimFile File, IReadOnlyList<ClaimStep> Steps) Review(DateOnly today)
    {
        if (IsClosed || IsDecided || OverdueSaid || Deadline is not { } deadline || today <= deadline) return (this, []);
        return (this with { OverdueSaid = true }, [new ClaimStep(ClaimStage.Overdue) { Deadline = deadline }]);
    }

    /// <summary>Whether the survey is due today; the file then has it sent.</summary>
    public (ClaimFile File, bool Send) Survey(DateOnly today) =>
        SurveyDue is { } due && due <= today ? (this with { SurveySent = true }, true) : (this, false);

    /// <summary>The next day on which <see cref="Review"/> or <see cref="Survey"/> can change something: the day after the deadline, the survey's day, or none.</summary>
    public DateOnly? NextReview
    {
        get
        {
            DateOnly? overdue = IsClosed || IsDecided || OverdueSaid || Deadline is not { } d ? null : d.AddDays(1);
            return (overdue, SurveyDue) switch
            {
                ({ } a, { } b) => a < b ? a : b,
                (var a, var b) => a ?? b,
            };
        }
    }
}
