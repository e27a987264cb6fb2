using PolicyCare.Codes;

namespace PolicyCare.Servicing;

/// <summary>How a beneficiary is related to the insured person.</summary>
public enum Relationship { Spouse, Child, Parent, Sibling, Grandchild, Grandparent, OtherRelative, Employer, Other }

/// <summary>A person named to receive the death benefit, with their share in whole percent.</summary>
public sealed record Beneficiary(string Name, Relationship Relationship, int Share);

/// <summary>The insured person's written consent to a beneficiary named by someone else (China art. 41, Korea art. 731/734).</summary>
/// <param name="Method">"signature" (a signed form, kept by the insurer), "portal" (the insured signed in and agreed), "recorded-call".</param>
public sealed record InsuredConsent(string GivenBy, string Method, DateOnly GivenOn);

/// <summary>Why a beneficiary change is refused: the field and what is wrong with it.</summary>
public sealed record ChangeRefusal(string Field, string Message);

/// <summary>What a change of beneficiaries is: before, after, when it takes effect, and whether consent was needed.</summary>
public sealed record BeneficiaryChange(IReadOnlyList<Beneficiary> Before, IReadOnlyList<Beneficiary> After, DateOnly EffectiveOn, bool ConsentNeeded, decimal PremiumChange);

/// <summary>
/// Changing who receives the death benefit: one to ten people with a known relationship and shares in
/// whole percent that add up to exactly 100; when the holder is not the insured person, the insured's
/// written consent is needed (China Insurance Law art. 41; Korean Commercial Act arts. 731, 734). It takes
/// effect on the day it is confirmed, never earlier, and changes no premium.
/// </summary>
public static class Beneficiaries
{
    public const int MaxPeople = 10;
    public const int MaxName = 60;

    public static readonly CodeTable<Relationship> Relationships = new("relationship",
        (Relationship.Spouse, "spouse"), (Relationship.Child, "child"), (Relationship.Parent, "parent"), (Relationship.Sibling, "sibling"),
        (Relationship.Grandchild, "grandchild"), (Relationship.Grandparent, "grandparent"), (Relationship.OtherRelative, "other-relative"),
        (Relationship.Employer, "employer"), (Relationship.Other, "other"));

    /// <param name="requestedOn">The effective date asked for (null: today); a day in the past is refused.</param>
    public static (BeneficiaryChange? Change, ChangeRefusal? Refusal) Decide(IReadOnlyList<Beneficiary> before, IReadOnlyList<Beneficiary> after,
        bool holderIsInsured, InsuredConsent? consent, DateOnly today, DateOnly? requestedOn = null)
    {
        if (after.Count is 0 or > MaxPeople) return (null, new("beneficiaries", $"name 1 to {MaxPeople} people"));
        for (var i = 0; i < after.Count; i++)
        {
            var b = after[i];
            if (string.IsNullOrWhiteSpace(b.Name) || b.Name.Trim().Length > MaxName) return (null, new($"beneficiaries[{i}].name", $"1 to {MaxName} characters"));
            if (b.Share is < 1 or > 100) return (null, new($"beneficiaries[{i}].share", "a whole percent from 1 to 100"));
        }
        var total = after.Sum(b => b.Share);
        if (total != 100) return (null, new("beneficiaries", $"the shares add up to {total}%, not 100%"));
        if (after.GroupBy(b => b.Name.Trim(), StringComparer.Ordinal).Any(g => g.Count() > 1)) return (null, new("beneficiaries", "each person is named once"));
        var effective = requestedOn ?? today;
        if (effective < today) return (null, new("effectiveOn", "a change cannot take effect in the past"));
        var consentNeeded = !holderIsInsured;
        if (consentNeeded && consent is null) return (null, new("consent", "the insured person is not the holder: their written consent is needed"));
        if (consent is not null && consent.GivenOn > today) return (null, new("consent.givenOn", "consent cannot be given in the future"));
        return (new BeneficiaryChange(before, after.Select(b => b with { Name = b.Name.Trim() }).ToList(), effective, consentNeeded, 0m), null);
    }
}
