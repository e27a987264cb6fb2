using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage;
using PolicyCare.Hosting;
using PolicyCare.Billing;
using PolicyCare.Cases;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;

namespace PolicyCare.Storage;

/// <summary>The unit of work over PolicyCare's tables. One subclass per provider, each with its own migrations.</summary>
public abstract class PolicyCareDb(DbContextOptions options) : IdentityDbContext<UserAccount>(options)
{
    /// <summary>The database this context was opened on (its evidence key); set by <see cref="Storage.Database.Open"/>.</summary>
    public Database? OpenedFrom { get; private set; }

    /// <summary>
    /// Hands a pooled context to its next user: what this class adds to EF Core's own state (which the pool
    /// resets) starts over too.
    /// </summary>
    internal PolicyCareDb LeasedFrom(Database database)
    {
        OpenedFrom = database;
        _changeTransaction = null;
        // A request may have turned savepoints off for its own transaction (Idempotency): the next lease starts with EF Core's default.
        Database.AutoSavepointsEnabled = true;
        return this;
    }

    /// <summary>The key that seals the evidence written through this context.</summary>
    public PolicyCare.Notices.EvidenceKey EvidenceKey => OpenedFrom?.EvidenceKey ?? PolicyCare.Notices.EvidenceKey.Default;

    public DbSet<ProductRecord> Products => Set<ProductRecord>();
    public DbSet<CustomerRecord> Customers => Set<CustomerRecord>();
    public DbSet<EmployerRecord> Employers => Set<EmployerRecord>();
    public DbSet<PolicyRecord> Policies => Set<PolicyRecord>();
    public DbSet<PolicyMemberRecord> PolicyMembers => Set<PolicyMemberRecord>();
    public DbSet<TimelineEntry> Timeline => Set<TimelineEntry>();
    public DbSet<PaymentRecord> Payments => Set<PaymentRecord>();
    public DbSet<CheckoutRecord> Checkouts => Set<CheckoutRecord>();
    public DbSet<DebitRejectionRecord> DebitRejections => Set<DebitRejectionRecord>();
    public DbSet<NoticeRecord> Notices => Set<NoticeRecord>();
    public DbSet<CaseRecord> Cases => Set<CaseRecord>();
    public DbSet<SurveyRecord> Surveys => Set<SurveyRecord>();
    public DbSet<PolicyCare.Servicing.EndorsementRecord> Endorsements => Set<PolicyCare.Servicing.EndorsementRecord>();
    public DbSet<PolicyCare.Servicing.ChangeRequestRecord> ChangeRequests => Set<PolicyCare.Servicing.ChangeRequestRecord>();
    public DbSet<PolicyCare.Servicing.ContactCodeRecord> ContactCodes => Set<PolicyCare.Servicing.ContactCodeRecord>();
    public DbSet<PolicyCare.Servicing.ExplanationRecord> Explanations => Set<PolicyCare.Servicing.ExplanationRecord>();
    public DbSet<PolicyCare.Servicing.RenewalAnswerRecord> RenewalAnswers => Set<PolicyCare.Servicing.RenewalAnswerRecord>();
    public DbSet<PolicyCare.Servicing.InspectionRecord> Inspections => Set<PolicyCare.Servicing.InspectionRecord>();
    public DbSet<PolicyCare.Claims.ClaimRecord> Claims => Set<PolicyCare.Claims.ClaimRecord>();
    public DbSet<PolicyCare.Claims.ClaimDocumentRecord> ClaimDocuments => Set<PolicyCare.Claims.ClaimDocumentRecord>();
    public DbSet<PolicyCare.Claims.ClaimDraftRecord> ClaimDrafts => Set<PolicyCare.Claims.ClaimDraftRecord>();
    public DbSet<PolicyCare.Claims.ClaimPayoutRecord> ClaimPayouts => Set<PolicyCare.Claims.ClaimPayoutRecord>();
    public DbSet<PolicyCare.Claims.ClaimPayoutFileRecord> ClaimPayoutFiles => Set<PolicyCare.Claims.ClaimPayoutFileRecord>();
    public DbSet<PolicyCare.Hosting.OutboundEventRecord> OutboundEvents => Set<PolicyCare.Hosting.OutboundEventRecord>();
    public DbSet<CycleRunRecord> CycleRuns => Set<CycleRunRecord>();
    public DbSet<CyclePartitionRecord> CyclePartitions => Set<CyclePartitionRecord>();
    public DbSet<SettingRecord> Settings => Set<SettingRecord>();
    public DbSet<CalendarVersionRecord> CalendarVersions => Set<CalendarVersionRecord>();
    public DbSet<MandateRecord> Mandates => Set<MandateRecord>();
    public DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();
    public DbSet<AdminChangeRecord> AdminChanges => Set<AdminChangeRecord>();
    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();
    public DbSet<WebhookEventRecord> WebhookEvents => Set<WebhookEventRecord>();
    public DbSet<EvidenceRecord> Evidence => Set<EvidenceRecord>();
    public DbSet<PolicyCare.Insights.LapseScoreRecord> LapseScores => Set<PolicyCare.Insights.LapseScoreRecord>();
    public DbSet<PolicyCare.Insights.RiskCohortRecord> RiskCohorts => Set<PolicyCare.Insights.RiskCohortRecord>();

    public abstract bool IsPostgres { get; }

    private IDbContextTransaction? _changeTransaction;

    /// <summary>
    /// Reads many policies to change them, locked until the caller's transaction ends, in number order
    /// (so two batches lock in the same order). PostgreSQL's rows are not tracked (the batch writes them
    /// back by COPY); SQLite's are, and its write lock is held by the transaction.
    /// </summary>
    public async Task<List<PolicyRecord>> PoliciesForChangeAsync(IReadOnlyList<string> numbers, CancellationToken cancel = default) =>
        IsPostgres
            ? await Policies.FromSqlInterpolated($"""SELECT * FROM policies WHERE "Number" = ANY({numbers.ToArray()}) ORDER BY "Number" FOR UPDATE""")
                .AsNoTracking().ToListAsync(cancel)
            : await Policies.Where(p => numbers.Contains(p.Number)).OrderBy(p => p.Number).ToListAsync(cancel);

    /// <summary>
    /// Reads a policy to change it, and keeps anyone else from changing it until this context saves:
    /// the row is locked (<c>FOR UPDATE</c> on PostgreSQL; SQLite's write lock) in the caller's
    /// transaction or, without one, in a transaction that the next <c>SaveChanges</c> commits. Without
    /// it, a payment and the daily cycle reading the same standing at once would each write back
    /// their own, and one of them would be lost.
    /// </summary>
    public async Task<PolicyRecord?> PolicyForChangeAsync(string number, CancellationToken cancel = default)
    {
        if (Database.CurrentTransaction is null) _changeTransaction = await Database.BeginTransactionAsync(cancel);
        var locked = await (IsPostgres
                ? Policies.FromSqlInterpolated($"SELECT * FROM policies WHERE \"Number\" = {number} FOR UPDATE")
                : Policies.Where(p => p.Number == number))
            .AsNoTracking().SingleOrDefaultAsync(cancel);
        if (locked is null) return null;
        // A copy read earlier in this context (to check access, say) may be older than the locked row.
        if (Policies.Local.FindEntry(number) is { } earlier)
        {
            if (earlier.State == EntityState.Unchanged)
            {
                earlier.CurrentValues.SetValues(locked);
                earlier.OriginalValues.SetValues(locked);
            }
            return earlier.Entity;
        }
        Policies.Attach(locked);
        return locked;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var referenceChanged = ReferenceChanged();
        if (referenceChanged) await StampReferenceAsync(cancellationToken);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (_changeTransaction is { } transaction)
        {
            _changeTransaction = null;
            await transaction.CommitAsync(cancellationToken);
            await transaction.DisposeAsync();
        }
        if (referenceChanged) ReferenceCache.Forget(this);
        return saved;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var referenceChanged = ReferenceChanged();
        if (referenceChanged) StampReferenceAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        if (referenceChanged) ReferenceCache.Forget(this);
        return saved;
    }

    /// <summary>
    /// Whether this save changes a setting, calendar or product. Only those entries are compared with
    /// their snapshots: a cycle batch tracks thousands of policies, and EF Core compares those once anyway.
    /// </summary>
    private bool ReferenceChanged()
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var entry in ChangeTracker.Entries())
            {
                if (!ReferenceData.IsReference(entry.Entity)) continue;
                if (entry.State == EntityState.Unchanged && detect) entry.DetectChanges();
                if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted) return true;
            }
            return false;
        }
        finally { ChangeTracker.AutoDetectChangesEnabled = detect; }
    }

    /// <summary>Moves the reference stamp in the same save, so readers holding the old reference read it again.</summary>
    private async ValueTask StampReferenceAsync(CancellationToken cancel)
    {
        var stamp = await Settings.FindAsync([ReferenceData.StampKey], cancel);
        if (stamp is null) Settings.Add(new SettingRecord { Key = ReferenceData.StampKey, Value = ReferenceData.NewStamp() });
        else stamp.Value = ReferenceData.NewStamp();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PolicyCareDb).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => configurationBuilder.UseCodeTables();
}

public sealed class SqliteDb(DbContextOptions<SqliteDb> options) : PolicyCareDb(options)
{
    public override bool IsPostgres => false;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite has no decimal type: money is stored as text, exactly, and summed in .NET.
        configurationBuilder.Properties<decimal>().HaveConversion<string>();
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<string>();
    }
}

public sealed class PostgresDb(DbContextOptions<PostgresDb> options) : PolicyCareDb(options)
{
    public override bool IsPostgres => true;
}

/// <summary>Used by <c>dotnet ef</c> to build the SQLite migrations.</summary>
internal sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteDb>
{
    public SqliteDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteDb>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Used by <c>dotnet ef</c> to build the PostgreSQL migrations.</summary>
internal sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresDb>
{
    public PostgresDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresDb>().UseNpgsql("Host=localhost;Database=policycare_design").Options);
}
