using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Cases;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Delinquency;

/// <summary>What one business day's cycle did.</summary>
public sealed record CycleDayReport(DateOnly Date, bool AlreadyRun, int PoliciesReviewed, int StatusChanges, int NoticesPlanned, int CasesOpened, TimeSpan Elapsed);

/// <summary>
/// The shell of the daily cycle: for a business date, reads the policies due for review in
/// batches (one query per table per batch, never one per policy), asks the core for each one's
/// decision, and writes standings, timeline, outbox and cases in one transaction per batch.
/// A completed date is recorded, so running it again adds nothing; missed days are caught up in order.
/// </summary>
/// <remarks>
/// Settings and products are read once per runner: create a runner for each run so that changes
/// made between runs take effect.
/// </remarks>
public sealed class DailyCycleRunner(Database database, TimeProvider time, int batchSize = 2000)
{
    private (BookSettings Book, Dictionary<string, Product> Products)? _reference;

    public async Task<IReadOnlyList<CycleDayReport>> RunThroughAsync(DateOnly target, CancellationToken cancel = default)
    {
        DateOnly? last;
        await using (var db = database.Open())
            last = await db.CycleRuns.MaxAsync(r => (DateOnly?)r.BusinessDate, cancel);
        var from = last is { } l && l < target ? l.AddDays(1) : target;
        var reports = new List<CycleDayReport>();
        for (var day = from; day <= target; day = day.AddDays(1))
            reports.Add(await RunDayAsync(day, cancel));
        return reports;
    }

    public async Task<CycleDayReport> RunDayAsync(DateOnly date, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        await using (var db = database.Open())
        {
            if (await db.CycleRuns.AnyAsync(r => r.BusinessDate == date, cancel))
                return new CycleDayReport(date, true, 0, 0, 0, 0, clock.Elapsed);
            _reference ??= (await BookSettings.LoadAsync(db, cancel: cancel),
                (await db.Products.AsNoTracking().ToListAsync(cancel)).ToDictionary(p => p.Code, p => p.ToProduct()));
        }
        var (book, products) = _reference.Value;

        int reviewed = 0, changes = 0, notices = 0, cases = 0;
        string after = "";
        while (true)
        {
            await using var db = database.Open();
            var batch = await db.Policies
                .Where(p => p.NextReviewOn != null && p.NextReviewOn <= date && p.Number.CompareTo(after) > 0)
                .OrderBy(p => p.Number)
                .Take(batchSize)
                .ToListAsync(cancel);
            if (batch.Count == 0) break;
            after = batch[^1].Number;

            var numbers = batch.Select(p => p.Number).ToList();
            var members = await db.PolicyMembers.AsNoTracking().Where(m => numbers.Contains(m.PolicyNumber)).ToListAsync(cancel);
            var customerIds = batch.SelectMany(p => new[] { p.HolderId, p.InsuredId }).Concat(members.Select(m => m.CustomerId)).Distinct().ToList();
            var customers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.ToCustomer(), cancel);
            var employerIds = batch.Where(p => p.EmployerId != null).Select(p => p.EmployerId!).Distinct().ToList();
            var employers = employerIds.Count == 0 ? [] : await db.Employers.AsNoTracking().Where(e => employerIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.ToEmployer(), cancel);
            // Assumed debits fail on the day they are attempted; a bank's rejection counts from the day its file arrived.
            var rejections = (book.Settlement == DebitSettlement.Assumed
                    ? await db.DebitRejections.AsNoTracking().Where(r => r.On == date && numbers.Contains(r.PolicyNumber)).ToListAsync(cancel)
                    : await db.DebitRejections.AsNoTracking().Where(r => r.ReceivedOn == date && numbers.Contains(r.PolicyNumber)).ToListAsync(cancel))
                .GroupBy(r => r.PolicyNumber).ToDictionary(g => g.Key, g => g.OrderBy(r => r.On).Last());
            var openCases = (await db.Cases.AsNoTracking().Where(c => numbers.Contains(c.PolicyNumber)).Select(c => c.Key).ToListAsync(cancel)).ToHashSet(StringComparer.Ordinal);
            var membersOf = members.ToLookup(m => m.PolicyNumber, m => m.CustomerId);

            foreach (var policy in batch)
            {
                var terms = policy.ToTerms(products[policy.ProductCode]);
                var parties = new PolicyParties(customers[policy.HolderId], customers[policy.InsuredId],
                    policy.EmployerId is { } e ? employers[e] : null,
                    membersOf[policy.Number].Select(id => customers[id]).ToList());
                var rejection = rejections.TryGetValue(policy.Number, out var r)
                    ? new DebitRejection(DebitFailureReasons.TryParse(r.Reason, out var reason) ? reason : DebitFailureReason.TechnicalError, r.InsurerFault, r.On)
                    : null;
                var decision = DailyCycle.Decide(new CycleInput(terms, policy.ToStanding(), parties, book.CalendarFor(terms.Product),
                    book.LocaleFor(terms.Product), rejection, book.Settlement), date);
                policy.Store(decision.Standing);
                policy.NextReviewOn = decision.NextReview;
                reviewed++;

                var seq = Timeline.CycleSeqBase;
                foreach (var effect in decision.Effects)
                {
                    seq++;
                    switch (effect)
                    {
                        case DebitAttempted d:
                            db.Timeline.Add(Timeline.Entry(policy.Number, date, "debit", seq, new JsonObject
                            {
                                ["amount"] = Currencies.Format(d.Amount, terms.Currency),
                                ["result"] = d.FailedBecause?.Code() ?? "paid",
                            }));
                            break;
                        case DebitRequested q:
                            db.Timeline.Add(Timeline.Entry(policy.Number, date, "debit", seq, new JsonObject
                            {
                                ["amount"] = Currencies.Format(q.Amount, terms.Currency),
                                ["result"] = "requested",
                            }));
                            break;
                        case IncentiveGranted g:
                            db.Timeline.Add(Timeline.Entry(policy.Number, date, "incentive", seq, new JsonObject
                            {
                                ["discount"] = Currencies.Format(g.Discount, terms.Currency),
                                ["points"] = g.Points,
                                ["loyaltyBonus"] = g.LoyaltyBonus,
                                ["onTimeStreak"] = g.Streak,
                            }));
                            break;
                        case RebindAdvised b:
                            db.Timeline.Add(Timeline.Entry(policy.Number, date, "rebind-guidance", seq, new JsonObject
                            {
                                ["reason"] = b.Reason.Code(),
                                ["consecutiveFailures"] = b.ConsecutiveFailures,
                            }));
                            break;
                        case PlanCompleted c:
                            db.Timeline.Add(Timeline.Entry(policy.Number, date, "payment-plan-completed", seq, new JsonObject
                            {
                                ["agreedOn"] = c.AgreedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                            }));
                            break;
                        case StatusChanged s:
                            changes++;
                            db.Timeline.Add(Timeline.Entry(policy.Number, date, "status", seq, new JsonObject
                            {
                                ["from"] = s.From.Code(),
                                ["to"] = s.To.Code(),
                            }));
                            break;
                        case InterestCollected i:
                            db.Timeline.Add(Timeline.Entry(policy.Number, date, "interest-collected", seq, new JsonObject
                            {
                                ["amount"] = Currencies.Format(i.Amount, terms.Currency),
                            }));
                            break;
                        case NoticePlanned n:
                            notices++;
                            db.Notices.Add(Outbox.ToRecord(n.Notice, date, book));
                            db.Timeline.Add(Timeline.Entry(policy.Number, date, "notice", seq, Outbox.TimelineData(n.Notice)));
                            break;
                        case CaseOpened c when openCases.Add(c.Case.Key):
                            cases++;
                            db.Cases.Add(new CaseRecord
                            {
                                Key = c.Case.Key, Type = c.Case.Type, PolicyNumber = c.Case.Policy, CustomerId = c.Case.Customer,
                                OpenedOn = date, Status = "open",
                            });
                            db.Timeline.Add(Timeline.Entry(policy.Number, date, "case", seq, new JsonObject
                            {
                                ["type"] = c.Case.Type,
                                ["to"] = c.Case.Customer,
                            }));
                            break;
                    }
                }
            }
            await using var tx = await db.Database.BeginTransactionAsync(cancel);
            await db.SaveChangesAsync(cancel);
            var planned = db.ChangeTracker.Entries<NoticeRecord>().Select(e => e.Entity).Where(n => n.PlannedOn == date).OrderBy(n => n.Id)
                .Select(n => new EvidenceEvent(n, n.Status == Outbox.Failed ? "failed" : "planned", time.GetUtcNow(), n.FailureReason ?? ""))
                .ToList();
            await EvidenceLog.AppendAsync(db, planned, cancel);
            await tx.CommitAsync(cancel);
        }

        await using (var db = database.Open())
        {
            db.CycleRuns.Add(new CycleRunRecord
            {
                BusinessDate = date, CompletedAt = time.GetUtcNow(), PoliciesReviewed = reviewed, NoticesPlanned = notices,
            });
            await db.SaveChangesAsync(cancel);
        }
        return new CycleDayReport(date, false, reviewed, changes, notices, cases, clock.Elapsed);
    }
}
