using PolicyCare.Billing;
using PolicyCare.Calendars;
using PolicyCare.Notices;
using PolicyCare.Policies;

namespace PolicyCare.Delinquency;

/// <summary>The bank's answer for a debit: it failed, why, whether the insurer was at fault, and (when reported later) the day it was attempted.</summary>
public sealed record DebitRejection(DebitFailureReason Reason, bool InsurerFault, DateOnly? DebitOn = null);

/// <summary>How the result of an auto-debit reaches PolicyCare.</summary>
public enum DebitSettlement
{
    /// <summary>A debit succeeds unless a rejection for that day is known (scenarios, the demo's simulated bank).</summary>
    Assumed,
    /// <summary>The cycle requests the debit; money arrives only with the bank's result file, and so do rejections.</summary>
    BankConfirmed,
}

/// <summary>Everything the daily decision for one policy needs.</summary>
public sealed record CycleInput(
    PolicyTerms Terms,
    PolicyStanding Standing,
    PolicyParties Parties,
    BusinessCalendar Calendar,
    string MarketLocale,
    DebitRejection? DebitRejectedToday = null,
    DebitSettlement Settlement = DebitSettlement.Assumed,
    Insights.Attention Attention = Insights.Attention.Standard);

/// <summary>What a notice of a stage would say about a policy on a date (<see cref="DailyCycle.Restate"/>), or why it no longer applies.</summary>
public abstract record Restatement;
public sealed record RestatedToday(NoticeOccasion Occasion) : Restatement;
/// <param name="Why">An English sentence, translated where it is shown.</param>
public sealed record NoLongerApplies(string Why) : Restatement;

/// <summary>Something the cycle did to a policy, in the order it happened.</summary>
public abstract record CycleEffect;
public sealed record DebitAttempted(decimal Amount, DebitFailureReason? FailedBecause) : CycleEffect;
/// <summary>A debit sent to the bank; its result comes back in the bank's file.</summary>
public sealed record DebitRequested(decimal Amount) : CycleEffect;
/// <summary>A premium paid by its due date earned a discount (as credit) or points; a loyalty bonus after a run of them.</summary>
public sealed record IncentiveGranted(decimal Discount, long Points, bool LoyaltyBonus, int Streak) : CycleEffect;
/// <summary>Debits keep failing in a way a retry cannot cure: the customer is advised to give a new card or account.</summary>
public sealed record RebindAdvised(DebitFailureReason Reason, int ConsecutiveFailures) : CycleEffect;
/// <summary>An arrears plan was paid off.</summary>
public sealed record PlanCompleted(DateOnly AgreedOn) : CycleEffect;
public sealed record StatusChanged(PolicyStatus From, PolicyStatus To) : CycleEffect;
public sealed record InterestCollected(decimal Amount) : CycleEffect;
public sealed record NoticePlanned(PlannedNotice Notice) : CycleEffect;
public sealed record CaseOpened(CaseToOpen Case) : CycleEffect;
/// <summary>The price of the coming policy year was offered (or, past the maximum age, not).</summary>
public sealed record RenewalOffered(Servicing.RenewalOffer Offer) : CycleEffect;
/// <summary>A customer in good standing keeps cover from the renewal date while its premium is collected, up to <paramref name="Until"/>.</summary>
public sealed record RenewalOnCredit(DateOnly RenewalDate, DateOnly Until) : CycleEffect;
/// <summary>How the renewal on its date ended: renewed at the premium, expired unpaid (or not offered), or declined.</summary>
public sealed record RenewalSettled(DateOnly RenewalDate, Servicing.RenewalResult Result, decimal Premium) : CycleEffect;

/// <summary>The day's decision for one policy and the next date anything can happen to it without new input.</summary>
public sealed record CycleDecision(PolicyStanding Standing, IReadOnlyList<CycleEffect> Effects, DateOnly? NextReview);

/// <summary>
/// The daily decision for one policy (Kill Bill style: standing in, pure evaluation against the
/// product's rules, effects out). Installments fall due and consume credit; the auto-debit or its
/// retry is attempted; the status moves (grace on an unpaid due date, lapse the day after the last
/// day of grace, reinstatement once the quote is covered, termination when the window closes); and
/// the notices of the cadence due that day are planned. Running it once per day in order is the
/// whole lifecycle; the same input always gives the same decision.
/// </summary>
public static partial class DailyCycle
{
    private const int ReviewHorizonDays = 366;

    public static CycleDecision Decide(CycleInput input, DateOnly date)
    {
        var (standing, effects) = Evaluate(input, date);
        return new CycleDecision(standing, effects, NextReview(input with { Standing = standing, DebitRejectedToday = null }, date));
    }

    /// <summary>
    /// The first later date on which the policy, left alone, would change or be sent something; null
    /// when it never will. The cycle visits a policy only on that date or when new input arrives, so
    /// a quiet book costs nothing a day. Found by stepping the same rules forward, so it cannot
    /// disagree with them.
    /// </summary>
    public static DateOnly? NextReview(CycleInput input, DateOnly date)
    {
        if (input.Standing.Status.IsOver()) return null;
        for (var day = QuietUntil(input, date); day <= date.AddDays(ReviewHorizonDays); day = day.AddDays(1))
        {
            try
            {
                var (after, effects) = Evaluate(input, day, probe: true);
                if (effects.Count > 0 || after != input.Standing) return day;
            }
            catch (CalendarOutOfRangeException)
            {
                // Let the real cycle on that day raise it, with the date in the message.
                return day;
            }
        }
        return date.AddDays(ReviewHorizonDays);
    }

    /// <summary>
    /// The first day worth stepping from: for a quiet policy (in force with nothing owed, or a long-term one lapsed with no
    /// application) nothing can happen before the earliest of the dates its rules name — the notice days before the next
    /// installment, the installment itself, a follow-up month, the close of the reinstatement window, the end of cover, and
    /// for a one-year policy its anniversary and the renewal notice days before it —
    /// so the days before it are skipped without being evaluated. A long-term policy in grace (without a plan or a holiday)
    /// likewise waits for its reminders, the earliest day grace can run out and its debit retries. Any other standing steps
    /// from tomorrow. Only a lower
    /// bound: the stepping after it still decides, so it cannot disagree with the rules, only save work.
    /// </summary>
    internal static DateOnly QuietUntil(CycleInput input, DateOnly date)
    {
        var tomorrow = date.AddDays(1);
        var terms = input.Terms;
        var product = terms.Product;
        var s = input.Standing;
        var shortTerm = product.Term == PolicyTerm.Short;
        if (s.Plan is not null || s.Holiday is not null) return tomorrow;
        if (s.LastDebitFailure is not null && s.Status != PolicyStatus.Grace) return tomorrow;
        // A one-year policy's renewal in progress (an offer out, cover on credit, a survey to come after renewing) steps daily.
        if (s.Renewal is { } renewing && (!shortTerm || renewing.Offer is not null || renewing.CreditUntil is not null
            || renewing.RenewedOn is { } renewedOn && renewedOn.AddDays(31) >= date))
            return tomorrow;
        var earliest = date.AddDays(ReviewHorizonDays);
        void Candidate(DateOnly day)
        {
            if (day < earliest) earliest = day;
        }
        switch (s.Status)
        {
            case PolicyStatus.InForce when Account.Outstanding(terms, s) == 0 && Relief.OldestUnmet(terms, s) is null:
                if (shortTerm)
                {
                    // The anniversary (the new year opens, priced or ended) and the first renewal notice or offer before it.
                    var renewal = NextRenewal(terms, date);
                    Candidate(renewal);
                    if (RenewalTermsOf(product) is { } renewalTerms)
                        foreach (var daysBefore in renewalTerms.NoticeDays) Candidate(renewal.AddDays(-daysBefore));
                    else
                        foreach (var daysBefore in product.Cadence.RenewalDaysBefore) Candidate(renewal.AddDays(-daysBefore));
                }
                break;
            case PolicyStatus.Grace when !shortTerm && RenewalTermsOf(product) is null && Relief.OldestUnmet(terms, s) is { } oldest:
                // In grace (a long-term policy): each unpaid installment's first reminder, the second reminder, the day after
                // the last nominal day of grace (the earliest it can lapse), and the failed debit's retries.
                try
                {
                    foreach (var obligation in Relief.Obligations(terms, s).Where(o => !o.Covered))
                        if (FirstReminderAfter(obligation.DueDate, date, earliest, input.Calendar) is { } first) Candidate(first);
                    var second = SecondReminderOn(product, input.Calendar, oldest.DueDate);
                    if (second > date) Candidate(second);
                }
                catch (CalendarOutOfRangeException)
                {
                    return tomorrow;
                }
                Candidate(product.Grace!.NominalLastDay(oldest.DueDate).AddDays(1));
                if (s.LastDebitFailure is { } failure)
                    foreach (var retryAfter in product.DebitRetryDays)
                        if (failure.ScheduledOn.AddDays(retryAfter) > date) Candidate(failure.ScheduledOn.AddDays(retryAfter));
                break;
            case PolicyStatus.Lapsed when !shortTerm && s.Application is null && s.LapsedOn is { } lapsedOn:
                for (var month = 1; month <= product.Cadence.FollowUpMonths; month++)
                    if (lapsedOn.AddMonths(month) > date) Candidate(lapsedOn.AddMonths(month));
                Candidate(lapsedOn.AddDays(product.Reinstatement.WindowDays));
                break;
            default:
                return tomorrow;
        }
        if (terms.CoverEndsOn is { } coverEnds) Candidate(coverEnds);
        if (terms.HasInstallment(s.InstallmentsBilled))
            Candidate(terms.DueDate(s.InstallmentsBilled).AddDays(-Math.Max(0, Math.Max(product.PreDebitNoticeDays, product.Cadence.EarlyReminderDaysBefore))));
        return earliest > tomorrow ? earliest : tomorrow;
    }

    /// <param name="probe">
    /// Only whether anything happens that day is wanted (<see cref="NextReview"/>): the evaluation stops at the first effect
    /// or change of standing instead of writing every notice's text, which the real cycle writes again on that day. The
    /// answer to "anything?" is the same as a full evaluation's: effects only grow, and nothing after the status is settled
    /// changes the standing.
    /// </param>
    private static (PolicyStanding, List<CycleEffect>) Evaluate(CycleInput input, DateOnly date, bool probe = false)
    {
        var terms = input.Terms;
        var product = terms.Product;
        var effects = new List<CycleEffect>();
        var s = input.Standing;
        if (s.Status.IsOver()) return (s, effects);
        // The cover term is over: the contract ends on the anniversary that closes it, whatever its standing (a policy
        // that reaches its term has not lapsed, and one lapsed has nothing left to reinstate). Told in writing.
        if (terms.CoverEndsOn is { } coverEnds && date >= coverEnds)
        {
            effects.Add(new StatusChanged(s.Status, PolicyStatus.Expired));
            s = s with { Status = PolicyStatus.Expired, StatusSince = date, Plan = null, Holiday = null, Application = null };
            if (probe) return (s, effects);
            var ended = new NoticeOccasion(Stage.CoverEnded, $"cover-ended-{coverEnds:yyyy-MM-dd}", Facts(terms, s) with { CoverEndsOn = coverEnds });
            effects.AddRange(NoticePlanner.Plan(ended, input.Parties, date, product.ElderlyAge, input.MarketLocale).Notices.Select(n => new NoticePlanned(n)));
            return (s, effects);
        }
        var renewalTerms = RenewalTermsOf(product);
        var holdDebit = false;
        if (renewalTerms is not null)
        {
            (s, holdDebit) = OpenPolicyYear(input, renewalTerms, s, date, effects);
            if (s.Status.IsOver()) return (s, effects);
        }

        s = Account.BillThrough(terms, s, date);
        // A payment received today may already have billed today's installment; it still fell due today.
        var fellDueToday = s.InstallmentsBilled > 0 && terms.DueDate(s.InstallmentsBilled - 1) == date;

        s = Debit(input, s, date, IsDebitDay(terms, s, date, fellDueToday) && !holdDebit, effects);
        if (fellDueToday && s.Status.IsCollecting()) s = Reward(terms, s, effects);
        if (Relief.PlanComplete(s))
        {
            effects.Add(new PlanCompleted(s.Plan!.AgreedOn));
            s = s with { Plan = null };
        }
        if (s.Holiday is { } holiday && Account.OldestOpen(terms, s) is var oldestOpen && (oldestOpen is null || oldestOpen.Sequence > holiday.Sequence) && date >= terms.DueDate(holiday.Sequence))
            s = s with { Holiday = null };
        var statusAtStart = s.Status;
        if (renewalTerms is not null) s = SettleRenewal(input, renewalTerms, s, date, effects);
        s = MoveStatus(terms, s, date, input.Calendar, effects);
        if (renewalTerms is not null) s = AfterStatus(input, renewalTerms, s, statusAtStart, date, effects);

        if (probe)
        {
            if (effects.Count > 0 || s != input.Standing) return (s, effects);
            // An occasion always plans something (NoticePlanner.Plan reaches the holder: a notice, a failed one, or a
            // tracing case), so whether there is one answers "anything?" without writing a text.
            if (Occasions(input, s, statusAtStart, date).Any()) effects.Add(SomethingToSay.Instance);
            return (s, effects);
        }
        foreach (var occasion in Occasions(input, s, statusAtStart, date))
        {
            var plan = NoticePlanner.Plan(occasion, input.Parties, date, product.ElderlyAge, input.MarketLocale);
            effects.AddRange(plan.Notices.Select(n => new NoticePlanned(n)));
            effects.AddRange(plan.Cases.Select(c => new CaseOpened(c)));
        }
        return (s, effects);
    }

    /// <summary>A probe's answer that the day has a notice occasion; never leaves <see cref="NextReview"/>.</summary>
    private sealed record SomethingToSay : CycleEffect
    {
        public static readonly SomethingToSay Instance = new();
    }

    /// <summary>
    /// A debit is due on an installment's due date (or the end of its payment holiday instead) and on
    /// each date of an arrears plan.
    /// </summary>
    private static bool IsDebitDay(PolicyTerms terms, PolicyStanding s, DateOnly date, bool fellDueToday)
    {
        if (fellDueToday && Relief.EffectiveDueDate(terms, s, s.InstallmentsBilled - 1) == date) return true;
        if (s.Holiday is { } h && h.Until == date) return true;
        return s.Plan is { } plan && plan.Parts.Any(p => p.DueDate == date);
    }

    private static PolicyStanding Debit(CycleInput input, PolicyStanding s, DateOnly date, bool debitDay, List<CycleEffect> effects)
    {
        if (input.Settlement == DebitSettlement.BankConfirmed) return RequestDebit(input, s, date, debitDay, effects);
        if (!s.MandateActive || !s.Status.IsCollecting()) return s;
        var owed = Relief.OwedBy(input.Terms, s, date);
        if (owed <= 0) return s;
        var last = s.LastDebitFailure;
        var isRetry = !debitDay && IsRetryDay(input.Terms.Product, last, date);
        if (!debitDay && !isRetry) return s;

        if (input.DebitRejectedToday is { } rejection)
        {
            effects.Add(new DebitAttempted(owed, rejection.Reason));
            return Failed(s with
            {
                LastDebitFailure = new DebitFailure(date, debitDay ? date : last!.ScheduledOn, owed,
                    rejection.Reason, rejection.InsurerFault, (last?.ConsecutiveFailures ?? 0) + 1),
            }, effects);
        }
        effects.Add(new DebitAttempted(owed, null));
        return s with { Applied = checked(s.Applied + owed), LastDebitFailure = null };
    }

    /// <summary>Guidance to rebind is given once: at the second failure in a row, or at the first one a retry cannot cure.</summary>
    private static PolicyStanding Failed(PolicyStanding s, List<CycleEffect> effects)
    {
        var f = s.LastDebitFailure!;
        if ((f.Reason.NeedsNewPaymentMethod() && f.ConsecutiveFailures == 1) || (!f.Reason.NeedsNewPaymentMethod() && f.ConsecutiveFailures == 2))
            effects.Add(new RebindAdvised(f.Reason, f.ConsecutiveFailures));
        return s;
    }

    /// <summary>
    /// The installment that fell due today, paid by today, earns the product's on-time incentive
    /// (a discount kept as credit, or points) and counts towards the loyalty bonus; unpaid, the run ends.
    /// </summary>
    private static PolicyStanding Reward(PolicyTerms terms, PolicyStanding s, List<CycleEffect> effects)
    {
        var relief = terms.Product.Relief;
        if (relief.OnTimeDiscountRate is null && relief.OnTimePoints is null && relief.LoyaltyAfter is null) return s;
        if (Account.Outstanding(terms, s) > 0) return s with { OnTimeStreak = 0 };
        var streak = s.OnTimeStreak + 1;
        var discount = relief.OnTimeDiscountRate is { } rate ? Currencies.RoundToMinorUnitAwayFromZero(Account.CurrentInstallment(terms, s) * rate, terms.Currency) : 0m;
        var loyalty = relief.LoyaltyAfter is { } after && after > 0 && streak % after == 0;
        var points = (long)(relief.OnTimePoints ?? 0) + (loyalty ? relief.LoyaltyPoints ?? 0 : 0);
        if (discount > 0 || points > 0) effects.Add(new IncentiveGranted(discount, points, loyalty, streak));
        return s with
        {
            OnTimeStreak = streak,
            Credit = s.Credit + discount,
            DiscountsGranted = s.DiscountsGranted + discount,
            Points = s.Points + points,
        };
    }

    private static bool IsRetryDay(Product product, DebitFailure? last, DateOnly date) =>
        last is not null && product.DebitRetryDays.Any(d => last.ScheduledOn.AddDays(d) == date);

    /// <summary>
    /// With the bank confirming: a rejection the bank reported today is recorded against the day of
    /// its debit (retries count from the due date it was for), and on a due date or retry day the
    /// amount owed is requested. No money moves until the bank's file says it was collected.
    /// </summary>
    private static PolicyStanding RequestDebit(CycleInput input, PolicyStanding s, DateOnly date, bool debitDay, List<CycleEffect> effects)
    {
        var terms = input.Terms;
        var outstanding = Relief.OwedBy(terms, s, date);
        if (input.DebitRejectedToday is { } rejection && outstanding > 0)
        {
            var debitOn = rejection.DebitOn ?? date;
            var last = s.LastDebitFailure;
            var n = terms.CountDueOnOrBefore(debitOn);
            var scheduledOn = n > 0 && terms.DueDate(n - 1) == debitOn ? debitOn : last?.ScheduledOn ?? debitOn;
            effects.Add(new DebitAttempted(outstanding, rejection.Reason));
            s = s with
            {
                LastDebitFailure = new DebitFailure(debitOn, scheduledOn, outstanding, rejection.Reason, rejection.InsurerFault,
                    (last?.ConsecutiveFailures ?? 0) + 1),
            };
            s = Failed(s, effects);
        }
        if (s.MandateActive && s.Status.IsCollecting() && outstanding > 0 && (debitDay || IsRetryDay(terms.Product, s.LastDebitFailure, date)))
            effects.Add(new DebitRequested(outstanding));
        return s;
    }

    private static PolicyStanding MoveStatus(PolicyTerms terms, PolicyStanding s, DateOnly date, BusinessCalendar calendar, List<CycleEffect> effects)
    {
        var product = terms.Product;
        PolicyStanding To(PolicyStanding current, PolicyStatus status)
        {
            effects.Add(new StatusChanged(current.Status, status));
            return current with { Status = status, StatusSince = date };
        }

        // A day can carry several steps (reinstated and at once in grace for a premium that fell due meanwhile).
        for (var step = 0; step < 4; step++)
        {
            // Overdue: the oldest unmet obligation fell due (payment holidays and arrears plans move it).
            // The due date itself is on time (a customer can pay all day): overdue from the day after.
            var unmet = Relief.OldestUnmet(terms, s);
            // A renewal on credit keeps the new year's first premium from being overdue until its collection window ends.
            var overdue = unmet is not null && unmet.DueDate < date && !(s.Renewal is { CreditUntil: { } until } && date <= until);
            switch (s.Status)
            {
                case PolicyStatus.InForce when overdue:
                    s = product.Grace is null ? Ended(To(s, PolicyStatus.Expired), date) : To(s, PolicyStatus.Grace);
                    continue;
                case PolicyStatus.Grace when !overdue:
                    s = To(s, PolicyStatus.InForce) with { LastDebitFailure = Account.Outstanding(terms, s) > 0 ? s.LastDebitFailure : null };
                    continue;
                case PolicyStatus.Grace when product.Grace!.HasRunOut(unmet!.DueDate, date, calendar):
                    s = Ended(To(s, product.Term == PolicyTerm.Long ? PolicyStatus.Lapsed : PolicyStatus.Expired), date);
                    continue;
                case PolicyStatus.Lapsed:
                    if (s.Application is { } app && date > app.Quote.ValidUntil)
                        s = s with { Application = null };
                    if (s.Application is { HealthAccepted: true } open && open.PaidSinceRequest >= open.Quote.Total)
                    {
                        if (open.Quote.Interest > 0) effects.Add(new InterestCollected(open.Quote.Interest));
                        s = Reinstated(To(s, PolicyStatus.InForce), open.Quote.Interest);
                        continue;
                    }
                    if (date >= s.LapsedOn!.Value.AddDays(product.Reinstatement.WindowDays))
                        s = To(s, PolicyStatus.Terminated) with { Application = null };
                    break;
            }
            break;
        }
        return s;

        PolicyStanding Ended(PolicyStanding ended, DateOnly on) =>
            ended with { LapsedOn = on, LapseInsurerFault = ended.LastDebitFailure?.InsurerFault == true, Plan = null, Holiday = null, OnTimeStreak = 0 };
    }

    /// <summary>
    /// A reinstated standing. The quote's interest is income, not premium: it comes out of the money
    /// received, credit first. The cycle and a change that pays the quote both reinstate through it.
    /// </summary>
    public static PolicyStanding Reinstated(PolicyStanding s, decimal interest)
    {
        var fromCredit = Math.Min(s.Credit, interest);
        return s with
        {
            Credit = s.Credit - fromCredit,
            Applied = s.Applied - (interest - fromCredit),
            InterestCollected = s.InterestCollected + interest,
            LapsedOn = null,
            LapseInsurerFault = false,
            Application = null,
            LastDebitFailure = null,
        };
    }

    private static IEnumerable<NoticeOccasion> Occasions(CycleInput input, PolicyStanding s, PolicyStatus statusAtStart, DateOnly date)
    {
        var terms = input.Terms;
        var product = terms.Product;
        var cadence = product.Cadence;
        var calendar = input.Calendar;
        var facts = Facts(terms, s);

        if (s.Status.IsCollecting())
        {
            if (s.MandateActive)
            {
                var debitOn = date.AddDays(product.PreDebitNoticeDays);
                var n = terms.CountDueOnOrBefore(debitOn);
                if (n > 0 && terms.DueDate(n - 1) == debitOn && PreDebitAmount(input, s, debitOn) is > 0 and var amount)
                    yield return new NoticeOccasion(Stage.PreDebitNotice, $"installment-{n - 1}", facts with { AmountDue = amount, DebitOn = debitOn });
            }

            // A customer likely to lapse hears before the premium falls due, while paying is still easy.
            if (input.Attention == Insights.Attention.Heightened && s.Status == PolicyStatus.InForce)
            {
                var dueOn = date.AddDays(cadence.EarlyReminderDaysBefore);
                var n = terms.CountDueOnOrBefore(dueOn);
                if (n > 0 && terms.DueDate(n - 1) == dueOn && PreDebitAmount(input, s, dueOn) is > 0 and var amount)
                    yield return new NoticeOccasion(Stage.EarlyReminder, $"installment-{n - 1}", facts with { AmountDue = amount, DueDate = dueOn, DebitOn = s.MandateActive ? dueOn : null });
            }

            if (RenewalTermsOf(product) is { } renewalTerms)
            {
                foreach (var occasion in RenewalNotices(input, renewalTerms, s, facts, date)) yield return occasion;
            }
            else if (product.Term == PolicyTerm.Short)
            {
                var renewal = NextRenewal(terms, date);
                foreach (var daysBefore in cadence.RenewalDaysBefore.Where(d => renewal.AddDays(-d) == date))
                    yield return new NoticeOccasion(Stage.RenewalNotice, $"renewal-{renewal:yyyy-MM-dd}-{daysBefore}d", RenewalFacts(terms, facts, renewal, calendar));
            }
        }

        if (ReminderFacts(terms, s, facts, calendar, date) is { } reminder)
        {
            var (reminderFacts, oldest, _) = reminder;
            foreach (var obligation in Relief.Obligations(terms, s).Where(o => !o.Covered && o.DueDate < date))
            {
                // The first business day after the due date, never a day off (the seed: within 3 business days from the day after it).
                if (IsFirstBusinessDayAfter(obligation.DueDate, date, calendar))
                    yield return new NoticeOccasion(Stage.FirstReminder, obligation.Subject, reminderFacts with { DueDate = obligation.DueDate });
            }
            if (SecondReminderOn(product, calendar, oldest.DueDate) == date)
                yield return new NoticeOccasion(Stage.SecondReminder, oldest.Subject, reminderFacts with { DueDate = oldest.DueDate },
                    WithAgentCall: input.Attention == Insights.Attention.Heightened);
        }

        if (s.Renewal is { RenewedOn: { } renewedOn } && IsFirstBusinessDayAfter(renewedOn, date, calendar))
            yield return new NoticeOccasion(Stage.RenewalSurvey, $"renewal-{renewedOn:yyyy-MM-dd}-survey", facts with { RenewalDate = renewedOn });

        if (s.LapsedOn is { } lapsedOn)
        {
            var lapseFacts = LapseFacts(terms, s, facts, lapsedOn);
            var subject = $"lapse-{lapsedOn:yyyy-MM-dd}";
            // A customer who declined, or was past the age for another year, was told when the cover ends: no letter about an unpaid premium.
            if (s.StatusSince == date && statusAtStart != s.Status && s.Status is PolicyStatus.Lapsed or PolicyStatus.Expired && s.Renewal?.EndedByChoice != true)
                yield return new NoticeOccasion(Stage.LapseNotice, subject, WithAlternatives(terms, s, lapseFacts, date));
            if (s.Status == PolicyStatus.Lapsed)
            {
                for (var month = 1; month <= cadence.FollowUpMonths; month++)
                {
                    if (lapsedOn.AddMonths(month) == date)
                        yield return new NoticeOccasion(Stage.ReinstatementFollowUp, $"{subject}-month-{month}",
                            lapseFacts with { FollowUpMonth = month }, WithEmail: month % cadence.FollowUpEmailEveryMonths == 0);
                }
            }
            if (s.Status == PolicyStatus.Terminated && s.StatusSince == date)
                yield return new NoticeOccasion(Stage.TerminationNotice, subject, lapseFacts);
        }
    }

    /// <summary>The facts every notice of the policy shares: what is outstanding, the reinstatement terms, whether to ask for a new payment method.</summary>
    private static NoticeFacts Facts(PolicyTerms terms, PolicyStanding s)
    {
        var product = terms.Product;
        var failure = s.LastDebitFailure;
        return new NoticeFacts(terms.Number, terms.Currency, Account.Outstanding(terms, s),
            InterestRate: product.Reinstatement.AnnualInterestRate,
            HealthDeclaration: product.Reinstatement.HealthDeclaration,
            ShortTerm: product.Term == PolicyTerm.Short,
            RebindPaymentMethod: failure is not null && (failure.ConsecutiveFailures >= 2 || failure.Reason.NeedsNewPaymentMethod()));
    }

    /// <summary>A debit takes the premium and whatever is still open, less the credit held.</summary>
    private const string PaidInFull = "The premiums are paid in full: nothing more falls due.";

    private static decimal PreDebitAmount(PolicyTerms terms, PolicyStanding s) =>
        Math.Max(0m, Account.CurrentInstallment(terms, s) + Account.Outstanding(terms, s) - s.Credit);

    private static DateOnly NextRenewal(PolicyTerms terms, DateOnly date)
    {
        var years = Math.Max(1, date.Year - terms.Start.Year);
        var renewal = terms.Start.AddYears(years);
        return renewal <= date ? terms.Start.AddYears(years + 1) : renewal;
    }

    private static NoticeFacts RenewalFacts(PolicyTerms terms, NoticeFacts facts, DateOnly renewal, BusinessCalendar calendar) =>
        facts with
        {
            AmountDue = terms.Premium * (12 / terms.Frequency.Months()),
            RenewalDate = renewal,
            Deadline = terms.Product.Grace?.LastDay(renewal, calendar, lenient: true) ?? renewal,
        };

    /// <summary>A reminder states what is overdue on the date, the last day of grace for the oldest unmet installment, and the debit that failed for it.</summary>
    private static (NoticeFacts Facts, Obligation Oldest, DateOnly GraceLastDay)? ReminderFacts(
        PolicyTerms terms, PolicyStanding s, NoticeFacts facts, BusinessCalendar calendar, DateOnly date)
    {
        if (s.Status != PolicyStatus.Grace || Relief.OldestUnmet(terms, s) is not { } oldest) return null;
        var graceLastDay = terms.Product.Grace!.LastDay(oldest.DueDate, calendar, lenient: true);
        var failure = s.LastDebitFailure;
        var failedForOpen = failure is not null && failure.ScheduledOn >= oldest.DueDate ? failure : null;
        return (facts with { AmountDue = Relief.OwedBy(terms, s, date), Deadline = graceLastDay, FailedDebit = failedForOpen }, oldest, graceLastDay);
    }

    private static NoticeFacts LapseFacts(PolicyTerms terms, PolicyStanding s, NoticeFacts facts, DateOnly lapsedOn) => facts with
    {
        LapsedOn = lapsedOn,
        ReinstateBy = lapsedOn.AddDays(terms.Product.Reinstatement.WindowDays - 1),
        DueDate = Account.OpenInstallments(terms, s).FirstOrDefault()?.DueDate,
        FailedDebit = s.LastDebitFailure,
    };

    /// <summary>The alternatives to a lapse, quoted from the product's cash values when it has them.</summary>
    private static NoticeFacts WithAlternatives(PolicyTerms terms, PolicyStanding s, NoticeFacts lapseFacts, DateOnly date) =>
        AlternativeQuotes.Quote(terms, s, date) is { MaxPolicyLoan: > 0 } alternatives
            ? lapseFacts with { PolicyLoanUpTo = alternatives.MaxPolicyLoan, PaidUpSumInsured = alternatives.PaidUpSumInsured }
            : lapseFacts;

    /// <summary>
    /// What a notice of the stage would state about the policy on the date, with that day's facts — or
    /// why the stage no longer applies. A resend goes out in these words, never in stale ones: a reminder
    /// asks for what is overdue today, with today's last day of grace; a pre-debit notice announces the
    /// next debit; a lapse letter quotes today's reinstatement deadline and alternatives.
    /// </summary>
    /// <param name="subject">The installment or event the notice was about, when known: a first reminder restates its own installment while it is unpaid.</param>
    public static Restatement Restate(PolicyTerms terms, PolicyStanding s, BusinessCalendar calendar, DateOnly date, Stage stage, string? subject = null)
    {
        var facts = Facts(terms, s);
        switch (stage)
        {
            case Stage.PreDebitNotice:
                if (!s.Status.IsCollecting() || !s.MandateActive) return new NoLongerApplies("Auto-debit is no longer set up on this policy.");
                var next = terms.CountDueOnOrBefore(date);
                if (!terms.HasInstallment(next)) return new NoLongerApplies(PaidInFull);
                var amount = PreDebitAmount(terms, s);
                if (amount <= 0) return new NoLongerApplies("Nothing will be debited at the next due date.");
                return new RestatedToday(new NoticeOccasion(stage, $"installment-{next}", facts with { AmountDue = amount, DebitOn = terms.DueDate(next) }));
            case Stage.EarlyReminder:
                if (s.Status != PolicyStatus.InForce) return new NoLongerApplies("The policy is no longer in force.");
                var dueIndex = terms.CountDueOnOrBefore(date);
                if (!terms.HasInstallment(dueIndex)) return new NoLongerApplies(PaidInFull);
                var dueAmount = PreDebitAmount(terms, s);
                if (dueAmount <= 0) return new NoLongerApplies("Nothing is due at the next due date.");
                var nextDue = terms.DueDate(dueIndex);
                return new RestatedToday(new NoticeOccasion(stage, $"installment-{dueIndex}",
                    facts with { AmountDue = dueAmount, DueDate = nextDue, DebitOn = s.MandateActive ? nextDue : null }));
            case Stage.RenewalNotice when RenewalTermsOf(terms.Product) is { } renewalTerms:
                return RestateRenewal(terms, renewalTerms, s, facts, date);
            case Stage.RenewalNotice:
                if (!s.Status.IsCollecting() || terms.Product.Term != PolicyTerm.Short) return new NoLongerApplies("The policy is no longer due for renewal.");
                var renewal = NextRenewal(terms, date);
                return new RestatedToday(new NoticeOccasion(stage, $"renewal-{renewal:yyyy-MM-dd}", RenewalFacts(terms, facts, renewal, calendar)));
            case Stage.FirstReminder or Stage.SecondReminder:
                if (ReminderFacts(terms, s, facts, calendar, date) is not { } reminder) return new NoLongerApplies("The policy is no longer in its grace period.");
                var about = stage == Stage.FirstReminder
                    ? Relief.Obligations(terms, s).FirstOrDefault(o => o.Subject == subject && !o.Covered) ?? reminder.Oldest
                    : reminder.Oldest;
                return new RestatedToday(new NoticeOccasion(stage, about.Subject, reminder.Facts with { DueDate = about.DueDate }));
            case Stage.LapseNotice or Stage.ReinstatementFollowUp:
                if (s.Status != PolicyStatus.Lapsed || s.LapsedOn is not { } lapsedOn) return new NoLongerApplies("The policy is no longer lapsed.");
                var lapseFacts = LapseFacts(terms, s, facts, lapsedOn);
                return new RestatedToday(stage == Stage.LapseNotice
                    ? new NoticeOccasion(stage, $"lapse-{lapsedOn:yyyy-MM-dd}", WithAlternatives(terms, s, lapseFacts, date))
                    : new NoticeOccasion(stage, $"lapse-{lapsedOn:yyyy-MM-dd}-month-{Math.Max(1, MonthsBetween(lapsedOn, date))}",
                        lapseFacts with { FollowUpMonth = Math.Max(1, MonthsBetween(lapsedOn, date)) }));
            case Stage.TerminationNotice:
                return s.Status == PolicyStatus.Terminated && s.LapsedOn is { } ended
                    ? new RestatedToday(new NoticeOccasion(stage, $"lapse-{ended:yyyy-MM-dd}", LapseFacts(terms, s, facts, ended)))
                    : new NoLongerApplies("The policy has not ended.");
            default:
                return new NoLongerApplies("This kind of notice cannot be restated.");
        }
    }

    private static int MonthsBetween(DateOnly from, DateOnly to) =>
        (to.Year - from.Year) * 12 + to.Month - from.Month - (to.Day < from.Day ? 1 : 0);

    /// <summary>
    /// Whether the date is the first business day after the due date. Looked at from the date
    /// backwards, so only the calendar around the date is needed, however old the installment.
    /// </summary>
    private static bool IsFirstBusinessDayAfter(DateOnly dueDate, DateOnly date, BusinessCalendar calendar) =>
        date > dueDate && calendar.IsBusinessDay(date) && calendar.MoveOffDayOff(date.AddDays(-1), DayOffMove.Earlier) <= dueDate;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    /// <summary>The second reminder's day for the oldest unmet installment: some days before its grace ends, moved earlier off a day off, never before the day after it fell due.</summary>
    private static DateOnly SecondReminderOn(Product product, BusinessCalendar calendar, DateOnly oldestDueDate) =>
        Max(calendar.MoveOffDayOff(product.Grace!.LastDay(oldestDueDate, calendar, lenient: true).AddDays(-product.Cadence.SecondReminderDaysBeforeGraceEnd),
            DayOffMove.Earlier, lenient: true), oldestDueDate.AddDays(1));

    /// <summary>
    /// The first business day after the due date (the installment's first reminder) when it is still to come after the
    /// date; null when it has passed or lies beyond the limit. Whether it has passed is looked at from the date back, where
    /// the calendar is known, however old the installment.
    /// </summary>
    private static DateOnly? FirstReminderAfter(DateOnly dueDate, DateOnly date, DateOnly limit, BusinessCalendar calendar)
    {
        for (var day = date; day > dueDate; day = day.AddDays(-1))
            if (calendar.IsBusinessDay(day)) return null;
        for (var day = Max(dueDate, date).AddDays(1); day <= limit; day = day.AddDays(1))
            if (calendar.IsBusinessDay(day)) return day;
        return null;
    }
}
