using System.Security.Cryptography;

namespace PolicyCare.Notices;

/// <summary>
/// The key that seals the notices' evidence, held outside the database: a file next to the Data
/// Protection key ring (<c>POLICYCARE_KEYS</c>, default <c>data/keys/evidence.key</c>), created on
/// first use. Whoever can write the database but not read this file cannot rewrite the chain:
/// every line's hash is an HMAC under it. Checkpoints of the chain's head, sealed with the same key,
/// go to <see cref="CheckpointFolder"/> (default <c>data/evidence-checkpoints</c>), outside the database too.
/// </summary>
public sealed class EvidenceKey
{
    public const string FileName = "evidence.key";

    private EvidenceKey(byte[] key, string? checkpointFolder, string? folder = null) => (Key, CheckpointFolder, Folder) = (key, checkpointFolder, folder);

    /// <summary>The folder the key file is in (every process of an installation must share it, like the key ring); null for an ephemeral key.</summary>
    public string? Folder { get; }

    public byte[] Key { get; }

    /// <summary>Where checkpoints are written and read; null for a throwaway database (a scenario's).</summary>
    public string? CheckpointFolder { get; }

    private static readonly Lazy<EvidenceKey> Shared = new(() =>
        FromFolder(Environment.GetEnvironmentVariable("POLICYCARE_KEYS") ?? Path.Combine("data", "keys"),
            Environment.GetEnvironmentVariable("POLICYCARE_CHECKPOINTS") ?? Path.Combine("data", "evidence-checkpoints")));

    /// <summary>The key of this installation (the key file, created on first use).</summary>
    public static EvidenceKey Default => Shared.Value;

    /// <summary>A key that lives as long as the process: for a scenario's private database, whose evidence is thrown away with it.</summary>
    public static EvidenceKey Ephemeral() => new(RandomNumberGenerator.GetBytes(32), null);

    /// <summary>The same key, with its checkpoints in another folder.</summary>
    public EvidenceKey WithCheckpoints(string? folder) => new(Key, folder, Folder);

    public static EvidenceKey FromFolder(string keysFolder, string? checkpointFolder)
    {
        Directory.CreateDirectory(keysFolder);
        var path = Path.Combine(keysFolder, FileName);
        if (!File.Exists(path))
        {
            try
            {
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                stream.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))));
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: its key is the key.
            }
        }
        var hex = File.ReadAllText(path).Trim();
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
            throw new InvalidOperationException($"{path} is not an evidence key (64 hexadecimal digits); restore it from the backup of the key ring");
        return new EvidenceKey(Convert.FromHexString(hex), checkpointFolder, Path.GetFullPath(keysFolder));
    }
}

/// <summary>Where the daily evidence checkpoint is mailed (<c>PolicyCare:Evidence:CheckpointMailTo</c>), over the email channel's SMTP server.</summary>
public sealed record CheckpointMail(SmtpSettings Smtp, string To);
