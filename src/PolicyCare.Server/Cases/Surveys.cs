using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Storage;

namespace PolicyCare.Cases;

/// <summary>
/// The survey link: the survey's id sealed by the Data Protection key ring, so it cannot be guessed or
/// changed, and answerable without signing in. Its expiry is the survey's own date, kept in the database.
/// </summary>
public sealed class SurveyLinks(IDataProtectionProvider protection, IConfiguration configuration)
{
    private readonly IDataProtector _protector = protection.CreateProtector("PolicyCare.Surveys.v1");
    private readonly string _base = (configuration["PolicyCare:PublicUrl"] ?? "http://localhost:5080").TrimEnd('/');

    public string Token(long id) => _protector.Protect(id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public string For(long id) => $"{_base}/survey/{Token(id)}";

    /// <summary>The survey a token names; null when it was not made here or was tampered with.</summary>
    public long? Read(string token)
    {
        try
        {
            return long.TryParse(_protector.Unprotect(token), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>Why an answer to a survey is not taken.</summary>
public enum SurveyRefusal { None, Unknown, Expired, Answered, Invalid }

/// <summary>One survey engine for every moment: one survey per event (a unique key), CSAT 1–5, NPS 0–10, a comment, open 14 days.</summary>
public static class Surveys
{
    public const int OpenDays = 14;
    public const int CommentLength = 2000;

    /// <summary>The survey of an event, made once: null when the event was surveyed before.</summary>
    public static async Task<SurveyRecord?> CreateAsync(PolicyCareDb db, string moment, string subject, string customer, string policy, string? product,
        string? channel, string? agent, DateOnly today, CancellationToken cancel)
    {
        var key = $"{moment}:{subject}";
        if (await db.Surveys.AnyAsync(s => s.Key == key, cancel)) return null;
        var survey = new SurveyRecord
        {
            Key = key, Moment = moment, CustomerId = customer, PolicyNumber = policy, ProductCode = product, Channel = channel, Agent = agent,
            SentOn = today, ExpiresOn = today.AddDays(OpenDays),
        };
        db.Surveys.Add(survey);
        await db.SaveChangesAsync(cancel);
        return survey;
    }

    /// <summary>Whether the survey can be answered today.</summary>
    public static SurveyRefusal CanAnswer(SurveyRecord? survey, DateOnly today) =>
        survey is null ? SurveyRefusal.Unknown
        : survey.AnsweredOn is not null ? SurveyRefusal.Answered
        : today > survey.ExpiresOn ? SurveyRefusal.Expired
        : SurveyRefusal.None;

    /// <summary>Takes the answer once; the update only touches a survey not yet answered, so a double submit counts once.</summary>
    public static async Task<SurveyRefusal> AnswerAsync(PolicyCareDb db, long id, int csat, int nps, string? comment, DateOnly today, CancellationToken cancel)
    {
        if (csat is < 1 or > 5 || nps is < 0 or > 10 || comment?.Length > CommentLength) return SurveyRefusal.Invalid;
        var survey = await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancel);
        if (CanAnswer(survey, today) is var refusal && refusal != SurveyRefusal.None) return refusal;
        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        var updated = await db.Surveys.Where(s => s.Id == id && s.AnsweredOn == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Csat, csat).SetProperty(s => s.Nps, nps).SetProperty(s => s.Comment, text).SetProperty(s => s.AnsweredOn, today), cancel);
        return updated == 1 ? SurveyRefusal.None : SurveyRefusal.Answered;
    }
}
