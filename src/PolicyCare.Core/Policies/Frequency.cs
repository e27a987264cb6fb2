using PolicyCare.Codes;

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

    public static readonly CodeTable<Frequency> Table = new("premium frequency",
        (Frequency.Monthly, "monthly"),
        (Frequency.Quarterly, "quarterly"),
        (Frequency.Semiannual, "semiannual"),
        (Frequency.Annual, "annual"));

    public static string Code(this Frequency frequency) => Table.Code(frequency);

    public static bool TryParse(string text, out Frequency frequency) => Table.TryParse(text, out frequency);
}
