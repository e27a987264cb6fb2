using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Storage;

namespace PolicyCare.Hosting;

/// <summary>
/// Idempotency-Key on requests that move money: the first answer is stored in the same transaction
/// as the effect and replayed for every repeat; the same key with another body is a 422.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";

    private static readonly System.Text.Json.JsonSerializerOptions ResponseJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Runs <paramref name="action"/> once per key. A key belongs to the caller and the endpoint it
    /// resolved to — the route template and the record's canonical id — never to the raw path, so
    /// <c>/payments</c>, <c>/payments/</c> and <c>/API/v1/…</c> are one endpoint and one payment.
    /// </summary>
    public static async Task<IResult> RunAsync(PolicyCareDb db, HttpContext context, string body, string canonicalId, Func<Task<(int Status, object Body)>> action)
    {
        var key = context.Request.Headers[Header].ToString();
        if (key.Length == 0) return Problems.Field(Header, "is required on this request (a unique value per payment, reused only to retry it)");
        if (key.Length > 200) return Problems.Field(Header, "must be at most 200 characters");
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value?.ToLowerInvariant().TrimEnd('/');
        var scope = $"{context.Request.Method.ToUpperInvariant()} {route} {canonicalId} {context.User.Identity?.Name}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));

        var previous = await db.IdempotencyKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Scope == scope && k.Key == key, context.RequestAborted);
        if (previous is not null) return Replay(previous, hash);

        await using var tx = await db.Database.BeginTransactionAsync(context.RequestAborted);
        // Any failure below rolls the whole transaction back, so the savepoint EF Core would set around each save
        // (two more round trips each) buys nothing here.
        db.Database.AutoSavepointsEnabled = false;
        var (status, response) = await action();
        var json = System.Text.Json.JsonSerializer.Serialize(response, ResponseJson);
        db.IdempotencyKeys.Add(new IdempotencyRecord
        {
            Scope = scope, Key = key, RequestHash = hash, StatusCode = status, ResponseBody = json,
            CreatedAt = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(context.RequestAborted);
            await tx.CommitAsync(context.RequestAborted);
        }
        catch (DbUpdateException)
        {
            // The same key raced in from another request: its answer stands, this one's effect is rolled back.
            await tx.RollbackAsync(context.RequestAborted);
            db.ChangeTracker.Clear();
            var winner = await db.IdempotencyKeys.AsNoTracking().FirstAsync(k => k.Scope == scope && k.Key == key, context.RequestAborted);
            return Replay(winner, hash);
        }
        return Results.Text(json, "application/json", Encoding.UTF8, status);
    }

    private static IResult Replay(IdempotencyRecord previous, string hash) =>
        previous.RequestHash == hash
            ? Results.Text(previous.ResponseBody, "application/json", Encoding.UTF8, previous.StatusCode)
            : Problems.Field(Header, "was already used with a different request body", StatusCodes.Status422UnprocessableEntity);
}
