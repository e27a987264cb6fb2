using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Json;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Simulation;

/// <summary>One thing that happens to the book in a simulation; <see cref="Policy"/> indexes the generated book.</summary>
public abstract record SimStep(int Policy)
{
    public abstract string Describe();
}

/// <summary>The clock jumps ahead; the cycle runs each day (crashing once after so many database commands, when armed).</summary>
public sealed record ClockJump(int Days, int? CrashAfterCommands) : SimStep(0)
{
    public override string Describe() => $"clock +{Days}d{(CrashAfterCommands is { } n ? $", crash after {n} commands" : "")}";
}

public enum WebhookVariant { Fresh, Repeat, Forged, SameIdOtherAmount, Late }

/// <summary>The provider confirms a payment (or the same event again, a forged one, a reused id, a late one).</summary>
public sealed record ProviderPays(int Policy, int Cents, WebhookVariant Variant) : SimStep(Policy)
{
    public override string Describe() => $"provider pays P{Policy} {Cents / 100m:0.00} ({Variant})";
}

public enum BankVariant { Clean, WithRepeat, WithBadLine, WithHugeAmount }

/// <summary>The bank's result file for some policies' last due dates: paid or rejected, with a repeated line, a bad line or an absurd amount.</summary>
public sealed record BankFileArrives(int Policy, int Lines, int Seed, BankVariant Variant) : SimStep(Policy)
{
    public override string Describe() => $"bank file from P{Policy}, {Lines} lines ({Variant})";
}

public sealed record MandateChange(int Policy, bool Start) : SimStep(Policy)
{
    public override string Describe() => $"P{Policy} mandate {(Start ? "started" : "ended")}";
}

public sealed record PlanAsked(int Policy, int Parts) : SimStep(Policy)
{
    public override string Describe() => $"P{Policy} asks a plan of {Parts}";
}

public sealed record ReinstatementAsked(int Policy) : SimStep(Policy)
{
    public override string Describe() => $"P{Policy} applies for reinstatement";
}

/// <summary>The wall clock the simulated processes see: the real one, moved on past a dead process's claims after a crash.</summary>
public sealed class SimClock : TimeProvider
{
    private TimeSpan _ahead;

    public void Skip(TimeSpan by) => _ahead += by;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _ahead;
}

/// <summary>A simulated process death between two database commands.</summary>
public sealed class SimulatedCrashException() : Exception("simulated crash");

/// <summary>Throws <see cref="SimulatedCrashException"/> at the n-th database command once armed: the process "dies" between two writes.</summary>
public sealed class CrashInjector : DbCommandInterceptor
{
    private int _remaining = -1;

    public void Arm(int afterCommands) => _remaining = afterCommands;

    public void Disarm() => _remaining = -1;

    private void Tick()
    {
        if (_remaining < 0) return;
        if (_remaining-- == 0)
        {
            _remaining = -1;
            throw new SimulatedCrashException();
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Tick();
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Tick();
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Tick();
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }
}

/// <summary>What a run found: the first broken invariant (with the step it broke after), and the book's final state.</summary>
public sealed record SimOutcome(int StepsRun, int? FailedAt, string? Violation, string Snapshot);

/// <summary>
/// A seeded, deterministic simulation in the spirit of TigerBeetle's VOPR: a random book driven
/// through the real application layer — the cycle, provider webhooks, bank files, mandates, plans,
/// reinstatements — with duplicates, forgeries, bad files, clock jumps and crashes between writes,
/// and the book's invariants checked after every step.
/// </summary>
public static class Simulator
{
    public const string Provider = "wechat-pay";
    private const string Secret = "simulation-secret";
    public static readonly DateOnly Start = new(2026, 3, 2);

    /// <summary>The steps of a seed: the same seed is the same run, on any machine and either database.</summary>
    public static List<SimStep> Plan(int seed, int steps, int policies)
    {
        var random = new Random(seed);
        var list = new List<SimStep>(steps);
        for (var i = 0; i < steps; i++)
        {
            var p = random.Next(policies);
            list.Add(random.Next(100) switch
            {
                < 30 => new ClockJump(random.Next(1, 20), random.Next(4) == 0 ? random.Next(0, 60) : null),
                < 55 => new ProviderPays(p, random.Next(1, 300_000), (WebhookVariant)random.Next(5)),
                < 70 => new BankFileArrives(p, random.Next(1, 5), random.Next(), (BankVariant)random.Next(4)),
                < 80 => new MandateChange(p, random.Next(2) == 0),
                < 90 => new PlanAsked(p, random.Next(1, 7)),
                _ => new ReinstatementAsked(p),
            });
        }
        return list;
    }

    /// <summary>The generated book: a few customers and policies of the reference Chinese products, started in the year before the run.</summary>
    public static string BookJson(int seed, int policies)
    {
        var random = new Random(seed ^ 0x5eed);
        var customers = new StringBuilder();
        var list = new StringBuilder();
        for (var i = 0; i < policies; i++)
        {
            if (i > 0) { customers.Append(','); list.Append(','); }
            customers.Append(CultureInfo.InvariantCulture, $$"""{"id":"C{{i}}","name":"Customer {{i}}","birthDate":"{{1940 + random.Next(60)}}-05-0{{1 + random.Next(9)}}","locale":"zh-CN","mobile":"+86138{{random.Next(10_000_000, 99_999_999)}}"{{(random.Next(3) == 0 ? "" : $",\"email\":\"c{i}@example.com\"")}}}""");
            var start = Start.AddDays(-random.Next(20, 400));
            var frequency = random.Next(3) switch { 0 => "monthly", 1 => "quarterly", _ => "annual" };
            list.Append(CultureInfo.InvariantCulture, $$"""{"number":"P{{i}}","product":"CN-LIFE20","holder":"C{{i}}","start":"{{start:yyyy-MM-dd}}","premium":"{{random.Next(100, 3000)}}.00","frequency":"{{frequency}}","autoDebit":{{(random.Next(2) == 0 ? "true" : "false")}}}""");
        }
        return $$"""{"customers":[{{customers}}],"policies":[{{list}}]}""";
    }

    /// <param name="sabotage">For the simulator's own tests: a change made behind the application's back after the first step, which the invariants must catch.</param>
    public static async Task<SimOutcome> RunAsync(Database database, int seed, IReadOnlyList<SimStep> steps, int policies,
        Func<PolicyCareDb, Task>? sabotage = null, CancellationToken cancel = default)
    {
        var crash = new CrashInjector();
        database = database with { Interceptors = [crash] };
        await database.MigrateAsync(cancel);
        await using (var db = database.Open())
        {
            await BookSettings.SaveAsync(db, "CN", null, DebitSettlement.BankConfirmed, cancel);
            using var doc = JsonDocument.Parse(BookJson(seed, policies));
            var products = ProductFile.ReferenceProducts().ToDictionary(p => p.Code);
            var book = Book.Parse(new StrictObject(doc.RootElement, "$", "customers", "policies"), products);
            foreach (var product in products.Values) db.Products.Add(new ProductRecord { Code = product.Code, Definition = ProductJson.Write(product) });
            await db.SaveChangesAsync(cancel);
            await book.LoadAsync(db, Start, cancel);
        }
        var state = new SimState(database, policies);
        await state.RecordOpeningAsync(cancel);
        var clock = new SimClock();
        var cycle = new DailyCycleRunner(database, clock);
        state.Clock = clock;
        for (var i = 0; i < steps.Count; i++)
        {
            await state.ApplyAsync(steps[i], cycle, crash, cancel);
            if (i == 0 && sabotage is not null)
            {
                await using var db = database.Open();
                await sabotage(db);
            }
            if (await state.ViolationAsync(cancel) is { } violation) return new SimOutcome(i + 1, i, violation, await state.SnapshotAsync(cancel));
        }
        return new SimOutcome(steps.Count, null, null, await state.SnapshotAsync(cancel));
    }

    /// <summary>
    /// The shortest failing list found: the steps up to the failure, then each earlier step dropped
    /// in turn while the run still fails (with any violation).
    /// </summary>
    public static async Task<List<SimStep>> ShrinkAsync(Func<Task<ScratchDatabase>> fresh, int seed, IReadOnlyList<SimStep> steps, int failedAt, int policies, CancellationToken cancel = default)
    {
        var current = steps.Take(failedAt + 1).ToList();
        for (var i = current.Count - 2; i >= 0; i--)
        {
            var candidate = current.Where((_, j) => j != i).ToList();
            await using var scratch = await fresh();
            if ((await RunAsync(scratch.Database, seed, candidate, policies, cancel: cancel)).Violation is not null) current = candidate;
        }
        return current;
    }

    public static string Sign(string body, DateTimeOffset at) => WebhookSignature.Sign(body, Secret, at);

    internal static string SecretForTests => Secret;
}

/// <summary>The simulation's own account of what it did, to hold the book to.</summary>
internal sealed class SimState(Database database, int policies)
{
    private DateOnly _today = Simulator.Start;

    public SimClock Clock { get; set; } = new();
    private int _events;
    private readonly Dictionary<string, (string Policy, decimal Amount)> _acceptedEvents = [];
    private readonly HashSet<string> _bankReferences = [];
    private readonly Dictionary<string, decimal> _opening = [];
    private int _bankFiles;

    /// <summary>Noon in China on the simulated day, in UTC as the host's clock gives it.</summary>
    private DateTimeOffset Now => new(_today.ToDateTime(new TimeOnly(4, 0)), TimeSpan.Zero);

    public async Task RecordOpeningAsync(CancellationToken cancel)
    {
        await using var db = database.Open();
        foreach (var p in await db.Policies.AsNoTracking().ToListAsync(cancel))
        {
            var s = p.ToStanding();
            _opening[p.Number] = s.Applied + s.Credit + s.InterestCollected - s.DiscountsGranted;
        }
    }

    public async Task ApplyAsync(SimStep step, DailyCycleRunner cycle, CrashInjector crash, CancellationToken cancel)
    {
        var number = $"P{step.Policy % policies}";
        switch (step)
        {
            case ClockJump jump:
                for (var d = 0; d < jump.Days; d++)
                {
                    _today = _today.AddDays(1);
                    if (d == 0 && jump.CrashAfterCommands is { } n) crash.Arm(n);
                    try
                    {
                        await cycle.RunDayAsync(_today, cancel);
                    }
                    catch (Exception e) when (e is SimulatedCrashException || e.GetBaseException() is SimulatedCrashException)
                    {
                        // The process died mid-day; it restarts from the database and runs the day again (the
                        // dead process's session, and its hold on a share, ended with it).
                        crash.Disarm();
                        await new DailyCycleRunner(database, Clock).RunDayAsync(_today, cancel);
                    }
                    crash.Disarm();
                    await using var db = database.Open();
                    await Outbox.SendDueToSinkAsync(db, new DateTimeOffset(_today.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero), cancel);
                }
                break;
            case ProviderPays pay:
                await ProviderAsync(number, pay, cancel);
                break;
            case BankFileArrives file:
                await BankFileAsync(file, cancel);
                break;
            case MandateChange m:
            {
                await using var db = database.Open();
                if (m.Start) await Mandates.StartAsync(db, number, "I agree that my premiums are debited from my account.", "portal", "1234", Now, _today, cancel);
                else await Mandates.EndAsync(db, number, "portal", Now, _today, cancel);
                break;
            }
            case PlanAsked plan:
            {
                await using var db = database.Open();
                try
                {
                    await ArrearsRelief.OfferPlanAsync(db, number, _today, plan.Parts, cancel);
                }
                catch (ReliefRefusedException)
                {
                    // Outside the product's rules or nothing overdue: refused, nothing changes.
                }
                break;
            }
            case ReinstatementAsked:
            {
                await using var db = database.Open();
                await Reinstatements.RequestAsync(db, number, _today, HealthDeclaration.Clean, cancel);
                break;
            }
        }
    }

    private async Task ProviderAsync(string number, ProviderPays pay, CancellationToken cancel)
    {
        var amount = pay.Cents / 100m;
        var earlier = _acceptedEvents.Keys.ToList();
        var (id, policy, paidAt) = pay.Variant switch
        {
            WebhookVariant.Repeat or WebhookVariant.SameIdOtherAmount when earlier.Count > 0 => (earlier[pay.Cents % earlier.Count], _acceptedEvents[earlier[pay.Cents % earlier.Count]].Policy, Now),
            WebhookVariant.Late => ($"evt_{++_events}", number, Now.AddDays(-2)),
            _ => ($"evt_{++_events}", number, Now),
        };
        if (pay.Variant == WebhookVariant.Repeat && _acceptedEvents.TryGetValue(id, out var seen)) amount = seen.Amount;
        if (pay.Variant == WebhookVariant.SameIdOtherAmount && _acceptedEvents.TryGetValue(id, out var other)) amount = other.Amount + 1;
        var body = $$"""{"id":"{{id}}","type":"payment.succeeded","policy":"{{policy}}","amount":"{{amount.ToString("0.00", CultureInfo.InvariantCulture)}}","currency":"CNY","paidAt":"{{paidAt:O}}"}""";
        var signature = pay.Variant == WebhookVariant.Forged ? WebhookSignature.Sign(body, "not-the-secret", Now) : Simulator.Sign(body, Now);
        await using var db = database.Open();
        var (outcome, _) = await PaymentWebhooks.ReceiveAsync(db, Simulator.Provider, Simulator.SecretForTests, signature, body, Now, cancel);
        if (outcome.Posted == "posted") _acceptedEvents[id] = (policy, amount);
        else Expect(pay.Variant switch
            {
                WebhookVariant.Forged => outcome.Status == 401,
                WebhookVariant.Repeat => outcome.Posted == "duplicate",
                WebhookVariant.SameIdOtherAmount => outcome.Status == 409,
                _ => false,
            }, $"the provider's {pay.Variant} event {id} was answered {outcome.Status} {outcome.Posted}{outcome.Problem}");
    }

    private async Task BankFileAsync(BankFileArrives file, CancellationToken cancel)
    {
        var random = new Random(file.Seed);
        await using var db = database.Open();
        var lines = new List<string> { "policy,due_date,amount,result,debit_time,bank_reference" };
        var expectedNew = new List<string>();
        var fileNo = ++_bankFiles;
        for (var i = 0; i < file.Lines; i++)
        {
            var number = $"P{(file.Policy + i) % policies}";
            var p = await db.Policies.AsNoTracking().FirstAsync(x => x.Number == number, cancel);
            var terms = p.ToTerms((await db.Products.FindAsync([p.ProductCode], cancel))!.ToProduct());
            var due = Account.OldestOpen(terms, p.ToStanding())?.DueDate ?? _today;
            if (due > _today) due = _today;
            var paid = random.Next(3) > 0;
            var reference = $"B{fileNo}-{i}";
            lines.Add($"{number},{due:yyyy-MM-dd},{terms.Premium.ToString("0.00", CultureInfo.InvariantCulture)},{(paid ? "paid" : "insufficient-funds")},{_today:yyyy-MM-dd}T09:00:00+08:00,{reference}");
            if (paid) expectedNew.Add(reference);
        }
        if (file.Variant == BankVariant.WithRepeat && _bankReferences.Count > 0)
        {
            // A line of an earlier file, exactly as it was: already imported, posted nothing.
            var again = await db.Payments.AsNoTracking().Where(x => x.ExternalReference.StartsWith("bank:")).OrderBy(x => x.Id).FirstAsync(cancel);
            lines.Add($"{again.PolicyNumber},{again.ReceivedOn:yyyy-MM-dd},{again.Amount.ToString("0.00", CultureInfo.InvariantCulture)},paid,{again.ReceivedOn:yyyy-MM-dd}T09:00:00+08:00,{again.ExternalReference[5..]}");
        }
        if (file.Variant == BankVariant.WithBadLine) lines.Add($"P0,2026-02-30,10.00,paid,{_today:yyyy-MM-dd}T09:00:00+08:00,BAD{fileNo}");
        if (file.Variant == BankVariant.WithHugeAmount) lines.Add($"P0,{_today:yyyy-MM-dd},79228162514264337593543950335,paid,{_today:yyyy-MM-dd}T09:00:00+08:00,HUGE{fileNo}");
        var before = await db.Payments.CountAsync(cancel);
        List<BankResultLine> parsed;
        try
        {
            parsed = BankResultFile.Parse(string.Join('\n', lines));
        }
        catch (Exception e) when (e is BankFileException or InputException)
        {
            Expect(file.Variant is BankVariant.WithBadLine or BankVariant.WithHugeAmount, $"a clean bank file was refused: {e.Message}");
            Expect(await db.Payments.CountAsync(cancel) == before, "a refused bank file posted money");
            return;
        }
        Expect(file.Variant is not (BankVariant.WithBadLine or BankVariant.WithHugeAmount), "a bank file with a bad line was read");
        var (imported, errors) = await parsed.ImportAsync(db, _today, Now, "simulation", cancel);
        Expect(imported is not null, $"a bank file was refused: {string.Join("; ", errors)}");
        foreach (var r in expectedNew) _bankReferences.Add(r);
    }

    private string? _violation;

    private void Expect(bool condition, string violation)
    {
        if (!condition) _violation ??= violation;
    }

    /// <summary>The first invariant the book breaks now, in words; null when it holds them all.</summary>
    public async Task<string?> ViolationAsync(CancellationToken cancel)
    {
        if (_violation is not null) return _violation;
        await using var db = database.Open();
        var payments = (await db.Payments.AsNoTracking().ToListAsync(cancel));
        var byPolicy = payments.GroupBy(p => p.PolicyNumber).ToDictionary(g => g.Key, g => g.Sum(p => p.Amount));
        var products = (await db.Products.AsNoTracking().ToListAsync(cancel)).ToDictionary(p => p.Code, p => p.ToProduct());
        foreach (var p in await db.Policies.AsNoTracking().OrderBy(p => p.Number).ToListAsync(cancel))
        {
            var terms = p.ToTerms(products[p.ProductCode]);
            var standing = p.ToStanding();
            // Money received is all accounted for: applied to premiums, kept as credit, or interest.
            var received = _opening[p.Number] + byPolicy.GetValueOrDefault(p.Number);
            var accounted = standing.Applied + standing.Credit + standing.InterestCollected - standing.DiscountsGranted;
            if (received != accounted) return $"{p.Number}: received {received} but accounted for {accounted} (applied {standing.Applied}, credit {standing.Credit}, interest {standing.InterestCollected})";
            if (standing.Applied > Account.Billed(terms, standing)) return $"{p.Number}: {standing.Applied} applied to {Account.Billed(terms, standing)} billed";
            if (standing.Credit < 0) return $"{p.Number}: negative credit {standing.Credit}";
        }
        // Every external payment accepted is posted exactly once, for its policy and amount; nothing else is.
        foreach (var (id, (policy, amount)) in _acceptedEvents)
        {
            var rows = payments.Where(x => x.ExternalReference == $"{Simulator.Provider}:{id}").ToList();
            if (rows.Count != 1 || rows[0].PolicyNumber != policy || rows[0].Amount != amount) return $"provider event {id}: {rows.Count} postings, expected one of {amount} to {policy}";
        }
        if (payments.Count(x => x.ExternalReference.StartsWith(Simulator.Provider + ":", StringComparison.Ordinal)) != _acceptedEvents.Count)
            return "a provider payment was posted that no accepted event explains";
        foreach (var reference in _bankReferences)
        {
            if (payments.Count(x => x.ExternalReference == "bank:" + reference) != 1) return $"bank line {reference}: not posted exactly once";
        }
        var keys = await db.Notices.AsNoTracking().GroupBy(n => n.IdempotencyKey).Where(g => g.Count() > 1).Select(g => g.Key).FirstOrDefaultAsync(cancel);
        if (keys is not null) return $"two notices share the key {keys}";
        // A notice that went out was tried (a public listing is published, not sent; an agent's call counts the agent's tries).
        var untried = await db.Notices.AsNoTracking().Where(n => (n.Status == NoticeStatus.Sent || n.Status == NoticeStatus.Delivered) && n.Stage != Stage.PublicListing
                && n.Channel != Channel.AgentCall && n.Attempts == 0)
            .Select(n => n.Id).FirstOrDefaultAsync(cancel);
        if (untried != 0) return $"notice {untried} went out without a try";
        // Every status change is on the timeline: the status line recorded last names today's status. (Recorded
        // last, not dated last: a bank's late confirmation of a debit is dated on the debit day; docs/reliability.md.)
        var statusLines = await db.Timeline.AsNoTracking().Where(t => t.Kind == "status").ToListAsync(cancel);
        foreach (var p in await db.Policies.AsNoTracking().ToListAsync(cancel))
        {
            var last = statusLines.Where(t => t.PolicyNumber == p.Number).OrderBy(t => t.Id).LastOrDefault();
            var shown = last is null ? PolicyStatus.InForce.Code() : JsonDocument.Parse(last.Data).RootElement.GetProperty("to").GetString();
            if (shown != p.Status.Code()) return $"{p.Number}: is {p.Status.Code()} but the timeline last says {shown}";
            // A lapse is never the first word: the reminders of the standard cadence came before it.
            if (p.Status == PolicyStatus.Lapsed && p.ToStanding().LapsedOn is { } lapsed)
            {
                var stages = await db.Notices.AsNoTracking().Where(n => n.PolicyNumber == p.Number && n.PlannedOn <= lapsed).Select(n => n.Stage).Distinct().ToListAsync(cancel);
                if (!stages.Contains(Stage.FirstReminder)) return $"{p.Number}: lapsed on {lapsed:yyyy-MM-dd} without a first reminder";
            }
        }
        if (await EvidenceLog.VerifyAsync(db, cancel) is { Count: > 0 } broken) return "evidence: " + broken[0];
        return null;
    }

    /// <summary>The book in a form two databases can be compared by.</summary>
    public async Task<string> SnapshotAsync(CancellationToken cancel)
    {
        await using var db = database.Open();
        var text = new StringBuilder();
        foreach (var p in await db.Policies.AsNoTracking().OrderBy(p => p.Number).ToListAsync(cancel))
        {
            var s = p.ToStanding();
            text.AppendLine(CultureInfo.InvariantCulture, $"{p.Number} {p.Status.Code()} {s.InstallmentsBilled} {s.Applied:0.00} {s.Credit:0.00} {s.InterestCollected:0.00}");
        }
        foreach (var p in (await db.Payments.AsNoTracking().ToListAsync(cancel)).OrderBy(p => p.ExternalReference, StringComparer.Ordinal))
            text.AppendLine(CultureInfo.InvariantCulture, $"{p.ExternalReference} {p.PolicyNumber} {p.Amount:0.00} {p.Applied:0.00} {p.Credit:0.00}");
        foreach (var key in (await db.Notices.AsNoTracking().Select(n => n.IdempotencyKey + " " + n.Status).ToListAsync(cancel)).Order(StringComparer.Ordinal))
            text.AppendLine(key);
        return text.ToString();
    }
}
