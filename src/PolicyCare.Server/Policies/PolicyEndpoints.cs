using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Json;
using PolicyCare.Storage;

namespace PolicyCare.Policies;

public sealed record ProductView(string Code, string? Name, string? Market, JsonObject Definition);
public sealed record PolicySummary(string Number, string Product, string Holder, string Status, DateOnly StatusSince, string Premium, string Frequency, DateOnly? NextReviewOn);
public sealed record PolicyDetail(string Number, string Product, string Currency, string Holder, string Insured, string? Employer, string Status, DateOnly StatusSince,
    DateOnly Start, string Premium, string Frequency, bool AutoDebit, string Outstanding, string Credit, DateOnly? NextDueDate,
    IReadOnlyList<InstallmentView> OpenInstallments, DateOnly? LapsedOn, DateOnly? GraceEndsOn);
public sealed record InstallmentView(int Sequence, DateOnly DueDate, string Premium, string Unpaid, string Status);
public sealed record TimelineView(DateOnly Date, string Kind, JsonObject Data);
public sealed record CustomerView(string Id, string Name, DateOnly? BirthDate, string Locale, string? NationalIdLast4, string? Mobile, string? Email,
    string? Wechat, string? Kakao, string? Push, string? Address, IReadOnlyList<string> Channels, string? EmergencyName, string? EmergencyMobile);
public sealed record BookLoaded(int Products, int Customers, int Employers, int Policies);

/// <summary>Products, customers, policies and their timelines: what the policy administration system keeps in step.</summary>
public static class PolicyEndpoints
{
    public static IEndpointRouteBuilder MapPolicyEndpoints(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/api/v1/products").WithTags("Policies").RequireAuthorization();
        products.MapGet("/", ListProductsAsync);
        products.MapGet("/{code}", GetProductAsync);
        products.MapPut("/{code}", PutProductAsync).Accepts<JsonObject>("application/json")
            .Produces<ProductView>().Produces<ProductView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status403Forbidden);

        var customers = app.MapGroup("/api/v1/customers").WithTags("Policies").RequireAuthorization();
        customers.MapGet("/{id}", GetCustomerAsync);
        customers.MapPut("/{id}", PutCustomerAsync).Accepts<JsonObject>("application/json").ProducesProblem(StatusCodes.Status403Forbidden);

        var book = app.MapGroup("/api/v1/book").WithTags("Policies").RequireAuthorization(p => p.RequireRole(Roles.BookKeepers));
        book.MapPost("/", LoadBookAsync).Accepts<JsonObject>("application/json").Produces<BookLoaded>();
        book.MapPost("/csv", LoadCsvAsync).Accepts<string>("text/csv").Produces<BookLoaded>();

        var policies = app.MapGroup("/api/v1/policies").WithTags("Policies").RequireAuthorization();
        policies.MapGet("/", ListPoliciesAsync);
        policies.MapGet("/{number}", GetPolicyAsync);
        policies.MapGet("/{number}/installments", InstallmentsAsync);
        policies.MapGet("/{number}/timeline", TimelineAsync);
        policies.MapPut("/{number}", PutPolicyAsync).Accepts<JsonObject>("application/json").ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<Ok<List<ProductView>>> ListProductsAsync(Database database, CancellationToken cancel)
    {
        await using var db = database.Open();
        var list = await db.Products.AsNoTracking().OrderBy(p => p.Code).ToListAsync(cancel);
        return TypedResults.Ok(list.Select(ToView).ToList());
    }

    private static async Task<Results<Ok<ProductView>, NotFound>> GetProductAsync(Database database, string code, CancellationToken cancel)
    {
        await using var db = database.Open();
        var p = await db.Products.AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, cancel);
        return p is null ? TypedResults.NotFound() : TypedResults.Ok(ToView(p));
    }

    /// <summary>Creates or replaces a product; the body is validated like a scenario file's product.</summary>
    private static async Task<IResult> PutProductAsync(Database database, TimeProvider time, ClaimsPrincipal user, HttpRequest request, string code, CancellationToken cancel)
    {
        if (!user.IsAnyOf(Roles.BookKeepers)) return TypedResults.Forbid();
        using var body = await Problems.ReadJsonAsync(request, cancel);
        var product = ProductFile.Parse(body.RootElement, "$");
        if (product.Code != code) return Problems.Field("$.code", $"must match the code in the address ('{code}')");
        await using var db = database.Open();
        await Servicing.RenewalPricing.CheckUpdateAsync(db, product, "$", await Access.TodayAsync(db, time, cancel), cancel);
        var record = await db.Products.FindAsync([code], cancel);
        var created = record is null;
        if (record is null) db.Products.Add(record = new ProductRecord { Code = code, Definition = ProductJson.Write(product) });
        else record.Definition = ProductJson.Write(product);
        await db.SaveChangesAsync(cancel);
        return created ? TypedResults.Created($"/api/v1/products/{code}", ToView(record)) : TypedResults.Ok(ToView(record));
    }

    private static ProductView ToView(ProductRecord p)
    {
        var definition = JsonNode.Parse(p.Definition)!.AsObject();
        return new ProductView(p.Code, definition["name"]?.GetValue<string>(), definition["market"]?.GetValue<string>(), definition);
    }

    /// <summary>Creates or updates one customer (the book upload's customer object); the id in the body must match.</summary>
    private static async Task<IResult> PutCustomerAsync(Database database, TimeProvider time, NationalIds protector, ClaimsPrincipal user, HttpRequest request, string id, CancellationToken cancel)
    {
        if (!user.CanSeeCustomer(id)) return TypedResults.NotFound();
        if (!user.IsAnyOf(Roles.BookKeepers)) return TypedResults.Forbid();
        return await PutOneAsync(database, time, protector, request, "customers", "id", id, cancel);
    }

    /// <summary>Creates a policy, or updates its parties and auto-debit; the contract itself (product, start, premium, frequency) is fixed.</summary>
    private static async Task<IResult> PutPolicyAsync(Database database, TimeProvider time, NationalIds protector, ClaimsPrincipal user, HttpRequest request, string number, CancellationToken cancel)
    {
        await using (var db = database.Open())
        {
            if (!user.IsStaff()) return await db.FindVisiblePolicyAsync(user, number, cancel) is null ? TypedResults.NotFound() : TypedResults.Forbid();
        }
        if (!user.IsAnyOf(Roles.BookKeepers)) return TypedResults.Forbid();
        return await PutOneAsync(database, time, protector, request, "policies", "number", number, cancel);
    }

    private static async Task<IResult> PutOneAsync(Database database, TimeProvider time, NationalIds protector, HttpRequest request,
        string section, string key, string value, CancellationToken cancel)
    {
        using var body = await Problems.ReadJsonAsync(request, cancel);
        if (body.RootElement.ValueKind != JsonValueKind.Object) throw new InputException("$", "must be an object");
        if (!body.RootElement.TryGetProperty(key, out var given) || given.ValueKind != JsonValueKind.String || given.GetString() != value)
            return Problems.Field($"$.{key}", $"must match the address ('{value}')");
        var wrapped = new JsonObject { [section] = new JsonArray(JsonNode.Parse(body.RootElement.GetRawText())) };
        using var doc = JsonDocument.Parse(wrapped.ToJsonString());
        await using var db = database.Open();
        Book parsed;
        try
        {
            parsed = await BookImport.ParseJsonAsync(db, doc.RootElement, protector.Protect, await Access.TodayAsync(db, time, cancel), cancel);
        }
        catch (InputException e) when (e.Path.StartsWith($"$.{section}[0]", StringComparison.Ordinal))
        {
            var path = "$" + e.Path[$"$.{section}[0]".Length..];
            return Problems.Field(path, e.Message[(e.Path.Length + 2)..]);
        }
        var existed = section == "customers" ? await db.Customers.AnyAsync(c => c.Id == value, cancel) : await db.Policies.AnyAsync(p => p.Number == value, cancel);
        await parsed.UpsertAsync(db, await Access.TodayAsync(db, time, cancel), cancel: cancel);
        var location = $"/api/v1/{section}/{value}";
        return existed ? TypedResults.Ok(new { updated = value }) : TypedResults.Created(location, new { created = value });
    }

    private static async Task<Results<Ok<CustomerView>, NotFound>> GetCustomerAsync(Database database, ClaimsPrincipal user, string id, CancellationToken cancel)
    {
        if (!user.CanSeeCustomer(id)) return TypedResults.NotFound();
        await using var db = database.Open();
        var c = await db.Customers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancel);
        if (c is null) return TypedResults.NotFound();
        // An integrator's key reads contacts masked unless it was given the scope for them.
        string? Show(Notices.Channel channel, string? value) => value is null || user.SeesFullContacts() ? value : PolicyCare.Notices.NoticeEndpoints.MaskAddress(channel, value);
        return TypedResults.Ok(new CustomerView(c.Id, c.Name, c.BirthDate, c.Locale, c.NationalIdLast4, Show(PolicyCare.Notices.Channel.Sms, c.Mobile), Show(PolicyCare.Notices.Channel.Email, c.Email),
            Show(PolicyCare.Notices.Channel.Wechat, c.Wechat), Show(PolicyCare.Notices.Channel.Kakao, c.Kakao), Show(PolicyCare.Notices.Channel.Push, c.Push),
            Show(PolicyCare.Notices.Channel.Letter, c.Address), Mapping.SplitList(c.PreferredChannels), c.EmergencyName, Show(PolicyCare.Notices.Channel.Sms, c.EmergencyMobile)));
    }

    /// <summary>
    /// Bulk upsert of a book in the scenario file's shape (products, customers, employers, policies),
    /// all or nothing. New policies count every installment due before <c>asOf</c> as paid.
    /// </summary>
    private static async Task<IResult> LoadBookAsync(Database database, TimeProvider time, NationalIds protector, HttpRequest request, CancellationToken cancel)
    {
        Problems.AllowLargeBody(request.HttpContext);
        using var body = await Problems.ReadJsonAsync(request, cancel);
        await using var db = database.Open();
        var today = await Access.TodayAsync(db, time, cancel);
        var asOf = BookImport.AsOf(new StrictObject(body.RootElement, "$", "asOf", "products", "customers", "employers", "policies").OptionalDate("asOf"), today, "$.asOf");
        var parsed = await BookImport.ParseJsonAsync(db, body.RootElement, protector.Protect, today, cancel);
        await parsed.UpsertAsync(db, asOf, cancel: cancel);
        return TypedResults.Ok(new BookLoaded(parsed.Products.Count, parsed.Customers.Count, parsed.Employers.Count, parsed.Policies.Count));
    }

    /// <summary>Customers or policies as CSV (the kind told by the header), validated like the JSON book; errors give line and column.</summary>
    private static async Task<IResult> LoadCsvAsync(Database database, TimeProvider time, NationalIds protector, HttpRequest request, string? asOf, CancellationToken cancel)
    {
        Problems.AllowLargeBody(request.HttpContext);
        var text = await new StreamReader(request.Body).ReadToEndAsync(cancel);
        await using var db = database.Open();
        var today = await Access.TodayAsync(db, time, cancel);
        var on = BookImport.AsOf(asOf is null ? null : StrictObject.ParseDate(asOf, "asOf"), today, "asOf");
        var parsed = await BookImport.ParseCsvAsync(db, text, protector.Protect, today, cancel);
        await parsed.UpsertAsync(db, on, cancel: cancel);
        return TypedResults.Ok(new BookLoaded(parsed.Products.Count, parsed.Customers.Count, parsed.Employers.Count, parsed.Policies.Count));
    }

    private static async Task<Results<Ok<List<PolicySummary>>, ValidationProblem>> ListPoliciesAsync(Database database, ClaimsPrincipal user,
        string? status, int? limit, string? after, CancellationToken cancel)
    {
        if (limit is < 1 or > 1000) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["must be between 1 and 1000"] });
        PolicyStatus? wanted = null;
        if (status is not null)
        {
            if (!PolicyStatuses.Table.TryParse(status, out var parsed))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"must be one of {string.Join(", ", PolicyStatuses.Table.Codes)}"] });
            wanted = parsed;
        }
        await using var db = database.Open();
        var query = db.VisiblePolicies(user).AsNoTracking();
        if (wanted is { } only) query = query.Where(p => p.Status == only);
        if (after is not null) query = query.Where(p => p.Number.CompareTo(after) > 0);
        var list = await query.OrderBy(p => p.Number).Take(limit ?? 100).ToListAsync(cancel);
        return TypedResults.Ok(list.Select(p => new PolicySummary(p.Number, p.ProductCode, p.HolderId, p.Status.Code(), p.StatusSince,
            p.Premium.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), p.Frequency.Code(), p.NextReviewOn)).ToList());
    }

    private static async Task<Results<Ok<PolicyDetail>, NotFound>> GetPolicyAsync(Database database, ClaimsPrincipal user, string number, CancellationToken cancel)
    {
        await using var db = database.Open();
        var p = await db.VisiblePolicies(user).AsNoTracking().FirstOrDefaultAsync(p => p.Number == number, cancel);
        if (p is null) return TypedResults.NotFound();
        return TypedResults.Ok(await DetailAsync(db, p, cancel));
    }

    /// <summary>A policy as its holder and the back office see it: standing, what is owed, the next due date, the grace deadline.</summary>
    public static async Task<PolicyDetail> DetailAsync(PolicyCareDb db, PolicyRecord p, CancellationToken cancel)
    {
        // The products and calendars come from the process's cache (one stamp lookup): this is the API's busiest read.
        var reference = await ReferenceCache.For(db).GetAsync(db, cancel);
        var book = reference.Book;
        var terms = p.ToTerms(reference.Products[p.ProductCode]);
        var standing = p.ToStanding();
        string M(decimal amount) => Currencies.Format(amount, terms.Currency);
        var open = Account.OpenInstallments(terms, standing).ToList();
        var graceEnds = p.Status == PolicyStatus.Grace && open.Count > 0 && terms.Product.Grace is { } grace
            ? grace.LastDay(open[0].DueDate, book.CalendarFor(terms.Product), lenient: true)
            : (DateOnly?)null;
        // The premium and frequency of the installment in force (an endorsement may have changed them).
        var (installment, frequency) = terms.RegularAt(Math.Max(0, standing.InstallmentsBilled - 1));
        return new PolicyDetail(p.Number, p.ProductCode, terms.Currency, p.HolderId, p.InsuredId, p.EmployerId, p.Status.Code(), p.StatusSince, p.Start,
            M(installment), frequency.Code(), p.MandateActive, M(Account.Outstanding(terms, standing)), M(standing.Credit),
            standing.Status.IsOver() || !terms.HasInstallment(standing.InstallmentsBilled) ? null : Relief.EffectiveDueDate(terms, standing, standing.InstallmentsBilled),
            // A payment holiday moves an installment's due date: shown as the customer now owes it.
            open.Select(i => new InstallmentView(i.Sequence, Relief.EffectiveDueDate(terms, standing, i.Sequence), M(i.Premium), M(i.Unpaid), i.Unpaid == i.Premium ? "unpaid" : "part-paid")).ToList(),
            p.LapsedOn, graceEnds);
    }

    /// <summary>Every installment fallen due, with what is left to pay, plus the next one.</summary>
    private static async Task<Results<Ok<List<InstallmentView>>, NotFound>> InstallmentsAsync(Database database, ClaimsPrincipal user, string number, CancellationToken cancel)
    {
        await using var db = database.Open();
        var p = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (p is null) return TypedResults.NotFound();
        var terms = p.ToTerms((await db.Products.FindAsync([p.ProductCode], cancel))!.ToProduct());
        var standing = p.ToStanding();
        string M(decimal amount) => Currencies.Format(amount, terms.Currency);
        var open = Account.OpenInstallments(terms, standing).ToDictionary(i => i.Sequence);
        var list = Enumerable.Range(0, standing.InstallmentsBilled)
            .Select(seq => open.TryGetValue(seq, out var o)
                ? new InstallmentView(seq, Relief.EffectiveDueDate(terms, standing, seq), M(o.Premium), M(o.Unpaid), o.Unpaid == o.Premium ? "unpaid" : "part-paid")
                : new InstallmentView(seq, terms.DueDate(seq), M(terms.InstallmentPremium(seq)), M(0m), "paid"))
            .ToList();
        if (!standing.Status.IsOver() && terms.HasInstallment(standing.InstallmentsBilled))
            list.Add(new InstallmentView(standing.InstallmentsBilled, Relief.EffectiveDueDate(terms, standing, standing.InstallmentsBilled),
                M(terms.InstallmentPremium(standing.InstallmentsBilled)), M(terms.InstallmentPremium(standing.InstallmentsBilled)), "upcoming"));
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<List<TimelineView>>, NotFound>> TimelineAsync(Database database, ClaimsPrincipal user, string number, CancellationToken cancel)
    {
        await using var db = database.Open();
        if (await db.FindVisiblePolicyAsync(user, number, cancel) is null) return TypedResults.NotFound();
        // A handler's recommendation to a supervisor is the office's own working, not the customer's to read.
        var staff = user.IsStaff();
        var entries = await db.Timeline.AsNoTracking().Where(t => t.PolicyNumber == number && (staff || t.Kind != Claims.ClaimReferrals.TimelineKind))
            .OrderBy(t => t.On).ThenBy(t => t.Seq).ToListAsync(cancel);
        return TypedResults.Ok(entries.Select(t =>
        {
            var data = JsonNode.Parse(t.Data)!.AsObject();
            data.Remove("key");
            return new TimelineView(t.On, t.Kind, data);
        }).ToList());
    }
}
