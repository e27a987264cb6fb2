using PolicyCare.Billing;
using PolicyCare.Calendars;
using PolicyCare.Delinquency;

namespace PolicyCare.Policies;

/// <summary>Something a customer, an agent, a bank or an integrator asks of one policy.</summary>
public abstract record PolicyCommand;
public sealed record ReceivePayment(decimal Amount, string Method) : PolicyCommand;
public sealed record StartMandate(string Channel) : PolicyCommand;
public sealed record EndMandate : PolicyCommand;
/// <summary>The bank reports that the auto-debit of <paramref name="DebitOn"/> failed; the cycle of the day it arrived acts on it.</summary>
public sealed record NoteDebitRejection(DateOnly DebitOn) : PolicyCommand;
public sealed record RequestReinstatement(HealthDeclaration Declaration) : PolicyCommand;
/// <summary>Underwriting's decision; who decided and why are kept when the decision is made by a person (the back office).</summary>
public sealed record DecideUnderwriting(bool Approved, string? By = null, string? Reason = null) : PolicyCommand;
public sealed record WaiveInterest(string By, string Reason) : PolicyCommand;
public sealed record AgreePlan(int Parts) : PolicyCommand;
public sealed record GrantHoliday(int Days) : PolicyCommand;
/// <summary>The customer accepts the renewal offer (one click): the mandate may collect the new premium on the renewal date.</summary>
/// <param name="Consent">The words the customer agreed to, kept as shown.</param>
public sealed record AcceptRenewal(string Consent = "", string? Via = null) : PolicyCommand;
/// <summary>The customer will not renew: no more renewal notices, and the policy ends on its renewal date.</summary>
public sealed record DeclineRenewal(string? Reason = null, string? Via = null) : PolicyCommand;
/// <summary>The customer locks the premium of the year in force for the product's rate-lock years.</summary>
public sealed record LockRate : PolicyCommand;
/// <summary>A change of cover or payment frequency, as quoted and confirmed (and approved by underwriting where it had to be).</summary>
public sealed record ChangeCover(Servicing.CoverChangeQuote Quote) : PolicyCommand;
/// <summary>The customer wrote in (a question, a complaint): nothing in the standing changes, the policy's history shows it.</summary>
public sealed record RecordContact(string Type, string From, string Reference, string Message) : PolicyCommand;

/// <summary>What happened to a policy because of a command, in the order it happened (past tense).</summary>
public abstract record PolicyEvent;
public sealed record PaymentReceived(decimal Amount, string Method, PaymentAllocation Allocation) : PolicyEvent;
public sealed record MandateStarted(string Channel) : PolicyEvent;
public sealed record MandateEnded : PolicyEvent;
public sealed record DebitRejectionNoted(DateOnly DebitOn) : PolicyEvent;
public sealed record ReinstatementQuoted(ReinstatementQuote Quote, bool ReferredToUnderwriting) : PolicyEvent;
public sealed record UnderwritingDecided(bool Approved, string? By = null, string? Reason = null) : PolicyEvent;
public sealed record InterestWaived(decimal Amount, string By, string Reason) : PolicyEvent;
public sealed record PlanAgreed(ArrearsPlan Plan) : PolicyEvent;
public sealed record HolidayGranted(PaymentHoliday Holiday) : PolicyEvent;
public sealed record CustomerContacted(string Type, string From, string Reference, string Message) : PolicyEvent;
public sealed record RenewalAccepted(DateOnly RenewalDate, decimal Premium, string Consent) : PolicyEvent;
public sealed record RenewalDeclined(DateOnly RenewalDate, string? Reason) : PolicyEvent;
public sealed record RateLocked(decimal Premium, int Renewals) : PolicyEvent;
/// <summary>The contract's premium changed from an installment on; less cover credited the rest of the period to the account.</summary>
public sealed record CoverChanged(Servicing.CoverChangeQuote Quote) : PolicyEvent;
/// <summary>The change cured the policy at once: in force again (grace cleared, or the reinstatement quote paid).</summary>
public sealed record StatusCured(PolicyStatus From, PolicyStatus To) : PolicyEvent;
/// <summary>Interest of a reinstatement quote taken out of the money received.</summary>
public sealed record ReinstatementInterestCollected(decimal Amount) : PolicyEvent;
/// <summary>Nothing is overdue any more: reminders still waiting to go out are not sent.</summary>
public sealed record RemindersSuppressed : PolicyEvent;

/// <summary>The standing after a command, and what happened. A refused command has no events and the same standing.</summary>
public sealed record PolicyChangeOutcome(PolicyStanding Standing, IReadOnlyList<PolicyEvent> Events)
{
    public bool Changed => Events.Count > 0;

    /// <summary>The cycle must look at the policy again: anything happened but a note for its history (a customer's letter).</summary>
    public bool ConcernsTheCycle => Events.Any(e => e is not CustomerContacted);
}

/// <summary>
/// Every change to a policy's standing outside the daily cycle: one pure function of the standing,
/// the product's rules, the day and the command. The standing it returns is already the policy as
/// of that day — a payment that clears a policy in grace shows it in force at once, a paid
/// reinstatement quote reinstates at once — so screens and the API never wait for the next cycle.
/// Only cures happen here; time passing (grace, lapse, termination) stays the cycle's.
/// </summary>
public static class PolicyChange
{
    public static PolicyChangeOutcome Decide(PolicyTerms terms, PolicyStanding standing, DateOnly on, PolicyCommand command)
    {
        var events = new List<PolicyEvent>();
        var s = Apply(terms, standing, on, command, events);
        if (events.Count == 0) return new PolicyChangeOutcome(standing, events);
        // A customer's letter is history, not a change of standing: it cures nothing (even dated before a payment fell due).
        if (events.All(e => e is CustomerContacted)) return new PolicyChangeOutcome(standing, events);
        s = Cure(terms, s, on, events);
        if (command is ReceivePayment && events.Count > 0 && !IsOverdue(terms, s, on)) events.Add(new RemindersSuppressed());
        return new PolicyChangeOutcome(s, events);
    }

    private static PolicyStanding Apply(PolicyTerms terms, PolicyStanding s, DateOnly on, PolicyCommand command, List<PolicyEvent> events)
    {
        switch (command)
        {
            case ReceivePayment pay:
                var (paid, allocation) = Payments.Receive(terms, s, on, pay.Amount);
                events.Add(new PaymentReceived(pay.Amount, pay.Method, allocation));
                return paid;
            case StartMandate m:
                events.Add(new MandateStarted(m.Channel));
                return s with { MandateActive = true };
            case EndMandate when s.MandateActive:
                events.Add(new MandateEnded());
                return s with { MandateActive = false };
            case NoteDebitRejection r:
                events.Add(new DebitRejectionNoted(r.DebitOn));
                return s;
            case RequestReinstatement r when Reinstatement.Apply(terms, s, on, r.Declaration) is { Application: { } app } applied:
                events.Add(new ReinstatementQuoted(app.Quote, app.Health == HealthReview.Referred));
                return applied;
            case DecideUnderwriting d when Reinstatement.Decide(s, d.Approved) is var decided && decided != s:
                events.Add(new UnderwritingDecided(d.Approved, d.By, d.Reason));
                return decided;
            case WaiveInterest w when Reinstatement.WaiveInterest(s) is { } waived:
                events.Add(new InterestWaived(s.Application!.Quote.Interest, w.By, w.Reason));
                return waived;
            case AgreePlan p:
                var planned = Relief.AgreePlan(terms, s, on, p.Parts);
                events.Add(new PlanAgreed(planned.Plan!));
                return planned;
            case GrantHoliday h:
                var deferred = Relief.GrantHoliday(terms, s, on, h.Days);
                events.Add(new HolidayGranted(deferred.Holiday!));
                return deferred;
            case ChangeCover c when s.Status == PolicyStatus.InForce:
                events.Add(new CoverChanged(c.Quote));
                return s with { Credit = checked(s.Credit + c.Quote.AmountCredited) };
            case RecordContact c:
                events.Add(new CustomerContacted(c.Type, c.From, c.Reference, c.Message));
                return s;
            case AcceptRenewal a when OpenOffer(s, on) is { Offer: { Offered: true } offer } r && !r.Accepted && !r.Declined:
                events.Add(new RenewalAccepted(offer.RenewalDate, offer.Premium, a.Consent));
                return s with { Renewal = r with { Accepted = true, AnsweredVia = a.Via ?? r.AnsweredVia } };
            case DeclineRenewal d when OpenOffer(s, on) is { Offer: { } offer } r && !r.Declined:
                events.Add(new RenewalDeclined(offer.RenewalDate, d.Reason));
                return s with { Renewal = r with { Declined = true, Accepted = false, AnsweredVia = d.Via ?? r.AnsweredVia } };
            case LockRate when terms.Product.Term == PolicyTerm.Short && terms.Product.Renewal is { RateLockYears: > 0 } renewalTerms && s.Status.IsCollecting()
                && DailyCycle.RenewalStandingOf(terms, s, on) is var current
                // An accepted offer is never raised: a lock above the price accepted is no lock worth taking.
                && !(current.Accepted && current.Offer is { } accepted && current.YearPremium > accepted.Premium):
                var locked = Servicing.Renewals.Lock(renewalTerms, current.YearPremium)!;
                events.Add(new RateLocked(locked.Premium, locked.RenewalsLeft));
                // An offer not yet settled is made again by the cycle today, at the locked price; the answer given stands.
                var reprice = current.Offer is { } open && open.RenewalDate >= on;
                return s with { Renewal = current with { Lock = locked, Offer = reprice ? null : current.Offer } };
            default:
                return s;
        }
    }

    /// <summary>The renewal standing while its offer can still be answered (up to and on the renewal date).</summary>
    private static Servicing.RenewalStanding? OpenOffer(PolicyStanding s, DateOnly on) =>
        s.Status.IsCollecting() && s.Renewal is { Offer: { } offer } r && offer.RenewalDate >= on ? r : null;

    /// <summary>
    /// Overdue in the cycle's sense: the oldest obligation still unmet (payment plans and holidays
    /// move it) fell due before the day — the due date itself is on time.
    /// </summary>
    public static bool IsOverdue(PolicyTerms terms, PolicyStanding s, DateOnly on) =>
        Relief.OldestUnmet(terms, s) is { } unmet && unmet.DueDate < on;

    /// <summary>The cures a change can bring about the same day, exactly as the cycle would decide them.</summary>
    private static PolicyStanding Cure(PolicyTerms terms, PolicyStanding s, DateOnly on, List<PolicyEvent> events)
    {
        if (s.Status == PolicyStatus.Grace && !IsOverdue(terms, s, on))
        {
            events.Add(new StatusCured(PolicyStatus.Grace, PolicyStatus.InForce));
            return s with
            {
                Status = PolicyStatus.InForce, StatusSince = on,
                LastDebitFailure = Account.Outstanding(terms, s) > 0 ? s.LastDebitFailure : null,
            };
        }
        if (s.Status == PolicyStatus.Lapsed && s.Application is { HealthAccepted: true } app && on <= app.Quote.ValidUntil
            && app.PaidSinceRequest >= app.Quote.Total)
        {
            events.Add(new StatusCured(PolicyStatus.Lapsed, PolicyStatus.InForce));
            var interest = app.Quote.Interest;
            if (interest > 0) events.Add(new ReinstatementInterestCollected(interest));
            return DailyCycle.Reinstated(s with { Status = PolicyStatus.InForce, StatusSince = on }, interest);
        }
        return s;
    }
}
