namespace PolicyCare.Policies;

/// <summary>The ways a person can be reached. A contact that is null does not exist.</summary>
public sealed record ContactPoints(string? Mobile, string? Email, string? Wechat, string? Kakao, string? Push, string? Address);

/// <summary>Who to call when the customer cannot be reached.</summary>
public sealed record EmergencyContact(string Name, string? Mobile);

/// <summary>Which contact of a person a channel uses.</summary>
public enum ContactKind { Mobile, Email, Wechat, Kakao, Push, Address }

/// <summary>A customer as notices see them: language, age, contacts and preferences.</summary>
public sealed record Customer(
    string Id,
    string Name,
    DateOnly? BirthDate,
    string Locale,
    ContactPoints Contacts,
    IReadOnlyList<string> PreferredChannels,
    EmergencyContact? Emergency,
    IReadOnlySet<ContactKind> InvalidContacts,
    string? NationalIdLast4 = null)
{
    /// <summary>Age in whole years on the date (a 29 February birthday turns over on 1 March in common years).</summary>
    public int? AgeOn(DateOnly date) => BirthDate is { } birth ? Age(birth, date) : null;

    /// <summary>Age in whole years on the date of someone born on <paramref name="birth"/>.</summary>
    public static int Age(DateOnly birth, DateOnly date)
    {
        var age = date.Year - birth.Year;
        if (date < BirthdayIn(birth, date.Year)) age--;
        return age;
    }

    public bool IsElderlyOn(DateOnly date, int elderlyAge) => AgeOn(date) >= elderlyAge;

    // A period ending on a day the month lacks ends with the month (Korean Civil Act art. 160(3)):
    // born on 29 February, one is a year older from 1 March in a common year.
    private static DateOnly BirthdayIn(DateOnly birth, int year) =>
        birth is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year) ? new DateOnly(year, 3, 1) : new DateOnly(year, birth.Month, birth.Day);
}

/// <summary>The employer of a group policy, reached through its benefits contact.</summary>
public sealed record Employer(string Id, string Name, string? ContactEmail, string? ContactMobile);

/// <summary>Everyone a policy's notices may concern.</summary>
public sealed record PolicyParties(Customer Holder, Customer Insured, Employer? Employer, IReadOnlyList<Customer> Members);
