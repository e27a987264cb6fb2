using Microsoft.AspNetCore.DataProtection;

namespace PolicyCare.Policies;

/// <summary>National IDs encrypted at rest with ASP.NET Core Data Protection (a persisted key ring).</summary>
public sealed class NationalIds(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("PolicyCare.Policies.NationalId.v1");

    public string Protect(string nationalId) => _protector.Protect(nationalId);

    public string Unprotect(string protectedId) => _protector.Unprotect(protectedId);
}
