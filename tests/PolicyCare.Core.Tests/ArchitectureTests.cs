using System.Reflection;

namespace PolicyCare;

/// <summary>The core decides and never does I/O: it must not reference EF Core, ASP.NET Core, or the server.</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void Core_ReferencesNeitherEfCoreNorAspNetCore()
    {
        var core = typeof(Delinquency.DailyCycle).Assembly;
        var references = core.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains(references, r => r.StartsWith("System.", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Npgsql", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r == "policycare");
    }

    [Fact]
    public void Core_HasNoTypeNamedServiceManagerHelperOrUtil()
    {
        var bad = typeof(Delinquency.DailyCycle).Assembly.GetTypes()
            .Where(t => !t.IsNested && t.Namespace?.StartsWith("PolicyCare", StringComparison.Ordinal) == true)
            .Where(t => new[] { "Service", "Manager", "Helper", "Util" }.Any(s => t.Name.EndsWith(s, StringComparison.Ordinal)))
            .Select(t => t.FullName).ToList();
        Assert.Empty(bad);
    }

    [Fact]
    public void Core_NeverReadsTheClock()
    {
        // The BannedApiAnalyzers stop DateTime.Now and friends at build time; this checks the analyzer is wired in.
        var project = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "PolicyCare.Core", "PolicyCare.Core.csproj"));
        Assert.Contains("BannedApiAnalyzers", project, StringComparison.Ordinal);
        var banned = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "PolicyCare.Core", "BannedSymbols.txt"));
        Assert.Contains("P:System.DateTime.Now", banned, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PolicyCare.slnx"))) dir = dir.Parent;
        return dir!.FullName;
    }
}
