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
public sealed record CycleDayReport(DateOnly Date, bool AlreadyRun, int PoliciesReviewed, int StatusChanges, int NoticesPlanned, int CasesOpened, TimeSpan Elapsed)
{
    /// <summary>Where this process's time went: reading the batches, the core's decisions, writing them.</summary>
    public (TimeSpan Reading, TimeSpan Deciding, TimeSpan Writing) Phases { get; init; }

    /// <summary>Claims whose clocks were looked at (overdue, survey).</summary>
    public int ClaimsReviewed { get; init; }

    /// <summary>Policy reviews sent (the yearly one, a birthday into a new band).</summary>
    public int PolicyReviews { get; init; }
}

/// <summary>
/// The shell of the daily cycle: for a business date, reads the policies due for review in
/// batches (one query per table per batch, never one per policy), asks the core for each one's
/// decision, and writes standings, timeline, outbox and cases in one transaction per batch.
/// A completed date is recorded, so running it again adds nothing; missed days are caught up in order.
/// On PostgreSQL the book is split into <see cref="CyclePartitions.Count"/> shares by policy number; any
/// number of processes against one database run the same day together, each claiming shares the
/// others have not, and none starts the next day before every share of this one is done. A share is
/// held by an advisory lock of the claiming process's <see cref="WorkerSession"/>: a process that dies
/// gives it up at once, and another finishes it. SQLite has one writer, so its book is reviewed in
/// batches without shares.
/// </summary>
public sealed class DailyCycleRunner(Database database, TimeProvider time, int batchSize = 2000)
{
    private static readonly TimeSpan WaitForOthers = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Whether the day also sends the policy reviews due (保单检视) and schedules the loss-prevention inspections coming
    /// due. The application's cycle and the demo do; the scenario runner and the benchmarks keep to the cycle
    /// SCENARIOS.md describes.
    /// </summary>
    public bool WithServicing { get; init; }

    /// <summary>
    /// How many shares this process reviews side by side on PostgreSQL: while one share's batch is read or written
    /// by the database, another's is decided here, so neither the process nor the database waits on the other.
    /// </summary>
    public int SharesAtOnce { get; init; } = 2;

    // Ticks, added to from the share lanes side by side.
    private long _reading, _deciding, _writing;
    private readonly string _worker = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly ReferenceCache _references = new();
    private ReferenceData? _reference;
    private byte[]? _linkKey;

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
            // A calendar or product loaded since the last day applies from this one on (the cache checks its stamp).
            _reference = await _references.GetAsync(db, cancel);
            _linkKey ??= await Servicing.RenewalLinks.KeyAsync(db, cancel);
        }
        (_reading, _deciding, _writing) = (0, 0, 0);
        var counts = database.IsPostgres ? await RunSharesAsync(date, cancel) : await RunWholeBookAsync(date, cancel);

        var report = new CycleDayReport(date, false, counts.Reviewed, counts.Changes, counts.Notices, counts.Cases, clock.Elapsed)
            { Phases = (TimeSpan.FromTicks(_reading), TimeSpan.FromTicks(_deciding), TimeSpan.FromTicks(_writing)) };
        await using (var db = database.Open())
        {
            db.CycleRuns.Add(new CycleRunRecord
            {
                BusinessDate = date, CompletedAt = time.GetUtcNow(), PoliciesReviewed = report.PoliciesReviewed, NoticesPlanned = report.NoticesPlanned,
            });
            try { await db.SaveChangesAsync(cancel); }
            catch (DbUpdateException)
            {
                // Another process finished the day's last batch or share at the same moment and recorded the day.
                if (!await AlreadyRecordedAsync(date, cancel)) throw;
                return report;
            }
        }
        // Claims whose clocks ran out (overdue the day after a deadline passed undecided; the survey after
        // closing), by the one process that recorded the day. Should it stop here, they are still due the next day.
        await using (var db = database.Open()) report = report with { ClaimsReviewed = await PolicyCare.Claims.ClaimDesk.ReviewDueAsync(db, date, cancel) };
        if (WithServicing)
        {
            await using var db = database.Open();
            var reference = await _references.GetAsync(db, cancel);
            report = report with { PolicyReviews = await Servicing.PolicyReviewer.RunDueAsync(db, date, time.GetUtcNow(), reference, cancel) };
            await Servicing.InspectionDesk.ScheduleDueAsync(db, date, reference, cancel);
            await Notices.PublicListings.PublishDueAsync(db, date, time.GetUtcNow(), reference, cancel);
            await Insights.LapseScores.ScoreAsync(database, date, cancel);
        }
        return report;
    }

    /// <summary>
    /// SQLite has one writer, so several processes on one file would take turns anyway: its book is
    /// reviewed in batches without shares. Each batch holds the write lock from its read to its commit
    /// and moves its policies' next review past the date, so a second process on the same file reviews
    /// only what the first has not, and a process that dies mid-day leaves only unreviewed policies due.
    /// </summary>
    private async Task<BatchCounts> RunWholeBookAsync(DateOnly date, CancellationToken cancel)
    {
        var total = new BatchCounts();
        while (true)
        {
            var (outcome, counts) = await ReviewBatchAsync(date, shares: null, worker: null, cancel);
            total += counts;
            // A short batch was the last: what it reviewed is no longer due, and a policy made due meanwhile
            // (a payment) is reviewed the next day, as it would be had it arrived a moment later.
            if (outcome == BatchOutcome.ShareDone || counts.Reviewed < batchSize) return total;
        }
    }

    /// <summary>
    /// PostgreSQL's book is split into shares that processes claim, so several servers run one day
    /// together; the day is done once every share is completed.
    /// </summary>
    private async Task<BatchCounts> RunSharesAsync(DateOnly date, CancellationToken cancel)
    {
        await OpenPartitionsAsync(date, cancel);
        // Each lane is a worker of its own (its session, its name), as another process would be.
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, SharesAtOnce)).Select(lane => ClaimAndReviewAsync(date, $"{_worker}/{lane}", cancel)));
        await using (var db = database.Open())
        {
            var shares = await db.CyclePartitions.AsNoTracking().Where(p => p.BusinessDate == date).ToListAsync(cancel);
            return new BatchCounts(shares.Sum(p => p.PoliciesReviewed), shares.Sum(p => p.StatusChanges),
                shares.Sum(p => p.NoticesPlanned), shares.Sum(p => p.CasesOpened));
        }
    }

    /// <summary>Claims and reviews shares until every share of the date is completed, by this lane or another worker.</summary>
    private async Task ClaimAndReviewAsync(DateOnly date, string worker, CancellationToken cancel)
    {
        await using var session = await WorkerSession.OpenAsync(database, cancel);
        while (true)
        {
            if (await ClaimAsync(date, session, worker, cancel) is { Count: > 0 } shares)
            {
                await ReviewSharesAsync(date, shares, worker, cancel);
                foreach (var share in shares) await session.ReleaseAsync(WorkerSession.Space.CycleShare, WorkerSession.ShareKey(date, share), cancel);
                continue;
            }
            // Nothing left to claim: the day is done once every share is completed. Until then another
            // worker is still at work, or dies, and its share is claimed here the moment its session ends.
            // The shares this process's other lanes hold are theirs to finish: they live and die with this one.
            var mine = _worker + "/";
            await using var db = database.Open();
            if (!await db.CyclePartitions.AnyAsync(p => p.BusinessDate == date && p.CompletedAt == null
                    && (p.ClaimedBy == null || !p.ClaimedBy.StartsWith(mine)), cancel)) return;
            await Task.Delay(WaitForOthers, time, cancel);
        }
    }

    private readonly record struct BatchCounts(int Reviewed, int Changes, int Notices, int Cases)
    {
        public static BatchCounts operator +(BatchCounts a, BatchCounts b) =>
            new(a.Reviewed + b.Reviewed, a.Changes + b.Changes, a.Notices + b.Notices, a.Cases + b.Cases);

        public static BatchCounts operator -(BatchCounts a, BatchCounts b) =>
            new(a.Reviewed - b.Reviewed, a.Changes - b.Changes, a.Notices - b.Notices, a.Cases - b.Cases);
    }

    private async Task<bool> AlreadyRecordedAsync(DateOnly date, CancellationToken cancel)
    {
        await using var db = database.Open();
        return await db.CycleRuns.AnyAsync(r => r.BusinessDate == date, cancel);
    }

    /// <summary>
    /// Creates the date's shares once; a process that loses the race to create them uses the winner's.
    /// Only shares with a policy due that day are created: nobody has to claim, read and close an
    /// empty one, so a quiet day costs one indexed query instead of a round of claims over every
    /// share. A policy made due later that day (a payment) is reviewed by the next day's cycle, as
    /// it is when its share has already been reviewed.
    /// </summary>
    private async Task OpenPartitionsAsync(DateOnly date, CancellationToken cancel)
    {
        await using var db = database.Open();
        if (await db.CyclePartitions.AnyAsync(p => p.BusinessDate == date, cancel)) return;
        var due = await db.Policies.Where(p => p.NextReviewOn != null && p.NextReviewOn <= date)
            .GroupBy(p => p.CyclePartition).Select(g => new { Partition = g.Key, Due = g.Count() }).ToListAsync(cancel);
        db.CyclePartitions.AddRange(due.Select(p => new CyclePartitionRecord { BusinessDate = date, Partition = p.Partition, PoliciesDue = p.Due }));
        try { await db.SaveChangesAsync(cancel); }
        catch (DbUpdateException)
        {
            await using var check = database.Open();
            if (!await check.CyclePartitions.AnyAsync(p => p.BusinessDate == date, cancel)) throw;
        }
    }

    /// <summary>
    /// How many due policies one claim gathers from small shares: a quiet day is a handful of transactions
    /// instead of one round of claim, batch and completion per share (the round trips, not the database,
    /// were most of a quiet day), and a day of one batch's size still splits across four processes.
    /// A share larger than this is claimed alone.
    /// </summary>
    private int GroupSize => Math.Max(1, batchSize / 4);

    /// <summary>
    /// Takes shares of the date that no live process holds, in order, until they hold <see cref="GroupSize"/>
    /// due policies: each share's advisory lock, tried without waiting, decides; the share then names this
    /// process, so a batch of a process that lost it (its session ended while it still ran) writes nothing.
    /// </summary>
    private async Task<IReadOnlyList<int>> ClaimAsync(DateOnly date, WorkerSession session, string worker, CancellationToken cancel)
    {
        await using var db = database.Open();
        var open = await db.CyclePartitions.AsNoTracking().Where(p => p.BusinessDate == date && p.CompletedAt == null)
            .OrderBy(p => p.Partition).Select(p => new { p.Partition, p.PoliciesDue }).ToListAsync(cancel);
        var held = new List<int>();
        var due = 0;
        foreach (var share in open)
        {
            if (held.Count > 0 && due + share.PoliciesDue > GroupSize) break;
            var key = WorkerSession.ShareKey(date, share.Partition);
            if (!await session.TryHoldAsync(WorkerSession.Space.CycleShare, key, cancel)) continue;
            var taken = await db.CyclePartitions
                .Where(p => p.BusinessDate == date && p.Partition == share.Partition && p.CompletedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.ClaimedBy, worker), cancel);
            if (taken == 1)
            {
                held.Add(share.Partition);
                due += share.PoliciesDue;
                if (due >= GroupSize) break;
                continue;
            }
            // Completed by its holder between the read and the lock.
            await session.ReleaseAsync(WorkerSession.Space.CycleShare, key, cancel);
        }
        return held;
    }

    /// <summary>Reviews the due policies of the claimed shares in batches, one transaction each, then marks the shares completed.</summary>
    private async Task ReviewSharesAsync(DateOnly date, IReadOnlyList<int> shares, string worker, CancellationToken cancel)
    {
        while (true)
        {
            BatchOutcome outcome;
            BatchCounts counts;
            try { (outcome, counts) = await ReviewBatchAsync(date, shares, worker, cancel); }
            catch (Exception e) when (Deadlocks.Detected(e))
            {
                // A bank file being posted had locked some of the batch's policies in another order; the
                // database undid this batch, which is read again.
                continue;
            }
            if (outcome == BatchOutcome.ClaimLost) return;
            // A short batch took every policy of the shares still due (see RunWholeBookAsync).
            if (outcome == BatchOutcome.ShareDone || counts.Reviewed < batchSize) break;
        }

        await using (var db = database.Open())
        {
            await db.CyclePartitions
                .Where(p => p.BusinessDate == date && shares.Contains(p.Partition) && p.ClaimedBy == worker)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.CompletedAt, time.GetUtcNow()), cancel);
        }
    }

    private enum BatchOutcome { Reviewed, ShareDone, ClaimLost }

    /// <summary>What a review changes on a policy's row: its standing and its next review, nothing of the contract.</summary>
    private static readonly IReadOnlyList<string> CycleWrites = [.. Mapping.StandingProperties, nameof(PolicyRecord.NextReviewOn)];

    /// <summary>Reviews the next batch of the shares' (or, without shares, the book's) due policies in one transaction.</summary>
    private async Task<(BatchOutcome, BatchCounts)> ReviewBatchAsync(DateOnly date, IReadOnlyList<int>? shares, string? worker, CancellationToken cancel)
    {
        var (book, products) = _reference!;
        int reviewed = 0, changes = 0, notices = 0, cases = 0;
        var phase = Stopwatch.StartNew();
        await using var db = database.Open();
        // The batch is read, decided and written in one transaction, its policies locked (FOR UPDATE;
        // SQLite's write lock) from the read on: a payment arriving meanwhile waits for the batch and
        // then applies to the standing the cycle wrote, instead of being overwritten by it.
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        // No cursor and no ordering: a reviewed policy's next review is always after this date, so it
        // leaves this query when its batch commits, and the next batch is the next range of the
        // (partition, review date) index, whatever the size of the share.
        // PostgreSQL writes the batch back with COPY, so it need not be tracked; SQLite saves through EF Core.
        var batch = db.IsPostgres
            ? await db.Policies.FromSqlInterpolated($"""
                SELECT * FROM policies
                WHERE "CyclePartition" = ANY({shares!.ToArray()}) AND "NextReviewOn" IS NOT NULL AND "NextReviewOn" <= {date}
                LIMIT {batchSize} FOR UPDATE
                """).AsNoTracking().ToListAsync(cancel)
            : await db.Policies.Where(p => p.NextReviewOn != null && p.NextReviewOn <= date)
                .Take(batchSize).ToListAsync(cancel);
        var timeline = new List<TimelineEntry>();
        var planned = new List<NoticeRecord>();
        var opened = new List<CaseRecord>();
        var collected = new List<PaymentRecord>();
        var surveys = new List<SurveyRecord>();
        if (batch.Count == 0) return (BatchOutcome.ShareDone, default);

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
        // The lapse-risk scores heighten the cadence of the likeliest to lapse; the scenario runner and the benchmarks keep the standard one.
        var heightened = WithServicing ? await Insights.LapseScores.HeightenedAsync(db, cancel, numbers) : [];
        Interlocked.Add(ref _reading, phase.Elapsed.Ticks);
        phase.Restart();

        // Each share of the batch is credited with its own policies' counts.
        var byShare = new Dictionary<int, BatchCounts>();
        foreach (var policy in batch)
        {
            var before = new BatchCounts(reviewed, changes, notices, cases);
            var terms = policy.ToTerms(products[policy.ProductCode]);
            var parties = new PolicyParties(customers[policy.HolderId], customers[policy.InsuredId],
                policy.EmployerId is { } e ? employers[e] : null,
                membersOf[policy.Number].Select(id => customers[id]).ToList());
            var rejection = rejections.TryGetValue(policy.Number, out var r)
                ? new DebitRejection(r.Reason, r.InsurerFault, r.On)
                : null;
            var decision = DailyCycle.Decide(new CycleInput(terms, policy.ToStanding(), parties, book.CalendarFor(terms.Product),
                book.LocaleFor(terms.Product), rejection, book.Settlement,
                heightened.Contains(policy.Number) ? Insights.Attention.Heightened : Insights.Attention.Standard), date);
            policy.Store(decision.Standing);
            // The batch query relies on it: a reviewed policy is not due again the same day.
            if (decision.NextReview <= date) throw new InvalidOperationException($"policy {policy.Number}: next review {decision.NextReview} is not after {date}");
            policy.NextReviewOn = decision.NextReview;
            reviewed++;

            var seq = Timeline.CycleSeqBase;
            foreach (var effect in decision.Effects)
            {
                seq++;
                switch (effect)
                {
                    case NoticePlanned n:
                        notices++;
                        var notice = WithRenewalLink(n.Notice, decision.Standing);
                        if (RenewalSurvey(notice, policy, decision.Standing, date) is { } survey && surveys.All(x => x.Key != survey.Key)) surveys.Add(survey);
                        planned.Add(Outbox.ToRecord(notice, date, book));
                        timeline.Add(Timeline.Entry(policy.Number, date, "notice", seq, Outbox.TimelineData(notice)));
                        break;
                    case CaseOpened c when openCases.Add(c.Case.Key):
                        cases++;
                        opened.Add(new CaseRecord
                        {
                            Key = c.Case.Key, Type = c.Case.Type, PolicyNumber = c.Case.Policy, CustomerId = c.Case.Customer,
                            OpenedOn = date, Status = "open",
                        });
                        timeline.Add(Timeline.Entry(policy.Number, date, "case", seq, new JsonObject
                        {
                            ["type"] = c.Case.Type,
                            ["to"] = c.Case.Customer,
                        }));
                        break;
                    case CaseOpened:
                        break;
                    case DebitAttempted { FailedBecause: null } debit:
                        // An assumed debit (a simulation's book) is money received like a confirmed one:
                        // it is in the payment history, named as the cycle's, once per policy and day.
                        collected.Add(new PaymentRecord
                        {
                            PolicyNumber = policy.Number, ReceivedOn = date, Amount = debit.Amount, Method = "auto-debit",
                            ExternalReference = $"assumed-debit:{policy.Number}:{date:yyyy-MM-dd}", Applied = debit.Amount, Credit = 0m,
                            RecordedBy = "cycle:assumed-debit",
                        });
                        timeline.AddRange(Timeline.Rows(effect, terms).Select(r => Timeline.Entry(policy.Number, date, r.Kind, seq, r.Data)));
                        break;
                    default:
                        if (effect is StatusChanged) changes++;
                        timeline.AddRange(Timeline.Rows(effect, terms).Select(r => Timeline.Entry(policy.Number, date, r.Kind, seq, r.Data)));
                        break;
                }
            }
            byShare[policy.CyclePartition] = byShare.GetValueOrDefault(policy.CyclePartition) + (new BatchCounts(reviewed, changes, notices, cases) - before);
        }
        Interlocked.Add(ref _deciding, phase.Elapsed.Ticks);
        phase.Restart();
        var counts = new BatchCounts(reviewed, changes, notices, cases);
        if (shares is not null && !await StillMineAsync(db, date, shares, worker!, byShare, cancel)) return (BatchOutcome.ClaimLost, default);
        if (db.IsPostgres)
        {
            var ids = await PostgresBulk.NextIdsAsync<NoticeRecord>(db, planned.Count, cancel);
            for (var i = 0; i < planned.Count; i++) planned[i].Id = ids[i];
            await PostgresBulk.UpdateAsync(db, batch, CycleWrites, cancel);
            await PostgresBulk.InsertAsync(db, timeline, cancel);
            await PostgresBulk.InsertAsync(db, planned, cancel);
            await PostgresBulk.InsertAsync(db, opened, cancel);
            await PostgresBulk.InsertAsync(db, collected, cancel);
            await PostgresBulk.InsertAsync(db, surveys, cancel);
        }
        else
        {
            db.Timeline.AddRange(timeline);
            db.Notices.AddRange(planned);
            db.Cases.AddRange(opened);
            db.Payments.AddRange(collected);
            db.Surveys.AddRange(surveys);
            await db.SaveChangesAsync(cancel);
        }
        await EvidenceLog.AppendAsync(db, planned.OrderBy(n => n.Id)
            .Select(n => new EvidenceEvent(n, n.Status == NoticeStatus.Failed ? "failed" : "planned", time.GetUtcNow(), n.FailureReason ?? ""))
            .ToList(), cancel);
        await tx.CommitAsync(cancel);
        Interlocked.Add(ref _writing, phase.Elapsed.Ticks);
        return (BatchOutcome.Reviewed, counts);
    }

    /// <summary>
    /// Adds the batch's counts to its shares, if this process still holds every one of them: a process
    /// whose shares were taken over (its session ended while it still ran) writes nothing.
    /// </summary>
    private static async Task<bool> StillMineAsync(PolicyCareDb db, DateOnly date, IReadOnlyList<int> shares, string worker, Dictionary<int, BatchCounts> byShare, CancellationToken cancel)
    {
        var counts = shares.Select(s => byShare.GetValueOrDefault(s)).ToList();
        var (ids, reviewed, changes, notices, cases) = (shares.ToArray(), counts.Select(c => c.Reviewed).ToArray(), counts.Select(c => c.Changes).ToArray(),
            counts.Select(c => c.Notices).ToArray(), counts.Select(c => c.Cases).ToArray());
        var updated = await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE cycle_partitions AS c
            SET "PoliciesReviewed" = c."PoliciesReviewed" + v.reviewed, "StatusChanges" = c."StatusChanges" + v.changes,
                "NoticesPlanned" = c."NoticesPlanned" + v.notices, "CasesOpened" = c."CasesOpened" + v.cases
            FROM unnest({ids}, {reviewed}, {changes}, {notices}, {cases}) AS v(share, reviewed, changes, notices, cases)
            WHERE c."BusinessDate" = {date} AND c."Partition" = v.share AND c."ClaimedBy" = {worker}
            """, cancel);
        return updated == shares.Count;
    }

    /// <summary>The call-back survey after a renewal, answered in the portal: one per renewal, whatever the channels that ask.</summary>
    private static SurveyRecord? RenewalSurvey(PlannedNotice notice, PolicyRecord policy, PolicyStanding standing, DateOnly date) =>
        notice.Stage == Stage.RenewalSurvey && !notice.Failed && standing.Renewal?.RenewedOn is { } renewedOn && !notice.Recipient.Contains(':', StringComparison.Ordinal)
            ? new SurveyRecord
            {
                Key = $"renewal:{policy.Number}:{renewedOn:yyyy-MM-dd}", Moment = "renewal", CustomerId = notice.Recipient, PolicyNumber = policy.Number,
                ProductCode = policy.ProductCode, Channel = notice.Channel.Code(), SentOn = date, ExpiresOn = date.AddDays(Surveys.OpenDays),
            }
            : null;

    /// <summary>A renewal notice to the customer carries the signed one-click link for its offer (the core words it, the host signs it).</summary>
    private PlannedNotice WithRenewalLink(PlannedNotice notice, PolicyStanding standing)
    {
        if (notice.Stage != Stage.RenewalNotice || notice.Failed || notice.Recipient.Contains(':', StringComparison.Ordinal)
            || standing.Renewal is not { Offer: { Offered: true } offer } || _linkKey is null) return notice;
        var link = Servicing.RenewalLinks.For(_linkKey, new Servicing.RenewalLinks.Claim(notice.Policy, offer.RenewalDate, offer.Premium, notice.Channel.Code()));
        return notice with { Text = notice.Text + " " + link };
    }
}

/// <summary>How the book is split for the daily cycle: a stable hash of the policy number, so a policy always falls in the same share.</summary>
public static class CyclePartitions
{
    public const int Count = 64;

    public static int Of(string policyNumber)
    {
        // FNV-1a: stable across processes and .NET versions, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in policyNumber)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return (int)(hash % Count);
    }
}
