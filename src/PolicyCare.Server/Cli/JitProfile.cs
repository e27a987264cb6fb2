using System.Runtime;
using System.Text.RegularExpressions;

namespace PolicyCare.Cli;

/// <summary>
/// Multi-core JIT for the command line: the runtime records which methods a command compiled and,
/// the next time the same command starts, compiles them on the other core before they are needed.
/// A short command such as <c>policycare scenario</c> spends most of its life compiling (our code,
/// EF Core's, the first use of each query), so this takes about a quarter off its wall time from the
/// second run on (docs/performance.md). The first run of each command records its profile.
/// </summary>
/// <remarks>
/// The profile lives in the user's local application data (<c>~/.local/share/PolicyCare/jit</c>), one
/// file per command; <c>POLICYCARE_JIT_PROFILE</c> names another folder, or <c>off</c> turns it off.
/// A profile that is missing or stale (another build) only costs the speed-up: the runtime checks
/// it against the modules it loads and ignores what does not match. <c>cycle</c> records none: scale-out
/// starts several cycle processes on one machine that finish together, and the runtime writes the
/// profile at exit without coordinating writers.
/// </remarks>
public static partial class JitProfile
{
    public const string EnvironmentVariable = "POLICYCARE_JIT_PROFILE";

    public static void Start(string[] args)
    {
        var setting = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var command = CommandOf(args);
        if (command == "cycle" || string.Equals(setting, "off", StringComparison.OrdinalIgnoreCase)) return;
        var folder = string.IsNullOrWhiteSpace(setting)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "PolicyCare", "jit")
            : setting;
        if (!Path.IsPathRooted(folder)) return;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // a read-only home: run without the speed-up rather than fail
        }
        ProfileOptimization.SetProfileRoot(folder);
        ProfileOptimization.StartProfile($"policycare-{command}.jitprofile");
    }

    /// <summary>The subcommand the arguments name (its methods are what its next start needs), <c>serve</c> when none.</summary>
    private static string CommandOf(string[] args) =>
        args.Length > 0 && CommandName().IsMatch(args[0]) ? args[0] : "serve";

    [GeneratedRegex("^[a-z]{2,20}$")]
    private static partial Regex CommandName();
}
