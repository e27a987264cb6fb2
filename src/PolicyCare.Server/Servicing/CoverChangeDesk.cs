using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Claims;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Servicing;

/// <summary>What became of a confirmed change: applied at once (with its endorsement), or waiting for underwriting or the policy administration system.</summary>
public sealed record CoverChangeOutcome(CoverChangeQuote Quote, string Status, long? Request, long? Endorsement, DateOnly? DecideBy);

/// <summary>
/// Changes of cover and payment frequency from the portal, the back office and the API. The core quotes
/// (<see cref="CoverChanges.Quote"/>); here the quote is confirmed under the policy's lock: applied through the one
/// policy-change applicator with its endorsement and confirmation, or — more cover with a disclosure — put to
/// underwriting to decide within 5 business days, or — where the policy administration system is the source of
/// truth — sent to it by webhook and applied when it confirms through the API.
/// </summary>
public static class CoverChangeDesk
{
    public const string Underwriting = "underwriting";
    public const string Sent = "sent";
    public const string Applied = "applied";
    public const string Declined = "declined";
    /// <summary>The settings row that says the policy administration system owns contract changes (set by the host from its configuration).</summary>
    public const string PolicyAdminSystemKey = "policy-admin-system";
    public const int DecideWithinBusinessDays = 5;

    public static string KindCode(CoverChangeKind kind) => kind switch
    {
        CoverChangeKind.SumInsured => "sum-insured",
        CoverChangeKind.PaymentTerm => "payment-term",
        CoverChangeKind.CoverTerm => "cover-term",
        _ => "payment-frequency",
    };

    public static bool TryParseKind(string code, out CoverChangeKind kind)
    {
        kind = KindOf(code);
        return code is "sum-insured" or "payment-frequency" or "payment-term" or "cover-term";
    }

    /// <summary>The kind a stored code names (codes this desk wrote).</summary>
    private static CoverChangeKind KindOf(string code) => code switch
    {
        "payment-frequency" => CoverChangeKind.Frequency,
        "payment-term" => CoverChangeKind.PaymentTerm,
        "cover-term" => CoverChangeKind.CoverTerm,
        _ => CoverChangeKind.SumInsured,
    };

    /// <summary>Turns the policy administration system's ownership of changes on or off (the host does it at start, from its configuration).</summary>
    public static async Task SetPolicySystemOwnsChangesAsync(PolicyCareDb db, bool owns, CancellationToken cancel = default)
    {
        var row = await db.Settings.FindAsync([PolicyAdminSystemKey], cancel);
        if (owns && row is null) db.Settings.Add(new SettingRecord { Key = PolicyAdminSystemKey, Value = "owns-changes" });
        if (!owns && row is not null) db.Settings.Remove(row);
        await db.SaveChangesAsync(cancel);
    }

    public static bool IsWaiting(string status) => status is Underwriting or Sent;

    /// <summary>The quote for a change asked today, or why it cannot be made (a change already waiting included).</summary>
    public static async Task<(CoverChangeQuote? Quote, ChangeRefusal? Refusal)> QuoteAsync(PolicyCareDb db, PolicyRecord policy, CoverChangeRequest request,
        HealthDeclaration declaration, DateOnly on, CancellationToken cancel, long? except = null)
    {
        if (await db.ChangeRequests.AnyAsync(r => r.PolicyNumber == policy.Number && r.Id != except && (r.Status == Underwriting || r.Status == Sent), cancel))
            return (null, new ChangeRefusal("kind", "a change of this policy is waiting for a decision: ask again once it is decided"));
        var reference = await ReferenceData.CurrentAsync(db, cancel);
        var product = reference.Products[policy.ProductCode];
        var birth = await db.Customers.AsNoTracking().Where(c => c.Id == policy.InsuredId).Select(c => c.BirthDate).SingleOrDefaultAsync(cancel);
        var age = birth is { } b ? Customer.Age(b, on) : 0;
        return CoverChanges.Quote(policy.ToTerms(product), policy.ToStanding(), policy.SumInsured ?? product.Review?.SumInsured, age, on, request, declaration);
    }

    /// <summary>The sum insured the policy has now: its own, else its product's plan; null when neither says.</summary>
    public static decimal? SumInsured(PolicyRecord policy, Product product) => policy.SumInsured ?? product.Review?.SumInsured;

    /// <summary>Confirms a change asked by <paramref name="by"/>: applied, sent to underwriting, or sent to the policy administration system.</summary>
    public static async Task<(CoverChangeOutcome? Outcome, ChangeRefusal? Refusal)> ConfirmAsync(PolicyCareDb db, string number, CoverChangeRequest request,
        HealthDeclaration declaration, string by, DateOnly today, DateTimeOffset now, CancellationToken cancel)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        var policy = await db.PolicyForChangeAsync(number, cancel) ?? throw new UnknownPolicyException(number);
        var (quote, refusal) = await QuoteAsync(db, policy, request, declaration, today, cancel);
        if (refusal is not null) return (null, refusal);
        var toSystem = await db.Settings.AnyAsync(s => s.Key == PolicyAdminSystemKey, cancel);
        if (toSystem || quote!.NeedsUnderwriting)
        {
            var reference = await ReferenceData.CurrentAsync(db, cancel);
            var calendar = reference.Book.CalendarFor(reference.Products[policy.ProductCode]);
            var record = new ChangeRequestRecord
            {
                PolicyNumber = number, Kind = KindCode(request.Kind), Asked = Asked(request), Quote = QuoteJson(quote!, policy).ToJsonString(),
                Declaration = declaration == HealthDeclaration.None ? null : declaration == HealthDeclaration.Clean ? "clean" : "adverse",
                Status = toSystem ? Sent : Underwriting, RequestedBy = by, RequestedAt = now, RequestedOn = today,
                DecideBy = toSystem ? null : ClaimClock.BusinessDaysAfter(DecideWithinBusinessDays).Deadline(today, calendar),
            };
            db.ChangeRequests.Add(record);
            try
            {
                await db.SaveChangesAsync(cancel);
            }
            catch (DbUpdateException)
            {
                // Another request for the policy won the race to the unique index: this one is refused, nothing kept.
                return (null, new ChangeRefusal("kind", "a change of this policy is waiting for a decision: ask again once it is decided"));
            }
            await LineAsync(db, record, today, cancel);
            await tx.CommitAsync(cancel);
            return (new CoverChangeOutcome(quote!, record.Status, record.Id, null, record.DecideBy), null);
        }
        var endorsement = await ApplyAsync(db, number, quote!, by, today, now, cancel);
        await tx.CommitAsync(cancel);
        return (new CoverChangeOutcome(quote!, Applied, null, endorsement, null), null);
    }

    /// <summary>
    /// Underwriting's (or the policy administration system's) decision on a waiting request. Approved: the change is
    /// quoted again as of today — cover starts on the day it is granted, the pro-rata part counted from then — and
    /// applied. Declined: the request closes with the reason, and the holder is told in writing.
    /// </summary>
    public static async Task<(CoverChangeOutcome? Outcome, ChangeRefusal? Refusal)> DecideAsync(PolicyCareDb db, ChangeRequestRecord request, bool approved,
        string? reason, string by, DateOnly today, DateTimeOffset now, CancellationToken cancel)
    {
        if (!IsWaiting(request.Status)) return (null, new ChangeRefusal("id", $"the request is already {request.Status}"));
        if (!approved && string.IsNullOrWhiteSpace(reason)) return (null, new ChangeRefusal("reason", "a declined change needs the reason the customer will read"));
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        var policy = await db.PolicyForChangeAsync(request.PolicyNumber, cancel) ?? throw new UnknownPolicyException(request.PolicyNumber);
        request.DecidedBy = by;
        request.DecidedAt = now;
        request.Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (!approved)
        {
            request.Status = Declined;
            await db.SaveChangesAsync(cancel);
            await LineAsync(db, request, today, cancel);
            await Endorsements.NotifyAsync(db, request.PolicyNumber, Stage.ChangeDecision, $"change-request-{request.Id}-declined",
                new ChangeFacts(request.Kind, RequestReference(request.Id), DeclinedReason: request.Reason), today, now, cancel);
            await tx.CommitAsync(cancel);
            return (new CoverChangeOutcome(ReadQuote(request), Declined, request.Id, null, null), null);
        }
        // Underwriting has accepted what was disclosed: the change is priced as a clean one from today.
        var (quote, refusal) = await QuoteAsync(db, policy, ReadAsked(request), HealthDeclaration.Clean, today, cancel, except: request.Id);
        if (refusal is not null) return (null, refusal);
        request.Status = Applied;
        request.EndorsementId = await ApplyAsync(db, request.PolicyNumber, quote!, by, today, now, cancel);
        await db.SaveChangesAsync(cancel);
        await LineAsync(db, request, today, cancel);
        await tx.CommitAsync(cancel);
        return (new CoverChangeOutcome(quote!, Applied, request.Id, request.EndorsementId, null), null);
    }

    /// <summary>The change applied through the one applicator, the contract's terms and sum insured stored with it, the endorsement and its confirmation written.</summary>
    private static async Task<long> ApplyAsync(PolicyCareDb db, string number, CoverChangeQuote quote, string by, DateOnly today, DateTimeOffset now,
        CancellationToken cancel)
    {
        PolicyRecord? changed = null;
        await PolicyChanges.ApplyAsync(db, number, today, new ChangeCover(quote), alongside: a =>
        {
            a.Policy.PremiumChanges = PremiumChangesJson.Write(CoverChanges.Add(a.Terms.Changes, quote.Change));
            if (quote.Kind == CoverChangeKind.SumInsured) a.Policy.SumInsured = quote.SumInsuredAfter;
            changed = a.Policy;
        }, at: now, cancel: cancel);
        if (changed is null) throw new InvalidOperationException("a quoted change was refused by the applicator");
        var currency = (await ReferenceData.CurrentAsync(db, cancel)).Products[changed.ProductCode].Currency;
        string M(decimal x) => Currencies.Format(x, currency);
        var record = new EndorsementRecord
        {
            PolicyNumber = number, Kind = KindCode(quote.Kind),
            Before = Terms(quote.SumInsuredBefore, quote.InstallmentBefore, quote.FrequencyBefore, quote.PaymentYearsBefore, quote.CoverYearsBefore),
            After = Terms(quote.SumInsuredAfter, quote.InstallmentAfter, quote.FrequencyAfter, quote.PaymentYearsAfter, quote.CoverYearsAfter),
            EffectiveOn = quote.EffectiveOn, By = by, At = now,
        };
        string Terms(decimal sum, decimal installment, Frequency frequency, int? paymentYears, int? coverYears)
        {
            var o = new JsonObject { ["sumInsured"] = M(sum), ["installment"] = M(installment), ["frequency"] = frequency.Code() };
            if (paymentYears is { } years) o["paymentYears"] = years;
            if (coverYears is { } cover) o["coverYears"] = cover;
            return o.ToJsonString();
        }
        await Endorsements.RecordAsync(db, record, new JsonObject
        {
            ["installment"] = M(quote.InstallmentAfter), ["frequency"] = quote.FrequencyAfter.Code(), ["amountDue"] = M(quote.AmountDue), ["amountCredited"] = M(quote.AmountCredited),
        }, [], [], today, now, confirm: true, cancel, cover: quote);
        return record.Id;
    }

    /// <summary>"R-000042": a waiting request's number as the customer's letter gives it.</summary>
    public static string RequestReference(long id) => $"R-{id:000000}";

    /// <summary>
    /// The request's line on the policy's timeline (an integrator's <c>policy.change-requested</c> event when it is sent to the
    /// policy administration system): figures and dates only, never the reason text or the declaration.
    /// </summary>
    private static async Task LineAsync(PolicyCareDb db, ChangeRequestRecord r, DateOnly today, CancellationToken cancel)
    {
        var data = new JsonObject
        {
            ["request"] = r.Id, ["reference"] = RequestReference(r.Id), ["kind"] = r.Kind, ["status"] = r.Status,
            ["asked"] = JsonNode.Parse(r.Asked), ["quote"] = JsonNode.Parse(r.Quote),
        };
        if (r.DecideBy is { } by) data["decideBy"] = by.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (r.EndorsementId is { } e) data["endorsement"] = e;
        db.Timeline.Add(Timeline.Entry(r.PolicyNumber, today, "change-request", await Timeline.NextEventSeqAsync(db, r.PolicyNumber, today, cancel), data));
        await db.SaveChangesAsync(cancel);
    }

    private static string Asked(CoverChangeRequest r) => new JsonObject
    {
        ["kind"] = KindCode(r.Kind),
        ["sumInsured"] = r.SumInsured?.ToString(CultureInfo.InvariantCulture),
        ["frequency"] = r.Frequency?.Code(),
        ["paymentYears"] = r.PaymentYears,
        ["coverYears"] = r.CoverYears,
    }.ToJsonString();

    public static CoverChangeRequest ReadAsked(ChangeRequestRecord r)
    {
        var o = JsonNode.Parse(r.Asked)!.AsObject();
        var kind = KindOf(o["kind"]!.GetValue<string>());
        var sum = o["sumInsured"]?.GetValue<string>() is { } s ? decimal.Parse(s, CultureInfo.InvariantCulture) : (decimal?)null;
        Frequency? frequency = o["frequency"]?.GetValue<string>() is { } f && Frequencies.TryParse(f, out var parsed) ? parsed : null;
        return new CoverChangeRequest(kind, sum, frequency, o["paymentYears"]?.GetValue<int>(), o["coverYears"]?.GetValue<int>());
    }

    /// <summary>The quote as the API, the timeline and the request keep it: plain figures, money as decimal strings.</summary>
    public static JsonObject QuoteJson(CoverChangeQuote q, PolicyRecord policy)
    {
        static string N(decimal x) => x.ToString(CultureInfo.InvariantCulture);
        static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var json = new JsonObject
        {
            ["kind"] = KindCode(q.Kind), ["effectiveOn"] = Day(q.EffectiveOn),
            ["sumInsuredBefore"] = N(q.SumInsuredBefore), ["sumInsuredAfter"] = N(q.SumInsuredAfter),
            ["frequencyBefore"] = q.FrequencyBefore.Code(), ["frequencyAfter"] = q.FrequencyAfter.Code(),
            ["installmentBefore"] = N(q.InstallmentBefore), ["installmentAfter"] = N(q.InstallmentAfter),
            ["yearlyBefore"] = N(q.YearlyBefore), ["yearlyAfter"] = N(q.YearlyAfter),
            ["amountDue"] = N(q.AmountDue), ["amountCredited"] = N(q.AmountCredited),
            ["firstNewDueOn"] = Day(q.FirstNewDueOn), ["needsUnderwriting"] = q.NeedsUnderwriting, ["policy"] = policy.Number,
        };
        if (q.PaymentYearsAfter is { } after)
        {
            json["paymentYearsBefore"] = q.PaymentYearsBefore;
            json["paymentYearsAfter"] = after;
            // The first day nothing falls due any more: the anniversary that ends the new term.
            json["premiumsEndOn"] = Day(policy.Start.AddYears(after));
        }
        if (q.CoverYearsAfter is { } coverAfter)
        {
            json["coverYearsBefore"] = q.CoverYearsBefore;
            json["coverYearsAfter"] = coverAfter;
            // The day the cover ends: the anniversary that closes the new term.
            json["coverEndsOn"] = Day(policy.Start.AddYears(coverAfter));
        }
        return json;
    }

    /// <summary>The quote a request was made with (for a declined one's outcome; an approved one is quoted again).</summary>
    public static CoverChangeQuote ReadQuote(ChangeRequestRecord r)
    {
        var o = JsonNode.Parse(r.Quote)!.AsObject();
        decimal N(string name) => decimal.Parse(o[name]!.GetValue<string>(), CultureInfo.InvariantCulture);
        DateOnly Day(string name) => DateOnly.ParseExact(o[name]!.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        Frequency F(string name) => Frequencies.TryParse(o[name]!.GetValue<string>(), out var f) ? f : Frequency.Monthly;
        var kind = KindOf(o["kind"]!.GetValue<string>());
        var yearsAfter = o["paymentYearsAfter"]?.GetValue<int>();
        var coverAfter = o["coverYearsAfter"]?.GetValue<int>();
        return new CoverChangeQuote(kind, Day("effectiveOn"), N("sumInsuredBefore"), N("sumInsuredAfter"), F("frequencyBefore"), F("frequencyAfter"),
            N("installmentBefore"), N("installmentAfter"), N("amountDue"), N("amountCredited"), Day("firstNewDueOn"), o["needsUnderwriting"]!.GetValue<bool>(),
            new PremiumChange(0, Day("firstNewDueOn"), N("installmentAfter"), F("frequencyAfter"), PaymentYears: yearsAfter, CoverYears: coverAfter),
            o["paymentYearsBefore"]?.GetValue<int>(), yearsAfter, o["coverYearsBefore"]?.GetValue<int>(), coverAfter);
    }
}
