using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Web;

/// <summary>A policy as the portal shows it: the API's view plus the facts a page needs to offer the right actions.</summary>
public sealed record PortalPolicy(PolicyDetail Detail, PolicyRecord Record, PolicyTerms Terms, DateOnly Today)
{
    /// <summary>The standing as stored; <see cref="PolicyDetail.Status"/> is the same as its published code.</summary>
    public PolicyStatus Status => Record.Status;

    public decimal Owed => Account.Outstanding(Terms, Standing);

    /// <summary>The stored standing, read once per view (it carries JSON: a plan, a renewal).</summary>
    public PolicyStanding Standing => _standing ??= Record.ToStanding();
    private PolicyStanding? _standing;

    /// <summary>What a payment now should be: the reinstatement quote once applied for, else what is overdue or due next.</summary>
    public decimal AmountToPay => Checkouts.AmountDueNow(Record, Terms);

    /// <summary>Whether the signed-in customer holds the policy: the contract's actions are the holder's (Access.IsHolderOf).</summary>
    public bool IsHolder { get; init; }

    /// <summary>Whether the signed-in customer may pay it through the provider: the holder, or anyone who sees it where the product allows.</summary>
    public bool MayPay => IsHolder || Terms.Product.Payments.OthersMayPay;

    /// <summary>
    /// What the next installment asks for: a renewal offered (and not declined) prices the installment due on the
    /// renewal date at the new year's price; otherwise the installment as the terms bill it (an endorsement's new
    /// premium and its pro-rata part included) — less the credit on the account, which billing takes first.
    /// </summary>
    public decimal NextPremium => Math.Max(0m, (Standing.Renewal is { Offer: { Offered: true } offer, Declined: false } && Detail.NextDueDate == offer.RenewalDate
        ? Servicing.Renewals.Installment(offer.Premium, Terms)
        : Terms.InstallmentPremium(Standing.InstallmentsBilled)) - Standing.Credit);

    /// <summary>The premium and frequency in force: the last installment billed (an endorsement may have changed them), the first before any.</summary>
    public (decimal Installment, Frequency Frequency) InForce => Standing.Renewal?.Base is { } b
        ? (b.Installment, Terms.Frequency)
        : Terms.RegularAt(Math.Max(0, Standing.InstallmentsBilled - 1));

    /// <summary>The renewal's price is due only once the customer accepts (China): the next payment says so.</summary>
    public bool NextPaymentNeedsAcceptance => Standing.Renewal is { Offer: { Offered: true } offer, AcceptanceRequired: true, Accepted: false, Declined: false }
        && Record.MandateActive && Detail.NextDueDate == offer.RenewalDate;

    /// <summary>A renewal the customer declined, or one not offered: the cover ends the day before the renewal date and nothing more falls due.</summary>
    public DateOnly? CoverEndsOn => Standing.Renewal is { Offer: { } offer } r && (r.Declined || !offer.Offered) ? offer.RenewalDate.AddDays(-1) : null;

    public int? DaysOfGraceLeft => Detail.GraceEndsOn is { } end ? end.DayNumber - Today.DayNumber : null;

    public string Currency => Terms.Currency;

    /// <summary>Where an application to restore the cover stands, in the customer's words (the same as on the reinstatement page).</summary>
    public string ReinstatementText() => Reinstatements.ApplicationState(Record.HealthReview ?? HealthReview.NotRequired) switch
    {
        "waiting-for-underwriting" => Ui.T("Your application to restore the cover is with our underwriters. We will write to you with their decision."),
        "declined" => Ui.T("Underwriting could not accept the application. Please contact us to talk about other options."),
        "waiting-for-health-declaration" => Ui.T("We still need your health declaration. Please contact us."),
        _ => Ui.T("Your application to restore the cover is received. Pay {0} by {1} and your cover is restored.", Ui.Money(AmountToPay, Currency), Ui.Date(Record.QuoteValidUntil)),
    };
}

public static class Portal
{
    /// <summary>The policy if the signed-in person may see it (a customer: only their own), else null.</summary>
    public static async Task<PortalPolicy?> FindAsync(PolicyCareDb db, ClaimsPrincipal user, string number, TimeProvider time, CancellationToken cancel = default)
    {
        var record = await db.FindVisiblePolicyAsync(user, number, cancel);
        return record is null ? null : await ViewAsync(db, record, time, cancel) with { IsHolder = user.IsHolderOf(record) };
    }

    public static async Task<List<PortalPolicy>> MineAsync(PolicyCareDb db, ClaimsPrincipal user, TimeProvider time, CancellationToken cancel = default)
    {
        var list = new List<PortalPolicy>();
        foreach (var record in await db.VisiblePolicies(user).AsNoTracking().OrderBy(p => p.Number).Take(100).ToListAsync(cancel))
            list.Add(await ViewAsync(db, record, time, cancel) with { IsHolder = user.IsHolderOf(record) });
        return list;
    }

    public static async Task<PortalPolicy> ViewAsync(PolicyCareDb db, PolicyRecord record, TimeProvider time, CancellationToken cancel)
    {
        var terms = record.ToTerms((await db.Products.FindAsync([record.ProductCode], cancel))!.ToProduct());
        return new PortalPolicy(await PolicyEndpoints.DetailAsync(db, record, cancel), record, terms, await Access.TodayAsync(db, time, cancel));
    }
}
