using Microsoft.EntityFrameworkCore;
using PolicyCare.Support;

namespace PolicyCare.Cases;

public sealed class CaseIntakeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AComplaint_OpensACase_AndAppearsOnceInThePolicysHistory_WithoutTouchingItsStanding()
    {
        var today = new DateOnly(2026, 11, 23);
        var database = await DemoDatabases.SqliteAsync(Path.Combine(_temp.Path, "test.db"), today);
        await using var db = database.Open();
        var policy = await db.Policies.AsNoTracking().OrderBy(p => p.Number).FirstAsync();

        var reference = await CaseIntake.OpenAsync(db, "complaint", policy.Number, policy.HolderId, "The reminder came twice.", today);

        await using var check = database.Open();
        var opened = await check.Cases.AsNoTracking().SingleAsync(c => c.Key == reference);
        Assert.Equal(("complaint", policy.Number, policy.HolderId, today, "open"), (opened.Type, opened.PolicyNumber, opened.CustomerId, opened.OpenedOn, opened.Status));
        var rows = await check.Timeline.AsNoTracking().Where(e => e.PolicyNumber == policy.Number && e.Kind == "case").ToListAsync();
        var row = Assert.Single(rows);
        Assert.Contains(reference, row.Data, StringComparison.Ordinal);
        var after = await check.Policies.AsNoTracking().SingleAsync(p => p.Number == policy.Number);
        Assert.Equal((policy.Status, policy.Applied, policy.NextReviewOn), (after.Status, after.Applied, after.NextReviewOn));
    }
}
