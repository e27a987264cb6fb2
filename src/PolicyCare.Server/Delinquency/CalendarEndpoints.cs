using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Hosting;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Delinquency;

public sealed record CalendarVersionView(string Market, int Version, IReadOnlyList<int> Years, string LoadedBy, DateTimeOffset LoadedAt);

/// <summary>The body of a calendar load, for the API's documentation: the shape of the shipped calendar data.</summary>
public sealed record CalendarFileInput(string Market, IReadOnlyList<string>? Weekend, IReadOnlyList<CalendarYearInput> Years);

/// <summary>One year: where its dates come from (the official notice), its public holidays and its adjusted working days (YYYY-MM-DD).</summary>
public sealed record CalendarYearInput(int Year, string Source, IReadOnlyList<string> Holidays, IReadOnlyList<string> Workdays);

/// <summary>Business-day calendars loaded at run time: an admin loads a corrected or new year; staff see what was loaded, by whom and when.</summary>
public static class CalendarEndpoints
{
    public static IEndpointRouteBuilder MapCalendarEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/calendars").WithTags("Delinquency");
        group.MapGet("/", async (Database database, CancellationToken cancel) =>
        {
            await using var db = database.Open();
            var rows = await db.CalendarVersions.AsNoTracking().OrderBy(c => c.Market).ThenBy(c => c.Version).ToListAsync(cancel);
            return TypedResults.Ok(rows.Select(ToView).ToList());
        }).RequireAuthorization(p => p.RequireRole(Roles.Staff));
        group.MapPost("/", async (Database database, TimeProvider time, ClaimsPrincipal user, HttpRequest request, CancellationToken cancel) =>
        {
            using var body = await Problems.ReadJsonAsync(request, cancel);
            await using var db = database.Open();
            var record = await CalendarLoads.LoadAsync(db, body.RootElement.GetRawText(), $"api:{user.Identity?.Name ?? "?"}", time.GetUtcNow(),
                await Access.TodayAsync(db, time, cancel), cancel);
            return TypedResults.Created($"/api/v1/calendars", ToView(record));
        }).RequireAuthorization(p => p.RequireRole(Roles.Admin)).Accepts<CalendarFileInput>("application/json");
        return app;
    }

    private static CalendarVersionView ToView(CalendarVersionRecord r) =>
        new(r.Market, r.Version, CalendarLoads.Parse(r.Data).Years.Select(y => y.Year).ToList(), r.LoadedBy, r.LoadedAt);
}
