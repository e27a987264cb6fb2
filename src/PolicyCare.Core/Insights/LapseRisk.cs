using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Policies;

namespace PolicyCare.Insights;

/// <summary>A change of a policy's status as its timeline records it.</summary>
public sealed record StatusChange(DateOnly On, PolicyStatus From, PolicyStatus To);

/// <summary>A case that stayed open for a while: a complaint, or the insurer tracing a customer it cannot reach.</summary>
public sealed record OpenSpell(DateOnly OpenedOn, DateOnly? ClosedOn)
{
    public bool OpenOn(DateOnly date) => OpenedOn < date && (ClosedOn is not { } closed || closed >= date);
}

/// <summary>
/// What the book knows of one policy that the lapse-risk model may learn from: its schedule and premium, its holder's
/// age, and the dated events of its history. No name, ID, contact or address.
/// </summary>
/// <param name="PremiumRelative">The yearly premium divided by the median yearly premium of the book in the same currency.</param>
/// <param name="CurrentStatus">The status today: the status before the first recorded change when nothing changed.</param>
/// <param name="MandateEndedOn">The day the auto-debit mandate ended, when it did; a policy with a mandate today has none.</param>
public sealed record PolicyHistory(
    string Number,
    DateOnly Start,
    Frequency Frequency,
    decimal PremiumRelative,
    DateOnly? HolderBirthDate,
    PolicyStatus CurrentStatus,
    bool AutoDebitToday,
    DateOnly? MandateEndedOn,
    IReadOnlyList<StatusChange> StatusChanges,
    IReadOnlyList<(DateOnly On, DebitFailureReason Reason)> DebitFailures,
    IReadOnlyList<DateOnly> DeliveryFailures,
    IReadOnlyList<OpenSpell> Complaints,
    IReadOnlyList<OpenSpell> Tracing,
    IReadOnlyList<DateOnly> ContactChanges);

/// <summary>One installment that fell due, seen from its due date: the features known then, and what happened after.</summary>
/// <param name="Lapsed">Lapsed within <see cref="LapseRisk.LabelDays"/> days after the due date.</param>
/// <param name="LateLastTime">The plain rule the model must beat: the installment before this one was paid late, or is still unpaid.</param>
public sealed record InstallmentCase(string Policy, DateOnly Due, float[] Features, bool Lapsed, bool LateLastTime);

/// <summary>
/// The lapse-risk model's view of the book (the renewal seed's 分级提醒): for every installment that fell due, the
/// features known on its due date — nothing from after it — and the label "lapsed within 90 days". The model is an
/// input to the cadence, never the decision itself.
/// </summary>
public static class LapseRisk
{
    public const int LabelDays = 90;

    /// <summary>The features in model order, each with how an agent reads it.</summary>
    public static readonly IReadOnlyList<(string Name, string Words)> Features =
    [
        ("late-1-30", "premiums paid 1–30 days late in the last 12 months"),
        ("late-31-60", "premiums paid 31–60 days late in the last 12 months"),
        ("late-61-plus", "premiums more than 60 days late in the last 12 months"),
        ("failed-debits-funds", "failed debits this year: insufficient funds"),
        ("failed-debits-account", "failed debits this year: account closed, invalid or mandate revoked"),
        ("failed-debits-technical", "failed debits this year: technical errors"),
        ("auto-debit", "pays by auto-debit"),
        ("installments-a-year", "installments a year"),
        ("months-since-start", "months since the policy started"),
        ("months-since-reinstatement", "months since the last reinstatement"),
        ("premium-relative", "premium against the book's median"),
        ("age", "holder's age"),
        ("days-overdue", "days overdue on the due date"),
        ("undelivered-notices", "notices that could not be delivered this year"),
        ("unreachable", "customer cannot be reached (tracing)"),
        ("open-complaints", "open complaints"),
        ("contact-changes", "contact details changed this year"),
    ];

    /// <summary>Every installment due from <paramref name="observedFrom"/> (when the book's history starts) to <paramref name="asOf"/> while the policy was in force or in grace.</summary>
    /// <param name="labelled">Only installments whose 90 days have passed by <paramref name="asOf"/>, so each label is known.</param>
    public static IEnumerable<InstallmentCase> Cases(PolicyHistory h, DateOnly observedFrom, DateOnly asOf, bool labelled = true)
    {
        var last = labelled ? asOf.AddDays(-LabelDays) : asOf;
        var first = InstallmentSchedule.CountDueBefore(h.Start, h.Frequency, observedFrom);
        for (var seq = first; ; seq++)
        {
            var due = InstallmentSchedule.DueDate(h.Start, h.Frequency, seq);
            if (due > last) yield break;
            if (StatusOn(h, due) is not (PolicyStatus.InForce or PolicyStatus.Grace)) continue;
            yield return new InstallmentCase(h.Number, due, FeaturesOn(h, due), LapsedWithin(h, due), LateLastTime(h, due, observedFrom));
        }
    }

    /// <summary>The status at the end of the day (a policy that lapses on an installment's due date has no case for it).</summary>
    public static PolicyStatus StatusOn(PolicyHistory h, DateOnly date)
    {
        PolicyStatus? status = null;
        foreach (var change in h.StatusChanges)
        {
            if (change.On > date) return status ?? change.From;
            status = change.To;
        }
        return status ?? h.CurrentStatus;
    }

    public static bool LapsedWithin(PolicyHistory h, DateOnly due) =>
        h.StatusChanges.Any(c => c.To == PolicyStatus.Lapsed && c.On > due && c.On <= due.AddDays(LabelDays));

    /// <summary>The installment before this one was paid after its due date, or is unpaid on this one's (known from the grace spells).</summary>
    public static bool LateLastTime(PolicyHistory h, DateOnly due, DateOnly observedFrom)
    {
        var seq = InstallmentSchedule.CountDueBefore(h.Start, h.Frequency, due);
        if (seq == 0) return false;
        var previous = InstallmentSchedule.DueDate(h.Start, h.Frequency, seq - 1);
        if (previous < observedFrom) return false;
        // Grace begins the day after an unpaid due date, so a spell that began after the previous due date and
        // before this one is that installment being late.
        return GraceSpells(h, due).Any(s => s.Start > previous && s.Start <= due);
    }

    /// <summary>The spells in grace known before the date, each with the days late it stood for (to its end, or to the date when still open).</summary>
    private static IEnumerable<(DateOnly Start, int DaysLate, bool Open, bool Lapsed)> GraceSpells(PolicyHistory h, DateOnly before)
    {
        DateOnly? from = null;
        foreach (var change in h.StatusChanges)
        {
            if (change.On >= before) break;
            if (change.To == PolicyStatus.Grace && from is null) from = change.On;
            else if (change.From == PolicyStatus.Grace && change.To != PolicyStatus.Grace && from is { } f)
            {
                yield return (f, change.On.DayNumber - f.DayNumber + 1, false, change.To == PolicyStatus.Lapsed);
                from = null;
            }
        }
        if (from is { } open) yield return (open, before.DayNumber - open.DayNumber, true, false);
    }

    public static float[] FeaturesOn(PolicyHistory h, DateOnly due)
    {
        var yearAgo = due.AddYears(-1);
        var spells = GraceSpells(h, due).Where(s => s.Start > yearAgo).ToList();
        var failures = h.DebitFailures.Where(f => f.On > yearAgo && f.On < due).ToList();
        var reinstated = h.StatusChanges.LastOrDefault(c => c.From == PolicyStatus.Lapsed && c.To == PolicyStatus.InForce && c.On < due);
        var openSpell = spells.FirstOrDefault(s => s.Open);
        var autoDebit = h.MandateEndedOn is { } ended ? ended >= due : h.AutoDebitToday;
        return
        [
            spells.Count(s => !s.Open && !s.Lapsed && s.DaysLate <= 30),
            spells.Count(s => !s.Open && !s.Lapsed && s.DaysLate is > 30 and <= 60),
            // A spell that ended in a lapse is a premium more than 60 days late, whatever the grace period.
            spells.Count(s => !s.Open && (s.Lapsed || s.DaysLate > 60)),
            failures.Count(f => f.Reason == DebitFailureReason.InsufficientFunds),
            failures.Count(f => f.Reason is DebitFailureReason.AccountClosed or DebitFailureReason.InvalidAccount or DebitFailureReason.MandateRevoked),
            failures.Count(f => f.Reason == DebitFailureReason.TechnicalError),
            autoDebit ? 1 : 0,
            12 / h.Frequency.Months(),
            MonthsBetween(h.Start, due),
            reinstated is null ? -1 : MonthsBetween(reinstated.On, due),
            (float)h.PremiumRelative,
            h.HolderBirthDate is { } born ? MonthsBetween(born, due) / 12 : -1,
            openSpell.Open ? openSpell.DaysLate : 0,
            h.DeliveryFailures.Count(d => d > yearAgo && d < due),
            h.Tracing.Any(t => t.OpenOn(due)) ? 1 : 0,
            h.Complaints.Count(c => c.OpenOn(due)),
            h.ContactChanges.Count(d => d > yearAgo && d < due),
        ];
    }

    private static int MonthsBetween(DateOnly from, DateOnly to) =>
        Math.Max(0, (to.Year - from.Year) * 12 + to.Month - from.Month - (to.Day < from.Day ? 1 : 0));
}

/// <summary>How likely a lapse is, in the three tiers the cadence acts on.</summary>
public enum RiskTier { Low, Medium, High }

/// <summary>
/// How closely the cadence follows a policy (the renewal seed's 分级提醒): the standard cadence, or heightened — a
/// reminder before the due date and an agent's call with the second reminder — for a customer the model finds likely to lapse.
/// </summary>
public enum Attention { Standard, Heightened }

public static class RiskAttention
{
    /// <summary>
    /// Heightened for the high tier only, and never in the control group: those keep the standard cadence, so the
    /// effect of the extra reminders can be measured against them rather than assumed.
    /// </summary>
    public static Attention For(RiskTier? tier, bool controlGroup) => tier == RiskTier.High && !controlGroup ? Attention.Heightened : Attention.Standard;
}

/// <summary>The predicted probabilities from which a policy is in the medium and the high tier (configurable per insurer).</summary>
public sealed record RiskThresholds(double Medium = 0.10, double High = 0.30)
{
    public RiskTier TierOf(double probability) => probability >= High ? RiskTier.High : probability >= Medium ? RiskTier.Medium : RiskTier.Low;
}

/// <summary>One reason a score is high: a feature's value, and how much lower the score would be without it.</summary>
public sealed record RiskFactor(string Feature, float Value, double Effect);

/// <summary>Why a policy scores as it does, in words an agent can act on; and who keeps the standard cadence.</summary>
public static class RiskExplanation
{
    /// <summary>
    /// The features an agent can talk about, each with its value when the reason is absent: counts at nought,
    /// auto-debit on, never reinstated. Age, premium, term and frequency are part of a score but nobody's doing.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, float> Neutral = new Dictionary<string, float>(StringComparer.Ordinal)
    {
        ["late-1-30"] = 0, ["late-31-60"] = 0, ["late-61-plus"] = 0,
        ["failed-debits-funds"] = 0, ["failed-debits-account"] = 0, ["failed-debits-technical"] = 0,
        ["auto-debit"] = 1, ["months-since-reinstatement"] = -1, ["days-overdue"] = 0,
        ["undelivered-notices"] = 0, ["unreachable"] = 0, ["open-complaints"] = 0, ["contact-changes"] = 0,
    };

    /// <summary>For each explainable feature that is not at its neutral value: its index and the features with it made neutral.</summary>
    public static IEnumerable<(int Index, float[] Without)> Variants(float[] features)
    {
        for (var i = 0; i < LapseRisk.Features.Count; i++)
        {
            if (!Neutral.TryGetValue(LapseRisk.Features[i].Name, out var neutral) || features[i] == neutral) continue;
            var without = (float[])features.Clone();
            without[i] = neutral;
            yield return (i, without);
        }
    }

    /// <summary>The reasons that raise the score most (by how much lower it would be without each), at most three, none below half a point.</summary>
    public static IReadOnlyList<RiskFactor> TopFactors(float[] features, double score, IEnumerable<(int Index, double ScoreWithout)> variants, int top = 3) =>
        variants.Select(v => new RiskFactor(LapseRisk.Features[v.Index].Name, features[v.Index], score - v.ScoreWithout))
            .Where(f => f.Effect >= 0.005).OrderByDescending(f => f.Effect).ThenBy(f => f.Feature, StringComparer.Ordinal).Take(top).ToList();

    /// <summary>
    /// The control group keeps the standard cadence whatever its score, so the effect of the extra reminders can be
    /// measured: a stable share of policies chosen by a hash of the number (FNV-1a), the same on every run and machine.
    /// </summary>
    public static bool InControlGroup(string policyNumber, int sharePercent)
    {
        var hash = 2166136261u;
        foreach (var c in policyNumber) hash = unchecked((hash ^ c) * 16777619u);
        return hash % 100 < sharePercent;
    }
}
