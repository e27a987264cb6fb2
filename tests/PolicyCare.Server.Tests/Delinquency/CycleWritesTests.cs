using System.Reflection;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Policies;
using PolicyCare.Scenarios;
using PolicyCare.Storage;
using PolicyCare.Support;

namespace PolicyCare.Delinquency;

/// <summary>
/// On PostgreSQL the cycle writes back only the columns a standing decides (Mapping.StandingProperties):
/// whatever Store writes must be in that list, or the cycle would silently drop it there.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CycleWritesTests(PostgresServer postgres)
{
    [Fact]
    public void Store_WritesOnlyTheStandingProperties()
    {
        var standing = new PolicyStanding
        {
            Status = PolicyStatus.Grace, StatusSince = new DateOnly(2026, 5, 1), InstallmentsBilled = 3, Applied = 300m, Credit = 5m,
            InterestCollected = 1m, MandateActive = true, LapsedOn = new DateOnly(2026, 4, 1), LapseInsurerFault = true, OnTimeStreak = 2,
            Points = 10, DiscountsGranted = 3m,
            LastDebitFailure = new DebitFailure(new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 1), 100m, Billing.DebitFailureReason.AccountClosed, true, 1),
            Holiday = new Billing.PaymentHoliday(2, new DateOnly(2026, 6, 1)),
        };
        var written = new HashSet<string>(StringComparer.Ordinal);
        // Two different fillings: a property Store writes differs from at least one of them, whatever value it writes.
        foreach (var filling in new[] { 0, 1 })
        {
            var record = new PolicyRecord { Number = "P1", ProductCode = "X", HolderId = "H", InsuredId = "I", Frequency = Frequency.Monthly, Status = PolicyStatus.InForce };
            var properties = typeof(PolicyRecord).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
            foreach (var p in properties) p.SetValue(record, Filling(p.PropertyType, filling));
            var before = properties.ToDictionary(p => p.Name, p => p.GetValue(record));
            record.Store(standing);
            foreach (var p in properties)
                if (!Equals(before[p.Name], p.GetValue(record))) written.Add(p.Name);
        }
        Assert.Contains(nameof(PolicyRecord.Status), written);
        Assert.Empty(written.Except(Mapping.StandingProperties));
    }

    private static object? Filling(Type type, int which)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return which == 0 ? "a" : "b";
        if (t == typeof(DateOnly)) return new DateOnly(1901 + which, 1, 1);
        if (t == typeof(decimal)) return -1.5m - which;
        if (t == typeof(int)) return -3 - which;
        if (t == typeof(long)) return -5L - which;
        if (t == typeof(bool)) return which == 0;
        if (t.IsEnum) { var values = Enum.GetValues(t); return values.GetValue(which == 0 ? 0 : values.Length - 1); }
        throw new InvalidOperationException($"no filling for {type.Name}: add one");
    }

    [Fact]
    public async Task AnUpdateOfSomeProperties_LeavesTheOtherColumnsAsStored()
    {
        var database = Database.FromSetting(await postgres.CreateDatabaseAsync());
        await ScenarioFileTests.RunAsync(Path.Combine(Repository.Root, "tests", "scenarios", "unreachable-holder.json"), database);
        await using var db = database.Open();
        var stored = await db.Policies.AsNoTracking().FirstAsync();
        var changed = await db.Policies.AsNoTracking().FirstAsync(p => p.Number == stored.Number);
        changed.Credit = stored.Credit + 10m;
        changed.Start = stored.Start.AddYears(1);

        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await PostgresBulk.UpdateAsync(db, [changed], Mapping.StandingProperties, default);
            await tx.CommitAsync();
        }
        var after = await db.Policies.AsNoTracking().FirstAsync(p => p.Number == stored.Number);
        Assert.Equal(stored.Credit + 10m, after.Credit);
        Assert.Equal(stored.Start, after.Start);

        // Every column, as a change of the contract writes it.
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await PostgresBulk.UpdateAsync(db, [changed], default);
            await tx.CommitAsync();
        }
        Assert.Equal(stored.Start.AddYears(1), (await db.Policies.AsNoTracking().FirstAsync(p => p.Number == stored.Number)).Start);
    }
}
