using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Calendars;
using PolicyCare.Json;
using PolicyCare.Storage;

namespace PolicyCare.Delinquency;

/// <summary>
/// Business-day calendars corrected or extended at run time. Governments announce temporary
/// holidays at short notice, and next year's holidays late in the year: an admin loads the file
/// (API or <c>policycare calendars load</c>), it is validated, kept as a new version with who loaded
/// it and when, and grace deadlines and reminders follow it from the next cycle on.
/// </summary>
public static class CalendarLoads
{
    /// <summary>The files loaded so far, in the order they were loaded.</summary>
    public static async Task<IReadOnlyList<CalendarFile>> LoadedAsync(PolicyCareDb db, CancellationToken cancel)
    {
        var rows = await db.CalendarVersions.AsNoTracking().OrderBy(c => c.Version).ThenBy(c => c.Id).Select(c => c.Data).ToListAsync(cancel);
        return rows.Select(Parse).ToList();
    }

    public static CalendarFile Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InputException($"$ (line {(e.LineNumber ?? 0) + 1})", "is not valid JSON");
        }
        using (doc) return CalendarData.Parse(doc.RootElement);
    }

    /// <summary>
    /// Validates and stores a calendar file as the market's next version. Policies in grace are
    /// looked at again by the next cycle (their deadline and reminders may have moved); the cycle
    /// reads the calendars afresh every day.
    /// </summary>
    public static async Task<CalendarVersionRecord> LoadAsync(PolicyCareDb db, string json, string loadedBy, DateTimeOffset now, DateOnly today,
        CancellationToken cancel = default)
    {
        var file = Parse(json);
        var loaded = await LoadedAsync(db, cancel);
        try
        {
            // The result must still be a calendar without gaps: a new year continues the data, it does not skip one.
            CalendarData.ForMarket(file.Market, [.. loaded, file]);
        }
        catch (InvalidDataException e)
        {
            throw new InputException("$.years", e.Message);
        }
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        var version = (await db.CalendarVersions.Where(c => c.Market == file.Market).MaxAsync(c => (int?)c.Version, cancel) ?? 0) + 1;
        var record = new CalendarVersionRecord { Market = file.Market, Version = version, Data = json, LoadedBy = loadedBy, LoadedAt = now };
        db.CalendarVersions.Add(record);
        await db.SaveChangesAsync(cancel);
        await db.Policies.Where(p => p.Status == PolicyStatus.Grace && (p.NextReviewOn == null || p.NextReviewOn > today))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.NextReviewOn, today), cancel);
        await tx.CommitAsync(cancel);
        return record;
    }
}
