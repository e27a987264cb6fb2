using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Json;
using PolicyCare.Notices;
using PolicyCare.Storage;

namespace PolicyCare.Policies;

/// <summary>A policy as loaded: its contract and whether it pays by auto-debit.</summary>
public sealed record BookPolicy(PolicyRecord Record, bool AutoDebit, IReadOnlyList<string> Members);

/// <summary>Products, customers, employers and policies to load together, validated as a whole.</summary>
public sealed partial record Book(
    IReadOnlyList<Product> Products,
    IReadOnlyList<CustomerRecord> Customers,
    IReadOnlyList<EmployerRecord> Employers,
    IReadOnlyList<BookPolicy> Policies)
{
    public static readonly string[] CustomerFields =
        ["id", "name", "birthDate", "locale", "nationalId", "mobile", "email", "wechat", "kakao", "push", "address", "channels", "emergencyContact"];
    public static readonly string[] EmployerFields = ["id", "name", "contactEmail", "contactMobile"];
    public static readonly string[] PolicyFields =
        ["number", "product", "holder", "insured", "start", "premium", "frequency", "autoDebit", "employer", "members", "sumInsured"];

    /// <summary>The plausible window of a policy's dates: no policy now serviced started before 1900.</summary>
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);
    public static readonly DateOnly LatestDate = new(2199, 12, 31);

    /// <summary>Reads the book sections of a scenario or import file; every error names its JSON path.</summary>
    /// <param name="protect">Encrypts a national ID for storage; without it only the last four digits are kept.</param>
    /// <param name="knownCustomers">Customers already stored that policies may name (API uploads).</param>
    /// <param name="knownEmployers">Employers already stored that policies may name.</param>
    /// <param name="latestStart">The latest start an upload accepts (a year from today); a scenario's book may start any time after 1900.</param>
    public static Book Parse(StrictObject root, IReadOnlyDictionary<string, Product>? knownProducts = null, Func<string, string>? protect = null,
        IReadOnlySet<string>? knownCustomers = null, IReadOnlySet<string>? knownEmployers = null, DateOnly? latestStart = null)
    {
        var products = new Dictionary<string, Product>(knownProducts ?? new Dictionary<string, Product>(), StringComparer.Ordinal);
        var parsedProducts = new List<Product>();
        foreach (var (item, path) in root.Array("products"))
        {
            var product = ProductFile.Parse(item, path);
            if (parsedProducts.Any(p => p.Code == product.Code))
                throw new InputException($"{path}.code", "is used by an earlier product", StrictObject.Quote(product.Code));
            products[product.Code] = product;
            parsedProducts.Add(product);
        }

        var customers = new List<CustomerRecord>();
        foreach (var (item, path) in root.Array("customers"))
        {
            var c = ParseCustomer(new StrictObject(item, path, CustomerFields), protect, latestStart is not null);
            if (customers.Any(x => x.Id == c.Id)) throw new InputException($"{path}.id", "is used by an earlier customer", StrictObject.Quote(c.Id));
            customers.Add(c);
        }
        var customerIds = customers.Select(c => c.Id).Concat(knownCustomers ?? new HashSet<string>()).ToHashSet(StringComparer.Ordinal);

        var employers = new List<EmployerRecord>();
        foreach (var (item, path) in root.Array("employers"))
        {
            var o = new StrictObject(item, path, EmployerFields);
            var e = new EmployerRecord
            {
                Id = Identifier(o, "id", latestStart is not null), Name = NonEmpty(o, "name"),
                ContactEmail = o.OptionalString("contactEmail"), ContactMobile = o.OptionalString("contactMobile"),
            };
            if (employers.Any(x => x.Id == e.Id)) throw new InputException($"{path}.id", "is used by an earlier employer", StrictObject.Quote(e.Id));
            employers.Add(e);
        }

        var policies = new List<BookPolicy>();
        foreach (var (item, path) in root.Array("policies"))
        {
            var o = new StrictObject(item, path, PolicyFields);
            var number = Identifier(o, "number", latestStart is not null);
            if (policies.Any(p => p.Record.Number == number)) throw new InputException(o.At("number"), "is used by an earlier policy", StrictObject.Quote(number));
            var productCode = o.RequiredString("product");
            if (!products.TryGetValue(productCode, out var product))
                throw new InputException(o.At("product"), "names no product in the file", StrictObject.Quote(productCode));
            string Customer(string field, string? value)
            {
                var id = value ?? throw new InputException(o.At(field), "is required");
                return customerIds.Contains(id) ? id : throw new InputException(o.At(field), "names no known customer", StrictObject.Quote(id));
            }
            var holder = Customer("holder", o.OptionalString("holder"));
            var insured = o.Has("insured") ? Customer("insured", o.OptionalString("insured")) : holder;
            var premium = o.RequiredMoney("premium");
            if (premium <= 0) throw new InputException(o.At("premium"), "must be a positive amount", StrictObject.Quote(o.RequiredString("premium")));
            if (!Currencies.FitsMinorUnit(premium, product.Currency))
                throw new InputException(o.At("premium"), $"has more decimals than {product.Currency} allows", StrictObject.Quote(o.RequiredString("premium")));
            var frequencyText = o.RequiredString("frequency");
            if (!Frequencies.TryParse(frequencyText, out var frequency))
                throw new InputException(o.At("frequency"), "must be monthly, quarterly, semiannual or annual", StrictObject.Quote(frequencyText));
            var employer = o.OptionalString("employer");
            if (employer is not null && employers.All(e => e.Id != employer) && knownEmployers?.Contains(employer) != true)
                throw new InputException(o.At("employer"), "names no known employer", StrictObject.Quote(employer));
            var members = o.Array("members").Select(m => m.Item.ValueKind == JsonValueKind.String && customerIds.Contains(m.Item.GetString()!)
                ? m.Item.GetString()!
                : throw new InputException(m.Path, "names no known customer", StrictObject.Show(m.Item))).Distinct().ToList();
            decimal? sumInsured = o.Has("sumInsured") ? o.RequiredMoney("sumInsured") : null;
            if (sumInsured is { } sum && (sum <= 0 || !Currencies.FitsMinorUnit(sum, product.Currency)))
                throw new InputException(o.At("sumInsured"), $"must be a positive amount in {product.Currency}", StrictObject.Quote(o.RequiredString("sumInsured")));
            var start = o.RequiredDate("start");
            // A start of year 1 bills 24,000 installments; a start far ahead is a typo of the year.
            if (start < EarliestDate || start > (latestStart ?? LatestDate))
                throw new InputException(o.At("start"), $"must be between {EarliestDate:yyyy-MM-dd} and {latestStart ?? LatestDate:yyyy-MM-dd}", StrictObject.Quote(start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            policies.Add(new BookPolicy(new PolicyRecord
            {
                Number = number, ProductCode = productCode, HolderId = holder, InsuredId = insured, EmployerId = employer,
                Start = start, Premium = premium, Frequency = frequency, Status = PolicyStatus.InForce, SumInsured = sumInsured,
            }, o.OptionalBool("autoDebit") ?? false, members));
        }
        return new Book(parsedProducts, customers, employers, policies);
    }

    private static CustomerRecord ParseCustomer(StrictObject o, Func<string, string>? protect, bool upload)
    {
        // Left out, the customer hears in the market's language.
        var locale = o.OptionalString("locale") ?? "";
        if (locale.Length > 0 && !LocalFormat.IsSupported(locale))
            throw new InputException(o.At("locale"), "must be zh-CN, ko-KR or en-US", StrictObject.Quote(locale));
        var channels = o.StringArray("channels");
        foreach (var (channel, i) in channels.Select((c, i) => (c, i)))
        {
            if (!Channels.TryParse(channel, out var c) || !c.IsDigital())
                throw new InputException($"{o.At("channels")}[{i}]", "must be sms, email, wechat, kakao or push", StrictObject.Quote(channel));
        }
        var nationalId = o.OptionalString("nationalId");
        var emergency = o.OptionalObject("emergencyContact", "name", "mobile");
        return new CustomerRecord
        {
            Id = Identifier(o, "id", upload),
            Name = NonEmpty(o, "name"),
            BirthDate = o.OptionalDate("birthDate"),
            Locale = locale,
            NationalIdLast4 = nationalId is { Length: >= 4 } ? nationalId[^4..] : nationalId,
            NationalIdProtected = nationalId is not null && protect is not null ? protect(nationalId) : null,
            Mobile = o.OptionalString("mobile"),
            Email = o.OptionalString("email"),
            Wechat = o.OptionalString("wechat"),
            Kakao = o.OptionalString("kakao"),
            Push = o.OptionalString("push"),
            Address = o.OptionalString("address"),
            PreferredChannels = string.Join(",", channels),
            EmergencyName = emergency?.OptionalString("name"),
            EmergencyMobile = emergency?.OptionalString("mobile"),
        };
    }

    /// <summary>
    /// Policy numbers, customer and employer ids as an upload gives them: 1 to 40 letters, digits,
    /// dots, dashes and underscores, starting with a letter or digit. They travel into addresses,
    /// file names, CSV files and letters, where nothing else is safe. A scenario's own book keeps any non-empty id.
    /// </summary>
    private static string Identifier(StrictObject o, string field, bool upload)
    {
        var value = NonEmpty(o, field);
        if (upload && !IdentifierPattern().IsMatch(value))
            throw new InputException(o.At(field), "must be 1 to 40 letters, digits, '.', '-' or '_', starting with a letter or digit", StrictObject.Quote(value));
        return value;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
    private static partial System.Text.RegularExpressions.Regex IdentifierPattern();

    private static string NonEmpty(StrictObject o, string field)
    {
        var value = o.RequiredString(field);
        return value.Length > 0 ? value : throw new InputException(o.At(field), "must not be empty");
    }

    /// <summary>
    /// Loads the book in one transaction: either all of it or nothing. Every installment due before
    /// <paramref name="paidBefore"/> counts as paid; the cycle first looks at each policy on that date.
    /// </summary>
    public async Task LoadAsync(PolicyCareDb db, DateOnly paidBefore, CancellationToken cancel = default)
    {
        var products = Products.ToDictionary(p => p.Code);
        foreach (var code in Policies.Select(p => p.Record.ProductCode).Distinct().Where(c => !products.ContainsKey(c)))
            products[code] = (await db.Products.FindAsync([code], cancel))?.ToProduct() ?? throw new InputException("$.policies", $"product '{code}' is not known");

        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        foreach (var p in Products)
        {
            db.Products.Add(new ProductRecord { Code = p.Code, Definition = ProductJson.Write(p) });
        }
        db.Customers.AddRange(Customers);
        db.Employers.AddRange(Employers);
        foreach (var bp in Policies)
        {
            var record = bp.Record;
            var terms = record.ToTerms(products[record.ProductCode]);
            record.Store(PolicyStanding.PaidUpTo(terms, paidBefore, bp.AutoDebit));
            record.NextReviewOn = paidBefore;
            db.Policies.Add(record);
            if (bp.AutoDebit) db.Mandates.Add(Mandates.CarriedOverFor(record.Number, record.Start));
            db.PolicyMembers.AddRange(bp.Members.Select(m => new PolicyMemberRecord { PolicyNumber = record.Number, CustomerId = m }));
        }
        await db.SaveChangesAsync(cancel);
        await tx.CommitAsync(cancel);
    }
}

public static class BookUpserts
{
    /// <summary>
    /// Inserts what is new and updates what exists, in one transaction. A policy's contract (product,
    /// start, premium, frequency) cannot be changed here: its account is counted from them, and such
    /// a change is a policy change with effective dates (Servicing).
    /// </summary>
    public static async Task UpsertAsync(this Book book, PolicyCareDb db, DateOnly asOf, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        var products = (await db.Products.AsNoTracking().ToListAsync(cancel)).ToDictionary(p => p.Code, p => p.ToProduct());
        foreach (var p in book.Products) products[p.Code] = p;
        for (var k = 0; k < book.Products.Count; k++)
            await Servicing.RenewalPricing.CheckUpdateAsync(db, book.Products[k], $"$.products[{k}]", asOf, cancel);
        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        foreach (var p in book.Products)
        {
            var record = await db.Products.FindAsync([p.Code], cancel);
            if (record is null) db.Products.Add(new ProductRecord { Code = p.Code, Definition = ProductJson.Write(p) });
            else record.Definition = ProductJson.Write(p);
        }
        var done = 0;
        foreach (var c in book.Customers)
        {
            progress?.Report(++done);
            var record = await db.Customers.FindAsync([c.Id], cancel);
            if (record is null) { db.Customers.Add(c); continue; }
            var invalid = record.InvalidContacts;
            var protectedId = c.NationalIdProtected ?? record.NationalIdProtected;
            db.Entry(record).CurrentValues.SetValues(c);
            // A changed contact is a new contact: it is no longer known to be invalid.
            record.InvalidContacts = invalid;
            record.NationalIdProtected = protectedId;
        }
        foreach (var e in book.Employers)
        {
            var record = await db.Employers.FindAsync([e.Id], cancel);
            if (record is null) db.Employers.Add(e);
            else db.Entry(record).CurrentValues.SetValues(e);
        }
        var grown = new List<(PolicyRecord Policy, int Joined)>();
        foreach (var (bp, i) in book.Policies.Select((p, i) => (p, i)))
        {
            progress?.Report(++done);
            var incoming = bp.Record;
            var record = await db.Policies.FindAsync([incoming.Number], cancel);
            if (record is null)
            {
                var terms = incoming.ToTerms(products[incoming.ProductCode]);
                incoming.Store(PolicyStanding.PaidUpTo(terms, asOf, bp.AutoDebit));
                incoming.NextReviewOn = asOf;
                db.Policies.Add(incoming);
                if (bp.AutoDebit) db.Mandates.Add(Mandates.CarriedOverFor(incoming.Number, incoming.Start));
            }
            else
            {
                foreach (var (field, same) in new (string, bool)[]
                         {
                             ("product", record.ProductCode == incoming.ProductCode), ("start", record.Start == incoming.Start),
                             ("premium", record.Premium == incoming.Premium), ("frequency", record.Frequency == incoming.Frequency),
                         })
                {
                    if (!same) throw new Json.InputException($"$.policies[{i}].{field}", "cannot change on an existing policy (that is a policy change with an effective date)");
                }
                record.HolderId = incoming.HolderId;
                record.InsuredId = incoming.InsuredId;
                record.EmployerId = incoming.EmployerId;
                record.SumInsured = incoming.SumInsured ?? record.SumInsured;
                if (record.MandateActive != bp.AutoDebit)
                {
                    // The insurer's book says the payment method changed outside PolicyCare: the consent on file follows it.
                    record.MandateActive = bp.AutoDebit;
                    var active = await db.Mandates.Where(m => m.PolicyNumber == record.Number && m.RevokedAt == null).ToListAsync(cancel);
                    var at = new DateTimeOffset(asOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                    if (bp.AutoDebit && active.Count == 0) db.Mandates.Add(Mandates.CarriedOverFor(record.Number, asOf));
                    if (!bp.AutoDebit) active.ForEach(m => m.RevokedAt = at);
                }
                var before = await db.PolicyMembers.Where(m => m.PolicyNumber == record.Number).ToListAsync(cancel);
                db.PolicyMembers.RemoveRange(before);
                // People joining a group policy are a life event the policy review answers (保单检视).
                if (bp.Members.Count(m => before.All(b => b.CustomerId != m)) is > 0 and var joined) grown.Add((record, joined));
            }
            db.PolicyMembers.AddRange(bp.Members.Select(m => new PolicyMemberRecord { PolicyNumber = incoming.Number, CustomerId = m }));
        }
        await db.SaveChangesAsync(cancel);
        if (grown.Count > 0)
        {
            var reference = await ReferenceData.LoadAsync(db, cancel);
            foreach (var (policy, joined) in grown)
                await Servicing.PolicyReviewer.ReviewAsync(db, reference, policy, asOf, DateTimeOffset.UtcNow, joined, null, cancel);
        }
        await tx.CommitAsync(cancel);
    }
}

/// <summary>Writes a product back to the JSON of the product format (what is stored is what was validated).</summary>
public static class ProductJson
{
    public static string Write(Product p)
    {
        var o = new System.Text.Json.Nodes.JsonObject
        {
            ["code"] = p.Code,
            ["term"] = p.Term == PolicyTerm.Long ? "long" : "short",
            ["currency"] = p.Currency,
        };
        if (p.Name is not null) o["name"] = p.Name;
        if (p.Names is { Count: > 0 } names)
        {
            var byLocale = new System.Text.Json.Nodes.JsonObject();
            foreach (var (locale, name) in names.OrderBy(x => x.Key, StringComparer.Ordinal)) byLocale[locale] = name;
            o["names"] = byLocale;
        }
        if (p.Market is not null) o["market"] = p.Market;
        if (p.Grace is { } g)
            o["grace"] = g.EndOfFollowingMonth ? new System.Text.Json.Nodes.JsonObject { ["endOfFollowingMonth"] = true } : new System.Text.Json.Nodes.JsonObject { ["days"] = g.Days };
        o["reinstatement"] = new System.Text.Json.Nodes.JsonObject
        {
            ["windowDays"] = p.Reinstatement.WindowDays,
            ["annualInterestRate"] = p.Reinstatement.AnnualInterestRate.ToString(CultureInfo.InvariantCulture),
            ["healthDeclaration"] = p.Reinstatement.HealthDeclaration,
        };
        o["debitRetryDays"] = new System.Text.Json.Nodes.JsonArray(p.DebitRetryDays.Select(d => (System.Text.Json.Nodes.JsonNode?)d).ToArray());
        o["preDebitNoticeDays"] = p.PreDebitNoticeDays;
        o["elderlyAge"] = p.ElderlyAge;
        o["cadence"] = new System.Text.Json.Nodes.JsonObject
        {
            ["secondReminderDaysBeforeGraceEnd"] = p.Cadence.SecondReminderDaysBeforeGraceEnd,
            ["followUpMonths"] = p.Cadence.FollowUpMonths,
            ["followUpEmailEveryMonths"] = p.Cadence.FollowUpEmailEveryMonths,
            ["renewalNoticeDaysBefore"] = new System.Text.Json.Nodes.JsonArray(p.Cadence.RenewalDaysBefore.Select(d => (System.Text.Json.Nodes.JsonNode?)d).ToArray()),
            ["earlyReminderDaysBefore"] = p.Cadence.EarlyReminderDaysBefore,
        };
        if (p.ReliefOffered is { } r)
        {
            var relief = new System.Text.Json.Nodes.JsonObject();
            if (r.PaymentPlanMaxInstallments is { } a) relief["paymentPlanMaxInstallments"] = a;
            if (r.DeferralMaxDays is { } b) relief["deferralMaxDays"] = b;
            if (r.OnTimeDiscountRate is { } c) relief["onTimeDiscountRate"] = c.ToString(CultureInfo.InvariantCulture);
            if (r.OnTimePoints is { } d) relief["onTimePoints"] = d;
            if (r.LoyaltyAfter is { } e) relief["loyaltyAfter"] = e;
            if (r.LoyaltyPoints is { } f) relief["loyaltyPoints"] = f;
            o["relief"] = relief;
        }
        if (p.AlternativesOffered is { } alt)
        {
            o["alternatives"] = new System.Text.Json.Nodes.JsonObject
            {
                ["cashValuePerAnnualPremium"] = new System.Text.Json.Nodes.JsonArray(alt.CashValuePerAnnualPremium.Select(v => (System.Text.Json.Nodes.JsonNode?)v.ToString(CultureInfo.InvariantCulture)).ToArray()),
                ["policyLoanRatio"] = alt.PolicyLoanRatio.ToString(CultureInfo.InvariantCulture),
                ["paidUpSumPerCashValue"] = alt.PaidUpSumPerCashValue.ToString(CultureInfo.InvariantCulture),
                ["automaticPremiumLoan"] = alt.AutomaticPremiumLoan,
            };
        }
        if (p.PaymentsAccepted is { } pay)
        {
            o["payments"] = new System.Text.Json.Nodes.JsonObject
            {
                ["maximum"] = pay.Maximum.ToString(CultureInfo.InvariantCulture),
                ["othersMayPay"] = pay.OthersMayPay,
            };
        }
        if (p.Benefits is { } benefits) o["benefits"] = Claims.BenefitFile.Write(benefits, p.Currency);
        if (p.ClaimTerms is { } claims) o["claims"] = Claims.BenefitFile.Write(claims, p.Currency);
        if (p.Clauses is { } clauses) o["clauses"] = Servicing.Disclosure.Write(clauses);
        if (p.Renewal is { } renewal) o["renewal"] = Servicing.Renewals.Write(renewal, p.Currency);
        if (p.Review is { } review) o["review"] = Servicing.PolicyReviews.Write(review, p.Currency);
        if (p.Inspection is { } inspection) o["inspections"] = Servicing.Inspections.Write(inspection, p.Currency);
        if (p.Changes is { } changes) o["changes"] = Servicing.CoverChanges.Write(changes, p.Currency);
        return o.ToJsonString(Timeline.Json);
    }
}
