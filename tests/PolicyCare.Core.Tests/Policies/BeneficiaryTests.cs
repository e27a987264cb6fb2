using PolicyCare.Servicing;
using static PolicyCare.Support.Build;

namespace PolicyCare.Policies;

public sealed class BeneficiaryTests
{
    private static readonly DateOnly Today = D("2026-12-03");
    private static readonly Beneficiary Spouse = new("Li Na", Relationship.Spouse, 60);
    private static readonly Beneficiary Child = new("Li Ming", Relationship.Child, 40);

    [Fact]
    public void SharesThatAddUpTo100_TakeEffectToday_AndChangeNoPremium()
    {
        var (change, refusal) = Beneficiaries.Decide([], [Spouse, Child], holderIsInsured: true, consent: null, Today);
        Assert.Null(refusal);
        Assert.Equal((Today, false, 0m), (change!.EffectiveOn, change.ConsentNeeded, change.PremiumChange));
    }

    [Theory]
    [InlineData(60, 30, "beneficiaries")]
    [InlineData(0, 100, "beneficiaries[0].share")]
    public void SharesNotAddingUpTo100_AreRefusedByName(int first, int second, string field)
    {
        var (_, refusal) = Beneficiaries.Decide([], [Spouse with { Share = first }, Child with { Share = second }], true, null, Today);
        Assert.Equal(field, refusal!.Field);
    }

    [Fact]
    public void WhenTheHolderIsNotTheInsured_TheInsuredsConsentIsNeeded()
    {
        Assert.Equal("consent", Beneficiaries.Decide([], [Spouse with { Share = 100 }], holderIsInsured: false, consent: null, Today).Refusal!.Field);
        var (change, _) = Beneficiaries.Decide([], [Spouse with { Share = 100 }], false, new InsuredConsent("Wang Wei", "signature", Today), Today);
        Assert.True(change!.ConsentNeeded);
    }

    [Fact]
    public void AChangeDatedInThePast_IsRefused() =>
        Assert.Equal("effectiveOn", Beneficiaries.Decide([], [Spouse with { Share = 100 }], true, null, Today, Today.AddDays(-1)).Refusal!.Field);

    [Fact]
    public void EveryRelationship_HasACode_AndAnUnknownOneIsNotParsed()
    {
        Assert.True(Beneficiaries.Relationships.TryParse("spouse", out _));
        Assert.False(Beneficiaries.Relationships.TryParse("neighbour", out _));
    }
}
