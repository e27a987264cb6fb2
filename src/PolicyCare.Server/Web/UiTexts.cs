namespace PolicyCare.Web;

public static partial class Ui
{
    /// <summary>Every text of the web UI in Chinese and Korean, keyed by its English. A test checks each T("…") in the pages is here.</summary>
    private static readonly Dictionary<string, (string Zh, string Ko)> Texts = new(StringComparer.Ordinal)
    {
    };
}
