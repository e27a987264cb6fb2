using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Hosting;
using PolicyCare.Json;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Servicing;

public sealed record ContactChangeInput(string Kind, string Address);
public sealed record ContactCodeInput(string Kind, string Code);
/// <summary>A code is on its way: to which address (masked), until when it works, how many more may be asked for this hour.</summary>
/// <param name="DemoCode">Only when no provider is set up for the channel (the demo's development sink): the code the message would carry, for the page to show.</param>
public sealed record ContactCodeSent(string Kind, string SentTo, DateTimeOffset ExpiresAt, int CodesLeftThisHour,
    [property: System.Text.Json.Serialization.JsonIgnore] string? DemoCode = null);
/// <summary>The new contact is the customer's: masked, with the endorsements written for their policies.</summary>
public sealed record ContactChanged(string Kind, string Address, IReadOnlyList<string> Endorsements);

/// <summary>A contact change refused: the HTTP status, the field at fault and why.</summary>
public sealed class ContactChangeRefusedException(int status, string field, string message, int? triesLeft = null) : Exception(message)
{
    public int Status { get; } = status;
    public string Field { get; } = field;
    /// <summary>After a wrong code: how many tries are left before the lock.</summary>
    public int? TriesLeft { get; } = triesLeft;
}

/// <summary>
/// A new mobile number or email address, proved by a one-time code sent over that very channel at once
/// (the customer is waiting for it): nothing about the customer changes until the code comes back.
/// Confirmed, the contact replaces the old one, is no longer known to fail, ends the search for an
/// unreachable customer, and is written down as an endorsement of each policy they hold.
/// </summary>
public static class ContactChangeDesk
{
    public static async Task<ContactCodeSent> SendCodeAsync(PolicyCareDb db, IEnumerable<IChannelAdapter> adapters, string customerId, string? kindCode,
        string? address, string by, DateTimeOffset now, CancellationToken cancel = default)
    {
        if (!ContactChanges.TryParseKind(kindCode, out var kind)) throw new ContactChangeRefusedException(400, "kind", "must be mobile or email");
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == customerId, cancel)
            ?? throw new ContactChangeRefusedException(404, "id", "no such customer");
        var (normalized, refusal) = ContactChanges.Normalize(kind, address, customer.Locale);
        if (refusal is not null) throw new ContactChangeRefusedException(400, refusal.Field, refusal.Message);
        // The number on file may have been loaded the national way: compared as the same phone, not the same characters.
        if (normalized == (Current(customer, kind) is { } current ? ContactChanges.Normalize(kind, current, customer.Locale).Address : null) && !Mapping.SplitList(customer.InvalidContacts).Contains(kind.ToString()))
            throw new ContactChangeRefusedException(409, "address", "is already the customer's, and it works");
        var since = now - TimeSpan.FromHours(1) - ContactChanges.Lockout;
        var recent = await db.ContactCodes.AsNoTracking().Where(c => c.CustomerId == customerId && c.SentAt > since).ToListAsync(cancel);
        var sentLastHour = recent.Count(c => c.SentAt > now - TimeSpan.FromHours(1));
        if (ContactChanges.MaySend(recent.Select(State).ToList(), sentLastHour, now) is { } tooMany)
            throw new ContactChangeRefusedException(429, tooMany.Field, tooMany.Message);

        var channel = kind == ContactKind.Email ? Channel.Email : Channel.Sms;
        var adapter = adapters.FirstOrDefault(a => a.Channels.Contains(channel))
            ?? throw new ContactChangeRefusedException(503, "kind", $"no {Channels.Code(channel)} provider is set up to send the code");
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var record = new ContactCodeRecord
        {
            CustomerId = customerId, Kind = ContactChanges.Code(kind), Address = normalized!, CodeHash = Hash(salt, code), Salt = salt, RequestedBy = by,
            SentAt = now, ExpiresAt = now + ContactChanges.CodeLifetime,
        };
        db.ContactCodes.Add(record);
        await db.SaveChangesAsync(cancel);
        // Sent at once and never stored: the code is in no outbox, notice log or timeline, only its hash here.
        var facts = new NoticeFacts("", "", 0m, Change: new ChangeFacts(record.Kind, Code: code));
        var text = ChangeTemplates.Render(new NoticeOccasion(Stage.ContactCode, record.Kind, facts), customer.Locale, customer.Name, "");
        var outcome = await adapter.SendAsync(new NoticeRecord
        {
            IdempotencyKey = $"contact-code-{record.Id}", PolicyNumber = "", Stage = Stage.ContactCode, Channel = channel, Recipient = customerId,
            Address = record.Address, Locale = customer.Locale, Text = text, Status = NoticeStatus.Pending, PlannedOn = DateOnly.FromDateTime(now.UtcDateTime), SendAfter = now,
        }, cancel);
        if (outcome is not Accepted)
        {
            db.ContactCodes.Remove(record);
            await db.SaveChangesAsync(cancel);
            throw outcome is Refused
                ? new ContactChangeRefusedException(400, "address", "the provider could not deliver to this address; check it and try again")
                : new ContactChangeRefusedException(503, "address", "the code could not be sent just now; try again in a minute");
        }
        return new ContactCodeSent(record.Kind, Masked(kind, record.Address), record.ExpiresAt, ContactChanges.MaxCodesPerHour - sentLastHour - 1,
            adapter is DevelopmentSink ? code : null);
    }

    /// <summary>The code the customer is waiting for, if one is out and still open (its address masked); null otherwise.</summary>
    public static async Task<ContactCodeSent?> PendingAsync(PolicyCareDb db, string customerId, string? kindCode, DateTimeOffset now, CancellationToken cancel = default)
    {
        if (!ContactChanges.TryParseKind(kindCode, out var kind)) return null;
        var kindText = ContactChanges.Code(kind);
        var last = await db.ContactCodes.AsNoTracking().Where(c => c.CustomerId == customerId && c.Kind == kindText).OrderByDescending(c => c.Id).FirstOrDefaultAsync(cancel);
        return last is { ConfirmedAt: null } && last.ExpiresAt > now ? new ContactCodeSent(kindText, Masked(kind, last.Address), last.ExpiresAt, 0) : null;
    }

    public static async Task<ContactChanged> ConfirmAsync(PolicyCareDb db, string customerId, string? kindCode, string? code, string by,
        DateOnly today, DateTimeOffset now, CancellationToken cancel = default)
    {
        if (!ContactChanges.TryParseKind(kindCode, out var kind)) throw new ContactChangeRefusedException(400, "kind", "must be mobile or email");
        // A pasted code may carry spaces; a code of the wrong shape is a typing slip, not a guess, and costs no try.
        code = new string((code ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray());
        if (code.Length != 6 || !code.All(char.IsAsciiDigit)) throw new ContactChangeRefusedException(400, "code", "is the 6 digits of the message");
        var kindText = ContactChanges.Code(kind);
        var record = await db.ContactCodes.Where(c => c.CustomerId == customerId && c.Kind == kindText).OrderByDescending(c => c.Id).FirstOrDefaultAsync(cancel)
            ?? throw new ContactChangeRefusedException(409, "code", "no code was sent for this change: ask for one first");
        var locked = await db.ContactCodes.AsNoTracking().Where(c => c.CustomerId == customerId && c.Id != record.Id && c.LockedUntil != null)
            .Select(c => c.LockedUntil).ToListAsync(cancel);
        var state = State(record);
        if (locked.Where(l => l > now).Max() is { } until) state = state with { LockedUntil = until };
        var verdict = ContactChanges.Check(state, CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Hash(record.Salt, code)), Encoding.ASCII.GetBytes(record.CodeHash)), now);
        (record.WrongTries, record.LockedUntil, record.ConfirmedAt) = (verdict.State.WrongTries, verdict.State.LockedUntil, verdict.State.ConfirmedAt);
        if (verdict.Result != CodeResult.Confirmed)
        {
            await db.SaveChangesAsync(cancel);
            throw verdict.Result switch
            {
                CodeResult.Wrong => new ContactChangeRefusedException(400, "code", $"is not the code we sent: {verdict.TriesLeft} tries left", verdict.TriesLeft),
                CodeResult.Locked => new ContactChangeRefusedException(429, "code", $"too many wrong codes: try again after {verdict.State.LockedUntil:HH:mm} UTC"),
                CodeResult.Expired => new ContactChangeRefusedException(400, "code", "has expired: ask for a new one"),
                _ => new ContactChangeRefusedException(409, "code", "was used already"),
            };
        }

        await using var tx = await db.Database.BeginTransactionAsync(cancel);
        var customer = await db.Customers.SingleAsync(c => c.Id == customerId, cancel);
        var before = Current(customer, kind);
        var previousWorked = !Mapping.SplitList(customer.InvalidContacts).Contains(kind.ToString());
        if (kind == ContactKind.Email) customer.Email = record.Address;
        else customer.Mobile = record.Address;
        customer.InvalidContacts = string.Join(",", Mapping.SplitList(customer.InvalidContacts).Where(k => k != kind.ToString()));
        // A contact that answered ends the insurer's search for the customer.
        foreach (var tracing in await db.Cases.Where(c => c.CustomerId == customerId && c.Type == "tracing" && c.Status == "open").ToListAsync(cancel))
            (tracing.Status, tracing.ClosedAt, tracing.AnsweredOn) = ("closed", now, today);
        await db.SaveChangesAsync(cancel);

        var (beforeLines, afterLines) = (before is null ? [] : new List<string> { Masked(kind, before) }, new List<string> { Masked(kind, record.Address) });
        var written = new List<string>();
        var policies = await db.Policies.AsNoTracking().Where(p => p.HolderId == customerId).OrderBy(p => p.Number).Select(p => p.Number).ToListAsync(cancel);
        foreach (var number in policies)
        {
            // One confirmation letter for the customer, on their first policy; every policy keeps its endorsement.
            var endorsement = await Endorsements.RecordAsync(db, new EndorsementRecord
            {
                PolicyNumber = number, Kind = kindText, Before = new JsonObject { [kindText] = beforeLines.FirstOrDefault() }.ToJsonString(),
                After = new JsonObject { [kindText] = afterLines[0] }.ToJsonString(), EffectiveOn = today, By = by, At = now,
                ConsentMethod = "one-time-code",
            }, new JsonObject { ["proof"] = "one-time-code" }, beforeLines, afterLines, today, now, confirm: written.Count == 0, cancel);
            // The old contact, where it still works, hears of it once, with the first policy's endorsement (someone else may have made the change).
            if (written.Count == 0 && before is not null && previousWorked && !string.Equals(before, record.Address, StringComparison.OrdinalIgnoreCase))
                await Endorsements.AlertPreviousContactAsync(db, endorsement, kind, before, beforeLines, afterLines, today, now, cancel);
            written.Add(Endorsements.Reference(endorsement.Id));
        }
        await tx.CommitAsync(cancel);
        return new ContactChanged(kindText, afterLines[0], written);
    }

    private static CodeState State(ContactCodeRecord c) => new(c.ExpiresAt, c.WrongTries, c.LockedUntil, c.ConfirmedAt);

    private static string? Current(CustomerRecord c, ContactKind kind) => kind == ContactKind.Email ? c.Email : c.Mobile;

    public static string Masked(ContactKind kind, string address) => kind == ContactKind.Email ? Masking.Email(address) : Masking.Phone(address);

    private static string Hash(string salt, string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(salt + ":" + code)));
}

/// <summary>Contact changes through the API: ask for a code to the new address, then give it back.</summary>
public static class ContactChangeEndpoints
{
    /// <summary>Staff who change a customer's contact on the phone (the code still goes to the customer's new contact).</summary>
    private static readonly string[] Changers = [Roles.ServiceAgent, Roles.Supervisor, Roles.Admin];

    public static IEndpointRouteBuilder MapContactChangeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/customers/{id}/contact-changes").WithTags("Servicing").RequireAuthorization();
        group.MapPost("/", SendAsync).Accepts<ContactChangeInput>("application/json").Produces<ContactCodeSent>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/confirmation", ConfirmAsync).Accepts<ContactCodeInput>("application/json").Produces<ContactChanged>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static async Task<IResult> SendAsync(Database database, TimeProvider time, IEnumerable<IChannelAdapter> adapters, HttpContext context, string id, CancellationToken cancel) =>
        await RunAsync(database, context, id, ["kind", "address"], async (db, o) =>
            TypedResults.Accepted((string?)null, await ContactChangeDesk.SendCodeAsync(db, adapters, id, o.RequiredString("kind"), o.RequiredString("address"),
                context.User.Identity?.Name ?? "customer", time.GetUtcNow(), cancel)), cancel);

    private static async Task<IResult> ConfirmAsync(Database database, TimeProvider time, HttpContext context, string id, CancellationToken cancel) =>
        await RunAsync(database, context, id, ["kind", "code"], async (db, o) =>
            TypedResults.Ok(await ContactChangeDesk.ConfirmAsync(db, id, o.RequiredString("kind"), o.RequiredString("code"),
                context.User.Identity?.Name ?? "customer", await Access.TodayAsync(db, time, cancel), time.GetUtcNow(), cancel)), cancel);

    private static async Task<IResult> RunAsync(Database database, HttpContext context, string id, string[] fields,
        Func<PolicyCareDb, StrictObject, Task<IResult>> step, CancellationToken cancel)
    {
        var user = context.User;
        if (!user.CanSeeCustomer(id)) return TypedResults.NotFound();
        if (user.CustomerId() is null && !Changers.Any(user.IsInRole))
            return Problems.Field("id", "only the customer, or a service agent for them, changes their contact", StatusCodes.Status403Forbidden);
        await using var db = database.Open();
        if (!await db.Customers.AnyAsync(c => c.Id == id, cancel)) return TypedResults.NotFound();
        using var body = await Problems.ReadJsonAsync(context.Request, cancel);
        try
        {
            return await step(db, new StrictObject(body.RootElement, "$", fields));
        }
        catch (ContactChangeRefusedException e)
        {
            return e.Status == StatusCodes.Status404NotFound ? TypedResults.NotFound() : Problems.Field("$." + e.Field, e.Message, e.Status);
        }
    }
}
