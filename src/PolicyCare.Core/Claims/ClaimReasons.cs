namespace PolicyCare.Claims;

/// <summary>
/// Why a claim is paid in part or refused: a closed list, so the customer's letter and page explain
/// it in plain words and the insurer can count them. The clause of the policy is cited beside it.
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

    /// <summary>The reason in plain English (the pages translate it); a scenario's free-text reason is shown as written.</summary>
    public static string Explain(string reason) => reason switch
    {
        WaitingPeriod => "The loss happened before the waiting period of this benefit ended, so the policy does not pay it yet.",
        NotInForce => "The policy was not in force on the day of the loss, so it does not cover it.",
        NotCovered => "The policy does not cover this kind of loss.",
        Exclusion => "The loss falls under an exclusion written in the policy.",
        NonDisclosure => "A fact that mattered to the cover was not disclosed when the policy was taken out.",
        AboveLimit => "Part of the amount is above what the policy pays for this benefit.",
        NotMedicallyNecessary => "Part of the treatment was not medically necessary as the policy defines it.",
        DocumentsNotGenuine => "The documents could not be confirmed as genuine.",
        _ => reason,
    };
}
