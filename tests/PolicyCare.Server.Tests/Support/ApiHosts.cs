namespace PolicyCare.Support;

/// <summary>
/// The real host twice, over SQLite and over PostgreSQL, shared by a test class's tests (seeding the
/// demo book twice per test took most of their time); a theory picks one by name.
/// </summary>
public sealed class ApiHosts : IAsyncLifetime
{
    public ApiServer Sqlite { get; } = new();
    public PostgresApiServer Postgres { get; } = new();

    public ApiServer this[string provider] => provider == "sqlite" ? Sqlite : Postgres;

    public Task InitializeAsync() => Task.WhenAll(Sqlite.InitializeAsync(), Postgres.InitializeAsync());

    public async Task DisposeAsync()
    {
        await Sqlite.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
