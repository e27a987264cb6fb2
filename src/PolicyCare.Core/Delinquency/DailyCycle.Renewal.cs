using PolicyCare.Billing;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Servicing;

namespace PolicyCare.Delinquency;

/// <summary>
/// The renewal of one-year products with renewal terms (SCENARIOS.md, Renewals), as steps of the daily decision: the
/// offer on the first notice day, the notices until the customer pays, accepts or declines, the new year's price on
/// the renewal date, its outcome, and the call-back survey after a renewal. One-year products without renewal terms
/// keep renewing at the same premium, as before.
/// </summary>
public static partial class DailyCycle
{
    private static RenewalTerms? RenewalTermsOf(Product product) => product.Term == PolicyTerm.Short ? product.Renewal : null;

    /// <summary>The market whose acceptance rule applies: the book's language for the product tells it.</summary>
    private static string MarketOf(CycleInput input) => input.MarketLocale switch { "ko-KR" => "KR", "zh-CN" => "CN", _ => "NONE" };

    private static bool IsAnniversary(PolicyTerms terms, DateOnly date) =>
        date > terms.Start && terms.Start.AddYears(date.Year - terms.Start.Year) == date;

    /// <summary>The renewal state of a policy that has none yet: the policy year running on the date, at the premium it was sold for.</summary>
    public static RenewalStanding RenewalStandingOf(PolicyTerms terms, PolicyStanding s, DateOnly date)
    {
        if (s.Renewal is { } known) return known;
        var years = Math.Max(0, date.Year - terms.Start.Year);
        while (years > 0 && terms.Start.AddYears(years) > date) years--;
        return new RenewalStanding(terms.Start.AddYears(years), terms.Premium * InstallmentsPerYear(terms));
    }

    private static int InstallmentsPerYear(PolicyTerms terms) => 12 / terms.Frequency.Months();

    private static RenewalOffer MakeOffer(CycleInput input, RenewalTerms renewalTerms, RenewalStanding r, DateOnly renewalDate)
    {
        var insured = input.Parties.Insured;
        // Without a birth date the age cannot move a band: last year's age stands for this year's.
        var ageNow = insured.AgeOn(renewalDate) ?? 0;
        var ageThen = insured.AgeOn(r.YearStart) ?? ageNow;
        return Renewals.Offer(renewalTerms, input.Terms.Currency, r.YearStart, renewalDate, ageThen, ageNow, r.YearPremium, r.Lock);
    }

    /// <summary>
    /// On the renewal date, before anything falls due: a declined renewal, or one not offered, ends the policy today;
    /// otherwise the new year's installments are priced from the offer, and the auto-debit is held when the market
    /// asks for the customer's acceptance and none was given.
    /// </summary>
    private static (PolicyStanding, bool HoldDebit) OpenPolicyYear(CycleInput input, RenewalTerms renewalTerms, PolicyStanding s, DateOnly date,
        List<CycleEffect> effects)
    {
        var terms = input.Terms;
        if (!IsAnniversary(terms, date) || !s.Status.IsCollecting()) return (s, false);
        var r = RenewalStandingOf(terms, s, date);
        if (r.Offer?.RenewalDate != date)
        {
            // Never offered in advance (the policy came into the book within the notice days): offered today.
            var offered = MakeOffer(input, renewalTerms, r, date);
            effects.Add(new RenewalOffered(offered));
            // An answer given before the offer was made again (a rate lock) stands: renewing resets it for the next year.
            r = r with { Offer = offered, AcceptanceRequired = renewalTerms.AcceptanceRequiredIn(MarketOf(input)) };
        }
        var offer = r.Offer!;
        if (r.Declined || !offer.Offered)
        {
            effects.Add(new RenewalSettled(date, r.Declined ? RenewalResult.Declined : RenewalResult.Expired, offer.Premium));
            s = s with { Renewal = r with { Offer = null, EndedByChoice = true } };
            return (Expire(s, date, effects), true);
        }
        // The new year's installments are priced as they are billed (Account.BillThrough).
        return (s with { Renewal = r }, !Renewals.MayDebit(offer, r.AcceptanceRequired, r.Accepted, r.Declined));
    }

    /// <summary>
    /// A renewal whose date has come is renewed once its first installment is paid (debited, or paid ahead by transfer);
    /// unpaid at the end of the renewal date it expires then, unless the product gives grace (then grace decides) or a
    /// bank has yet to report the debit requested today.
    /// </summary>
    private static PolicyStanding SettleRenewal(CycleInput input, RenewalTerms renewalTerms, PolicyStanding s, DateOnly date, List<CycleEffect> effects)
    {
        if (s.Renewal is not { Offer: { } offer, Base: { } priced } r || offer.RenewalDate > date || !s.Status.IsCollecting()) return s;
        if (s.Applied >= priced.BilledBefore + priced.Installment)
        {
            effects.Add(new RenewalSettled(offer.RenewalDate, RenewalResult.Renewed, offer.Premium));
            return s with
            {
                Renewal = r with
                {
                    YearStart = offer.RenewalDate, YearPremium = offer.Premium, Offer = null, Accepted = false, Declined = false,
                    Lock = offer.LockAfter, RenewedOn = date, CreditUntil = null,
                },
            };
        }
        var awaitingBank = input.Settlement == DebitSettlement.BankConfirmed && s.MandateActive;
        if (date != offer.RenewalDate || input.Terms.Product.Grace is not null || awaitingBank) return s;
        // Credit-based renewal: a customer in good standing who wants the renewal keeps cover while it is collected.
        if (renewalTerms.CreditDays is { } days && r.InGoodStandingOn(date) && Renewals.MayDebit(offer, r.AcceptanceRequired, r.Accepted, r.Declined))
        {
            var until = offer.RenewalDate.AddDays(days);
            effects.Add(new RenewalOnCredit(offer.RenewalDate, until));
            return s with { Renewal = r with { CreditUntil = until } };
        }
        effects.Add(new RenewalSettled(offer.RenewalDate, RenewalResult.Expired, offer.Premium));
        return Expire(s with { Renewal = r with { Offer = null } }, date, effects);
    }

    /// <summary>After the status moved: a renewal that grace let run out expires with it; within the notice days the next year is offered.</summary>
    private static PolicyStanding AfterStatus(CycleInput input, RenewalTerms renewalTerms, PolicyStanding s, PolicyStatus statusAtStart, DateOnly date,
        List<CycleEffect> effects)
    {
        if (s.Status == PolicyStatus.Expired && statusAtStart != PolicyStatus.Expired && s.Renewal is { Offer: { } pending } ended && pending.RenewalDate <= date)
        {
            effects.Add(new RenewalSettled(pending.RenewalDate, RenewalResult.Expired, pending.Premium));
            // Unpaid after a renewal on credit, the new year never began: the cover ended on the renewal date.
            return s with { Renewal = ended with { Offer = null, CreditUntil = null }, LapsedOn = ended.CreditUntil is null ? s.LapsedOn : pending.RenewalDate };
        }
        if (effects.Any(e => e is DebitAttempted { FailedBecause: not null } or StatusChanged { To: PolicyStatus.Grace }))
            s = s with { Renewal = RenewalStandingOf(input.Terms, s, date) with { LastLateOn = date } };
        if (!s.Status.IsCollecting()) return s;
        var renewalDate = NextRenewal(input.Terms, date);
        var firstNotice = renewalDate.AddDays(-renewalTerms.NoticeDays[0]);
        var r = RenewalStandingOf(input.Terms, s, date);
        if (date < firstNotice || r.Offer?.RenewalDate == renewalDate || r.Offer is { } open && open.RenewalDate <= date) return s;
        var offer = MakeOffer(input, renewalTerms, r, renewalDate);
        effects.Add(new RenewalOffered(offer));
        return s with { Renewal = r with { Offer = offer, AcceptanceRequired = renewalTerms.AcceptanceRequiredIn(MarketOf(input)) } };
    }

    private static PolicyStanding Expire(PolicyStanding s, DateOnly date, List<CycleEffect> effects)
    {
        effects.Add(new StatusChanged(s.Status, PolicyStatus.Expired));
        return s with
        {
            Status = PolicyStatus.Expired, StatusSince = date, LapsedOn = date, LapseInsurerFault = false,
            Plan = null, Holiday = null, OnTimeStreak = 0,
        };
    }

    /// <summary>A renewal notice on each notice day until the customer pays ahead, accepts or declines.</summary>
    private static IEnumerable<NoticeOccasion> RenewalNotices(CycleInput input, RenewalTerms renewalTerms, PolicyStanding s, NoticeFacts facts, DateOnly date)
    {
        if (s.Renewal is not { Offer: { } offer } r || offer.RenewalDate <= date) yield break;
        foreach (var daysBefore in renewalTerms.NoticeDays.Where(d => offer.RenewalDate.AddDays(-d) == date).Distinct())
        {
            if (RenewalNoticeFacts(input.Terms, renewalTerms, s, facts) is { } noticeFacts)
                yield return new NoticeOccasion(Stage.RenewalNotice, $"renewal-{offer.RenewalDate:yyyy-MM-dd}-{daysBefore}d", noticeFacts);
        }
    }

    /// <summary>What a renewal notice states — the old and new premium, the reasons, the deadline — or null once nothing is left to ask.</summary>
    private static NoticeFacts? RenewalNoticeFacts(PolicyTerms terms, RenewalTerms renewalTerms, PolicyStanding s, NoticeFacts facts)
    {
        if (s.Renewal is not { Offer: { } offer } r || r.Accepted || r.Declined) return null;
        var installment = Renewals.Installment(offer.Premium, terms);
        if (offer.Offered && s.Credit >= installment) return null;
        return facts with
        {
            AmountDue = offer.Premium,
            RenewalDate = offer.RenewalDate,
            Deadline = offer.RenewalDate,
            Renewal = new RenewalNoticeFacts(offer, r.AcceptanceRequired, s.MandateActive, renewalTerms.Adjustments, terms.Frequency, installment,
                renewalTerms.MonthlySurcharge, renewalTerms.CreditDays is { } days && r.InGoodStandingOn(offer.RenewalDate) ? days : null,
                r.AnsweredVia is { } via && Channels.TryParse(via, out var answered) ? answered : null),
        };
    }

    private static Restatement RestateRenewal(PolicyTerms terms, RenewalTerms renewalTerms, PolicyStanding s, NoticeFacts facts, DateOnly date)
    {
        if (!s.Status.IsCollecting() || s.Renewal?.Offer is not { } offer || offer.RenewalDate <= date)
            return new NoLongerApplies("The policy is no longer due for renewal.");
        return RenewalNoticeFacts(terms, renewalTerms, s, facts) is { } noticeFacts
            ? new RestatedToday(new NoticeOccasion(Stage.RenewalNotice, $"renewal-{offer.RenewalDate:yyyy-MM-dd}", noticeFacts))
            : new NoLongerApplies("The renewal was already paid, accepted or declined.");
    }

    /// <summary>
    /// A debit takes the next installment and whatever is still open, less the credit held. The debit on a renewal date
    /// takes the new year's price, and is announced only when it will be taken (accepted, or no acceptance needed).
    /// </summary>
    private static decimal PreDebitAmount(CycleInput input, PolicyStanding s, DateOnly debitOn)
    {
        var terms = input.Terms;
        if (RenewalTermsOf(terms.Product) is not null && IsAnniversary(terms, debitOn))
        {
            if (s.Renewal is not { Offer: { } offer } r || offer.RenewalDate != debitOn || !Renewals.MayDebit(offer, r.AcceptanceRequired, r.Accepted, r.Declined))
                return 0m;
            var installment = Renewals.Installment(offer.Premium, terms);
            return Math.Max(0m, installment + Account.Outstanding(terms, s) - s.Credit);
        }
        return PreDebitAmount(terms, s);
    }
}
