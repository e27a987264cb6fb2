using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.ML;
using PolicyCare.Billing;
using PolicyCare.Cli;
using PolicyCare.Delinquency;
using PolicyCare.Policies;
using PolicyCare.Simulation;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Insights;

/// <summary>The lapse-risk model trained on a generated book with 18 months of habitual lateness, on SQLite and PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LapseRiskModelTests(PostgresServer postgres)
{
    private static readonly DateOnly From = new(2025, 6, 1);
    private static readonly DateOnly AsOf = new(2026, 12, 1);

    /// <summary>A book of the simulator's generated policies with 18 months of history written by <see cref="LapseHistory"/>.</summary>
    private static async Task<Database> BookWithHistoryAsync(Database database, int policies)
    {
        await database.MigrateAsync();
        await using (var db = database.Open())
        {
            using var doc = JsonDocument.Parse(Simulator.BookJson(7, policies));
            var products = ProductFile.ReferenceProducts().ToDictionary(p => p.Code);
            var book = Book.Parse(new PolicyCare.Json.StrictObject(doc.RootElement, "$", "customers", "policies"), products);
            foreach (var product in products.Values) db.Products.Add(new ProductRecord { Code = product.Code, Definition = ProductJson.Write(product) });
            await db.SaveChangesAsync();
            await book.LoadAsync(db, AsOf, default);
        }
        await LapseHistory.WriteAsync(database, From, AsOf, seed: 42);
        return database;
    }

    [Fact]
    public async Task TrainedOnHabitualLateness_TheModelBeatsTheRule_OnTheNewerDueDates_AndIsDeployed_TheSameOnBothDatabases()
    {
        using var folder = new TempFolder();
        var sqlite = await BookWithHistoryAsync(folder.Sqlite(), 3_000);
        var report = await LapseRiskModel.TrainAsync(sqlite, AsOf, TimeProvider.System);

        Assert.Equal(LapseModelReport.BeatsRule, report.Decision);
        Assert.True(report.Deployed);
        Assert.True(report.ModelAuc > report.RuleAuc, $"model {report.ModelAuc} against the rule {report.RuleAuc}");
        Assert.InRange(report.ModelAuc!.Value, 0.75, 1);
        // The split is by time: every training case fell due before the cutoff, the test cases from it.
        Assert.Equal(report.Cases, report.TrainCases + report.TestCases);
        Assert.InRange(report.TrainCases / (double)report.Cases, 0.65, 0.75);
        Assert.InRange(report.Cutoff!.Value, From.AddMonths(6), AsOf.AddDays(-LapseRisk.LabelDays));
        // The calibration covers the test cases in ten groups rising in predicted risk, and the riskiest tenth lapses most.
        Assert.Equal(10, report.Calibration.Count);
        Assert.Equal(report.TestCases, report.Calibration.Sum(r => r.Cases));
        Assert.Equal(report.TestLapses, (int)Math.Round(report.Calibration.Sum(r => r.ObservedRate * r.Cases)));
        Assert.True(report.Calibration.Zip(report.Calibration.Skip(1)).All(p => p.First.MeanPredicted <= p.Second.MeanPredicted));
        Assert.True(report.Calibration[^1].ObservedRate > 5 * report.Calibration[0].ObservedRate);

        // Kept: the report the dashboard reads, and a model that scores installments.
        await using (var db = sqlite.Open())
        {
            Assert.Equal(report.ModelAuc, (await LapseRiskModel.LastReportAsync(db))!.ModelAuc);
            var stored = await db.Settings.SingleAsync(s => s.Key == LapseRiskModel.ModelKey);
            using var zip = new MemoryStream(Convert.FromBase64String(stored.Value));
            Assert.NotNull(new MLContext().Model.Load(zip, out var schema));
            Assert.Contains(schema, c => c.Name == "Features");
        }

        // Tonight's scores: every policy in force or in grace, tiered, the risky ones explained, a stable tenth kept as control.
        var scored = await LapseScores.ScoreAsync(sqlite, AsOf);
        await using (var db = sqlite.Open())
        {
            Assert.Equal(await db.Policies.CountAsync(p => p.Status == PolicyStatus.InForce || p.Status == PolicyStatus.Grace), scored);
            var scores = await db.LapseScores.AsNoTracking().ToListAsync();
            Assert.Equal(scored, scores.Count);
            var thresholds = new RiskThresholds();
            Assert.All(scores, s => Assert.Equal(thresholds.TierOf(s.Probability), s.Tier));
            Assert.Contains(scores, s => s.Tier == RiskTier.High);
            Assert.Contains(scores, s => s.Tier == RiskTier.Low);
            // The riskiest are explained, each reason raising the score, the strongest first; the safe ones need none.
            var high = scores.Where(s => s.Tier == RiskTier.High).ToList();
            Assert.All(high, s => Assert.NotEmpty(LapseScores.FactorsOf(s)));
            Assert.All(high.Select(LapseScores.FactorsOf), f => Assert.True(f.Zip(f.Skip(1)).All(p => p.First.Effect >= p.Second.Effect)));
            Assert.All(scores.Where(s => s.Tier == RiskTier.Low), s => Assert.Empty(LapseScores.FactorsOf(s)));
            // Those in grace with a premium overdue are explained by it.
            var inGrace = await db.Policies.Where(p => p.Status == PolicyStatus.Grace).Select(p => p.Number).ToListAsync();
            Assert.Contains(high.Where(s => inGrace.Contains(s.PolicyNumber)), s => LapseScores.FactorsOf(s).Any(f => f.Feature == "days-overdue"));
            var control = scores.Count(s => s.Control) / (double)scores.Count;
            Assert.InRange(control, 0.06, 0.14);
            Assert.All(scores, s => Assert.Equal(RiskExplanation.InControlGroup(s.PolicyNumber, LapseScores.DefaultControlShare), s.Control));

            // The insurer's own thresholds put more in the high tier.
            db.Settings.Add(new SettingRecord { Key = LapseScores.ThresholdsKey, Value = "0.02,0.05" });
            await db.SaveChangesAsync();
        }
        await LapseScores.ScoreAsync(sqlite, AsOf);
        await using (var db = sqlite.Open())
            Assert.All(await db.LapseScores.AsNoTracking().ToListAsync(), s => Assert.Equal(new RiskThresholds(0.02, 0.05).TierOf(s.Probability), s.Tier));

        // The same book gives the same figures on PostgreSQL: the history is read set-wise alike, and training is seeded.
        var pg = await BookWithHistoryAsync(Database.FromSetting(await postgres.CreateDatabaseAsync()), 3_000);
        var onPostgres = await LapseRiskModel.TrainAsync(pg, AsOf, TimeProvider.System);
        Assert.Equal((report.Cases, report.TrainLapses, report.TestLapses, report.Cutoff, report.RuleAuc), (onPostgres.Cases, onPostgres.TrainLapses, onPostgres.TestLapses, onPostgres.Cutoff, onPostgres.RuleAuc));
        Assert.Equal(report.ModelAuc!.Value, onPostgres.ModelAuc!.Value, 6);
    }

    [Fact]
    public async Task WithTooLittleHistory_NoModelIsDeployed_AndAnEarlierOneIsWithdrawn_TheCommandSaysWhy()
    {
        using var folder = new TempFolder();
        var database = await BookWithHistoryAsync(folder.Sqlite(), 400);
        Assert.True((await LapseRiskModel.TrainAsync(database, AsOf, TimeProvider.System)).Deployed);

        // Seen from two months into the history, no installment has had its 90 days: nothing to judge by.
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, await Commands.Build().Parse(["insights", "train", "--as-of", "2025-08-01", "--db", database.ConnectionString]).InvokeAsync());
        }
        finally
        {
            Console.SetOut(console);
        }
        Assert.Contains("NOT deployed: too few cases to judge", output.ToString(), StringComparison.Ordinal);
        await using var db = database.Open();
        Assert.Equal(LapseModelReport.TooFewCases, (await LapseRiskModel.LastReportAsync(db))!.Decision);
        Assert.False(await db.Settings.AnyAsync(s => s.Key == LapseRiskModel.ModelKey));
        // No model in use: no scores either.
        Assert.Equal(0, await LapseScores.ScoreAsync(database, AsOf));
        Assert.False(await db.LapseScores.AnyAsync());
    }

    [Fact]
    public async Task TheExtraReminders_AreMeasured_EachTiersLapseRateWithAndWithout_OverTheCohortsWhose90DaysAreOver_OnBothDatabases()
    {
        using var folder = new TempFolder();
        var scoredOn = AsOf.AddDays(-120);
        var later = AsOf.AddDays(-10);
        foreach (var database in new[] { folder.Sqlite(), Database.FromSetting(await postgres.CreateDatabaseAsync()) })
        {
            await BookWithHistoryAsync(database, 1_500);
            Assert.True((await LapseRiskModel.TrainAsync(database, scoredOn, TimeProvider.System)).Deployed);
            var scored = await LapseScores.ScoreAsync(database, scoredOn);
            await using (var db = database.Open())
            {
                // A month later nothing is known yet: the 90 days are not over.
                var (none, watching, firstKnown) = await LapseScores.CohortOutcomesAsync(db, scoredOn.AddDays(30), default);
                Assert.Empty(none);
                Assert.Equal(scored, watching);
                Assert.Equal(scoredOn.AddDays(LapseRisk.LabelDays), firstKnown);
            }
            // A second score in the same month joins no cohort again.
            await LapseScores.ScoreAsync(database, scoredOn.AddDays(1));
            await LapseScores.ScoreAsync(database, later);
            await using (var db = database.Open())
            {
                var (known, watching, _) = await LapseScores.CohortOutcomesAsync(db, later, default);
                var august = await db.RiskCohorts.AsNoTracking().Where(c => c.Month == new DateOnly(scoredOn.Year, scoredOn.Month, 1)).ToListAsync();
                Assert.Equal(scored, august.Count);
                Assert.All(august, c => Assert.Equal(scoredOn, c.ScoredOn));
                // By hand: a lapse in the timeline within 90 days after the score.
                var lapses = (await db.Timeline.AsNoTracking().Where(t => t.Kind == "status").Select(t => new { t.PolicyNumber, t.On, t.Data }).ToListAsync())
                    .Where(t => JsonDocument.Parse(t.Data).RootElement.GetProperty("to").GetString() == "lapsed")
                    .ToLookup(t => t.PolicyNumber, t => t.On);
                var expected = august.GroupBy(c => (c.Tier, c.Control))
                    .Select(g => new CohortOutcome(g.Key.Tier, g.Key.Control, g.Count(),
                        g.Count(c => lapses[c.PolicyNumber].Any(on => on > scoredOn && on <= scoredOn.AddDays(LapseRisk.LabelDays)))))
                    .OrderByDescending(o => o.Tier).ThenBy(o => o.Control).ToList();
                Assert.Equal(expected, known);
                Assert.Equal(await db.RiskCohorts.CountAsync(c => c.Month == new DateOnly(later.Year, later.Month, 1)), watching);
                // Both groups of the high tier are there to compare, and the model's tiers mean something: high lapses more than low.
                Assert.Contains(known, k => k.Tier == RiskTier.High && k.Control);
                Assert.Contains(known, k => k.Tier == RiskTier.High && !k.Control && k.Lapsed > 0);
                Assert.True(known.Where(k => k.Tier == RiskTier.High).Sum(k => k.Lapsed) / (double)known.Where(k => k.Tier == RiskTier.High).Sum(k => k.Policies)
                    > 2 * known.Where(k => k.Tier == RiskTier.Low).Sum(k => k.Lapsed) / (double)known.Where(k => k.Tier == RiskTier.Low).Sum(k => k.Policies));
            }
        }
    }

    [Fact]
    public async Task TheCycle_RemindsTheHighRiskOutsideTheControlGroupBeforeTheirDueDate_AndNobodyElse()
    {
        using var folder = new TempFolder();
        var database = await BookWithHistoryAsync(folder.Sqlite(), 1_500);
        Assert.True((await LapseRiskModel.TrainAsync(database, AsOf, TimeProvider.System)).Deployed);
        await LapseScores.ScoreAsync(database, AsOf);
        await using (var db = database.Open())
        {
            // Their cadence changed tonight: tomorrow's cycle plans their next review with it.
            var heightened = await LapseScores.HeightenedAsync(db, default);
            Assert.NotEmpty(heightened);
            Assert.True(await db.LapseScores.AnyAsync(s => s.Tier == RiskTier.High && s.Control), "no high-risk policy in the control group to compare with");
            var reviews = await db.Policies.Where(p => heightened.Contains(p.Number)).Select(p => p.NextReviewOn).ToListAsync();
            Assert.All(reviews, on => Assert.True(on <= AsOf.AddDays(1)));
        }
        var cycle = new DailyCycleRunner(database, TimeProvider.System) { WithServicing = true };
        var reminded = 0;
        for (var day = AsOf.AddDays(1); day <= AsOf.AddDays(10); day = day.AddDays(1))
        {
            HashSet<string> watched;
            await using (var db = database.Open()) watched = await LapseScores.HeightenedAsync(db, default);
            await cycle.RunDayAsync(day);
            await using var check = database.Open();
            var early = await check.Notices.AsNoTracking().Where(n => n.Stage == Notices.Stage.EarlyReminder && n.PlannedOn == day)
                .Select(n => new { n.PolicyNumber, Key = n.IdempotencyKey }).ToListAsync();
            Assert.All(early, n => Assert.Contains(n.PolicyNumber, watched));
            // Seven days before the installment's due date.
            foreach (var n in early)
            {
                var p = await check.Policies.AsNoTracking().SingleAsync(x => x.Number == n.PolicyNumber);
                var index = int.Parse(n.Key.Split('|')[1]["installment-".Length..], System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(day.AddDays(7), InstallmentSchedule.DueDate(p.Start, p.Frequency, index));
            }
            reminded += early.Select(n => n.PolicyNumber).Distinct().Count();
        }
        Assert.True(reminded > 0, "no reminder before a due date in ten days");
    }

    [Fact]
    public async Task TheHistory_IsAHabit_LatePayersAreLateAgain_AndLapsesFollowLateness()
    {
        using var folder = new TempFolder();
        var database = await BookWithHistoryAsync(folder.Sqlite(), 1_000);
        await using var db = database.Open();
        var (histories, observedFrom) = await LapseHistories.LoadAsync(db, AsOf, default);
        var cases = histories.SelectMany(h => LapseRisk.Cases(h, observedFrom, AsOf)).ToList();
        double Rate(IEnumerable<InstallmentCase> of) => of.Count(c => c.Lapsed) / (double)Math.Max(1, of.Count());
        var lateBefore = cases.Where(c => c.Features[0] + c.Features[1] >= 2).ToList();
        var neverLate = cases.Where(c => c.Features[0] + c.Features[1] + c.Features[2] == 0 && c.Features[12] == 0).ToList();
        Assert.NotEmpty(lateBefore);
        Assert.True(Rate(lateBefore) > 3 * Rate(neverLate), $"{Rate(lateBefore):P1} of those late twice lapse, {Rate(neverLate):P1} of the punctual");
        // Noise: some punctual payers lapse too.
        Assert.Contains(neverLate, c => c.Lapsed);
        // The policies' status at the end is the history's: lapsed ones are lapsed.
        var lapsedNow = await db.Policies.Where(p => p.Status == PolicyStatus.Lapsed).Select(p => p.Number).ToListAsync();
        Assert.Equal(histories.Where(h => h.StatusChanges.Count > 0 && h.StatusChanges[^1].To == PolicyStatus.Lapsed).Select(h => h.Number).Order().ToList(), lapsedNow.Order().ToList());
    }

    [Fact]
    public async Task TheRepeatFailureList_CountsPremiumsNotRetries_InTheLastSixMonths_WhileCoverIsOn_OnBothDatabases()
    {
        using var folder = new TempFolder();
        foreach (var database in new[] { folder.Sqlite(), Database.FromSetting(await postgres.CreateDatabaseAsync()) })
        {
            await database.MigrateAsync();
            await using var db = database.Open();
            var products = ProductFile.ReferenceProducts().ToDictionary(p => p.Code);
            foreach (var product in products.Values) db.Products.Add(new ProductRecord { Code = product.Code, Definition = ProductJson.Write(product) });
            await db.SaveChangesAsync();
            var customers = string.Join(",", Enumerable.Range(1, 5).Select(i => $$"""{"id":"C{{i}}","name":"客户{{i}}","birthDate":"1980-01-01","locale":"zh-CN","mobile":"+8613800000{{i:000}}"}"""));
            var policies = string.Join(",", Enumerable.Range(1, 5).Select(i => $$"""{"number":"P{{i}}","product":"CN-LIFE20","holder":"C{{i}}","start":"2026-01-10","premium":"100.00","frequency":"monthly","autoDebit":true}"""));
            using var doc = JsonDocument.Parse($$"""{"customers":[{{customers}}],"policies":[{{policies}}]}""");
            await Book.Parse(new PolicyCare.Json.StrictObject(doc.RootElement, "$", "customers", "policies"), products).LoadAsync(db, new DateOnly(2026, 12, 1), default);
            void Fail(string policy, string on, PolicyCare.Billing.DebitFailureReason reason = PolicyCare.Billing.DebitFailureReason.InsufficientFunds) =>
                db.DebitRejections.Add(new DebitRejectionRecord { PolicyNumber = policy, On = DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture), ReceivedOn = DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture), Reason = reason });
            // P1: October's premium failed and its retry, then November's, the account closed: two premiums, three attempts.
            Fail("P1", "2026-10-10"); Fail("P1", "2026-10-13"); Fail("P1", "2026-11-10", PolicyCare.Billing.DebitFailureReason.AccountClosed);
            // P2: one premium and its two retries.
            Fail("P2", "2026-11-10"); Fail("P2", "2026-11-13"); Fail("P2", "2026-11-16");
            // P3: one of its two failed premiums is more than six months ago.
            Fail("P3", "2026-05-10"); Fail("P3", "2026-11-10");
            // P4: the bank's technical errors are not the customer's habit.
            Fail("P4", "2026-10-10", PolicyCare.Billing.DebitFailureReason.TechnicalError); Fail("P4", "2026-11-10", PolicyCare.Billing.DebitFailureReason.TechnicalError);
            // P5: two failed premiums, but the policy has lapsed: reinstatement, not a new card, is its way back.
            Fail("P5", "2026-10-10"); Fail("P5", "2026-11-10");
            await db.SaveChangesAsync();
            await db.Policies.Where(p => p.Number == "P5").ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, PolicyStatus.Lapsed));

            var list = await RepeatDebitFailures.ListAsync(db, new DateOnly(2026, 12, 1));
            var only = Assert.Single(list);
            Assert.Equal(("P1", "C1", "客户1", 2, 3, new DateOnly(2026, 11, 10), PolicyCare.Billing.DebitFailureReason.AccountClosed),
                (only.PolicyNumber, only.HolderId, only.HolderName, only.FailedPremiums, only.Attempts, only.LastFailedOn, only.LastReason));
        }
    }
}
