using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Claims;
using PolicyCare.Delinquency;
using PolicyCare.Policies;
using PolicyCare.Servicing;
using PolicyCare.Storage;

namespace PolicyCare.Bench;

/// <summary>
/// Claims and changes of cover in the generated book, made through the same desks as a customer's or a handler's, in
/// shares like a mixed life-and-health book: one claim a day per thousand policies (about a third of the policies claim
/// in a year, most of them small health claims), one change of cover a day per ten thousand. Renewals need nothing
/// here: the one-year health policies (about 7 % of the book) are offered, renewed or lapsed by the cycle itself.
/// A claim arrives with all its documents seven times in ten, the rest three days later; handlers decide what waits
/// in review two days after it became complete; the cycle watches every claim's deadline and sends its survey.
/// </summary>
internal sealed class BookActivity(GeneratedBook book)
{
    /// <summary>Claims a day per policy, and changes of cover.</summary>
    public const double ClaimsPerPolicyDay = 1.0 / 1_000, ChangesPerPolicyDay = 1.0 / 10_000;

    private readonly List<double> _fastTrackMs = [];

    public IReadOnlyList<double> FastTrackMilliseconds => _fastTrackMs;

    public sealed record DayCounts(int Claims, int FastTracked, int DocumentsLater, int Decided, int Changes, int ChangesRefused);

    /// <summary>The day's claims, late documents, handlers' decisions and changes of cover, each in its own transaction as the API makes it.</summary>
    /// <param name="beforeTheCycle">A day before the book's first cycle (claims already open when it starts): claims only, on policies paid up.</param>
    public async Task<DayCounts> RunDayAsync(Database database, DateOnly day, int dayIndex, bool beforeTheCycle = false)
    {
        int claims = 0, fastTracked = 0, later = 0, decided = 0, changes = 0, refused = 0;
        var random = new Random(dayIndex * 7919 + 17);
        await using var db = database.Open();
        var products = (await ReferenceData.LoadAsync(db)).Products;

        // Documents promised three days ago arrive.
        var waiting = await db.Claims.AsNoTracking().Where(c => c.SubmittedOn == day.AddDays(-3) && c.CompleteOn == null && c.ClosedOn == null)
            .Select(c => new { c.Id, c.PolicyNumber, c.BenefitCode }).ToListAsync();
        foreach (var w in waiting)
        {
            var product = products[(await db.Policies.AsNoTracking().Where(p => p.Number == w.PolicyNumber).Select(p => p.ProductCode).SingleAsync())];
            await ClaimDesk.ReceiveDocumentsAsync(db, w.Id, product.Benefit(w.BenefitCode)!.Documents, day);
            db.ChangeTracker.Clear();
            later++;
        }
        // Handlers clear what has waited in review for two days.
        var review = await db.Claims.AsNoTracking().Where(c => c.Route == "review" && c.CompleteOn != null && c.CompleteOn <= day.AddDays(-2) && c.DecidedOn == null && c.ClosedOn == null)
            .OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
        foreach (var id in review)
        {
            await ClaimDesk.DecideAsync(db, id, ClaimDecision.Approved, null, null, day);
            db.ChangeTracker.Clear();
            decided++;
        }

        var wanted = (int)Math.Round(book.Count * ClaimsPerPolicyDay);
        for (var k = 0; claims < wanted && k < wanted * 4; k++)
        {
            var index = random.Next(book.Count);
            if (beforeTheCycle && GeneratedBook.HabitOf(index) != PayingHabit.OnTime) continue;
            var number = GeneratedBook.NumberOf(index);
            var policy = await db.Policies.AsNoTracking().Where(p => p.Number == number).Select(p => new { p.ProductCode, p.Status, p.Start, p.HolderId }).SingleAsync();
            // A claim on a policy in force for longer than any waiting period, and not already claimed on today.
            if (policy.Status != PolicyStatus.InForce || policy.Start > day.AddDays(-120)) continue;
            var id = $"CB{day:yyMMdd}{claims:00000}";
            var (benefitCode, loss) = policy.ProductCode switch
            {
                "KR-LIFE" => random.Next(4) == 0 ? ("HOSP", new ClaimedLoss(Days: 1 + random.Next(6))) : ("SILSON", new ClaimedLoss(Expense: 10_000m * random.Next(5, 60))),
                "HEALTH-1Y" => random.Next(3) == 0 ? ("HOSP", new ClaimedLoss(Days: 1 + random.Next(6))) : ("MED", new ClaimedLoss(Expense: 50m * random.Next(4, 40))),
                _ => random.Next(10) == 0 ? ("DEATH", new ClaimedLoss()) : ("CI", new ClaimedLoss()),
            };
            var benefit = products[policy.ProductCode].Benefit(benefitCode)!;
            var complete = random.Next(10) < 7;
            var clock = Stopwatch.StartNew();
            await ClaimDesk.SubmitAsync(db, new ClaimSubmission(id, number, benefitCode, day.AddDays(-1 - random.Next(10)), loss,
                complete ? benefit.Documents : benefit.Documents.Take(1).ToList(), day) { ClaimantId = policy.HolderId, ReviewSignals = true });
            var elapsed = clock.Elapsed.TotalMilliseconds;
            db.ChangeTracker.Clear();
            if (await db.Claims.AsNoTracking().AnyAsync(c => c.Id == id && c.Route == "fast-track" && c.DecidedOn == day))
            {
                _fastTrackMs.Add(elapsed);
                fastTracked++;
            }
            claims++;
        }

        var changesWanted = beforeTheCycle ? 0 : Math.Max(1, (int)Math.Round(book.Count * ChangesPerPolicyDay));
        for (var k = 0; changes + refused < changesWanted && k < changesWanted * 4; k++)
        {
            var number = GeneratedBook.NumberOf(random.Next(book.Count));
            var policy = await db.Policies.AsNoTracking().Where(p => p.Number == number).Select(p => new { p.ProductCode, p.Status, p.Frequency }).SingleAsync();
            if (policy.Status != PolicyStatus.InForce || policy.ProductCode == "HEALTH-1Y") continue;
            // Most ask to pay less often from the next anniversary; the rest to pay for fewer years.
            var request = policy.Frequency == Frequency.Monthly && random.Next(3) > 0
                ? new CoverChangeRequest(CoverChangeKind.Frequency, Frequency: Frequency.Annual)
                : new CoverChangeRequest(CoverChangeKind.PaymentTerm, PaymentYears: 15);
            var (_, refusal) = await CoverChangeDesk.ConfirmAsync(db, number, request, HealthDeclaration.None, "bench", day,
                new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero), default);
            db.ChangeTracker.Clear();
            if (refusal is null) changes++;
            else refused++;
        }
        return new DayCounts(claims, fastTracked, later, decided, changes, refused);
    }
}
