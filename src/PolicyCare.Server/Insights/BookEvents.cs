using Microsoft.EntityFrameworkCore;
using PolicyCare.Policies;

namespace PolicyCare.Insights;

/// <summary>
/// The events behind the dashboard's numbers, as named lists of timeline entries. The dashboard counts
/// them and its drill-down lists them through the same queries, so a number and its list never differ.
/// </summary>
public static class BookEvents
{
    /// <summary>Auto-debits the bank answered (a request still waiting for its answer is not counted).</summary>
    public const string Debits = "debits";
    public const string MissedDebits = "missed-debits";
    public const string Lapses = "lapses";
    /// <summary>Applications to reinstate: the quote a customer or an agent asked for.</summary>
    public const string Applications = "applications";
    public const string Restorations = "restorations";

    public static IReadOnlyList<string> All { get; } = [Debits, MissedDebits, Lapses, Applications, Restorations];

    public static bool IsKnown(string? what) => what is not null && All.Contains(what);

    public static IQueryable<TimelineEntry> Of(IQueryable<TimelineEntry> timeline, string what) => what switch
    {
        Debits => timeline.Where(e => e.Kind == "debit" && !EF.Functions.Like(e.Data, Requested)),
        MissedDebits => timeline.Where(e => e.Kind == "debit" && !EF.Functions.Like(e.Data, Requested) && !EF.Functions.Like(e.Data, Paid)),
        Lapses => timeline.Where(e => e.Kind == "status" && EF.Functions.Like(e.Data, ToLapsed)),
        Applications => timeline.Where(e => e.Kind == "reinstatement-quote"),
        Restorations => timeline.Where(e => e.Kind == "status" && EF.Functions.Like(e.Data, FromLapsed) && EF.Functions.Like(e.Data, ToInForce)),
        _ => throw new ArgumentOutOfRangeException(nameof(what), what, "not a kind of book event"),
    };

    public static IQueryable<TimelineEntry> Between(IQueryable<TimelineEntry> timeline, DateOnly from, DateOnly to) =>
        timeline.Where(e => e.On >= from && e.On <= to);

    /// <summary>One day's debits answered, collected, and lapses: what the trend charts are drawn from.</summary>
    public sealed record Day(DateOnly On, int Debits, int Collected, int Lapses);

    public static async Task<List<Day>> DaysAsync(IQueryable<TimelineEntry> timeline, DateOnly from, DateOnly to, CancellationToken cancel) =>
        (await Between(timeline, from, to).Where(e => e.Kind == "debit" || e.Kind == "status")
            .GroupBy(e => e.On)
            .Select(g => new
            {
                On = g.Key,
                Debits = g.Count(e => e.Kind == "debit" && !EF.Functions.Like(e.Data, Requested)),
                Collected = g.Count(e => e.Kind == "debit" && EF.Functions.Like(e.Data, Paid)),
                Lapses = g.Count(e => e.Kind == "status" && EF.Functions.Like(e.Data, ToLapsed)),
            })
            .ToListAsync(cancel))
        .Select(d => new Day(d.On, d.Debits, d.Collected, d.Lapses)).OrderBy(d => d.On).ToList();

    /// <summary>
    /// The spans a period is charted in: days for a month or less, weeks (from Monday) up to half a year,
    /// months beyond — a dozen or so columns a reader can compare, never hundreds.
    /// </summary>
    public static List<(DateOnly From, DateOnly To)> Buckets(DateOnly from, DateOnly to)
    {
        var days = Days(from, to);
        var buckets = new List<(DateOnly, DateOnly)>();
        var start = from;
        while (start <= to)
        {
            var end = days <= 31 ? start
                : days <= 183 ? start.AddDays(6 - ((int)start.DayOfWeek + 6) % 7)
                : new DateOnly(start.Year, start.Month, 1).AddMonths(1).AddDays(-1);
            if (end > to) end = to;
            buckets.Add((start, end));
            start = end.AddDays(1);
        }
        return buckets;
    }

    public static bool InMonths(DateOnly from, DateOnly to) => Days(from, to) > 183;

    private static int Days(DateOnly from, DateOnly to) => to.DayNumber - from.DayNumber + 1;

    private const string Requested = "%\"result\":\"requested\"%";
    private const string Paid = "%\"result\":\"paid\"%";
    private const string ToLapsed = "%\"to\":\"lapsed\"%";
    private const string FromLapsed = "%\"from\":\"lapsed\"%";
    private const string ToInForce = "%\"to\":\"in-force\"%";
}
