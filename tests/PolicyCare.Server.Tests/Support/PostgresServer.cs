using System.Diagnostics;
using Npgsql;

namespace PolicyCare.Support;

/// <summary>
/// A throwaway PostgreSQL cluster for the tests: initdb into a temporary folder, started on a free
/// loopback port, removed afterwards. PostgreSQL refuses to run as root, so as root the cluster
/// belongs to the <c>postgres</c> user. One cluster serves every collection that uses it at the same
/// time (each test makes its own databases), so those collections can run side by side.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Cluster? _shared;
    private static int _users;
    private Cluster? _cluster;

    public int Port => (_cluster ?? throw new InvalidOperationException("the cluster is not started")).Port;

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _shared ??= await Cluster.StartAsync();
            _users++;
            _cluster = _shared;
        }
        finally { Gate.Release(); }
    }

    public async Task DisposeAsync()
    {
        if (_cluster is null) return;
        _cluster = null;
        await Gate.WaitAsync();
        try
        {
            if (--_users > 0 || _shared is null) return;
            var last = _shared;
            _shared = null;
            await last.StopAsync();
        }
        finally { Gate.Release(); }
    }

    private sealed class Cluster
    {
        private string _dataDir = "";
        private string _binDir = "";
        private bool _asPostgresUser;

        public int Port { get; private set; }

        public static async Task<Cluster> StartAsync()
        {
            var cluster = new Cluster();
            await cluster.InitializeAsync();
            return cluster;
        }

        private async Task InitializeAsync()
        {
            _binDir = FindBinaries() ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin; install Debian's postgresql package (.ci/run does).");
            _asPostgresUser = Environment.UserName == "root";
            var root = Directory.CreateTempSubdirectory("policycare-pg-").FullName;
            _dataDir = Path.Combine(root, "data");
            if (_asPostgresUser) await RunAsync("chown", $"postgres {root}", asPostgres: false);
            Port = Loopback.FreePort();
            await RunAsync(Path.Combine(_binDir, "initdb"), $"-D {_dataDir} -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8", _asPostgresUser);
            await RunAsync(Path.Combine(_binDir, "pg_ctl"),
                $"-D {_dataDir} -l {root}/log.txt -w -t 60 -o \"-p {Port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400\" start",
                _asPostgresUser);
        }

        public async Task StopAsync()
        {
            if (_dataDir.Length == 0) return;
            try
            {
                await RunAsync(Path.Combine(_binDir, "pg_ctl"), $"-D {_dataDir} -m immediate -w stop", _asPostgresUser);
            }
            finally
            {
                Directory.Delete(Path.GetDirectoryName(_dataDir)!, recursive: true);
            }
        }
    }

    /// <summary>A fresh database on the cluster: empty, or a copy of the <paramref name="template"/> database.</summary>
    public async Task<string> CreateDatabaseAsync(string? template = null)
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres");
        await connection.OpenAsync();
        // Names are generated here, never taken from input.
        await using var command = new NpgsqlCommand(template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {template}", connection);
        await command.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name}";
    }

    private static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;

    private static async Task RunAsync(string file, string arguments, bool asPostgres)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = "/tmp";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {await error}{await output}");
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}

/// <summary>The scale-out tests (several cycle processes on one database): the longest PostgreSQL tests, run beside the others on the same cluster.</summary>
[CollectionDefinition(Name)]
public sealed class ScaleOutCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL (scale-out)";
}
