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
    DebitSettlement Settlement = DebitSettlement.Assumed);

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
public static class DailyCycle
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
        for (var day = date.AddDays(1); day <= date.AddDays(ReviewHorizonDays); day = day.AddDays(1))
        {
            try
            {
                var (after, effects) = Evaluate(input, day);
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

    private static (PolicyStanding, List<CycleEffect>) Evaluate(CycleInput input, DateOnly date)
    {
        var terms = input.Terms;
        var product = terms.Product;
        var effects = new List<CycleEffect>();
        var s = input.Standing;
        if (s.Status.IsOver()) return (s, effects);

        s = Account.BillThrough(terms, s, date);
        // A payment received today may already have billed today's installment; it still fell due today.
        var fellDueToday = s.InstallmentsBilled > 0 && terms.DueDate(s.InstallmentsBilled - 1) == date;

        s = Debit(input, s, date, IsDebitDay(terms, s, date, fellDueToday), effects);
        if (fellDueToday && s.Status.IsCollecting()) s = Reward(terms, s, effects);
        if (Relief.PlanComplete(s))
        {
            effects.Add(new PlanCompleted(s.Plan!.AgreedOn));
            s = s with { Plan = null };
        }
        if (s.Holiday is { } holiday && Account.OldestOpen(terms, s) is var oldestOpen && (oldestOpen is null || oldestOpen.Sequence > holiday.Sequence) && date >= terms.DueDate(holiday.Sequence))
            s = s with { Holiday = null };
        var statusAtStart = s.Status;
        s = MoveStatus(terms, s, date, input.Calendar, effects);

        foreach (var occasion in Occasions(input, s, statusAtStart, date))
        {
            var plan = NoticePlanner.Plan(occasion, input.Parties, date, product.ElderlyAge, input.MarketLocale);
            effects.AddRange(plan.Notices.Select(n => new NoticePlanned(n)));
            effects.AddRange(plan.Cases.Select(c => new CaseOpened(c)));
        }
        return (s, effects);
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
        var discount = relief.OnTimeDiscountRate is { } rate ? Currencies.RoundToMinorUnitAwayFromZero(terms.Premium * rate, terms.Currency) : 0m;
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
            var n = InstallmentSchedule.CountDueOnOrBefore(terms.Start, terms.Frequency, debitOn);
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
            var overdue = unmet is not null && unmet.DueDate < date;
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
        var outstanding = Account.Outstanding(terms, s);
        var open = Account.OpenInstallments(terms, s).ToList();
        var owedNow = Relief.OwedBy(terms, s, date);
        var failure = s.LastDebitFailure;
        var rebind = failure is not null && (failure.ConsecutiveFailures >= 2 || failure.Reason.NeedsNewPaymentMethod());
        var facts = new NoticeFacts(terms.Number, terms.Currency, outstanding,
            InterestRate: product.Reinstatement.AnnualInterestRate,
            HealthDeclaration: product.Reinstatement.HealthDeclaration,
            ShortTerm: product.Term == PolicyTerm.Short,
            RebindPaymentMethod: rebind);

        if (s.Status.IsCollecting())
        {
            if (s.MandateActive)
            {
                var debitOn = date.AddDays(product.PreDebitNoticeDays);
                var n = InstallmentSchedule.CountDueOnOrBefore(terms.Start, terms.Frequency, debitOn);
                if (n > 0 && terms.DueDate(n - 1) == debitOn)
                {
                    var amount = Math.Max(0m, terms.Premium + outstanding - s.Credit);
                    if (amount > 0)
                        yield return new NoticeOccasion(Stage.PreDebitNotice, $"installment-{n - 1}", facts with { AmountDue = amount, DebitOn = debitOn });
                }
            }

            if (product.Term == PolicyTerm.Short)
            {
                var years = Math.Max(1, date.Year - terms.Start.Year);
                var renewal = terms.Start.AddYears(years);
                if (renewal <= date) renewal = terms.Start.AddYears(years + 1);
                foreach (var daysBefore in cadence.RenewalDaysBefore.Where(d => renewal.AddDays(-d) == date))
                {
                    var periodsPerYear = 12 / terms.Frequency.Months();
                    var deadline = product.Grace?.LastDay(renewal, calendar, lenient: true) ?? renewal;
                    yield return new NoticeOccasion(Stage.RenewalNotice, $"renewal-{renewal:yyyy-MM-dd}-{daysBefore}d",
                        facts with { AmountDue = terms.Premium * periodsPerYear, RenewalDate = renewal, Deadline = deadline });
                }
            }
        }

        if (s.Status == PolicyStatus.Grace && Relief.OldestUnmet(terms, s) is { } oldest)
        {
            var graceLastDay = product.Grace!.LastDay(oldest.DueDate, calendar, lenient: true);
            var failedForOpen = failure is not null && failure.ScheduledOn >= oldest.DueDate ? failure : null;
            var reminderFacts = facts with { AmountDue = owedNow, Deadline = graceLastDay, FailedDebit = failedForOpen };
            foreach (var obligation in Relief.Obligations(terms, s).Where(o => !o.Covered && o.DueDate < date))
            {
                // The first business day after the due date, never a day off (the seed: within 3 business days from the day after it).
                if (IsFirstBusinessDayAfter(obligation.DueDate, date, calendar))
                    yield return new NoticeOccasion(Stage.FirstReminder, obligation.Subject, reminderFacts with { DueDate = obligation.DueDate });
            }
            var secondOn = Max(calendar.MoveOffDayOff(graceLastDay.AddDays(-cadence.SecondReminderDaysBeforeGraceEnd), DayOffMove.Earlier, lenient: true),
                oldest.DueDate.AddDays(1));
            if (secondOn == date)
                yield return new NoticeOccasion(Stage.SecondReminder, oldest.Subject, reminderFacts with { DueDate = oldest.DueDate });
        }

        if (s.LapsedOn is { } lapsedOn)
        {
            var reinstateBy = lapsedOn.AddDays(product.Reinstatement.WindowDays - 1);
            var lapseFacts = facts with
            {
                LapsedOn = lapsedOn,
                ReinstateBy = reinstateBy,
                DueDate = open.FirstOrDefault()?.DueDate,
                FailedDebit = failure,
            };
            var subject = $"lapse-{lapsedOn:yyyy-MM-dd}";
            if (lapsedOn == date && statusAtStart != s.Status)
            {
                // The alternatives to a lapse, quoted from the product's cash values when it has them.
                var alternatives = AlternativeQuotes.Quote(terms, s, date);
                yield return new NoticeOccasion(Stage.LapseNotice, subject, alternatives is { MaxPolicyLoan: > 0 }
                    ? lapseFacts with { PolicyLoanUpTo = alternatives.MaxPolicyLoan, PaidUpSumInsured = alternatives.PaidUpSumInsured }
                    : lapseFacts);
            }
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

    /// <summary>
    /// Whether the date is the first business day after the due date. Looked at from the date
    /// backwards, so only the calendar around the date is needed, however old the installment.
    /// </summary>
    private static bool IsFirstBusinessDayAfter(DateOnly dueDate, DateOnly date, BusinessCalendar calendar) =>
        date > dueDate && calendar.IsBusinessDay(date) && calendar.MoveOffDayOff(date.AddDays(-1), DayOffMove.Earlier) <= dueDate;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
