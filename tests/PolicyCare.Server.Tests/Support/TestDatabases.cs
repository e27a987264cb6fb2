using PolicyCare.Storage;

namespace PolicyCare.Support;

/// <summary>Fresh SQLite files for tests, deleted with the test's folder.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("policycare-test-").FullName;

    public Database Sqlite(string name = "test.db") => Database.FromSetting($"Data Source={System.IO.Path.Combine(Path, name)}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

public static class Repository
{
    /// <summary>The repository root (where PolicyCare.slnx is), found from the test's output folder.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "PolicyCare.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root");
    }
}
