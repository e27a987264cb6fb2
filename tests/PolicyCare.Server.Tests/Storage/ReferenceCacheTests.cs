using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Policies;
using PolicyCare.Support;

namespace PolicyCare.Storage;

/// <summary>
/// The cycle keeps the settings, calendars and products between days and reads them again only when
/// their stamp moves: every change to them must move it, and nothing else may.
/// </summary>
public sealed class ReferenceCacheTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Task<string> StampAsync(PolicyCareDb db) =>
        db.Settings.AsNoTracking().Where(s => s.Key == ReferenceData.StampKey).Select(s => s.Value).SingleAsync();

    [Fact]
    public async Task AChangedProduct_IsReadAgain_AndAPolicyChangeDoesNotMoveTheStamp()
    {
        var database = _temp.Sqlite();
        await database.MigrateAsync();
        var cache = new ReferenceCache();
        await using (var db = database.Open())
        {
            await BookSettings.SaveAsync(db, "CN", null);
            db.Products.Add(new ProductRecord { Code = "L", Definition = ProductJson.Write(Product.WithDefaults("L", PolicyTerm.Long, "CNY")) });
            await db.SaveChangesAsync();
        }

        string before;
        await using (var db = database.Open())
        {
            before = await StampAsync(db);
            Assert.Equal("CNY", (await cache.GetAsync(db)).Products["L"].Currency);
            // Unchanged: the very same data comes back, not a second read.
            Assert.Same(await cache.GetAsync(db), await cache.GetAsync(db));

            // Saving anything else, even a setting read and written back unchanged, keeps the stamp.
            db.Customers.Add(new CustomerRecord { Id = "C1", Name = "x", Locale = "zh-CN", BirthDate = new DateOnly(1980, 1, 1) });
            (await db.Settings.SingleAsync(s => s.Key == BookSettings.MarketKey)).Value = "CN";
            await db.SaveChangesAsync();
            Assert.Equal(before, await StampAsync(db));
        }

        // Another process changes the product (a modified row, detected from its snapshot).
        await using (var other = database.Open())
        {
            var record = await other.Products.SingleAsync(p => p.Code == "L");
            record.Definition = ProductJson.Write(Product.WithDefaults("L", PolicyTerm.Long, "KRW"));
            await other.SaveChangesAsync();
        }
        await using (var db = database.Open())
        {
            Assert.NotEqual(before, await StampAsync(db));
            Assert.Equal("KRW", (await cache.GetAsync(db)).Products["L"].Currency);
        }
    }

    [Fact]
    public async Task TheRequestsSharedCache_TrustsItsStampForAMoment_ButASaveInThisProcessAppliesAtOnce()
    {
        var database = _temp.Sqlite();
        await database.MigrateAsync();
        await using (var db = database.Open())
        {
            await BookSettings.SaveAsync(db, "CN", null);
            db.Products.Add(new ProductRecord { Code = "L", Definition = ProductJson.Write(Product.WithDefaults("L", PolicyTerm.Long, "CNY")) });
            await db.SaveChangesAsync();
        }
        await using (var db = database.Open())
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var first = await ReferenceCache.For(db).GetAsync(db);
            Assert.Equal("CNY", first.Products["L"].Currency);
            // Within the trusted moment not even the stamp is read: a row changed behind EF Core's back is not seen yet.
            await db.Database.ExecuteSqlRawAsync("UPDATE settings SET \"Value\" = 'moved' WHERE \"Key\" = 'reference-stamp'");
            var second = await ReferenceCache.For(db).GetAsync(db);
            if (clock.Elapsed < ReferenceCache.RequestTrust) Assert.Same(first, second);
            // After it the stamp is read again, and the moved stamp makes it read everything again.
            await Task.Delay(ReferenceCache.RequestTrust);
            Assert.NotSame(first, await ReferenceCache.For(db).GetAsync(db));
        }
        // A product saved through this process forgets what the requests hold: the very next read has it.
        await using (var db = database.Open())
        {
            (await db.Products.SingleAsync(p => p.Code == "L")).Definition = ProductJson.Write(Product.WithDefaults("L", PolicyTerm.Long, "KRW"));
            await db.SaveChangesAsync();
        }
        await using (var db = database.Open())
            Assert.Equal("KRW", (await ReferenceCache.For(db).GetAsync(db)).Products["L"].Currency);
    }
}
