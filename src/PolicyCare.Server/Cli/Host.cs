using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Cli;

/// <summary>The web host: API, pages, and the background daily cycle and notice sink.</summary>
public static class Host
{
    public static async Task<int> ServeAsync(Database database, string urls, bool seedDemo, CancellationToken cancel, bool runCycle = true)
    {
        await database.MigrateAsync(cancel);
        var loading = new DemoLoading();
        var app = PolicyCareApp.Build(database, new WebHostSettings(urls, RunDailyCycle: runCycle, PaymentSandbox: seedDemo, Loading: loading));
        Console.WriteLine($"policycare: serving on {urls} with {database.Describe()}");
        // The server answers at once; on a first start the demo book loads meanwhile and the pages show how far it has come.
        var loaded = LoadAsync(database, app.Services, seedDemo, loading, cancel);
        await app.RunAsync(cancel);
        await loaded;
        return 0;
    }

    private static async Task LoadAsync(Database database, IServiceProvider services, bool seedDemo, DemoLoading loading, CancellationToken cancel)
    {
        await Task.Yield();
        try
        {
            if (seedDemo)
            {
                var time = TimeProvider.System;
                DateOnly today;
                await using (var db = database.Open()) today = await BookSettings.TodayAsync(db, time, cancel);
                if (await DemoBook.SeedIfEmptyAsync(database, today, time, new DemoProgress(loading), cancel))
                    Console.WriteLine($"policycare: demo book loaded into {database.Describe()}");
            }
            await DemoUsers.SeedAsync(services, withDemoAccounts: seedDemo, cancel);
            loading.Finish();
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            loading.Fail(e.Message);
            Console.Error.WriteLine($"policycare: the demo book could not be loaded ({e.GetType().Name}): {e.Message}");
        }
    }
}

/// <summary>
/// Says how far the demo's half year of cycles has come, every tenth, so a first start that takes a
/// minute is seen to be working rather than hanging.
/// </summary>
internal sealed class DemoProgress(DemoLoading? loading = null) : IProgress<int>
{
    private int _said = -1;

    public void Report(int value)
    {
        loading?.Report(value);
        if (_said >= 0 && value / 10 == _said / 10 && value < 100) return;
        if (_said < 0) Console.WriteLine("policycare: loading the demo book: half a year of daily cycles, run for real (first start only)");
        _said = value;
        Console.WriteLine($"policycare: demo book {value}% loaded");
    }
}

/// <summary>Runs the daily cycle through today's business date at start and whenever the date turns.</summary>
internal sealed class DailyCycleService(Database database, TimeProvider time, ILogger<DailyCycleService> log, IServiceProvider services, DemoLoading loading) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await loading.Ready.WaitAsync(stoppingToken);
        var runner = new DailyCycleRunner(database, time) { WithServicing = true };
        var sealedOn = DateOnly.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var today = DateOnly.MinValue;
            try
            {
                await using (var db = database.Open()) today = await BookSettings.TodayAsync(db, time, stoppingToken);
                foreach (var report in await runner.RunThroughAsync(today, stoppingToken))
                {
                    if (!report.AlreadyRun)
                        log.LogInformation("Cycle {Date}: {Reviewed} policies reviewed, {Changes} status changes, {Notices} notices planned in {Seconds:0.00}s",
                            report.Date, report.PoliciesReviewed, report.StatusChanges, report.NoticesPlanned, report.Elapsed.TotalSeconds);
                }
                await using (var db = database.Open())
                {
                    if (await CallTasks.CloseOutOfDateAsync(db, time, stoppingToken) is > 0 and var closed)
                        log.LogInformation("{Closed} calls for agents closed as out of date", closed);
                }
                // The evidence's head is sealed outside the database once a day, after the day's notices are planned.
                if (sealedOn != today)
                {
                    await using var db = database.Open();
                    if (await EvidenceLog.CheckpointAsync(db, time.GetUtcNow(), stoppingToken) is { } checkpoint)
                    {
                        log.LogInformation("Evidence checkpoint written for {Date}", today);
                        // A copy outside the insurer's servers, where a rewrite of the database and its folders cannot reach.
                        if (services.GetService<CheckpointMail>() is { } mail
                            && await SmtpEmail.SendCheckpointAsync(mail.Smtp, mail.To, checkpoint, stoppingToken) is not Accepted)
                            log.LogWarning("Evidence checkpoint for {Date} could not be mailed; the file is kept and the next one is mailed tomorrow", today);
                    }
                    sealedOn = today;
                }
                if (services.GetService<SmtpSettings>() is { } smtp)
                {
                    await using var db = database.Open();
                    if (await Insights.ReviewMail.SendDueAsync(db, today, time.GetUtcNow(), smtp, services.GetRequiredService<LetterSettings>(), stoppingToken) is { } mailed)
                        log.LogInformation("Monthly review of {Month} mailed to supervisors", mailed.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError("Cycle for {Date} failed: {Message}", today, e.Message);
            }
            await Task.Delay(TimeSpan.FromMinutes(5), time, stoppingToken);
        }
    }
}

/// <summary>Drains the outbox through the channel adapters every few seconds.</summary>
internal sealed class NoticeDispatchService(NoticeDispatcher dispatcher, TimeProvider time, ILogger<NoticeDispatchService> log, DemoLoading loading) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await loading.Ready.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await dispatcher.DispatchDueAsync(stoppingToken) > 0) { }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError("Notice dispatch failed: {Message}", e.Message);
            }
            await Task.Delay(TimeSpan.FromSeconds(10), time, stoppingToken);
        }
    }
}
