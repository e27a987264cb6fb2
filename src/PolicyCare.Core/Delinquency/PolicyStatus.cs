using PolicyCare.Codes;

namespace PolicyCare.Delinquency;

/// <summary>Where a policy stands: paying, late within grace, suspended, or over.</summary>
public enum PolicyStatus { InForce, Grace, Lapsed, Terminated, Expired }

public static class PolicyStatuses
{
    public static readonly CodeTable<PolicyStatus> Table = new("policy status",
        (PolicyStatus.InForce, "in-force"),
        (PolicyStatus.Grace, "grace"),
        (PolicyStatus.Lapsed, "lapsed"),
        (PolicyStatus.Terminated, "terminated"),
        (PolicyStatus.Expired, "expired"));

    public static string Code(this PolicyStatus status) => Table.Code(status);

    public static PolicyStatus Parse(string code) => Table.Parse(code);

    /// <summary>Terminated and expired policies are over: nothing more falls due, nothing more is sent.</summary>
    public static bool IsOver(this PolicyStatus status) => status is PolicyStatus.Terminated or PolicyStatus.Expired;

    /// <summary>Auto-debits run only while cover is on; a lapsed policy comes back by reinstatement, not by debit.</summary>
    public static bool IsCollecting(this PolicyStatus status) => status is PolicyStatus.InForce or PolicyStatus.Grace;
}
