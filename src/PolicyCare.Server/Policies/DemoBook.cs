using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Storage;

namespace PolicyCare.Policies;

/// <summary>
/// The demo book: a few hundred policies in China and Korea with half a year of history run
/// through the real cycle — customers who pay on time, pay late, lapse, and reinstate; elderly
/// holders; insured persons who are not the holder; a group policy; an unreachable customer.
/// Generated from a fixed seed, so every demo looks the same.
/// </summary>
public static class DemoBook
{
    public const int HistoryDays = 180;
    private const int Seed = 20261123;

    private static readonly string[] CnSurnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
    private static readonly string[] CnGiven = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "军"];
    private static readonly string[] KrSurnames = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"];
    private static readonly string[] KrGiven = ["민준", "서연", "지훈", "하은", "도윤", "수아", "예준", "지민", "현우", "서윤"];

    private enum Behaviour { OnTime, PaysLate, Lapses, Reinstates, StopsDebit }

    /// <param name="progress">Told the share of the simulated days done (0–100) as the days go by.</param>
    public static async Task<bool> SeedIfEmptyAsync(Database database, DateOnly today, TimeProvider time, IProgress<int>? progress = null,
        CancellationToken cancel = default)
    {
        await using (var db = database.Open())
        {
            if (await db.Policies.AnyAsync(cancel)) return false;
        }
        var start = today.AddDays(-HistoryDays);
        var (book, plans) = Generate(start);
        await using (var db = database.Open())
        {
            // The demo has no bank: its debits succeed unless the demo says otherwise.
            await BookSettings.SaveAsync(db, "CN", null, DebitSettlement.Assumed, cancel);
            // The demo insurer opts in to the public page of customers it cannot reach, so the page has something to show.
            db.Settings.Add(new SettingRecord { Key = Notices.PublicListings.SettingKey, Value = "on" });
            await db.SaveChangesAsync(cancel);
            await book.LoadAsync(db, start, cancel);
        }
        var cycle = new DailyCycleRunner(database, time) { WithServicing = true };
        var byDay = plans.ToLookup(p => p.Date);
        for (var day = start; day <= today; day = day.AddDays(1))
        {
            await using (var db = database.Open())
            {
                foreach (var action in byDay[day]) await action.Apply(db, cancel);
                if (day == today.AddDays(-3)) await ReferApplicationsAsync(db, day, cancel);
                await Claims.DemoClaims.RunDayAsync(db, day, today, cancel);
            }
            await cycle.RunDayAsync(day, cancel);
            if (day == today)
            {
                await using var db = database.Open();
                await Claims.DemoClaims.AnswerSurveysAsync(db, today, cancel);
                await AnswerRenewalSurveysAsync(db, today, cancel);
            }
            if (day == today)
            {
                // The dashboard shows how well the book's own history predicts lapses, as the insurer's would.
                await Insights.LapseRiskModel.TrainAsync(database, today, time, cancel);
                await Insights.LapseScores.ScoreAsync(database, today, cancel);
            }
            progress?.Report(100 * (day.DayNumber - start.DayNumber + 1) / (today.DayNumber - start.DayNumber + 1));
            if (day < today)
            {
                await using var db = database.Open();
                // Sent by the end of the day — never later than now: east of Greenwich a business day ends before its UTC day does.
                var endOfDay = new DateTimeOffset(day.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);
                await Outbox.SendDueToSinkAsync(db, endOfDay < time.GetUtcNow() ? endOfDay : time.GetUtcNow(), cancel);
            }
        }
        return true;
    }

    private sealed record PlannedAction(DateOnly Date, Func<PolicyCareDb, CancellationToken, Task> Apply);

    private static (Book, List<PlannedAction>) Generate(DateOnly start)
    {
        var random = new Random(Seed);
        var answers = new Random(Seed + 16);
        var products = ProductFile.ReferenceProducts().ToDictionary(p => p.Code);
        var customers = new List<CustomerRecord>();
        var policies = new List<BookPolicy>();
        var plans = new List<PlannedAction>();

        CustomerRecord NewCustomer(bool korean, bool elderly)
        {
            var n = customers.Count + 1;
            var id = (korean ? "KC" : "CC") + n.ToString("0000", null);
            var birth = elderly
                ? new DateOnly(1948 + random.Next(12), 1 + random.Next(12), 1 + random.Next(28))
                : new DateOnly(1965 + random.Next(35), 1 + random.Next(12), 1 + random.Next(28));
            var name = korean
                ? KrSurnames[random.Next(KrSurnames.Length)] + KrGiven[random.Next(KrGiven.Length)]
                : CnSurnames[random.Next(CnSurnames.Length)] + CnGiven[random.Next(CnGiven.Length)];
            var c = new CustomerRecord
            {
                Id = id,
                Name = name,
                BirthDate = birth,
                Locale = korean ? "ko-KR" : "zh-CN",
                NationalIdLast4 = random.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Mobile = korean ? $"+82108{random.Next(1000000, 9999999)}" : $"+86138{random.Next(10000000, 99999999)}",
                Email = random.Next(10) < 8 ? $"{id.ToLowerInvariant()}@example.com" : null,
                Wechat = !korean && random.Next(10) < 8 ? $"o6_demo{id}" : null,
                Kakao = korean && random.Next(10) < 8 ? $"kakao-{id}" : null,
                Address = korean ? $"서울특별시 중구 세종대로 {n}" : $"北京市东城区示例街{n}号",
                PreferredChannels = random.Next(10) < 2 ? "sms" : "",
                EmergencyName = korean ? "가족" : "家属",
                EmergencyMobile = korean ? $"+82109{random.Next(1000000, 9999999)}" : $"+86139{random.Next(10000000, 99999999)}",
            };
            customers.Add(c);
            return c;
        }

        for (var i = 1; i <= 320; i++)
        {
            var korean = i % 3 == 0;
            var product = korean ? products["KR-LIFE"] : i % 10 == 1 ? products["HEALTH-1Y"] : products["CN-LIFE20"];
            var holder = NewCustomer(korean, elderly: random.Next(100) < 22);
            var insured = random.Next(100) < 12 ? NewCustomer(korean, elderly: false) : holder;
            var frequency = product.Term == PolicyTerm.Short ? Frequency.Annual : random.Next(10) < 8 ? Frequency.Monthly : Frequency.Quarterly;
            var policyStart = start.AddDays(-random.Next(30, 1500));
            if (product.Term == PolicyTerm.Short) policyStart = start.AddDays(random.Next(0, 150)).AddYears(-1);
            var premium = korean ? 10_000m * random.Next(5, 30) : 50m * random.Next(4, 60);
            var number = (korean ? "KR" : "CN") + i.ToString("000000", null);
            // A one-year health policy is priced from its product's table for the insured's age, as a renewal will be.
            if (product.Renewal is { } table && TablePrice(table, insured.BirthDate, policyStart) is { } tablePrice) premium = tablePrice;
            var record = new PolicyRecord
            {
                Number = number, ProductCode = product.Code, HolderId = holder.Id, InsuredId = insured.Id, Start = policyStart,
                Premium = premium, Frequency = frequency, Status = PolicyStatus.InForce,
                SumInsured = product.Changes?.SumInsured is { } cover ? CoverFor(product.Changes, cover, premium, frequency, insured.BirthDate, policyStart) : null,
            };
            policies.Add(new BookPolicy(record, AutoDebit: random.Next(10) < 8, []));
            PlanBehaviour(record, product, policies[^1].AutoDebit, start, random, plans);
            // In China a one-year health policy renews only when the customer accepts: most do, a few days after the offer.
            // Drawn from its own sequence, so the rest of the book is the one it always was.
            if (product.Renewal is not null && policies[^1].AutoDebit && answers.Next(100) < 85)
            {
                var renewalDate = policyStart.AddYears(1);
                Answer(renewalDate.AddDays(-answers.Next(3, 25)), number, "accepted", null);
            }
        }

        // One customer nobody can reach: every contact fails, so the emergency contact hears and a tracing case opens.
        var lost = customers[5];
        plans.Add(new PlannedAction(start, async (db, ct) =>
        {
            foreach (var kind in Enum.GetValues<ContactKind>()) await Contacts.MarkInvalidAsync(db, lost.Id, kind, ct);
        }));

        // A group policy: the employer and every member hear about a missed premium.
        var employer = new EmployerRecord { Id = "E1", Name = "示例科技有限公司", ContactEmail = "hr@example.com", ContactMobile = "+8613700137000" };
        var members = Enumerable.Range(0, 6).Select(_ => NewCustomer(false, false)).ToList();
        var group = new PolicyRecord
        {
            Number = "CNG000001", ProductCode = "CN-LIFE20", HolderId = members[0].Id, InsuredId = members[0].Id, EmployerId = employer.Id,
            Start = start.AddDays(-400), Premium = 3600m, Frequency = Frequency.Monthly, Status = PolicyStatus.InForce,
        };
        policies.Add(new BookPolicy(group, AutoDebit: true, members.Skip(1).Select(m => m.Id).ToList()));
        var missed = FirstDueOnOrAfter(group, start.AddDays(100));
        plans.Add(new PlannedAction(missed, (db, ct) => Collections.RecordDebitRejectionAsync(db, group.Number, missed, DebitFailureReason.InsufficientFunds, false, cancel: ct)));

        AddRenewals();
        AddInspections();
        AddTermLife();
        return (new Book(products.Values.ToList(), customers, [employer], policies), plans);

        void Answer(DateOnly on, string number, string answer, string? reason) =>
            plans.Add(new PlannedAction(on, async (db, ct) =>
            {
                var consent = answer == "accepted" ? "同意按续保报价续保一年，并授权于续保日从绑定账户扣款。" : null;
                await Servicing.RenewalDesk.AnswerAsync(db, number, answer, "portal", "demo", consent, reason, on,
                    new DateTimeOffset(on.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero), cancel: ct);
            }));

        // Commercial property risks: one above the inspection threshold inspected half a year ago with one of its two
        // recommendations still open, one new whose first inspection is due, and one below the threshold (never inspected).
        void AddInspections()
        {
            var property = products["CN-PROPERTY"];
            var today = start.AddDays(HistoryDays);
            var company = NewCustomer(false, elderly: false);
            (company.Name, company.BirthDate) = ("华东示例制造有限公司", null);
            (string Number, DateOnly Start, decimal Premium, decimal SumInsured)[] risks =
            [
                ("CNP000001", today.AddDays(-400), 48_000m, 8_000_000m),
                ("CNP000002", today.AddDays(-20), 36_000m, 6_000_000m),
                ("CNP000003", today.AddDays(-300), 9_000m, 1_500_000m),
            ];
            foreach (var (number, policyStart, premium, sum) in risks)
                policies.Add(new BookPolicy(new PolicyRecord
                {
                    Number = number, ProductCode = property.Code, HolderId = company.Id, InsuredId = company.Id, Start = policyStart,
                    Premium = premium, Frequency = Frequency.Annual, Status = PolicyStatus.InForce, SumInsured = sum,
                }, AutoDebit: true, []));
            var inspectedOn = start.AddDays(10);
            plans.Add(new PlannedAction(inspectedOn, async (db, ct) =>
            {
                var due = await db.Inspections.SingleAsync(i => i.PolicyNumber == "CNP000001", ct);
                await Servicing.InspectionDesk.ReportAsync(db, due.Id, inspectedOn, "service", "厂房消防通道部分堵塞；配电柜无定期检测记录；喷淋系统运行正常。",
                    ["清理并保持一号厂房消防通道畅通。", "委托有资质的机构检测配电柜并留存记录。"], inspectedOn,
                    new DateTimeOffset(inspectedOn.ToDateTime(new TimeOnly(15, 0)), TimeSpan.Zero), ct);
            }));
            plans.Add(new PlannedAction(inspectedOn.AddDays(25), async (db, ct) =>
            {
                var report = await db.Inspections.SingleAsync(i => i.PolicyNumber == "CNP000001", ct);
                await Servicing.InspectionDesk.CompleteAsync(db, report.Id, 1, "service", inspectedOn.AddDays(25), ct);
            }));
        }

        // Term life, covering for 30 years with premiums for 20: two in force (their terms can be changed), and one that
        // reached the end of its cover three weeks into the history — it ended by its term, not by lapse, and was told so.
        void AddTermLife()
        {
            var term = products["CN-TERM30"];
            (string Number, DateOnly Start, Frequency Frequency, decimal Premium)[] lives =
            [
                ("CNT000001", start.AddDays(-700), Frequency.Monthly, 180m),
                ("CNT000002", start.AddDays(-1900), Frequency.Quarterly, 520m),
                ("CNT000003", start.AddDays(20).AddYears(-30), Frequency.Annual, 1600m),
            ];
            foreach (var (number, policyStart, frequency, premium) in lives)
            {
                var holder = NewCustomer(false, elderly: false);
                holder.BirthDate = policyStart.AddYears(-32);
                policies.Add(new BookPolicy(new PolicyRecord
                {
                    Number = number, ProductCode = term.Code, HolderId = holder.Id, InsuredId = holder.Id, Start = policyStart,
                    Premium = premium, Frequency = frequency, Status = PolicyStatus.InForce,
                    SumInsured = CoverFor(term.Changes!, term.Changes!.SumInsured!, premium, frequency, holder.BirthDate, policyStart),
                }, AutoDebit: true, []));
            }
        }

        // One-year health policies at each point of the renewal: an offer open today and a renewal three days ago (the
        // renewal demo customer), one declined, one with the rate locked and accepted, and one whose insured is past the
        // product's maximum age.
        void AddRenewals()
        {
            var health = products["HEALTH-1Y"];
            var today = start.AddDays(HistoryDays);
            (string Number, DateOnly RenewalDate, DateOnly Birth)[] cases =
            [
                ("CNH000001", today.AddDays(20), today.AddDays(10).AddYears(-40)),
                ("CNH000002", start.AddDays(60), start.AddYears(-45)),
                ("CNH000003", start.AddDays(45), start.AddYears(-50)),
                ("CNH000004", start.AddDays(100), start.AddDays(70).AddYears(-76)),
            ];
            CustomerRecord? renewing = null;
            foreach (var (number, renewalDate, birth) in cases)
            {
                var holder = NewCustomer(false, elderly: false);
                holder.BirthDate = birth;
                renewing ??= holder;
                var policyStart = renewalDate.AddYears(-1);
                var record = new PolicyRecord
                {
                    Number = number, ProductCode = health.Code, HolderId = holder.Id, InsuredId = holder.Id, Start = policyStart,
                    Premium = TablePrice(health.Renewal!, birth, policyStart) ?? 4200m, Frequency = Frequency.Annual, Status = PolicyStatus.InForce,
                };
                policies.Add(new BookPolicy(record, AutoDebit: true, []));
            }
            // The renewal demo customer's second policy renewed three days ago: its call-back survey is open.
            var renewed = new PolicyRecord
            {
                Number = "CNH000005", ProductCode = health.Code, HolderId = renewing!.Id, InsuredId = renewing.Id, Start = today.AddDays(-3).AddYears(-1),
                Premium = TablePrice(health.Renewal!, renewing.BirthDate, today.AddDays(-3).AddYears(-1)) ?? 1200m, Frequency = Frequency.Annual, Status = PolicyStatus.InForce,
            };
            policies.Add(new BookPolicy(renewed, AutoDebit: true, []));
            Answer(today.AddDays(-3 - 10), "CNH000005", "accepted", null);
            Answer(start.AddDays(60 - 12), "CNH000002", "declined", "price");
            Answer(start.AddDays(45 - 25), "CNH000003", "rate-lock", null);
            Answer(start.AddDays(45 - 20), "CNH000003", "accepted", null);
        }
    }

    /// <summary>The product's table price for the insured's age on the date, with the adjustments in force then; none past the table.</summary>
    private static decimal? TablePrice(Servicing.RenewalTerms table, DateOnly? birth, DateOnly on)
    {
        if (birth is not { } b) return null;
        var age = on.Year - b.Year - (on < b.AddYears(on.Year - b.Year) ? 1 : 0);
        return table.BandPremium(age) is { } band ? Currencies.RoundToMinorUnitAwayFromZero(band * table.FactorOn(on), "CNY") : null;
    }

    /// <summary>
    /// The cover a life policy's premium buys by its product's table at the insured's age on its start date, to the
    /// table's step and within its limits: the figure a change of cover starts from.
    /// </summary>
    private static decimal CoverFor(Servicing.ChangeTerms rules, Servicing.SumInsuredTable table, decimal premium, Frequency frequency, DateOnly? birth, DateOnly start)
    {
        var yearly = premium / (rules.FrequencyFactors?.GetValueOrDefault(frequency) ?? 1m / (12 / frequency.Months()));
        var rate = table.YearlyPer1000(birth is { } b ? Customer.Age(b, start) : 40) ?? table.Rates[^1].YearlyPer1000;
        var steps = decimal.Round((yearly / rate * 1000m - table.Min) / table.Step, MidpointRounding.AwayFromZero);
        return Math.Clamp(table.Min + steps * table.Step, table.Min, table.Max);
    }

    /// <summary>
    /// How a holder pays. Lateness is a habit: a late payer is late again and again (each installment with their own
    /// chance), and some give up after a few late premiums and lapse; most who lapse were late before, some without
    /// warning. The new draws come from the policy's own sequence, so names, premiums and dates stay what they were.
    /// </summary>
    private static void PlanBehaviour(PolicyRecord policy, Product product, bool autoDebit, DateOnly start, Random random, List<PlannedAction> plans)
    {
        var roll = random.Next(100);
        var behaviour = roll < 58 ? Behaviour.OnTime : roll < 76 ? Behaviour.PaysLate : roll < 88 ? Behaviour.Lapses : roll < 95 ? Behaviour.Reinstates : Behaviour.StopsDebit;
        var habit = new Random(policy.Number.Aggregate(Seed, (h, c) => unchecked(h * 31 + c)));
        var lateness = behaviour == Behaviour.PaysLate ? 0.3 + habit.NextDouble() * 0.5 : 0;
        var months = policy.Frequency.Months();
        var end = start.AddDays(HistoryDays);
        DateOnly Due(DateOnly from) => FirstDueOnOrAfter(policy, from);

        var missedFrom = behaviour switch
        {
            Behaviour.Lapses or Behaviour.Reinstates => Due(start.AddDays(random.Next(0, 20))),
            Behaviour.PaysLate => Due(start.AddDays(random.Next(10, 150))),
            Behaviour.StopsDebit => Due(start.AddDays(random.Next(20, 120))),
            _ => DateOnly.MaxValue,
        };
        // Two in three of those who lapse were late a few times first; the rest stop without warning.
        var runUp = behaviour == Behaviour.Lapses && habit.Next(3) > 0 ? 1 + habit.Next(3) : 0;
        var stopsFrom = behaviour switch
        {
            Behaviour.Lapses => missedFrom.AddMonths(runUp * months),
            Behaviour.Reinstates => missedFrom,
            _ => DateOnly.MaxValue,
        };
        bool LateAgain(DateOnly due) => behaviour == Behaviour.PaysLate && due > missedFrom && habit.NextDouble() < lateness;
        // A late payer may give up after a late premium: then they pay nothing more and the policy lapses.
        bool GivesUp() => behaviour == Behaviour.PaysLate && habit.Next(100) < 20;

        if (!autoDebit)
        {
            // Customers without auto-debit pay each installment themselves, a few days before or after it falls due.
            for (var due = Due(start); due <= end; due = due.AddMonths(months))
            {
                if (due >= stopsFrom) break;
                // (Past the day a lapsing customer would have stopped, the draws are the policy's own: the book's sequence stays as it was.)
                var early = behaviour == Behaviour.PaysLate && due == missedFrom ? random.Next(10, 40)
                    : behaviour == Behaviour.Lapses && due >= missedFrom ? -habit.Next(0, 4) : -random.Next(0, 4);
                var late = due == missedFrom && behaviour == Behaviour.PaysLate || runUp > 0 && due >= missedFrom || LateAgain(due);
                var payOn = late ? due.AddDays(early > 0 ? early : habit.Next(5, 45)) : due.AddDays(early);
                if (payOn < start) payOn = start;
                var amount = policy.Premium;
                var number = policy.Number;
                var reference = $"demo-{number}-{due:yyyyMMdd}";
                plans.Add(new PlannedAction(payOn, (db, ct) => PayIfOwedAsync(db, number, payOn, amount, reference, ct)));
                if (late && GivesUp()) break;
            }
        }
        else if (behaviour != Behaviour.OnTime && missedFrom != DateOnly.MaxValue)
        {
            var number = policy.Number;
            var reason = behaviour == Behaviour.StopsDebit ? DebitFailureReason.AccountClosed : DebitFailureReason.InsufficientFunds;
            void Fails(DateOnly on)
            {
                plans.Add(new PlannedAction(on, (db, ct) => Collections.RecordDebitRejectionAsync(db, number, on, reason, false, cancel: ct)));
                foreach (var retry in product.DebitRetryDays)
                {
                    var retryOn = on.AddDays(retry);
                    plans.Add(new PlannedAction(retryOn, (db, ct) => Collections.RecordDebitRejectionAsync(db, number, retryOn, reason, false, cancel: ct)));
                }
            }
            void PaysLater(DateOnly due, int days)
            {
                var payOn = due.AddDays(days);
                plans.Add(new PlannedAction(payOn, (db, ct) => PayIfOwedAsync(db, number, payOn, policy.Premium, $"demo-late-{number}-{due:yyyyMMdd}", ct)));
            }
            if (behaviour == Behaviour.PaysLate)
            {
                Fails(missedFrom);
                PaysLater(missedFrom, random.Next(12, 40));
                var gaveUp = GivesUp();
                for (var due = missedFrom.AddMonths(months); due <= end; due = due.AddMonths(months))
                {
                    if (gaveUp) Fails(due);
                    else if (LateAgain(due))
                    {
                        Fails(due);
                        PaysLater(due, habit.Next(12, 45));
                        gaveUp = GivesUp();
                    }
                }
            }
            else
            {
                for (var k = 0; k < runUp; k++)
                {
                    Fails(missedFrom.AddMonths(k * months));
                    PaysLater(missedFrom.AddMonths(k * months), habit.Next(12, 45));
                }
                for (var k = 0; k < 8; k++) Fails(stopsFrom == DateOnly.MaxValue ? missedFrom.AddMonths(k * months) : stopsFrom.AddMonths(k * months));
            }
            if (behaviour == Behaviour.StopsDebit)
            {
                var revokeOn = missedFrom.AddDays(5);
                plans.Add(new PlannedAction(revokeOn, (db, ct) => Collections.RevokeMandateAsync(db, number, revokeOn, ct)));
            }
        }

        if (behaviour == Behaviour.Reinstates && product.Term == PolicyTerm.Long)
        {
            // Apply about three months after missing, once lapsed, then pay the quote a few days later.
            var number = policy.Number;
            var applyOn = missedFrom.AddDays(95 + random.Next(0, 20));
            var payOn = applyOn.AddDays(random.Next(1, 6));
            plans.Add(new PlannedAction(applyOn, (db, ct) => Reinstatements.RequestAsync(db, number, applyOn, HealthDeclaration.Clean, ct)));
            plans.Add(new PlannedAction(payOn, async (db, ct) =>
            {
                var p = await db.Policies.AsNoTracking().FirstAsync(x => x.Number == number, ct);
                if (p.QuoteArrears is { } arrears && p.QuoteInterest is { } interest)
                    await Collections.PostPaymentAsync(db, number, payOn, arrears + interest, "bank-transfer", $"demo-reinstate-{number}", cancel: ct);
            }));
        }
    }

    /// <summary>Most call-backs after a renewal are answered; the renewal demo customer's is left for them to answer.</summary>
    private static async Task AnswerRenewalSurveysAsync(PolicyCareDb db, DateOnly today, CancellationToken cancel)
    {
        var scores = new[] { (5, 9), (4, 8), (5, 10), (3, 6), (4, 7), (2, 4) };
        var open = await db.Surveys.Where(s => s.Moment == "renewal" && s.AnsweredOn == null && s.PolicyNumber != "CNH000005")
            .OrderBy(s => s.Id).ToListAsync(cancel);
        for (var i = 0; i < open.Count; i++)
            (open[i].Csat, open[i].Nps, open[i].AnsweredOn) = (scores[i % scores.Length].Item1, scores[i % scores.Length].Item2, open[i].SentOn.AddDays(1) > today ? today : open[i].SentOn.AddDays(1));
        await db.SaveChangesAsync(cancel);
    }

    /// <summary>Two applications with an adverse health declaration, so the supervisor's underwriting queue has work in it.</summary>
    private static async Task ReferApplicationsAsync(PolicyCareDb db, DateOnly on, CancellationToken cancel)
    {
        var lapsed = await db.Policies.AsNoTracking().Where(p => p.Status == PolicyStatus.Lapsed && p.ReinstatementRequestedOn == null)
            .OrderByDescending(p => p.Number).Select(p => p.Number).Take(20).ToListAsync(cancel);
        var referred = 0;
        foreach (var number in lapsed)
        {
            if (referred == 2) return;
            if (await Reinstatements.RequestAsync(db, number, on, HealthDeclaration.Adverse, cancel) is not null) referred++;
        }
    }

    private static async Task PayIfOwedAsync(PolicyCareDb db, string number, DateOnly on, decimal amount, string reference, CancellationToken cancel)
    {
        var policy = await db.Policies.AsNoTracking().FirstAsync(p => p.Number == number, cancel);
        if (policy.Status.IsOver()) return;
        // A customer paying for the renewal pays the offer's price, and nothing for a renewal declined or not offered.
        if (policy.ToStanding().Renewal is { Offer: { } offer } renewal && offer.RenewalDate >= on && offer.RenewalDate <= on.AddDays(7))
        {
            if (renewal.Declined || !offer.Offered) return;
            amount = Servicing.Renewals.Installment(offer.Premium, policy.ToTerms((await db.Products.FindAsync([policy.ProductCode], cancel))!.ToProduct()));
        }
        await Collections.PostPaymentAsync(db, number, on, amount, "wechat-pay", reference, cancel: cancel);
    }

    private static DateOnly FirstDueOnOrAfter(PolicyRecord policy, DateOnly date)
    {
        var frequency = policy.Frequency;
        return InstallmentSchedule.DueDate(policy.Start, frequency, InstallmentSchedule.CountDueBefore(policy.Start, frequency, date));
    }
}
