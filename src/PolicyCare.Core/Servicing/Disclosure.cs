using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PolicyCare.Codes;
using PolicyCare.Json;
using PolicyCare.Policies;

namespace PolicyCare.Servicing;

/// <summary>What a clause limits: courts count deductibles and co-payment as exclusions too (SPC Interpretation II art. 9).</summary>
public enum ClauseKind { Exclusion, Deductible, CoPayment, WaitingPeriod, Limit }

/// <summary>How an explanation was given: a web page the customer read, an audio or video recording, or a person in front of them.</summary>
public enum ExplanationMethod { Web, Audio, Video, InPerson }

/// <summary>A clause of a product's terms that limits what it pays, with its title and a plain-language explanation in each language.</summary>
public sealed record Clause(string Id, ClauseKind Kind, IReadOnlyDictionary<string, string> Titles, IReadOnlyDictionary<string, string> Explanations)
{
    public string TitleIn(string locale) => Titles.GetValueOrDefault(locale) ?? Titles[Disclosure.Fallback];
    public string ExplanationIn(string locale) => Explanations.GetValueOrDefault(locale) ?? Explanations[Disclosure.Fallback];
}

/// <summary>An explanation to record: which clauses, in which language, how, when, acknowledged by whom, and the hash of the text shown.</summary>
public sealed record Explanation(IReadOnlyList<string> ClauseIds, string Locale, ExplanationMethod Method, DateTimeOffset ShownAt, string AcknowledgedBy, string TextHash);

/// <summary>
/// Exclusion clauses explained, and provably so. The insurer must explain the clauses that exclude or
/// limit its liability and must be able to prove it did (China Insurance Law art. 17; SPC Interpretation II
/// arts. 9, 12, 13): a product carries those clauses with plain explanations in every language the
/// platform speaks, and each explanation given is recorded with the hash of exactly the text shown.
/// </summary>
public static class Disclosure
{
    public static readonly string[] Locales = ["zh-CN", "ko-KR", "en-US"];
    public const string Fallback = "en-US";
    public const int MaxText = 2000;

    public static readonly CodeTable<ClauseKind> Kinds = new("clause kind",
        (ClauseKind.Exclusion, "exclusion"), (ClauseKind.Deductible, "deductible"), (ClauseKind.CoPayment, "co-payment"),
        (ClauseKind.WaitingPeriod, "waiting-period"), (ClauseKind.Limit, "limit"));

    public static readonly CodeTable<ExplanationMethod> Methods = new("explanation method",
        (ExplanationMethod.Web, "web"), (ExplanationMethod.Audio, "audio"), (ExplanationMethod.Video, "video"), (ExplanationMethod.InPerson, "in-person"));

    /// <summary>A product's <c>clauses</c>: each with a unique id, a kind, and a title and an explanation in all three languages.</summary>
    public static IReadOnlyList<Clause>? ParseClauses(StrictObject product)
    {
        if (!product.Has("clauses")) return null;
        var clauses = new List<Clause>();
        foreach (var (item, path) in product.Array("clauses"))
        {
            var o = new StrictObject(item, path, "id", "kind", "title", "explanation");
            var id = o.RequiredString("id");
            if (id.Length is 0 or > 40 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                throw new InputException(o.At("id"), "must be 1 to 40 letters, digits, - or _", StrictObject.Quote(id));
            if (clauses.Any(c => c.Id == id)) throw new InputException(o.At("id"), "is used by an earlier clause", StrictObject.Quote(id));
            var kindText = o.RequiredString("kind");
            if (!Kinds.TryParse(kindText, out var kind))
                throw new InputException(o.At("kind"), $"must be one of {string.Join(", ", Kinds.Codes)}", StrictObject.Quote(kindText));
            clauses.Add(new Clause(id, kind, InEveryLanguage(o, "title"), InEveryLanguage(o, "explanation")));
        }
        return clauses;
    }

    // Every language, so that no reader is shown an explanation they cannot read and then asked to acknowledge it.
    private static Dictionary<string, string> InEveryLanguage(StrictObject clause, string name)
    {
        var texts = clause.OptionalObject(name, Locales) ?? throw new InputException(clause.At(name), "is required");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var locale in Locales)
        {
            var text = texts.OptionalString(locale)?.Trim();
            if (string.IsNullOrEmpty(text)) throw new InputException(texts.At(locale), "is required: every clause is explained in every language");
            if (text.Length > MaxText) throw new InputException(texts.At(locale), $"is longer than {MaxText} characters");
            result[locale] = text;
        }
        return result;
    }

    /// <summary>The clauses as the product file writes them (the inverse of <see cref="ParseClauses"/>).</summary>
    public static JsonArray Write(IEnumerable<Clause> clauses) => new(clauses.Select(c => (JsonNode?)new JsonObject
    {
        ["id"] = c.Id, ["kind"] = Kinds.Code(c.Kind), ["title"] = InLocales(c.Titles), ["explanation"] = InLocales(c.Explanations),
    }).ToArray());

    private static JsonObject InLocales(IReadOnlyDictionary<string, string> texts) => new(Locales.Select(l => KeyValuePair.Create(l, (JsonNode?)texts[l])));

    /// <summary>The exact text a reader is shown for these clauses, one per line: what the record's hash is taken of.</summary>
    public static string TextShown(IEnumerable<Clause> clauses, string locale) =>
        string.Concat(clauses.Select(c => $"{c.Id}: {c.TitleIn(locale)}. {c.ExplanationIn(locale)}\n"));

    /// <summary>SHA-256 of the text, lower-case hex.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// Checks an explanation against the product: known clauses, each once; a language the platform speaks; a time not in
    /// the future; who acknowledged it; a SHA-256 hash. Without a hash (the portal), the hash is of the text PolicyCare shows.
    /// Returns the explanation to store, or the field at fault.
    /// </summary>
    public static (Explanation? Explanation, ChangeRefusal? Refusal) Check(Product product, IReadOnlyList<string>? clauseIds, string? locale,
        string? method, DateTimeOffset? shownAt, string? acknowledgedBy, string? textHash, DateTimeOffset now)
    {
        var clauses = product.Clauses ?? [];
        if (clauses.Count == 0) return (null, new("policy", "the product has no clauses to explain"));
        var ids = clauseIds is { Count: > 0 } ? clauseIds : clauses.Select(c => c.Id).ToList();
        if (ids.FirstOrDefault(id => clauses.All(c => c.Id != id)) is { } unknown) return (null, new("clauses", $"the product has no clause \"{unknown}\""));
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count) return (null, new("clauses", "each clause is named once"));
        if (locale is null || !Locales.Contains(locale)) return (null, new("locale", "must be zh-CN, ko-KR or en-US"));
        if (!Methods.TryParse(method, out var how)) return (null, new("method", $"must be one of {string.Join(", ", Methods.Codes)}"));
        var at = shownAt ?? now;
        if (at > now.AddMinutes(5)) return (null, new("shownAt", "cannot be in the future"));
        if (string.IsNullOrWhiteSpace(acknowledgedBy) || acknowledgedBy.Trim().Length > 100) return (null, new("acknowledgedBy", "who acknowledged it: 1 to 100 characters"));
        var shown = clauses.Where(c => ids.Contains(c.Id)).ToList();
        var hash = textHash?.Trim().ToLowerInvariant() ?? Hash(TextShown(shown, locale));
        if (hash.Length != 64 || !hash.All(Uri.IsHexDigit)) return (null, new("textHash", "must be the SHA-256 of the text shown, 64 hex digits"));
        return (new Explanation(shown.Select(c => c.Id).ToList(), locale, how, at, acknowledgedBy.Trim(), hash), null);
    }

    /// <summary>The product's clauses not yet covered by any of the explanations recorded: what is still to explain.</summary>
    public static IReadOnlyList<Clause> StillToExplain(Product product, IEnumerable<IReadOnlyList<string>> explained)
    {
        var done = explained.SelectMany(e => e).ToHashSet(StringComparer.Ordinal);
        return (product.Clauses ?? []).Where(c => !done.Contains(c.Id)).ToList();
    }
}
