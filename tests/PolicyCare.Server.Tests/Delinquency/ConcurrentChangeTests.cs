using Microsoft.EntityFrameworkCore;
using PolicyCare.Bench;
using PolicyCare.Billing;
using PolicyCare.Policies;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Delinquency;

/// <summary>
/// Two writers of one policy's standing at the same moment — a payment and the daily cycle, or two
/// payments — each read it, change it and write it back. Whoever comes second must wait and start from
/// what the first wrote; otherwise money posted by one is silently undone by the other.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ConcurrentChangeTests(PostgresServer postgres) : IDisposable
{
    private static readonly DateOnly Today = new(2026, 6, 1);
    private static readonly TimeSpan Meanwhile = TimeSpan.FromMilliseconds(700);

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>A generated book loaded as of today: every policy is due for review today, some in arrears.</summary>
    private async Task<Database> LoadedAsync(string provider)
    {
        var database = provider == "sqlite" ? _temp.Sqlite(Guid.NewGuid().ToString("N") + ".db") : Database.FromSetting(await postgres.CreateDatabaseAsync());
        await database.MigrateAsync();
        await new GeneratedBook(200, Today, seed: 11).LoadAsync(database);
        return database;
    }

    private static async Task<decimal> MoneyOnAsync(Database database, string number)
    {
        await using var db = database.Open();
        var p = await db.Policies.AsNoTracking().SingleAsync(x => x.Number == number);
        return p.Applied + p.Credit;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TwoPaymentsAtOnce_TheSecondWaitsForTheFirst_AndBothCount(string provider)
    {
        var database = await LoadedAsync(provider);
        string number;
        await using (var db = database.Open())
            number = (await db.Policies.AsNoTracking().Where(p => p.Status == PolicyCare.Delinquency.PolicyStatus.InForce).OrderBy(p => p.Number).FirstAsync()).Number;
        var before = await MoneyOnAsync(database, number);

        // Another payment of the same policy is under way: applied in a transaction not yet committed.
        await using var other = database.Open();
        await using var held = await other.Database.BeginTransactionAsync();
        await Collections.PostPaymentAsync(other, number, Today, 7m, "cash", "concurrent-0");

        // On its own thread: SQLite waits for its write lock synchronously.
        var payment = Task.Run(async () =>
        {
            await using var db = database.Open();
            await Collections.PostPaymentAsync(db, number, Today, 100m, "card", "concurrent-1");
        });
        await Task.Delay(Meanwhile);
        Assert.False(payment.IsCompleted, "the second payment should wait for the first");

        await held.CommitAsync();
        await payment.WaitAsync(TimeSpan.FromSeconds(30));

        // Nothing lost: the 7 of the first payment and the 100 of the second are both on the policy.
        Assert.Equal(before + 107m, await MoneyOnAsync(database, number));
        await using var check = database.Open();
        Assert.Equal(2, await check.Payments.CountAsync(p => p.PolicyNumber == number && p.ExternalReference.StartsWith("concurrent-")));
    }

    [Fact]
    public async Task TheCycle_WaitsForChangesInFlight_AndDecidesOnWhatTheyWrote()
    {
        // The same book twice: in one, credit is added to every policy due today before the cycle runs;
        // in the other, the same change is still in flight (its rows locked) when the cycle starts.
        var reference = await LoadedAsync("postgres");
        var contested = await LoadedAsync("postgres");
        await using (var db = reference.Open())
            await AddCreditToDuePoliciesAsync(db);
        await new DailyCycleRunner(reference, TimeProvider.System).RunDayAsync(Today);

        await using (var other = contested.Open())
        {
            await using var tx = await other.Database.BeginTransactionAsync();
            var changed = await AddCreditToDuePoliciesAsync(other);
            Assert.True(changed > 10, $"only {changed} policies are due today");
            var cycle = new DailyCycleRunner(contested, TimeProvider.System).RunDayAsync(Today);
            await Task.Delay(Meanwhile);
            Assert.False(cycle.IsCompleted, "the cycle should wait for the policies being changed");
            await tx.CommitAsync();
            await cycle.WaitAsync(TimeSpan.FromMinutes(2));
        }

        Assert.Equal(await StandingsAsync(reference), await StandingsAsync(contested));
    }

    private static Task<int> AddCreditToDuePoliciesAsync(PolicyCareDb db) =>
        db.Policies.Where(p => p.NextReviewOn != null && p.NextReviewOn <= Today)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Credit, p => p.Credit + 7m));

    private static async Task<string> StandingsAsync(Database database)
    {
        await using var db = database.Open();
        return string.Join("\n", (await db.Policies.AsNoTracking().OrderBy(p => p.Number).ToListAsync())
            .Select(p => $"{p.Number} {p.Status} {p.InstallmentsBilled} {p.Applied:0.00} {p.Credit:0.00} {p.InterestCollected:0.00} {p.NextReviewOn}"));
    }
}
