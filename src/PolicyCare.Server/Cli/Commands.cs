using System.CommandLine;
using Microsoft.AspNetCore.DataProtection;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Json;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Scenarios;
using PolicyCare.Storage;

namespace PolicyCare.Cli;

/// <summary>The <c>policycare</c> command line: serve (the default), cycle, scenario, demo, outbox.</summary>
public static class Commands
{
    /// <summary>Exit code for input that is not valid (a file, a date, a connection string); nothing was run or written.</summary>
    public const int InvalidInput = 2;

    /// <summary>
    /// Runs a command line. A line the parser refuses (an unknown option, a value outside its set such
    /// as <c>outbox --status bogus</c>) is bad input like any other: the message and usage, exit code 2.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? error = null, CancellationToken cancel = default)
    {
        var parsed = Build().Parse(args);
        var code = await parsed.InvokeAsync(error is null ? null : new InvocationConfiguration { Error = error }, cancel);
        return parsed.Errors.Count > 0 ? InvalidInput : code;
    }

    public static RootCommand Build()
    {
        var db = new Option<string?>("--db")
        {
            Description = $"Database connection string: 'Data Source=FILE' (SQLite) or 'Host=…;Database=…' (PostgreSQL). Default: ${Database.EnvironmentVariable}, else {Database.DefaultConnection}.",
            Recursive = true,
        };
        var urls = new Option<string>("--urls") { Description = "Where the web host listens.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? "http://localhost:5080" };
        var noDemo = new Option<bool>("--no-demo") { Description = "Do not seed the demo book into an empty database." };
        var noCycle = new Option<bool>("--no-cycle") { Description = "Serve the web UI and API only; the daily cycle runs elsewhere ('policycare cycle' or other servers)." };

        var root = new RootCommand("PolicyCare: policy servicing for insurers — premiums, delinquency, lapse and reinstatement, notices.");
        root.Options.Add(db);
        root.Options.Add(urls);
        root.Options.Add(noDemo);
        root.SetAction((r, ct) => Guarded(() => Host.ServeAsync(Database.FromSetting(r.GetValue(db)), r.GetValue(urls)!, !r.GetValue(noDemo), ct)));

        var serve = new Command("serve", "Run the web UI, the API and the daily cycle (the default command).");
        serve.Options.Add(urls);
        serve.Options.Add(noDemo);
        serve.Options.Add(noCycle);
        serve.SetAction((r, ct) => Guarded(() => Host.ServeAsync(Database.FromSetting(r.GetValue(db)), r.GetValue(urls)!, !r.GetValue(noDemo), ct, !r.GetValue(noCycle))));
        root.Subcommands.Add(serve);

        var date = new Option<string>("--date") { Description = "The business date (YYYY-MM-DD); missed days before it are caught up.", Required = true };
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Policies reviewed and written per transaction: fewer hold their locks for less time, more write faster.",
            DefaultValueFactory = _ => 2000,
        };
        batchSize.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 100_000) r.AddError("--batch-size: give a number from 1 to 100000."); });
        var cycle = new Command("cycle", "Run the daily cycle through a business date.");
        cycle.Options.Add(date);
        cycle.Options.Add(batchSize);
        cycle.SetAction((r, ct) => Guarded(() => RunCycleAsync(Database.FromSetting(r.GetValue(db)), r.GetValue(date)!, r.GetValue(batchSize), ct)));
        root.Subcommands.Add(cycle);

        var file = new Argument<FileInfo>("FILE") { Description = "A scenario file (see docs/scenarios.md)." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the timeline here instead of standard output." };
        var samplePolicies = new Option<int?>("--policies") { Description = "Run a generated sample book of this many policies over the file's products instead of the file's own book." };
        var sampleYears = new Option<int>("--years") { Description = "With --policies: how many years the sample runs from the file's start.", DefaultValueFactory = _ => 1 };
        var scenario = new Command("scenario", "Run a scenario file through the real cycle on a fresh database and print its timeline as JSON Lines.");
        scenario.Arguments.Add(file);
        scenario.Options.Add(output);
        scenario.Options.Add(samplePolicies);
        scenario.Options.Add(sampleYears);
        scenario.SetAction((r, ct) => Guarded(() => RunScenarioAsync(r.GetValue(file)!, r.GetValue(output), r.GetValue(db),
            r.GetValue(samplePolicies), r.GetValue(sampleYears), ct)));
        root.Subcommands.Add(scenario);

        var seenAsOf = new Option<string?>("--as-of") { Description = "The day the book is seen from (YYYY-MM-DD); default: the book's business date today." };
        var insights = new Command("insights", "What the book's own history says.");
        var train = new Command("train", "Train the lapse-risk model on the book's history, test it on the newer due dates against the rule 'was late last time', and deploy it only if it beats the rule.");
        train.Options.Add(seenAsOf);
        train.SetAction((r, ct) => Guarded(() => TrainLapseModelAsync(Database.FromSetting(r.GetValue(db)), r.GetValue(seenAsOf), ct)));
        insights.Subcommands.Add(train);
        root.Subcommands.Add(insights);

        var demo = new Command("demo", "Load the demo book (a few hundred CN and KR policies with half a year of history) into an empty database.");
        demo.SetAction((r, ct) => Guarded(() => LoadDemoAsync(Database.FromSetting(r.GetValue(db)), ct)));
        root.Subcommands.Add(demo);

        var productFiles = new Argument<FileInfo[]>("FILE") { Description = "Product files (JSON, the scenario format's product object).", Arity = ArgumentArity.OneOrMore };
        var products = new Command("products", "Validate product files and load them (a product with the same code is replaced); all or nothing.");
        products.Arguments.Add(productFiles);
        products.SetAction((r, ct) => Guarded(() => LoadProductsAsync(Database.FromSetting(r.GetValue(db)), r.GetValue(productFiles)!, ct)));
        root.Subcommands.Add(products);

        var importFile = new Argument<FileInfo>("FILE") { Description = "A book as JSON (products, customers, employers, policies) or customers or policies as CSV." };
        var asOf = new Option<string?>("--as-of") { Description = "New policies count every installment due before this date as paid (default: today)." };
        var import = new Command("import", "Load a book file: validated first, then written all or nothing.");
        import.Arguments.Add(importFile);
        import.Options.Add(asOf);
        import.SetAction((r, ct) => Guarded(() => ImportAsync(Database.FromSetting(r.GetValue(db)), r.GetValue(importFile)!, r.GetValue(asOf), ct)));
        root.Subcommands.Add(import);

        var calendarFile = new Argument<FileInfo>("FILE") { Description = "A calendar file: market, years with their source, holidays and adjusted workdays (the shape of src/PolicyCare.Core/Calendars/Data)." };
        var calendars = new Command("calendars", "Business-day calendars loaded at run time.");
        var loadCalendar = new Command("load", "Validate a corrected or new calendar year and load it as the market's next version; grace deadlines and reminders follow it from the next cycle on.");
        loadCalendar.Arguments.Add(calendarFile);
        loadCalendar.SetAction((r, ct) => Guarded(() => LoadCalendarAsync(Database.FromSetting(r.GetValue(db)), r.GetValue(calendarFile)!, ct)));
        calendars.Subcommands.Add(loadCalendar);
        root.Subcommands.Add(calendars);

        var audit = new Command("audit", "The notices' evidence.");
        var verify = new Command("verify", "Check the hash chain of the notices' evidence: any changed, inserted or removed line is reported.");
        verify.SetAction((r, ct) => Guarded(() => VerifyEvidenceAsync(Database.FromSetting(r.GetValue(db)), ct)));
        audit.Subcommands.Add(verify);
        var checkpoint = new Command("checkpoint", "Seal the evidence chain's head into a checkpoint file outside the database (the server writes one every day).");
        checkpoint.SetAction((r, ct) => Guarded(async () =>
        {
            var database = Database.FromSetting(r.GetValue(db));
            await database.MigrateAsync(ct);
            await using var context = database.Open();
            var file = await EvidenceLog.CheckpointAsync(context, DateTimeOffset.UtcNow, ct);
            Console.WriteLine(file is null ? "no evidence to seal yet" : $"checkpoint written: {file}");
            return 0;
        }));
        audit.Subcommands.Add(checkpoint);
        root.Subcommands.Add(audit);

        var status = new Option<string?>("--status") { Description = "pending, sending, sent, delivered, failed or cancelled." };
        status.AcceptOnlyFromAmong([.. NoticeStatuses.Table.Codes]);
        var policy = new Option<string?>("--policy") { Description = "Only this policy's notices." };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first.", DefaultValueFactory = _ => 50 };
        var outbox = new Command("outbox", "List notices in the outbox (recipients masked).");
        outbox.Options.Add(status);
        outbox.Options.Add(policy);
        outbox.Options.Add(limit);
        outbox.SetAction((r, ct) => Guarded(() => ListOutboxAsync(Database.FromSetting(r.GetValue(db)), r.GetValue(status), r.GetValue(policy), r.GetValue(limit), ct)));
        root.Subcommands.Add(outbox);

        var seed = new Option<int>("--seed") { Description = "The first seed.", DefaultValueFactory = _ => 1 };
        var seeds = new Option<int>("--seeds") { Description = "How many seeds from --seed on.", DefaultValueFactory = _ => 1 };
        var steps = new Option<int>("--steps") { Description = "Steps per seed.", DefaultValueFactory = _ => 40 };
        var simPolicies = new Option<int>("--policies") { Description = "Policies in each seed's book.", DefaultValueFactory = _ => 8 };
        var simulate = new Command("simulate", "Drive a random book through the real application layer with duplicates, forgeries, bad files, clock jumps and crashes, checking the invariants after every step.");
        foreach (var o in new Option[] { seed, seeds, steps, simPolicies }) simulate.Options.Add(o);
        simulate.SetAction((r, ct) => Guarded(() => SimulateAsync(r.GetValue(seed), r.GetValue(seeds), r.GetValue(steps), r.GetValue(simPolicies), ct)));
        root.Subcommands.Add(simulate);
        return root;
    }

    /// <summary>Exit code when a seed breaks an invariant.</summary>
    public const int SimulationFailed = 1;

    private static async Task<int> SimulateAsync(int first, int count, int steps, int policies, CancellationToken cancel)
    {
        if (count < 1 || steps < 1 || policies is < 5 or > 1000) throw new InputException("--seeds/--steps/--policies", "must be positive (and 5 to 1000 policies)");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var s = first; s < first + count; s++)
        {
            var plan = Simulation.Simulator.Plan(s, steps, policies);
            Simulation.SimOutcome outcome;
            await using (var scratch = await ScratchDatabase.CreateAsync(cancel))
                outcome = await Simulation.Simulator.RunAsync(scratch.Database, s, plan, policies, cancel: cancel);
            if (outcome.FailedAt is { } failedAt)
            {
                await Console.Error.WriteLineAsync($"policycare: seed {s} broke an invariant after step {failedAt + 1}: {outcome.Violation}");
                var shortest = await Simulation.Simulator.ShrinkAsync(() => ScratchDatabase.CreateAsync(cancel), s, plan, failedAt, policies, cancel);
                await Console.Error.WriteLineAsync($"policycare: the shortest failing list found ({shortest.Count} steps):");
                foreach (var step in shortest) await Console.Error.WriteLineAsync("  " + step.Describe());
                return SimulationFailed;
            }
            if ((s - first + 1) % 100 == 0) await Console.Error.WriteLineAsync($"simulate: {s - first + 1} seeds, {clock.Elapsed.TotalSeconds:0}s");
        }
        Console.WriteLine($"simulate: seeds {first}..{first + count - 1}, {steps} steps and {policies} policies each: every invariant held ({clock.Elapsed.TotalSeconds:0.0}s)");
        return 0;
    }

    /// <summary>Bad input and unusable databases end with one clear line and exit code 2, never a stack trace.</summary>
    private static async Task<int> Guarded(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (InputException e)
        {
            await Console.Error.WriteLineAsync("policycare: " + e.Message);
            return InvalidInput;
        }
        catch (DatabaseConfigurationException e)
        {
            await Console.Error.WriteLineAsync("policycare: " + e.Message);
            return InvalidInput;
        }
        catch (Calendars.CalendarOutOfRangeException e)
        {
            await Console.Error.WriteLineAsync("policycare: " + e.Message);
            return InvalidInput;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
    }

    private static async Task<int> LoadCalendarAsync(Database database, FileInfo file, CancellationToken cancel)
    {
        if (!file.Exists) throw new InputException(file.FullName, "no such file");
        var json = await File.ReadAllTextAsync(file.FullName, cancel);
        // Validated before the database is touched: a bad file changes nothing.
        CalendarLoads.Parse(json);
        await database.MigrateAsync(cancel);
        await using var db = database.Open();
        var today = await Access.TodayAsync(db, TimeProvider.System, cancel);
        var record = await CalendarLoads.LoadAsync(db, json, $"cli:{Environment.UserName}", TimeProvider.System.GetUtcNow(), today, cancel);
        Console.WriteLine($"calendar {record.Market} version {record.Version} loaded ({string.Join(", ", CalendarLoads.Parse(json).Years.Select(y => y.Year))}); grace deadlines follow it from the next cycle on");
        return 0;
    }

    private static async Task<int> RunCycleAsync(Database database, string dateText, int batchSize, CancellationToken cancel)
    {
        var date = StrictObject.ParseDate(dateText, "--date");
        await database.MigrateAsync(cancel);
        var runner = new DailyCycleRunner(database, TimeProvider.System, batchSize);
        foreach (var report in await runner.RunThroughAsync(date, cancel))
        {
            Console.WriteLine(report.AlreadyRun
                ? $"{report.Date:yyyy-MM-dd}: already run, nothing added"
                : $"{report.Date:yyyy-MM-dd}: reviewed {report.PoliciesReviewed} policies, {report.StatusChanges} status changes, {report.NoticesPlanned} notices planned, {report.CasesOpened} cases opened in {report.Elapsed.TotalSeconds:0.00}s");
        }
        return 0;
    }

    private static async Task<int> RunScenarioAsync(FileInfo file, FileInfo? output, string? dbSetting, int? samplePolicies, int sampleYears, CancellationToken cancel)
    {
        if (!file.Exists) throw new InputException(file.FullName, "no such file");
        var json = await File.ReadAllTextAsync(file.FullName, cancel);
        if (samplePolicies is { } count) json = SampleBook.Generate(json, count, sampleYears);
        var scenario = Scenario.Parse(json);
        // A fresh private database in memory every run; --db may point at a PostgreSQL server to run the scenario there instead.
        await using var scratch = dbSetting is null ? await ScratchDatabase.CreateAsync(cancel) : null;
        var database = scratch?.Database ?? Database.FromSetting(dbSetting);
        var runner = new ScenarioRunner(database, TimeProvider.System) { Progress = Console.Error };
        await using var writer = output is null
            ? new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { NewLine = "\n" }
            : new StreamWriter(output.FullName, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        await runner.RunAsync(scenario, writer, cancel);
        return 0;
    }

    private static async Task<int> TrainLapseModelAsync(Database database, string? asOfText, CancellationToken cancel)
    {
        await database.MigrateAsync(cancel);
        DateOnly asOf;
        if (asOfText is not null) asOf = StrictObject.ParseDate(asOfText, "--as-of");
        else
        {
            await using var db = database.Open();
            asOf = await BookSettings.TodayAsync(db, TimeProvider.System, cancel);
        }
        var r = await Insights.LapseRiskModel.TrainAsync(database, asOf, TimeProvider.System, cancel);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"lapse-risk model, {database.Describe()}, as of {r.AsOf:yyyy-MM-dd} (history from {r.ObservedFrom:yyyy-MM-dd})"));
        Console.WriteLine(string.Create(inv, $"  {r.Policies} policies, {r.Cases} installments due with 90 days seen; label: lapsed within 90 days of the due date"));
        Console.WriteLine(string.Create(inv, $"  train: {r.TrainCases} due before {r.Cutoff:yyyy-MM-dd}, {r.TrainLapses} lapsed; test: {r.TestCases} due from then, {r.TestLapses} lapsed"));
        string Auc(double? auc) => auc?.ToString("0.000", inv) ?? "—";
        Console.WriteLine($"  AUC on the test period: model {Auc(r.ModelAuc)}, rule 'was late last time' {Auc(r.RuleAuc)}");
        if (r.Calibration.Count > 0)
        {
            Console.WriteLine("  calibration (test period, by decile of predicted risk):");
            Console.WriteLine("    decile  cases  predicted  observed");
            foreach (var row in r.Calibration)
                Console.WriteLine(string.Create(inv, $"    {row.Decile,6}  {row.Cases,5}  {row.MeanPredicted,9:0.0%}  {row.ObservedRate,8:0.0%}"));
        }
        Console.WriteLine(r.Decision switch
        {
            Insights.LapseModelReport.BeatsRule => "  deployed: the model beats the rule on the test period",
            Insights.LapseModelReport.DoesNotBeatRule => "  NOT deployed: the model does not beat the rule on the test period",
            _ => string.Create(inv, $"  NOT deployed: too few cases to judge (the test period needs {Insights.LapseRiskModel.MinimumTestOutcomes} lapses and {Insights.LapseRiskModel.MinimumTestOutcomes} without)"),
        });
        // Today's training gives today's scores at once; a training seen from another day leaves the nightly scores alone.
        var scored = asOfText is null ? await Insights.LapseScores.ScoreAsync(database, asOf, cancel) : 0;
        if (scored > 0) Console.WriteLine(string.Create(inv, $"  scored {scored} policies in force or in grace as of {asOf:yyyy-MM-dd}"));
        Console.WriteLine(string.Create(inv, $"  training took {r.Seconds:0.0} s; memory at most {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MiB"));
        return 0;
    }

    private static async Task<int> LoadDemoAsync(Database database, CancellationToken cancel)
    {
        await database.MigrateAsync(cancel);
        DateOnly today;
        await using (var db = database.Open()) today = await BookSettings.TodayAsync(db, TimeProvider.System, cancel);
        var loaded = await DemoBook.SeedIfEmptyAsync(database, today, TimeProvider.System, new DemoProgress(), cancel);
        Console.WriteLine(loaded ? $"demo book loaded into {database.Describe()}" : $"{database.Describe()} already holds policies; nothing loaded");
        return 0;
    }

    private static async Task<int> LoadProductsAsync(Database database, FileInfo[] files, CancellationToken cancel)
    {
        var parsed = new List<Product>();
        foreach (var file in files)
        {
            if (!file.Exists) throw new InputException(file.FullName, "no such file");
            System.Text.Json.JsonDocument doc;
            try
            {
                doc = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(file.FullName, cancel));
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new InputException($"{file.Name} (line {(e.LineNumber ?? 0) + 1})", "is not valid JSON");
            }
            using (doc) parsed.Add(ProductFile.Parse(doc.RootElement, $"{file.Name}: $"));
        }
        await database.MigrateAsync(cancel);
        await using var db = database.Open();
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        foreach (var product in parsed)
        {
            var record = await db.Products.FindAsync([product.Code], cancel);
            if (record is null) db.Products.Add(new ProductRecord { Code = product.Code, Definition = ProductJson.Write(product) });
            else record.Definition = ProductJson.Write(product);
        }
        await db.SaveChangesAsync(cancel);
        await tx.CommitAsync(cancel);
        Console.WriteLine($"{parsed.Count} product(s) loaded: {string.Join(", ", parsed.Select(p => p.Code))}");
        return 0;
    }

    private static async Task<int> ImportAsync(Database database, FileInfo file, string? asOfText, CancellationToken cancel)
    {
        if (!file.Exists) throw new InputException(file.FullName, "no such file");
        var asOf = asOfText is null ? (DateOnly?)null : StrictObject.ParseDate(asOfText, "--as-of");
        var text = await File.ReadAllTextAsync(file.FullName, cancel);
        await database.MigrateAsync(cancel);
        var keys = Environment.GetEnvironmentVariable("POLICYCARE_KEYS") ?? Path.Combine("data", "keys");
        var protector = new NationalIds(Microsoft.AspNetCore.DataProtection.DataProtectionProvider.Create(new DirectoryInfo(keys), b => b.SetApplicationName("PolicyCare")));
        await using var db = database.Open();
        var today = await Access.TodayAsync(db, TimeProvider.System, cancel);
        Book book;
        if (file.Extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            book = await BookImport.ParseCsvAsync(db, text, protector.Protect, today, cancel);
        }
        else
        {
            System.Text.Json.JsonDocument doc;
            try { doc = System.Text.Json.JsonDocument.Parse(text); }
            catch (System.Text.Json.JsonException e) { throw new InputException($"$ (line {(e.LineNumber ?? 0) + 1})", "is not valid JSON"); }
            using (doc)
            {
                book = await BookImport.ParseJsonAsync(db, doc.RootElement, protector.Protect, today, cancel);
                asOf ??= doc.RootElement.TryGetProperty("asOf", out var a) && a.ValueKind == System.Text.Json.JsonValueKind.String
                    ? StrictObject.ParseDate(a.GetString()!, "$.asOf") : null;
            }
        }
        var on = BookImport.AsOf(asOf, today, asOfText is null ? "$.asOf" : "--as-of");
        var total = book.Customers.Count + book.Policies.Count;
        await Spectre.Console.AnsiConsole.Progress().StartAsync(async context =>
        {
            var task = context.AddTask($"{file.Name}: {book.Customers.Count:N0} customers, {book.Policies.Count:N0} policies", maxValue: Math.Max(1, total));
            await book.UpsertAsync(db, on, new Progress<int>(done => task.Value = done), cancel);
            task.Value = task.MaxValue;
        });
        Console.WriteLine($"imported {book.Products.Count} products, {book.Customers.Count} customers, {book.Employers.Count} employers, {book.Policies.Count} policies into {database.Describe()}");
        return 0;
    }

    /// <summary>Exit code when the evidence does not verify.</summary>
    public const int EvidenceBroken = 1;

    private static async Task<int> VerifyEvidenceAsync(Database database, CancellationToken cancel)
    {
        await database.MigrateAsync(cancel);
        await using var db = database.Open();
        var problems = await EvidenceLog.VerifyAsync(db, cancel);
        var lines = await db.Evidence.CountAsync(cancel);
        if (problems.Count == 0)
        {
            Console.WriteLine($"evidence verified: {lines} lines, the chain is intact");
            return 0;
        }
        foreach (var problem in problems) await Console.Error.WriteLineAsync("policycare: " + problem);
        await Console.Error.WriteLineAsync($"policycare: evidence does NOT verify ({problems.Count} problems in {lines} lines)");
        return EvidenceBroken;
    }

    private static async Task<int> ListOutboxAsync(Database database, string? status, string? policy, int limit, CancellationToken cancel)
    {
        await database.MigrateAsync(cancel);
        await using var db = database.Open();
        var query = db.Notices.AsNoTracking();
        if (status is not null && NoticeStatuses.Table.Parse(status) is var wanted) query = query.Where(n => n.Status == wanted);
        if (policy is not null) query = query.Where(n => n.PolicyNumber == policy);
        foreach (var n in await query.OrderByDescending(n => n.Id).Take(limit).ToListAsync(cancel))
        {
            var to = n.Channel switch { Channel.Email => Masking.Email(n.Address), Channel.Letter => "(postal address)", _ => Masking.Phone(n.Address) };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n.PlannedOn:yyyy-MM-dd} {n.Status.Code(),-9} {n.PolicyNumber,-12} {n.Stage.Code(),-24} {n.Channel.Code(),-10} {n.Recipient,-16} {to}"));
            Console.WriteLine("    " + Masking.Redact(n.Text));
        }
        return 0;
    }
}
