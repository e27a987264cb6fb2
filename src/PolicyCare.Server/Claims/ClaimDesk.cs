using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Claims;

/// <summary>A claim as it arrives (portal, app, phone, or a scenario's <c>claim</c> event).</summary>
/// <param name="ReviewSignals">Whether the book's review signals (duplicate documents, early, large or frequent claims) join the coverage flags; scenario files judge by the contract's coverage flags alone.</param>
public sealed record ClaimSubmission(string Id, string Policy, string Benefit, DateOnly Incurred, ClaimedLoss Loss, IReadOnlyList<string> Documents, DateOnly On)
{
    public string? ClaimantId { get; init; }
    /// <summary>Already encrypted by the host (<see cref="Policies.NationalIds"/>).</summary>
    public string? PayoutAccount { get; init; }
    public bool ReviewSignals { get; init; }
}

/// <summary>A claim the book cannot take as asked (no such claim, a benefit the product lacks).</summary>
public sealed class ClaimNotFoundException(string message) : Exception(message);

/// <summary>
/// The claims desk: each step of a claim is the core's decision (<see cref="ClaimFile"/>) on the
/// stored file, written back with the claim's timeline lines; a deduction of unpaid premium is paid
/// into the policy through the policy-change applicator. The daily cycle calls <see cref="ReviewDueAsync"/>
/// for the claims whose clocks ran out.
/// </summary>
public static class ClaimDesk
{
    public static async Task SubmitAsync(PolicyCareDb db, ClaimSubmission s, CancellationToken cancel = default)
    {
        var (policy, product, reference) = await PolicyAsync(db, s.Policy, cancel);
        var benefit = product.Benefit(s.Benefit) ?? throw new ClaimNotFoundException($"the product does not pay the benefit '{s.Benefit}'");
        var claim = new ClaimFile(s.Id, s.Policy, benefit, s.Incurred, s.Loss, s.On);
        var judgement = await JudgeAsync(db, claim, policy, product, reference, s.ReviewSignals, cancel);
        var (file, steps) = ClaimFile.Submit(claim, s.Documents, () => judgement);
        var record = new ClaimRecord
        {
            Id = s.Id, PolicyNumber = s.Policy, BenefitCode = s.Benefit, Incurred = s.Incurred, SubmittedOn = s.On,
            ClaimantId = s.ClaimantId, PayoutAccount = s.PayoutAccount,
        };
        db.Claims.Add(record);
        await WriteAsync(db, record, file, steps, survey: false, s.On, policy, product, reference, cancel);
    }

    public static Task ReceiveDocumentsAsync(PolicyCareDb db, string id, IReadOnlyList<string> documents, DateOnly on, bool reviewSignals = false, CancellationToken cancel = default) =>
        StepAsync(db, id, on, judged: true, (file, j) => Only(file.Receive(on, documents, () => j!)), reviewSignals, cancel);

    public static Task InvestigateAsync(PolicyCareDb db, string id, string reason, DateOnly on, CancellationToken cancel = default) =>
        StepAsync(db, id, on, judged: true, (file, j) => Only(file.Investigate(on, reason, j!.Rules, j.Calendar)), cancel);

    /// <exception cref="ClaimDecisionException">A partial amount of nothing or above the benefit.</exception>
    /// <param name="clause">The policy clause a partial payment or a refusal rests on, kept with the decision.</param>
    /// <param name="decidedBy">Who recorded it in the office: the claim's owner from then on, so the claim names who decided (null: unchanged).</param>
    public static Task DecideAsync(PolicyCareDb db, string id, ClaimDecision decision, decimal? granted, string? reason, DateOnly on, string? clause = null,
        string? decidedBy = null, CancellationToken cancel = default) =>
        StepAsync(db, id, on, judged: true, (file, j) => Only(file.Decide(on, decision, granted, reason, j!)), reviewSignals: false, cancel,
            amend: record =>
            {
                record.DecisionClause = decision == ClaimDecision.Approved ? null : clause;
                record.AssignedTo = decidedBy ?? record.AssignedTo;
            });

    public static Task WithdrawAsync(PolicyCareDb db, string id, DateOnly on, CancellationToken cancel = default) =>
        StepAsync(db, id, on, judged: false, (file, _) => Only(file.Withdraw(on)), cancel);

    /// <summary>A step that sends no survey.</summary>
    private static (ClaimFile File, IReadOnlyList<ClaimStep> Steps, bool Survey) Only((ClaimFile File, IReadOnlyList<ClaimStep> Steps) step) =>
        (step.File, step.Steps, false);

    /// <summary>The claims whose clocks can change something today: overdue the day after a deadline passes undecided, the survey the day after closing.</summary>
    public static async Task<int> ReviewDueAsync(PolicyCareDb db, DateOnly today, CancellationToken cancel = default)
    {
        // Most days nothing is due: one look at the earliest review date (the query a run also uses to skip quiet days).
        if (await NextReviewAsync(db, cancel) is not { } first || first > today) return 0;
        var due = await db.Claims.Where(c => c.NextReviewOn != null && c.NextReviewOn <= today).Select(c => c.Id).ToListAsync(cancel);
        foreach (var id in due)
        {
            await StepAsync(db, id, today, judged: false, (file, _) =>
            {
                var (reviewed, steps) = file.Review(today);
                var (surveyed, send) = reviewed.Survey(today);
                return (surveyed, steps, send);
            }, cancel);
        }
        return due.Count;
    }

    /// <summary>The earliest day a claim's clock can change something, for a run that visits only such days.</summary>
    public static async Task<DateOnly?> NextReviewAsync(PolicyCareDb db, CancellationToken cancel = default) =>
        await db.Claims.MinAsync(c => c.NextReviewOn, cancel);

    /// <param name="judged">Whether the step may need the claim judged (on this day's account and history).</param>
    private static Task StepAsync(PolicyCareDb db, string id, DateOnly on, bool judged,
        Func<ClaimFile, ClaimJudgement?, (ClaimFile File, IReadOnlyList<ClaimStep> Steps, bool Survey)> step, CancellationToken cancel) =>
        StepAsync(db, id, on, judged, step, reviewSignals: false, cancel);

    /// <param name="amend">What the step records beyond the claim's file (a decision's clause), written with it.</param>
    private static async Task StepAsync(PolicyCareDb db, string id, DateOnly on, bool judged,
        Func<ClaimFile, ClaimJudgement?, (ClaimFile File, IReadOnlyList<ClaimStep> Steps, bool Survey)> step, bool reviewSignals, CancellationToken cancel,
        Action<ClaimRecord>? amend = null)
    {
        var record = await db.Claims.SingleOrDefaultAsync(c => c.Id == id, cancel) ?? throw new ClaimNotFoundException($"no claim '{id}'");
        var (policy, product, reference) = await PolicyAsync(db, record.PolicyNumber, cancel);
        var benefit = product.Benefit(record.BenefitCode) ?? throw new ClaimNotFoundException($"the product no longer pays the benefit '{record.BenefitCode}'");
        var file = ToFile(record, benefit);
        var judgement = judged ? await JudgeAsync(db, file, policy, product, reference, reviewSignals, cancel) : null;
        var (next, steps, survey) = step(file, judgement);
        if (steps.Count > 0) amend?.Invoke(record);
        await WriteAsync(db, record, next, steps, survey, on, policy, product, reference, cancel);
    }

    private static async Task<(PolicyRecord Policy, Product Product, ReferenceData Reference)> PolicyAsync(PolicyCareDb db, string number, CancellationToken cancel)
    {
        var policy = await db.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Number == number, cancel)
            ?? throw new ClaimNotFoundException($"no policy '{number}'");
        var reference = await ReferenceData.CurrentAsync(db, cancel);
        return (policy, reference.Products[policy.ProductCode], reference);
    }

    /// <summary>
    /// The facts a claim is judged on: the product's rules and calendar, the coverage flags on the day
    /// of the loss (its status then, from the timeline), the benefit after earlier claims on the same
    /// benefit in that policy year, and the unpaid premium due by the day of the loss.
    /// </summary>
    private static async Task<ClaimJudgement> JudgeAsync(PolicyCareDb db, ClaimFile claim, PolicyRecord policy, Product product, ReferenceData reference,
        bool reviewSignals, CancellationToken cancel)
    {
        var status = await StatusOnAsync(db, policy.Number, claim.Incurred, cancel);
        var flags = ClaimFlags.Coverage(claim.Benefit, policy.Start, claim.Incurred, status).ToList();
        var earlier = await db.Claims.AsNoTracking()
            .Where(c => c.PolicyNumber == policy.Number && c.BenefitCode == claim.Benefit.Code && c.Id != claim.Id && c.Benefit != null)
            .Select(c => new { c.Incurred, c.Benefit }).ToListAsync(cancel);
        var paidThisYear = earlier.Where(c => PolicyYear.Same(policy.Start, c.Incurred, claim.Incurred)).Sum(c => c.Benefit!.Value);
        var assessed = claim.Benefit.For(claim.Loss, paidThisYear, product.Currency);
        var unpaid = ClaimAssessment.UnpaidPremiumOn(policy.ToTerms(product), policy.ToStanding(), claim.Incurred);
        if (reviewSignals) flags.AddRange(await ReviewSignalsAsync(db, claim, policy, assessed, cancel));
        return new ClaimJudgement(product.ClaimRulesIn(reference.Book.Market), reference.Book.CalendarFor(product), product.Currency, flags, assessed, unpaid);
    }

    /// <summary>
    /// The review signals on what the book knows: this claim's documents against every other claim's
    /// (by SHA-256), the policy's start and last reinstatement, earlier claims on the policy, and the
    /// history of the same benefit across the book.
    /// </summary>
    private static async Task<IReadOnlyList<RaisedFlag>> ReviewSignalsAsync(PolicyCareDb db, ClaimFile claim, PolicyRecord policy, decimal assessed, CancellationToken cancel)
    {
        var hashes = await db.ClaimDocuments.AsNoTracking().Where(d => d.ClaimId == claim.Id).Select(d => d.Sha256).ToListAsync(cancel);
        var sharing = await db.ClaimDocuments.AsNoTracking().Where(d => d.ClaimId != claim.Id && hashes.Contains(d.Sha256))
            .Select(d => new { d.ClaimId, d.Sha256 }).ToListAsync(cancel);
        var onPolicy = await db.Claims.AsNoTracking().Where(c => c.PolicyNumber == policy.Number && c.Id != claim.Id)
            .Select(c => new { c.Id, c.BenefitCode, c.SubmittedOn }).ToListAsync(cancel);
        // The benefit's history: the last claims decided with money on the same product and benefit.
        var history = await db.Claims.AsNoTracking()
            .Where(c => c.BenefitCode == claim.Benefit.Code && c.Id != claim.Id && c.Benefit > 0
                && db.Policies.Any(p => p.Number == c.PolicyNumber && p.ProductCode == policy.ProductCode))
            .OrderByDescending(c => c.DecidedOn).Take(200).Select(c => new { c.Id, c.PolicyNumber, c.SubmittedOn, c.Benefit }).ToListAsync(cancel);
        var past = sharing.GroupBy(d => d.ClaimId).Select(g => new PastClaim(g.Key, "", "", DateOnly.MinValue, null, g.Select(d => d.Sha256).ToHashSet()))
            .Concat(onPolicy.Select(c => new PastClaim(c.Id, policy.Number, c.BenefitCode, c.SubmittedOn, null, new HashSet<string>())))
            .Concat(history.Select(c => new PastClaim(c.Id, "", claim.Benefit.Code, DateOnly.MinValue, c.Benefit, new HashSet<string>())))
            .ToList();
        var reinstated = await LastReinstatedOnAsync(db, policy.Number, cancel);
        return ClaimFlags.Review(new NewClaim(claim.Id, policy.Number, claim.Benefit.Code, claim.Incurred, claim.SubmittedOn, assessed, hashes.ToHashSet()),
            new ClaimHistory(policy.Start, reinstated, past));
    }

    private static async Task<DateOnly?> LastReinstatedOnAsync(PolicyCareDb db, string policy, CancellationToken cancel)
    {
        var changes = await db.Timeline.AsNoTracking().Where(t => t.PolicyNumber == policy && t.Kind == "status")
            .OrderByDescending(t => t.On).ThenByDescending(t => t.Seq).Select(t => new { t.On, t.Data }).ToListAsync(cancel);
        return changes.FirstOrDefault(c => JsonNode.Parse(c.Data)?["from"]?.GetValue<string>() == "lapsed")?.On;
    }

    /// <summary>The policy's status on a day: the last status change on or before it, in force before any.</summary>
    private static async Task<PolicyStatus> StatusOnAsync(PolicyCareDb db, string policy, DateOnly day, CancellationToken cancel)
    {
        var last = await db.Timeline.AsNoTracking()
            .Where(t => t.PolicyNumber == policy && t.Kind == "status" && t.On <= day)
            .OrderByDescending(t => t.On).ThenByDescending(t => t.Seq).Select(t => t.Data).FirstOrDefaultAsync(cancel);
        return last is null ? PolicyStatus.InForce : PolicyStatuses.Parse(JsonNode.Parse(last)!["to"]!.GetValue<string>());
    }

    /// <param name="survey">Whether the claim's survey goes today (a notice, not a line of the claim).</param>
    private static async Task WriteAsync(PolicyCareDb db, ClaimRecord record, ClaimFile file, IReadOnlyList<ClaimStep> steps, bool survey, DateOnly on,
        PolicyRecord policy, Product product, ReferenceData reference, CancellationToken cancel)
    {
        Store(record, file, steps);
        var seq = await NextSeqAsync(db, record.PolicyNumber, on, cancel);
        foreach (var step in steps)
            db.Timeline.Add(Timeline.Entry(record.PolicyNumber, on, "claim", seq++, Line(record.Id, step, product.Currency)));

        var holder = (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == policy.HolderId, cancel)).ToCustomer();
        var market = product.Market ?? reference.Book.Market;
        var occasions = steps.Select(step => Occasion(record, step, on, product.Currency, market)).OfType<NoticeOccasion>().ToList();
        if (survey) occasions.Add(new NoticeOccasion(Stage.ClaimSurvey, $"claim-{record.Id}", new NoticeFacts(record.PolicyNumber, product.Currency, 0m, Claim: new ClaimFacts(record.Id, market))));
        var planned = Outbox.AddPlanned(db, record.PolicyNumber, occasions, holder, on, product, reference.Book, seq);
        if (steps.FirstOrDefault(st => st.Stage == ClaimStage.Paid) is { Amount: > 0 } paid)
        {
            // Instructed the day of the decision; the unique key on the claim makes a second instruction fail, not pay twice.
            db.ClaimPayouts.Add(new ClaimPayoutRecord
            {
                ClaimId = record.Id, PolicyNumber = record.PolicyNumber, Amount = paid.Amount!.Value, Currency = product.Currency,
                InstructedOn = on, Status = ClaimPayouts.Instructed,
            });
        }
        // The claim, its notices and the deduction's payment stand or fall together (inside a caller's transaction when there is one).
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancel) : null;
        await db.SaveChangesAsync(cancel);
        await Outbox.EvidencePlannedAsync(db, planned, DateTimeOffset.UtcNow, cancel);
        var decided = steps.FirstOrDefault(s => s.Stage == ClaimStage.Decided)?.Settlement;
        // The deduction pays the premium it was taken for (China Insurance Law art. 36), through the one door for money.
        if (decided is { Deducted: > 0 } settlement)
            await Collections.PostPaymentAsync(db, record.PolicyNumber, on, settlement.Deducted, "claim-deduction", $"claim-{record.Id}", cancel: cancel);
        if (own is not null) await own.CommitAsync(cancel);
    }

    /// <summary>The benefit the policy pays for a claim as it stands (what an approval would grant), for the approval limit.</summary>
    public static async Task<decimal> AssessedAsync(PolicyCareDb db, string id, CancellationToken cancel = default) =>
        (await BeforeDecisionAsync(db, id, cancel)).Benefit;

    /// <summary>
    /// What a decision would work from, for the handler to see before deciding: the benefit the policy pays for the claim
    /// as it stands, and the premium unpaid by the day of the loss that a payment takes first.
    /// </summary>
    public static async Task<(decimal Benefit, decimal UnpaidPremium)> BeforeDecisionAsync(PolicyCareDb db, string id, CancellationToken cancel = default)
    {
        var record = await db.Claims.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancel) ?? throw new ClaimNotFoundException($"no claim '{id}'");
        var (policy, product, reference) = await PolicyAsync(db, record.PolicyNumber, cancel);
        var benefit = product.Benefit(record.BenefitCode) ?? throw new ClaimNotFoundException($"the product no longer pays the benefit '{record.BenefitCode}'");
        var judgement = await JudgeAsync(db, ToFile(record, benefit), policy, product, reference, false, cancel);
        return (judgement.Assessed, judgement.UnpaidPremium);
    }

    /// <summary>The notice a step calls for, if any: acknowledgement, request for documents, investigation, decision, payment.</summary>
    private static NoticeOccasion? Occasion(ClaimRecord claim, ClaimStep step, DateOnly on, string currency, string market)
    {
        var facts = new NoticeFacts(claim.PolicyNumber, currency, 0m, Claim: new ClaimFacts(claim.Id, market));
        var subject = $"claim-{claim.Id}";
        return step.Stage switch
        {
            // Korea's standard terms: the receipt of a claim by SMS or email.
            ClaimStage.Submitted => new NoticeOccasion(Stage.ClaimAcknowledgement, subject, facts, WithEmail: market == "KR"),
            // Asked again only when documents are still missing after more arrived: a request a day at most.
            ClaimStage.InformationRequested => new NoticeOccasion(Stage.ClaimInformationRequest, $"{subject}-{on:yyyy-MM-dd}",
                facts with { Claim = facts.Claim! with { Missing = step.Missing } }),
            ClaimStage.Investigation => new NoticeOccasion(Stage.ClaimInvestigation, subject,
                facts with { Claim = facts.Claim! with { Reason = step.Reason, ExpectedBy = step.InvestigateBy } }),
            ClaimStage.Decided => new NoticeOccasion(Stage.ClaimDecision, subject,
                facts with
                {
                    AmountDue = step.Settlement!.Payable,
                    Claim = facts.Claim! with { Decision = step.Settlement.Decision, Reason = step.Reason, Benefit = step.Settlement.Benefit, Deducted = step.Settlement.Deducted },
                },
                // A refusal or a partial payment is also put in writing.
                WithEmail: step.Settlement.Decision != ClaimDecision.Approved),
            ClaimStage.Paid when step.Amount > 0 => new NoticeOccasion(Stage.ClaimPayment, subject,
                facts with { AmountDue = step.Amount!.Value, Claim = facts.Claim! with { DelayInterest = step.DelayInterest ?? 0m } }),
            _ => null,
        };
    }

    /// <summary>After everything written for the policy that day, events and cycle alike.</summary>
    private static async Task<int> NextSeqAsync(PolicyCareDb db, string policy, DateOnly on, CancellationToken cancel) =>
        (await db.Timeline.Where(t => t.PolicyNumber == policy && t.On == on).MaxAsync(t => (int?)t.Seq, cancel) ?? 0) + 1;

    private static ClaimFile ToFile(ClaimRecord r, Benefit benefit) =>
        new ClaimFile(r.Id, r.PolicyNumber, benefit, r.Incurred, new ClaimedLoss(r.Expense, r.Days), r.SubmittedOn)
        {
            Documents = JsonSerializer.Deserialize<string[]>(r.Documents)!.ToHashSet(StringComparer.Ordinal),
            CompleteOn = r.CompleteOn,
            DecideBy = r.DecideBy,
            InvestigationReason = r.InvestigationReason,
            InvestigateBy = r.InvestigateBy,
            OverdueSaid = r.OverdueSaid,
            Settlement = r.Decision is { } d ? new ClaimSettlement(ClaimDecisions.Table.Parse(d), r.Benefit ?? 0m, r.Deducted ?? 0m) : null,
            DecidedOn = r.DecidedOn,
            ClosedOn = r.ClosedOn,
            Withdrawn = r.Withdrawn,
            SurveySent = r.SurveySent,
        };

    private static void Store(ClaimRecord r, ClaimFile f, IReadOnlyList<ClaimStep> steps)
    {
        r.Expense = f.Loss.Expense;
        r.Days = f.Loss.Days;
        r.Documents = JsonSerializer.Serialize(f.Documents.Order(StringComparer.Ordinal));
        r.CompleteOn = f.CompleteOn;
        r.DecideBy = f.DecideBy;
        r.InvestigationReason = f.InvestigationReason;
        r.InvestigateBy = f.InvestigateBy;
        r.OverdueSaid = f.OverdueSaid;
        r.Decision = f.Settlement?.Decision.Code();
        r.Benefit = f.Settlement?.Benefit;
        r.Deducted = f.Settlement?.Deducted;
        r.DecidedOn = f.DecidedOn;
        r.ClosedOn = f.ClosedOn;
        r.Withdrawn = f.Withdrawn;
        r.SurveySent = f.SurveySent;
        r.NextReviewOn = f.NextReview;
        foreach (var step in steps)
        {
            if (step.Stage == ClaimStage.DocumentsComplete)
            {
                r.Route = step.Route == ClaimRoute.FastTrack ? "fast-track" : "review";
                r.Flags = JsonSerializer.Serialize(step.Flags!.Select(x => x.Flag.Code()));
                r.FlagFacts = ClaimViews.WriteFlags(step.Flags!);
            }
            if (step.Stage == ClaimStage.Decided) r.DecisionReason = step.Reason;
            if (step.Stage == ClaimStage.Paid) (r.PaidAmount, r.DelayInterest) = (step.Amount, step.DelayInterest);
        }
    }

    /// <summary>A claim's timeline line with the field names of the scenario format (SCENARIOS.md, claim output).</summary>
    public static JsonObject Line(string claim, ClaimStep step, string currency)
    {
        string M(decimal amount) => Currencies.Format(amount, currency);
        static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        static JsonArray List(IEnumerable<string> items) => new(items.Select(i => (JsonNode?)i).ToArray());
        var o = new JsonObject { ["claim"] = claim, ["stage"] = step.Stage.Code() };
        switch (step.Stage)
        {
            case ClaimStage.Submitted:
                o["benefit"] = step.Benefit;
                o["incurred"] = Day(step.Incurred!.Value);
                break;
            case ClaimStage.InformationRequested:
                o["missing"] = List(step.Missing!);
                break;
            case ClaimStage.DocumentsComplete:
                o["decideBy"] = Day(step.DecideBy!.Value);
                o["route"] = step.Route == ClaimRoute.FastTrack ? "fast-track" : "review";
                o["flags"] = List(step.Flags!.Select(f => f.Flag.Code()));
                break;
            case ClaimStage.Investigation:
                o["investigateBy"] = Day(step.InvestigateBy!.Value);
                o["reason"] = step.Reason;
                break;
            case ClaimStage.Overdue:
                o["deadline"] = Day(step.Deadline!.Value);
                break;
            case ClaimStage.Decided:
                var s = step.Settlement!;
                o["decision"] = s.Decision.Code();
                o["benefit"] = M(s.Benefit);
                o["deducted"] = M(s.Deducted);
                o["payable"] = M(s.Payable);
                if (step.Reason is not null) o["reason"] = step.Reason;
                break;
            case ClaimStage.Paid:
                o["amount"] = M(step.Amount!.Value);
                o["delayInterest"] = M(step.DelayInterest!.Value);
                break;
        }
        return o;
    }
}
