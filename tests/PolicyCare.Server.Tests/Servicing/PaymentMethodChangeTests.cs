using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Notices;
using PolicyCare.Support;
using static PolicyCare.Support.ApiAssert;

namespace PolicyCare.Servicing;

/// <summary>A change of payment method is a change to the contract: each one an endorsement, confirmed to the holder in writing.</summary>
public sealed class PaymentMethodChangeTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task ANewMandate_AndItsEnd_AreEachEndorsed_AndConfirmedInWriting()
    {
        string number;
        await using (var db = server.Database.Open())
            number = await db.Policies.AsNoTracking().Where(p => p.Status == Delinquency.PolicyStatus.InForce && !p.MandateActive && p.Number.StartsWith("CN0"))
                .OrderBy(p => p.Number).Select(p => p.Number).FirstAsync();
        using var integrator = server.Integrator();
        var started = await integrator.PostAsync($"/api/v1/policies/{number}/mandate",
            JsonBody("""{"consentText":"I agree that my premiums are debited from my account.","channel":"app","accountLast4":"4321"}"""));
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await integrator.DeleteAsync($"/api/v1/policies/{number}/mandate")).StatusCode);

        await using var read = server.Database.Open();
        var endorsements = await read.Endorsements.AsNoTracking().Where(e => e.PolicyNumber == number && e.Kind == "payment-method").OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(2, endorsements.Count);
        Assert.Contains("none", endorsements[0].Before, StringComparison.Ordinal);
        Assert.Contains("auto-debit:4321", endorsements[0].After, StringComparison.Ordinal);
        Assert.Contains("auto-debit:4321", endorsements[1].Before, StringComparison.Ordinal);
        Assert.Contains("none", endorsements[1].After, StringComparison.Ordinal);
        var letters = await read.Notices.AsNoTracking().Where(n => n.PolicyNumber == number && n.Stage == Stage.ChangeConfirmation).ToListAsync();
        foreach (var e in endorsements)
            Assert.Contains(letters, n => n.Text.Contains(Endorsements.Reference(e.Id), StringComparison.Ordinal) && n.Text.Contains("4321", StringComparison.Ordinal));
        Assert.Contains(letters, n => n.Channel is Channel.Email or Channel.Letter);
    }

    [Fact]
    public async Task APolicyLoadedPayingByAutoDebit_HasItsConsentOnFile_AndItsEndIsEndorsed()
    {
        // The demo is a loaded book: its auto-debit policies came to PolicyCare with the consent given elsewhere.
        string number;
        await using (var db = server.Database.Open())
        {
            number = await db.Policies.AsNoTracking().Where(p => p.Status == Delinquency.PolicyStatus.InForce && p.MandateActive && p.Number.StartsWith("KR0"))
                .OrderBy(p => p.Number).Select(p => p.Number).FirstAsync();
            var consent = await db.Mandates.AsNoTracking().SingleAsync(m => m.PolicyNumber == number && m.RevokedAt == null);
            Assert.Equal(Billing.Mandates.CarriedOver, consent.Channel);
            Assert.Equal(0, await db.Policies.CountAsync(p => p.MandateActive && !db.Mandates.Any(m => m.PolicyNumber == p.Number && m.RevokedAt == null)));
        }
        using var integrator = server.Integrator();
        Assert.Equal(HttpStatusCode.NoContent, (await integrator.DeleteAsync($"/api/v1/policies/{number}/mandate")).StatusCode);

        await using var read = server.Database.Open();
        Assert.NotNull((await read.Mandates.AsNoTracking().SingleAsync(m => m.PolicyNumber == number)).RevokedAt);
        var ended = await read.Endorsements.AsNoTracking().SingleAsync(e => e.PolicyNumber == number && e.Kind == "payment-method");
        Assert.Contains("auto-debit", ended.Before, StringComparison.Ordinal);
        Assert.Contains("none", ended.After, StringComparison.Ordinal);
    }
}
