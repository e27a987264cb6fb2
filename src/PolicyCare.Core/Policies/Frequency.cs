namespace PolicyCare.Policies;

/// <summary>How often a premium falls due.</summary>
public enum Frequency { Monthly, Quarterly, Semiannual, Annual }

public static class Frequencies
{
    public static int Months(this Frequency frequency) => frequency switch
    {
        Frequency.Monthly => 1,
        Frequency.Quarterly => 3,
        Frequency.Semiannual => 6,
        Frequency.Annual => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(frequency)),
    };

    public static string Code(this Frequency frequency) => frequency.ToString().ToLowerInvariant();

    public static bool TryParse(string text, out Frequency frequency)
    {
        foreach (var f in Enum.GetValues<Frequency>())
        {
            if (f.Code() == text) { frequency = f; return true; }
        }
        frequency = default;
        return false;
    }
}
