using System.Net;
using System.Text;
using System.Text.Json;

namespace PolicyCare.Support;

/// <summary>Reading the API's answers in tests: the status expected (the body in the message when not), and a problem naming its field.</summary>
public static class ApiAssert
{
    public static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var problem = await ReadAsync(response, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
