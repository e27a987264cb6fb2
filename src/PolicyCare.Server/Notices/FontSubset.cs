using System.Runtime.InteropServices;
using HarfBuzzSharp;
using SkiaSharp;

namespace PolicyCare.Notices;

/// <summary>
/// A font cut down to the characters one letter uses (HarfBuzz's subsetter). Skia's PDF writer embeds the face it is given
/// whole: a CJK face is megabytes (2.3 MB and 149 ms a letter drawn from the whole of WenQuanYi Micro Hei). Cut down to the
/// letter's few hundred glyphs, a one-page letter is 16–25 KB and about 2 ms, and so is every email that carries it.
/// </summary>
internal static class FontSubset
{
    /// <summary>The faces subset from, opened once per process (each is megabytes).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Path, int Face), Face> Faces = new();

    /// <summary>
    /// The typeface of <paramref name="face"/> in the font file with only the glyphs of <paramref name="text"/>; null when
    /// the subsetter refuses or is not there (the letter is then drawn from the whole face, as before: bigger, the same to read).
    /// </summary>
    public static SKTypeface? Of(string path, int face, string text)
    {
        try
        {
            return Subset(path, face, text);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static SKTypeface? Subset(string path, int face, string text)
    {
        var source = Faces.GetOrAdd((path, face), static key => new Face(Blob.FromFile(key.Path), key.Face));
        var input = hb_subset_input_create_or_fail();
        if (input == IntPtr.Zero) return null;
        try
        {
            var characters = hb_subset_input_unicode_set(input);
            foreach (var rune in text.EnumerateRunes()) hb_set_add(characters, (uint)rune.Value);
            var subset = hb_subset_or_fail(source.Handle, input);
            if (subset == IntPtr.Zero) return null;
            var blob = hb_face_reference_blob(subset);
            try
            {
                var data = hb_blob_get_data(blob, out var length);
                if (length == 0) return null;
                // The typeface holds its own reference to the bytes; this one is released now, not by the finalizer.
                using var bytes = SKData.CreateCopy(data, (int)length);
                return SKTypeface.FromData(bytes);
            }
            finally
            {
                hb_blob_destroy(blob);
                hb_face_destroy(subset);
            }
        }
        finally
        {
            hb_subset_input_destroy(input);
        }
    }

    // HarfBuzzSharp ships the subsetter in its native library without a managed wrapper.
    private const string Library = "libHarfBuzzSharp";
    [DllImport(Library)] private static extern IntPtr hb_subset_input_create_or_fail();
    [DllImport(Library)] private static extern IntPtr hb_subset_input_unicode_set(IntPtr input);
    [DllImport(Library)] private static extern void hb_set_add(IntPtr set, uint codepoint);
    [DllImport(Library)] private static extern IntPtr hb_subset_or_fail(IntPtr face, IntPtr input);
    [DllImport(Library)] private static extern IntPtr hb_face_reference_blob(IntPtr face);
    [DllImport(Library)] private static extern IntPtr hb_blob_get_data(IntPtr blob, out uint length);
    [DllImport(Library)] private static extern void hb_blob_destroy(IntPtr blob);
    [DllImport(Library)] private static extern void hb_face_destroy(IntPtr face);
    [DllImport(Library)] private static extern void hb_subset_input_destroy(IntPtr input);
}
