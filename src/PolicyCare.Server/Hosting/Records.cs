using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PolicyCare.Hosting;

/// <summary>Someone who signs in: staff, or a customer (then <see cref="CustomerId"/> says which).</summary>
public sealed class UserAccount : IdentityUser
{
    public string? CustomerId { get; set; }
}

/// <summary>An integrator's API key: only its SHA-256 hash is stored.</summary>
public sealed class ApiKeyRecord
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string KeyHash { get; set; }
    public required string Role { get; set; }
    /// <summary>What the key may do beyond its role, space-separated: <c>contacts:full</c> reads customers' contacts unmasked.</summary>
    public string Scopes { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>The first answer to a request with an Idempotency-Key, replayed for every repeat of it.</summary>
public sealed class IdempotencyRecord
{
    public required string Scope { get; set; }
    public required string Key { get; set; }
    public required string RequestHash { get; set; }
    public int StatusCode { get; set; }
    public required string ResponseBody { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A payment provider's event, kept so that a replayed webhook posts nothing.</summary>
public sealed class WebhookEventRecord
{
    public required string Provider { get; set; }
    public required string EventId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>A change an administrator made (a user, a role, an API key, a product): who, when, what, and the before and after where there is one.</summary>
public sealed class AdminChangeRecord
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string By { get; set; }
    /// <summary>What was done, as a code: <c>api-key-created</c>, <c>api-key-revoked</c>, <c>user-created</c>, <c>user-role-changed</c>, <c>user-disabled</c>, <c>user-enabled</c>, <c>product-replaced</c>.</summary>
    public required string Action { get; set; }
    /// <summary>What it was done to: a key's or user's name, a product code.</summary>
    public required string Subject { get; set; }
    public string Before { get; set; } = "";
    public string After { get; set; } = "";
}

internal sealed class AdminChangeConfiguration : IEntityTypeConfiguration<AdminChangeRecord>
{
    public void Configure(EntityTypeBuilder<AdminChangeRecord> b)
    {
        b.ToTable("admin_changes");
        b.HasKey(c => c.Id);
        b.HasIndex(c => c.At);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKeyRecord>
{
    public void Configure(EntityTypeBuilder<ApiKeyRecord> b)
    {
        b.ToTable("api_keys");
        b.HasKey(k => k.Id);
        b.HasIndex(k => k.KeyHash).IsUnique();
    }
}

internal sealed class IdempotencyConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("idempotency_keys");
        b.HasKey(k => new { k.Scope, k.Key });
    }
}

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEventRecord>
{
    public void Configure(EntityTypeBuilder<WebhookEventRecord> b)
    {
        b.ToTable("webhook_events");
        b.HasKey(e => new { e.Provider, e.EventId });
    }
}
