namespace PolicyCare.Delinquency;

/// <summary>Where a policy stands: paying, late within grace, suspended, or over.</summary>
public enum PolicyStatus { InForce, Grace, Lapsed, Terminated, Expired }

public static class PolicyStatuses
{
    public static string Code(this PolicyStatus status) => status switch
    {
        PolicyStatus.InForce => "in-force",
        PolicyStatus.Grace => "grace",
        PolicyStatus.Lapsed => "lapsed",
        PolicyStatus.Terminated => "terminated",
        PolicyStatus.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static PolicyStatus Parse(string code) =>
        Enum.GetValues<PolicyStatus>().FirstOrDefault(s => s.Code() == code, (PolicyStatus)(-1)) is var s && (int)s >= 0
            ? s
            : throw new FormatException($"'{code}' is not a policy status");

    /// <summary>Terminated and expired policies are over: nothing more falls due, nothing more is sent.</summary>
    public static bool IsOver(this PolicyStatus status) => status is PolicyStatus.Terminated or PolicyStatus.Expired;

    /// <summary>Auto-debits run only while cover is on; a lapsed policy comes back by reinstatement, not by debit.</summary>
    public static bool IsCollecting(this PolicyStatus status) => status is PolicyStatus.InForce or PolicyStatus.Grace;
}
