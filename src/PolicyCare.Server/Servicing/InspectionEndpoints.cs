using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Hosting;
using PolicyCare.Json;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Servicing;

/// <summary>
/// Loss-prevention inspections through the API: the open worklist, a report with its written recommendations (sent to
/// the holder), and each recommendation's follow-up. Service agents, supervisors, admins and integrators (a risk
/// engineer's tool).
/// </summary>
public static class InspectionEndpoints
{
    public static IEndpointRouteBuilder MapInspectionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/inspections").WithTags("Servicing").RequireAuthorization(p => p.RequireRole(Roles.PolicyServicers));
        group.MapGet("/", async (Database database, CancellationToken cancel) =>
        {
            await using var db = database.Open();
            return TypedResults.Ok(await InspectionDesk.OpenAsync(db, cancel));
        }).Produces<List<InspectionView>>();
        group.MapPost("/{id:long}/report", ReportAsync).Produces<InspectionView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/follow-ups", DoneAsync).Produces<InspectionView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<IResult> ReportAsync(Database database, TimeProvider time, HttpContext context, long id, CancellationToken cancel)
    {
        using var body = await Problems.ReadJsonAsync(context.Request, cancel);
        var o = new StrictObject(body.RootElement, "$", "inspectedOn", "findings", "recommendations");
        var inspectedOn = o.RequiredDate("inspectedOn");
        var findings = o.RequiredString("findings");
        var recommendations = o.Has("recommendations") ? o.StringArray("recommendations") : [];
        await using var db = database.Open();
        try
        {
            var today = await Access.TodayAsync(db, time, cancel);
            var inspection = await InspectionDesk.ReportAsync(db, id, inspectedOn, context.User.Identity?.Name ?? "integrator", findings, recommendations, today, time.GetUtcNow(), cancel);
            return TypedResults.Ok(await ViewAsync(db, inspection, cancel));
        }
        catch (KeyNotFoundException) { return TypedResults.NotFound(); }
        catch (InspectionRefusedException e) when (e.Field == "id") { return Problems.Conflict(e.Message); }
        catch (InspectionRefusedException e) { return Problems.Field(e.Field, e.Message); }
    }

    /// <summary>A recommendation carried out: <c>{"recommendation": n}</c>, its number in the report (from 1).</summary>
    private static async Task<IResult> DoneAsync(Database database, TimeProvider time, HttpContext context, long id, CancellationToken cancel)
    {
        var user = context.User;
        using var body = await Problems.ReadJsonAsync(context.Request, cancel);
        var index = new StrictObject(body.RootElement, "$", "recommendation").OptionalInt("recommendation")
            ?? throw new InputException("$.recommendation", "is required: the recommendation's number in the report, from 1");
        await using var db = database.Open();
        try
        {
            var inspection = await InspectionDesk.CompleteAsync(db, id, index, user.Identity?.Name ?? "integrator", await Access.TodayAsync(db, time, cancel), cancel);
            return TypedResults.Ok(await ViewAsync(db, inspection, cancel));
        }
        catch (KeyNotFoundException) { return TypedResults.NotFound(); }
        catch (InspectionRefusedException e) when (e.Field.StartsWith('$')) { return Problems.Field(e.Field, e.Message); }
        catch (InspectionRefusedException e) { return Problems.Conflict(e.Message); }
    }

    private static async Task<InspectionView> ViewAsync(PolicyCareDb db, InspectionRecord inspection, CancellationToken cancel)
    {
        var policy = await db.Policies.AsNoTracking().SingleAsync(p => p.Number == inspection.PolicyNumber, cancel);
        var product = (await ReferenceData.CurrentAsync(db, cancel)).Products.GetValueOrDefault(policy.ProductCode);
        return InspectionDesk.View(inspection, product, policy.ProductCode, policy.SumInsured);
    }
}
