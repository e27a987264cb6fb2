using System.Diagnostics;
using System.Text.Json;

namespace PolicyCare.Support;

/// <summary>
/// A real SMTP server for the tests: Node's smtp-server (tests/tools/smtp, installed by .ci/run with
/// npm ci) on a free loopback port, with STARTTLS and authentication; each message it accepts is
/// parsed and written as JSON to a folder the test reads.
/// </summary>
public sealed class SmtpServer : IAsyncLifetime
{
    public const string User = "policycare";
    public const string Password = "smtp-secret";
    private Process? _process;
    private readonly TempFolder _temp = new();

    public int Port { get; private set; }
    public string Inbox => _temp.Path;

    public async Task InitializeAsync()
    {
        var tool = Path.Combine(Repository.Root, "tests", "tools", "smtp");
        if (!Directory.Exists(Path.Combine(tool, "node_modules", "smtp-server")))
        {
            // First run on this machine: install the server's pinned packages (package-lock.json).
            using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"]) { WorkingDirectory = tool, RedirectStandardOutput = true, RedirectStandardError = true })
                ?? throw new InvalidOperationException("npm is needed to install the test SMTP server (Debian: apt-get install nodejs npm)");
            var error = npm.StandardError.ReadToEndAsync();
            await npm.StandardOutput.ReadToEndAsync();
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0) throw new InvalidOperationException($"npm ci in {tool} failed: {await error}");
        }
        Port = Loopback.FreePort();
        _process = Process.Start(new ProcessStartInfo("node", ["server.js", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), Inbox, User, Password])
        {
            WorkingDirectory = tool, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var ready = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        if (ready != "listening") throw new InvalidOperationException("the test SMTP server did not start: " + await _process.StandardError.ReadToEndAsync());
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.Dispose();
        _temp.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The messages received so far, oldest first.</summary>
    public IReadOnlyList<JsonElement> Messages() =>
        Directory.GetFiles(Inbox, "*.json").Order(StringComparer.Ordinal)
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.Clone()).ToList();
}
