namespace PolicyCare.Billing;

/// <summary>ISO 4217 currencies PolicyCare bills in, with their minor units.</summary>
public static class Currencies
{
    private static readonly Dictionary<string, int> MinorUnits = new(StringComparer.Ordinal)
    {
        ["CNY"] = 2,
        ["KRW"] = 0,
        ["USD"] = 2,
        ["EUR"] = 2,
        ["HKD"] = 2,
        ["JPY"] = 0,
    };

    /// <summary>
    /// The largest amount anywhere in PolicyCare: fourteen whole digits, what a money column of
    /// precision 18 and scale 4 holds. Nothing larger is read, so no sum of stored amounts overflows.
    /// </summary>
    public const decimal LargestAmount = 99_999_999_999_999m;

    public static bool IsKnown(string code) => MinorUnits.ContainsKey(code);

    public static int MinorUnitsOf(string code) =>
        MinorUnits.TryGetValue(code, out var digits)
            ? digits
            : throw new ArgumentException($"unknown currency '{code}'", nameof(code));

    /// <summary>
    /// The one place money is rounded: to the currency's minor unit, midpoint away from zero
    /// (KRW to whole won, CNY to the fen).
    /// </summary>
    public static decimal RoundToMinorUnitAwayFromZero(decimal amount, string currency) =>
        Math.Round(amount, MinorUnitsOf(currency), MidpointRounding.AwayFromZero);

    /// <summary>Whether an amount has no more decimals than the currency allows.</summary>
    public static bool FitsMinorUnit(decimal amount, string currency) =>
        RoundToMinorUnitAwayFromZero(amount, currency) == amount;

    /// <summary>The machine form used in files and the API: "1200.00", "50000".</summary>
    public static string Format(decimal amount, string currency) =>
        amount.ToString("F" + MinorUnitsOf(currency), System.Globalization.CultureInfo.InvariantCulture);
}
