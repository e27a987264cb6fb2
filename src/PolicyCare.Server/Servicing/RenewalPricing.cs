using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Json;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Servicing;

/// <summary>What a product-wide adjustment would do before it is published: the renewals it reaches and the premium it moves.</summary>
public sealed record AdjustmentPreview(string Product, DateOnly From, string Factor, string Reason, int Policies, int Customers,
    string PremiumBefore, string PremiumAfter, string Change, DateOnly? FirstRenewal, DateOnly? LastRenewal, bool Published);

/// <summary>Renewals of one product over a period: offered, renewed, expired, declined, the rate, why customers left, and the call-back survey.</summary>
public sealed record RenewalFigures(string Product, int Offered, int NotOffered, int Renewed, int Expired, int Declined, decimal? RenewalRate,
    IReadOnlyList<ReasonCount> DeclineReasons, int SurveyAnswers, decimal? AverageScore, IReadOnlyList<BandFigures> ByPriceChange)
{
    /// <summary>The product's market ("CN", "KR"; "NONE" when it names none).</summary>
    public string Market { get; init; } = "NONE";

    /// <summary>How the renewals were made: the customer's acceptance by channel (portal, link, api, office), or automatic (no answer needed).</summary>
    public IReadOnlyList<ReasonCount> RenewedBy { get; init; } = [];
}

/// <summary>Renewals settled whose offer changed the premium by a band (lower, same, up to 5%, 5–10%, over 10%), and how many renewed.</summary>
public sealed record BandFigures(string Band, int Settled, int Renewed);

public sealed record ReasonCount(string Reason, int Count);

/// <summary>
/// The supervisor's side of renewal prices: an adjustment previewed over the book (how many customers, how much premium)
/// and then published into the product; a product update refused when a new adjustment would reach renewals already
/// offered; and the renewal figures.
/// </summary>
public static class RenewalPricing
{
    /// <summary>Refuses an updated product whose new adjustment reaches renewals already offered, naming the adjustment's <c>from</c>.</summary>
    public static async Task CheckUpdateAsync(PolicyCareDb db, Product incoming, string path, DateOnly today, CancellationToken cancel)
    {
        if (incoming is not { Term: PolicyTerm.Short, Renewal: { } after }) return;
        var record = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Code == incoming.Code, cancel);
        // A product nobody holds yet has offered nothing: its history of adjustments is its own business.
        if (record is null || !await db.Policies.AnyAsync(p => p.ProductCode == incoming.Code, cancel)) return;
        if (Renewals.AdjustmentTooEarly(record.ToProduct().Renewal, after, today) is { } early)
            throw new InputException($"{path}.renewal.adjustments[{early.Index}].from",
                $"must be after {early.LastOffered:yyyy-MM-dd}: renewals up to that date have been offered at their price already",
                StrictObject.Quote(after.Adjustments[early.Index].From.ToString("yyyy-MM-dd", null)));
    }

    /// <summary>
    /// The next renewal on or after the adjustment's date of every policy of the product still running, priced with and
    /// without it (each customer's own age, lock and year), summed: what publishing it moves, and for how many customers.
    /// </summary>
    public static async Task<AdjustmentPreview> PreviewAsync(PolicyCareDb db, string code, PriceAdjustment adjustment, DateOnly today, CancellationToken cancel)
    {
        var record = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, cancel) ?? throw new InputException("code", "names no product", code);
        var product = record.ToProduct();
        if (product is not { Term: PolicyTerm.Short, Renewal: { } before })
            throw new InputException("code", "has no renewal terms: only one-year products with a rate table take adjustments", code);
        if (before.Adjustments.Any(a => a.From == adjustment.From && a.Reason == adjustment.Reason))
            throw new InputException("$.reason", $"the product already has a {adjustment.Reason} adjustment from {adjustment.From:yyyy-MM-dd}");
        var after = before with { Adjustments = [.. before.Adjustments, adjustment] };
        if (Renewals.AdjustmentTooEarly(before, after, today) is { } early)
            throw new InputException("$.from", $"must be after {early.LastOffered:yyyy-MM-dd}: renewals up to that date have been offered at their price already");
        var policies = await db.Policies.AsNoTracking().Where(p => p.ProductCode == code && (p.Status == PolicyStatus.InForce || p.Status == PolicyStatus.Grace))
            .ToListAsync(cancel);
        var insuredIds = policies.Select(p => p.InsuredId).Distinct().ToList();
        var births = await db.Customers.AsNoTracking().Where(c => insuredIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.BirthDate, cancel);
        decimal sumBefore = 0, sumAfter = 0;
        var reached = 0;
        var customers = new HashSet<string>(StringComparer.Ordinal);
        DateOnly? first = null, last = null;
        foreach (var p in policies)
        {
            var terms = p.ToTerms(product);
            var renewalDate = FirstRenewalOnOrAfter(terms.Start, adjustment.From);
            var standing = p.ToStanding();
            if (standing.Renewal?.Declined == true && standing.Renewal.Offer?.RenewalDate == renewalDate) continue;
            var year = DailyCycle.RenewalStandingOf(terms, standing, renewalDate.AddDays(-1));
            var birth = births.GetValueOrDefault(p.InsuredId);
            int Age(DateOnly on) => birth is { } b ? on.Year - b.Year - (on < b.AddYears(on.Year - b.Year) ? 1 : 0) : 0;
            var yearStart = renewalDate.AddYears(-1);
            var without = Renewals.Offer(before, terms.Currency, yearStart, renewalDate, Age(yearStart), Age(renewalDate), year.YearPremium, year.Lock);
            var with = Renewals.Offer(after, terms.Currency, yearStart, renewalDate, Age(yearStart), Age(renewalDate), year.YearPremium, year.Lock);
            if (!with.Offered || with.Premium == without.Premium) continue;
            reached++;
            customers.Add(p.HolderId);
            sumBefore += without.Premium;
            sumAfter += with.Premium;
            first = first is null || renewalDate < first ? renewalDate : first;
            last = last is null || renewalDate > last ? renewalDate : last;
        }
        string M(decimal amount) => Currencies.Format(amount, product.Currency);
        return new AdjustmentPreview(code, adjustment.From, adjustment.Factor.ToString(System.Globalization.CultureInfo.InvariantCulture), adjustment.Reason,
            reached, customers.Count, M(sumBefore), M(sumAfter), M(sumAfter - sumBefore), first, last, false);
    }

    /// <summary>Publishes the adjustment into the product (checked as any product update), recorded in the change log with both versions.</summary>
    public static async Task<AdjustmentPreview> PublishAsync(PolicyCareDb db, string code, PriceAdjustment adjustment, string by, TimeProvider time, DateOnly today,
        CancellationToken cancel)
    {
        var preview = await PreviewAsync(db, code, adjustment, today, cancel);
        var record = await db.Products.AsNoTracking().FirstAsync(p => p.Code == code, cancel);
        var product = record.ToProduct();
        var updated = product with { Renewal = product.Renewal! with { Adjustments = [.. product.Renewal.Adjustments, adjustment] } };
        var definition = ProductJson.Write(updated);
        await Administration.ReplaceProductAsync(db, new ProductChange(updated, definition, record.Definition, []), by, time, cancel);
        return preview with { Published = true };
    }

    private static DateOnly FirstRenewalOnOrAfter(DateOnly start, DateOnly from)
    {
        var years = Math.Max(1, from.Year - start.Year);
        while (years > 1 && start.AddYears(years - 1) >= from) years--;
        while (start.AddYears(years) < from) years++;
        return start.AddYears(years);
    }

    private static readonly string[] Bands = ["not-offered", "lower", "same", "up-to-5%", "5-10%", "over-10%"];

    /// <summary>The band of an offer's change of premium.</summary>
    private static string Band(JsonElement offer)
    {
        if (!offer.GetProperty("offered").GetBoolean()) return "not-offered";
        var premium = decimal.Parse(offer.GetProperty("premium").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var previous = decimal.Parse(offer.GetProperty("previousPremium").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        if (premium == previous || previous == 0) return "same";
        if (premium < previous) return "lower";
        var rise = (premium - previous) / previous;
        return rise <= 0.05m ? "up-to-5%" : rise <= 0.10m ? "5-10%" : "over-10%";
    }

    /// <summary>Renewals of each product whose renewal date fell in the period, from the timeline, with the decline reasons and the survey.</summary>
    public static async Task<List<RenewalFigures>> FiguresAsync(PolicyCareDb db, DateOnly first, DateOnly last, CancellationToken cancel)
    {
        var rows = (await (from t in db.Timeline.AsNoTracking()
                          join p in db.Policies.AsNoTracking() on t.PolicyNumber equals p.Number
                          where (t.Kind == "renewal" || t.Kind == "renewal-offer") && t.On >= first.AddDays(-400) && t.On <= last
                          select new { p.ProductCode, t.PolicyNumber, t.On, t.Kind, t.Data }).ToListAsync(cancel))
            // Each line's data read once, for the offers, the bands and the counts alike.
            .Select(r => (r.ProductCode, r.PolicyNumber, r.On, r.Kind, Data: JsonDocument.Parse(r.Data).RootElement.Clone())).ToList();
        // The offer of each renewal (the last one made, after a lock), to band the settled renewals by the change they were offered.
        var offers = rows.Where(r => r.Kind == "renewal-offer")
            .GroupBy(o => (o.PolicyNumber, o.Data.GetProperty("renewalDate").GetString()))
            .ToDictionary(g => g.Key, g => g.Last().Data);
        var acceptedVia = (await db.RenewalAnswers.AsNoTracking().Where(a => a.Answer == "accepted" && a.RenewalDate >= first && a.RenewalDate <= last.AddDays(400))
                .Select(a => new { a.PolicyNumber, a.RenewalDate, a.Channel }).ToListAsync(cancel))
            .GroupBy(a => (a.PolicyNumber, a.RenewalDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))
            .ToDictionary(g => g.Key, g => g.Last().Channel);
        var bands = rows.Where(r => r.Kind == "renewal" && r.On >= first).Select(r =>
        {
            var data = r.Data;
            var date = data.GetProperty("renewalDate").GetString();
            var band = offers.TryGetValue((r.PolicyNumber, date), out var offer) ? Band(offer) : "unknown";
            return (r.ProductCode, Band: band, Renewed: data.GetProperty("result").GetString() == "renewed",
                By: acceptedVia.GetValueOrDefault((r.PolicyNumber, date ?? "")) ?? "automatic");
        }).ToList();
        var markets = (await ReferenceData.CurrentAsync(db, cancel)).Products.ToDictionary(p => p.Key, p => p.Value.Market ?? "NONE");
        rows = rows.Where(r => r.On >= first).ToList();
        var reasons = await (from a in db.RenewalAnswers.AsNoTracking()
                             join p in db.Policies.AsNoTracking() on a.PolicyNumber equals p.Number
                             where a.Answer == "declined" && a.RenewalDate >= first && a.RenewalDate <= last
                             select new { p.ProductCode, a.Reason }).ToListAsync(cancel);
        var surveys = await db.Surveys.AsNoTracking().Where(s => s.Moment == "renewal" && s.SentOn >= first && s.SentOn <= last && s.Csat != null)
            .Select(s => new { s.ProductCode, s.Csat }).ToListAsync(cancel);
        var list = new List<RenewalFigures>();
        foreach (var product in rows.Select(r => r.ProductCode).Distinct().Order(StringComparer.Ordinal))
        {
            int Tally(string kind, string field, string value) => rows.Count(r => r.ProductCode == product && r.Kind == kind
                && r.Data.TryGetProperty(field, out var v) && v.ToString() == value);
            var (renewed, expired, declined) = (Tally("renewal", "result", "renewed"), Tally("renewal", "result", "expired"), Tally("renewal", "result", "declined"));
            var settled = renewed + expired + declined;
            var scores = surveys.Where(s => s.ProductCode == product).Select(s => s.Csat!.Value).ToList();
            list.Add(new RenewalFigures(product, Tally("renewal-offer", "offered", "True"), Tally("renewal-offer", "offered", "False"), renewed, expired, declined,
                settled == 0 ? null : Math.Round((decimal)renewed / settled, 3),
                reasons.Where(r => r.ProductCode == product).GroupBy(r => r.Reason ?? "none").Select(g => new ReasonCount(g.Key, g.Count())).OrderByDescending(g => g.Count).ToList(),
                scores.Count, scores.Count == 0 ? null : Math.Round((decimal)scores.Average(), 2),
                Bands.Select(b => new BandFigures(b, bands.Count(x => x.ProductCode == product && x.Band == b), bands.Count(x => x.ProductCode == product && x.Band == b && x.Renewed)))
                    .Where(b => b.Settled > 0).ToList())
            {
                Market = markets.GetValueOrDefault(product, "NONE"),
                RenewedBy = bands.Where(x => x.ProductCode == product && x.Renewed).GroupBy(x => x.By).Select(g => new ReasonCount(g.Key, g.Count()))
                    .OrderByDescending(g => g.Count).ThenBy(g => g.Reason, StringComparer.Ordinal).ToList(),
            });
        }
        return list;
    }
}
