namespace PolicyCare.Claims;

/// <summary>
/// Why a claim is paid in part or refused: a closed list, so the customer's letter and page explain
/// it in plain words (<see cref="Notices.ClaimTemplates.ReasonText"/>) and the insurer can count them.
/// The clause of the policy is cited beside it.
/// </summary>
public static class ClaimReasons
{
    public const string WaitingPeriod = "waiting-period";
    public const string NotInForce = "not-in-force";
    public const string NotCovered = "not-covered";
    public const string Exclusion = "exclusion";
    public const string NonDisclosure = "non-disclosure";
    public const string AboveLimit = "above-limit";
    public const string NotMedicallyNecessary = "not-medically-necessary";
    public const string DocumentsNotGenuine = "documents-not-genuine";

    public static readonly string[] Codes = [WaitingPeriod, NotInForce, NotCovered, Exclusion, NonDisclosure, AboveLimit, NotMedicallyNecessary, DocumentsNotGenuine];
}
