using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Cases;
using PolicyCare.Hosting;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Web;

/// <summary>
/// The case pages' forms (no script): each posts one step to <see cref="CaseDesk"/> and is answered by a
/// redirect back to the page, saying what happened or which field was refused.
/// </summary>
public static class CaseForms
{
    public static IEndpointRouteBuilder MapCaseForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/ui/cases/{reference}/{action}", async (string reference, string action, HttpContext context, Database database, TimeProvider time,
            SurveyLinks links, IAntiforgery antiforgery, CancellationToken cancel) =>
        {
            // The form is read by hand, so the antiforgery token is checked by hand too.
            if (!await antiforgery.IsRequestValidAsync(context)) return Results.BadRequest();
            var user = context.User;
            var form = await context.Request.ReadFormAsync(cancel);
            string? F(string name) => form[name].ToString() is { Length: > 0 } v ? v.Trim() : null;
            await using var db = database.Open();
            var id = CaseDesk.IdOf(reference);
            if (id is null || !await db.VisibleCases(user).AnyAsync(c => c.Id == id, cancel)) return Results.NotFound();
            var customer = user.CustomerId();
            var staff = customer is null;
            if (staff && !user.IsInAnyOf(Roles.CaseDesk)) return Results.Forbid();
            var page = staff ? $"/office/cases/{reference}" : "/my/contact";
            var me = user.Identity!.Name!;
            var supervisor = user.IsInRole(Roles.Supervisor);
            var today = await Access.TodayAsync(db, time, cancel);
            var now = time.GetUtcNow();
            try
            {
                switch (action)
                {
                    case "reply" when !staff:
                        await CaseDesk.CustomerReplyAsync(db, id.Value, customer!, F("message"), today, now, cancel);
                        break;
                    case "reopen":
                        await CaseDesk.ReopenAsync(db, id.Value, customer, me, F("message"), today, cancel);
                        break;
                    case "transfer" when staff:
                        await CaseDesk.TransferAsync(db, id.Value, me, supervisor, F("to") ?? "", F("reason"), today, now, cancel);
                        break;
                    case "accept" when staff:
                        await CaseDesk.AcceptAsync(db, id.Value, me, today, cancel);
                        break;
                    case "extend" when staff:
                        await CaseDesk.ExtendAsync(db, id.Value, me, supervisor, int.TryParse(F("days"), out var days) ? days : 0, F("reason"), today, cancel);
                        break;
                    case "wait" when staff:
                        await CaseDesk.WaitForCustomerAsync(db, id.Value, me, F("message"), today, now, cancel);
                        break;
                    case "answer" when staff:
                        if (!CaseCodes.Decisions.TryParse(F("decision"), out var decision)) throw new CaseRefusedException(400, "decision", "choose the decision");
                        if (!CaseCodes.Categories.TryParse(F("rootCause"), out var root)) throw new CaseRefusedException(400, "rootCause", "choose the root cause");
                        await CaseDesk.AnswerAsync(db, links, id.Value, me, decision, F("answer"), root, F("atFirstContact") == "on", today, now, cancel);
                        break;
                    default:
                        return Results.NotFound();
                }
            }
            catch (CaseRefusedException e)
            {
                // A refused transfer keeps the chosen colleague, so the agent only adds what was missing.
                var keep = action == "transfer" && F("to") is { } to ? $"&to={Uri.EscapeDataString(to)}" : "";
                return Results.Redirect($"{page}?refused={Uri.EscapeDataString(e.Field)}{keep}");
            }
            return Results.Redirect($"{page}?done={action}");
        }).RequireAuthorization().ExcludeFromDescription();

        // An agent logs a call: the case opens owned by them, and is closed at once when they answered on the phone.
        app.MapPost("/ui/cases", async (HttpContext context, Database database, TimeProvider time, SurveyLinks links, IAntiforgery antiforgery, CancellationToken cancel) =>
        {
            // The form is read by hand, so the antiforgery token is checked by hand too.
            if (!await antiforgery.IsRequestValidAsync(context)) return Results.BadRequest();
            var user = context.User;
            if (!user.IsInAnyOf(Roles.CaseDesk)) return Results.Forbid();
            var form = await context.Request.ReadFormAsync(cancel);
            string? F(string name) => form[name].ToString() is { Length: > 0 } v ? v.Trim() : null;
            await using var db = database.Open();
            var policy = F("policy") is { } number ? await db.Policies.AsNoTracking().FirstOrDefaultAsync(p => p.Number == number, cancel) : null;
            if (policy is null) return Results.Redirect("/office/cases?refused=policy");
            if (!CaseCodes.Kinds.TryParse(F("kind"), out var kind) || !CaseCodes.Categories.TryParse(F("category"), out var category))
                return Results.Redirect("/office/cases?refused=category");
            var message = F("message");
            if (message is null || message.Length < 5) return Results.Redirect("/office/cases?refused=message");
            var today = await Access.TodayAsync(db, time, cancel);
            var opened = await CaseDesk.OpenAsync(db, new CaseOpening(policy.Number, policy.HolderId, kind, category, CaseChannel.Phone, message, Owner: user.Identity!.Name),
                today, time.GetUtcNow(), cancel);
            return Results.Redirect($"/office/cases/{CaseDesk.Reference(opened)}?done=opened");
        }).RequireAuthorization().ExcludeFromDescription();
        // A survey answered by its signed link, without signing in.
        app.MapPost("/ui/surveys/{token}", async (string token, HttpContext context, Database database, TimeProvider time, SurveyLinks links, IAntiforgery antiforgery, CancellationToken cancel) =>
        {
            // The form is read by hand, so the antiforgery token is checked by hand too.
            if (!await antiforgery.IsRequestValidAsync(context)) return Results.BadRequest();
            var form = await context.Request.ReadFormAsync(cancel);
            if (links.Read(token) is not { } id) return Results.Redirect($"/survey/{Uri.EscapeDataString(token)}");
            await using var db = database.Open();
            var answered = int.TryParse(form["csat"], out var csat) && int.TryParse(form["nps"], out var nps)
                ? await Surveys.AnswerAsync(db, id, csat, nps, form["comment"].ToString(), await Access.TodayAsync(db, time, cancel), cancel)
                : SurveyRefusal.Invalid;
            var back = $"/survey/{Uri.EscapeDataString(token)}";
            return Results.Redirect(answered switch { SurveyRefusal.None => back + "?done=1", SurveyRefusal.Invalid => back + "?refused=invalid", _ => back });
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
