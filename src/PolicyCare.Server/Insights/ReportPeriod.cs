using PolicyCare.Json;

namespace PolicyCare.Insights;

/// <summary>The period of a report asked for by <c>?from=&amp;to=</c>: up to today by default, the given number of days long.</summary>
public static class ReportPeriod
{
    /// <summary>Throws <see cref="InputException"/> naming the parameter when a date is malformed or <c>from</c> is after <c>to</c>.</summary>
    public static (DateOnly First, DateOnly Last) Parse(string? from, string? to, DateOnly today, int days)
    {
        var last = to is null ? today : StrictObject.ParseDate(to, "to");
        var first = from is null ? last.AddDays(1 - days) : StrictObject.ParseDate(from, "from");
        return first <= last ? (first, last) : throw new InputException("from", "is after to", from);
    }
}
