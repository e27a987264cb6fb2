using PolicyCare.Policies;
using System.Globalization;
using System.Text.Json.Nodes;
using PolicyCare.Json;

namespace PolicyCare.Scenarios;

/// <summary>
/// A generated sample book over a scenario file's own products: <c>policySpec</c> policies run for
/// <c>years</c> from the file's <c>start</c>, with the mix of customers and habits an insurer's book
/// has — most pay on time (by auto-debit or by transfer on the due date), some pay late, some stop
/// and lapse, some of those come back by reinstatement; elderly holders, third-party insureds,
/// customers with one preferred channel. The result is an ordinary scenario file, validated and run
/// like any other; the same file, count, years and seed always give the same book.
/// </summary>
public static class SampleBook
{
    public const int DefaultSeed = 20261202;

    private enum Habit { AutoDebit, PaysOnDueDate, PaysLate, DebitFails, Stops, StopsAndReinstates }

    public static string Generate(string scenarioJson, int policies, int years, int seed = DefaultSeed)
    {
        if (policies < 1) throw new InputException("--policies", "must be at least 1", policies.ToString(CultureInfo.InvariantCulture));
        if (years is < 1 or > 10) throw new InputException("--years", "must be between 1 and 10", years.ToString(CultureInfo.InvariantCulture));
        // The file is validated first, so a broken product is reported against the file, not the sample.
        var file = Scenario.Parse(scenarioJson);
        var source = JsonNode.Parse(scenarioJson)!.AsObject();
        var products = source["products"]!.AsArray().Select(p => p!.AsObject()).ToList();
        if (products.Count == 0) throw new InputException("$.products", "must name at least one product to generate a sample book of");

        var random = new Random(seed);
        var start = file.Start;
        var end = start.AddYears(years).AddDays(-1);
        var market = file.Market;
        var locale = market switch { "KR" => "ko-KR", "CN" => "zh-CN", _ => "en-GB" };
        var customers = new JsonArray();
        var book = new JsonArray();
        var events = new List<(DateOnly Date, JsonObject Event)>();

        for (var i = 1; i <= policies; i++)
        {
            var product = products[(i - 1) % products.Count];
            var code = product["code"]!.GetValue<string>();
            var shortTerm = product["term"]?.GetValue<string>() == "short";
            var holder = $"C{i}";
            var elderly = random.Next(10) == 0;
            var birth = elderly
                ? new DateOnly(1940 + random.Next(15), 1 + random.Next(12), 1 + random.Next(28))
                : new DateOnly(1960 + random.Next(40), 1 + random.Next(12), 1 + random.Next(28));
            var messenger = market == "KR" ? "kakao" : "wechat";
            var customer = new JsonObject
            {
                ["id"] = holder,
                ["name"] = $"Customer {i}",
                ["birthDate"] = Date(birth),
                ["locale"] = locale,
                ["mobile"] = $"+100{i:00000000}",
                ["email"] = $"customer{i}@example.com",
                [messenger] = $"{messenger}-{i}",
                ["emergencyContact"] = new JsonObject { ["name"] = $"Contact {i}", ["mobile"] = $"+199{i:00000000}" },
            };
            if (random.Next(4) == 0) customer["channels"] = new JsonArray("sms");
            customers.Add(customer);

            var insured = holder;
            if (random.Next(8) == 0)
            {
                insured = $"C{i}-I";
                customers.Add(new JsonObject
                {
                    ["id"] = insured, ["name"] = $"Insured {i}", ["birthDate"] = Date(birth.AddYears(25)), ["locale"] = locale,
                    ["mobile"] = $"+188{i:00000000}",
                });
            }

            var frequency = shortTerm ? Frequency.Annual : (random.Next(10) switch { < 6 => Frequency.Monthly, < 8 => Frequency.Quarterly, 8 => Frequency.Semiannual, _ => Frequency.Annual });
            var periodMonths = frequency.Months();
            var policyStart = start.AddDays(-random.Next(1, 365));
            // Premiums of the size a customer of this currency pays (KRW has no minor unit and a thousand times the figures).
            var scale = product["currency"]?.GetValue<string>() == "KRW" ? 1000 : 1;
            var premium = (decimal)(100 + random.Next(40) * 25) * periodMonths * scale;
            var habit = (random.Next(20)) switch
            {
                < 10 => Habit.AutoDebit,
                < 14 => Habit.PaysOnDueDate,
                < 16 => Habit.PaysLate,
                16 => Habit.DebitFails,
                17 or 18 => Habit.Stops,
                _ => Habit.StopsAndReinstates,
            };
            var autoDebit = habit is Habit.AutoDebit or Habit.DebitFails or Habit.Stops or Habit.StopsAndReinstates;
            var number = $"P{i}";
            book.Add(new JsonObject
            {
                ["number"] = number, ["product"] = code, ["holder"] = holder, ["insured"] = insured,
                ["start"] = Date(policyStart), ["premium"] = Money(premium), ["frequency"] = frequency.Code(), ["autoDebit"] = autoDebit,
            });

            // Due dates in the sample, counted from the policy's start as the schedule does.
            var dueDates = new List<DateOnly>();
            for (var n = 1; ; n++)
            {
                var due = policyStart.AddMonths(n * periodMonths);
                if (due > end) break;
                if (due >= start) dueDates.Add(due);
            }
            var stopAt = habit is Habit.Stops or Habit.StopsAndReinstates && dueDates.Count > 0 ? random.Next(dueDates.Count) : -1;
            for (var k = 0; k < dueDates.Count; k++)
            {
                var due = dueDates[k];
                switch (habit)
                {
                    case Habit.PaysOnDueDate:
                        events.Add((due, Payment(number, due, premium, "bank-transfer")));
                        break;
                    case Habit.PaysLate:
                        var paidOn = due.AddDays(random.Next(1, 40));
                        if (paidOn <= end) events.Add((paidOn, Payment(number, paidOn, premium, "wechat-pay")));
                        break;
                    case Habit.DebitFails when random.Next(3) == 0:
                        events.Add((due, new JsonObject { ["date"] = Date(due), ["type"] = "debit-failed", ["policy"] = number, ["reason"] = "insufficient-funds" }));
                        var cured = due.AddDays(random.Next(3, 20));
                        if (cured <= end) events.Add((cured, Payment(number, cured, premium, "bank-transfer")));
                        break;
                    case Habit.Stops or Habit.StopsAndReinstates when k == stopAt:
                        events.Add((due, new JsonObject { ["date"] = Date(due), ["type"] = "mandate-revoked", ["policy"] = number }));
                        break;
                }
                if (k == stopAt) break;
            }
            if (habit == Habit.StopsAndReinstates && stopAt >= 0)
            {
                // Back some months after the lapse: applies with a clean declaration and pays the quote generously.
                var request = dueDates[stopAt].AddDays(120 + random.Next(200));
                if (request <= end)
                {
                    events.Add((request, new JsonObject { ["date"] = Date(request), ["type"] = "reinstatement-request", ["policy"] = number, ["healthDeclaration"] = "clean" }));
                    var months = (request.Year - dueDates[stopAt].Year) * 12 + request.Month - dueDates[stopAt].Month + 2;
                    var pay = request.AddDays(random.Next(0, 10));
                    if (pay <= end) events.Add((pay, Payment(number, pay, premium * (months / periodMonths + 2), "bank-transfer")));
                }
            }
        }

        var output = new JsonObject
        {
            ["start"] = Date(start),
            ["end"] = Date(end),
            ["market"] = market,
        };
        if (source["calendar"] is { } calendar) output["calendar"] = calendar.DeepClone();
        output["products"] = source["products"]!.DeepClone();
        output["customers"] = customers;
        output["policies"] = book;
        output["events"] = new JsonArray(events.OrderBy(e => e.Date).Select(e => (JsonNode)e.Event).ToArray());
        return output.ToJsonString();
    }

    private static JsonObject Payment(string policy, DateOnly on, decimal amount, string method) => new()
    {
        ["date"] = Date(on), ["type"] = "payment", ["policy"] = policy, ["amount"] = Money(amount), ["method"] = method,
    };

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Money(decimal m) => m.ToString("0.00", CultureInfo.InvariantCulture);
}
