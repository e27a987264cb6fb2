using System.Text.RegularExpressions;

namespace PolicyCare.Notices;

/// <summary>
/// Korean particles follow the sound of the word before them: 이/가, 을/를, 은/는, 과/와 after a final
/// consonant or a vowel, and 으로/로 (로 also after ㄹ). A text written with both forms — "{amount}이(가)" —
/// is resolved once the word is known, so a reader never sees "이(가)". Digits are read as Korean numbers
/// (…0 영/십/백/천/만 all end in a consonant; 1, 7, 8 in ㄹ; 2, 4, 5, 9 in a vowel) and Latin letters by their
/// Korean names (L 엘, M 엠, N 엔, R 알 end in a consonant).
/// </summary>
public static partial class KoreanParticles
{
    private enum Ending { Vowel, Consonant, Rieul }

    /// <summary>Replaces every "이(가)", "을(를)", "은(는)", "과(와)", "(으)로", "(이)며" by the form the word before it takes.</summary>
    public static string Resolve(string text) => text.Contains('(', StringComparison.Ordinal)
        ? Paired().Replace(text, m => Choose(text, m.Index, m.Value))
        : text;

    /// <summary>The word with the particle it takes: <c>With("150,000원", "이")</c> is "150,000원이".</summary>
    public static string With(string word, string particle) => Resolve(word + particle switch
    {
        "이" or "가" => "이(가)",
        "을" or "를" => "을(를)",
        "은" or "는" => "은(는)",
        "과" or "와" => "과(와)",
        "으로" or "로" => "(으)로",
        _ => throw new ArgumentOutOfRangeException(nameof(particle), particle, "not a paired particle"),
    });

    private static string Choose(string text, int at, string pair)
    {
        var ending = EndingBefore(text, at);
        return pair switch
        {
            "이(가)" => ending == Ending.Vowel ? "가" : "이",
            "을(를)" => ending == Ending.Vowel ? "를" : "을",
            "은(는)" => ending == Ending.Vowel ? "는" : "은",
            "과(와)" => ending == Ending.Vowel ? "와" : "과",
            "(으)로" => ending == Ending.Consonant ? "으로" : "로",
            "(이)며" => ending == Ending.Vowel ? "며" : "이며",
            _ => pair,
        };
    }

    /// <summary>
    /// How the word ending just before <paramref name="at"/> sounds. Quotes and spaces are read through;
    /// a bracketed aside is skipped, as Korean usage attaches the particle to the word before it ("보험료(150,000원)가").
    /// </summary>
    private static Ending EndingBefore(string text, int at)
    {
        var i = at - 1;
        while (i >= 0)
        {
            if ("'\"”’」』》 ".Contains(text[i], StringComparison.Ordinal)) i--;
            else if (text[i] == ')' && text.LastIndexOf('(', i) is var open and > 0) i = open - 1;
            else break;
        }
        if (i < 0) return Ending.Vowel;
        var c = text[i];
        if (c is >= '\uAC00' and <= '\uD7A3')
        {
            var final = (c - 0xAC00) % 28;
            return final == 0 ? Ending.Vowel : final == 8 ? Ending.Rieul : Ending.Consonant;
        }
        return char.ToUpperInvariant(c) switch
        {
            '0' or '3' or '6' or 'M' or 'N' => Ending.Consonant,
            '1' or '7' or '8' or 'L' or 'R' => Ending.Rieul,
            _ => Ending.Vowel,
        };
    }

    [GeneratedRegex(@"이\(가\)|을\(를\)|은\(는\)|과\(와\)|\(으\)로|\(이\)며")]
    private static partial Regex Paired();
}
