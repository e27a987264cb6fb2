using Microsoft.AspNetCore.Identity;
using PolicyCare.Json;

namespace PolicyCare.Hosting;

/// <summary>Sign-in for staff and customers: a password checked by ASP.NET Core Identity (with lockout) for a bearer token.</summary>
public static class AuthEndpoints
{
    public sealed record SignInInput(string UserName, string Password);

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/auth/sign-in", SignInAsync).WithTags("Auth").AllowAnonymous()
            .RequireRateLimiting(PolicyCareApp.SignInRateLimit).Accepts<SignInInput>("application/json")
            .Produces<Microsoft.AspNetCore.Authentication.BearerToken.AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static async Task<IResult> SignInAsync(SignInManager<UserAccount> signIn, SignInThrottle throttle, HttpContext context, CancellationToken cancel)
    {
        using var body = await Problems.ReadJsonAsync(context.Request, cancel);
        var o = new StrictObject(body.RootElement, "$", "userName", "password");
        var userName = o.RequiredString("userName");
        var password = o.RequiredString("password");
        var source = SignInThrottle.SourceOf(context);
        if (throttle.WaitFor(userName, source) is { } wait) return TooSoon(context, wait);
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(userName, password, isPersistent: false, lockoutOnFailure: false);
        if (result.Succeeded)
        {
            throttle.Succeeded(userName, source);
            return TypedResults.Empty;
        }
        // Unknown, wrong password or locked by an administrator: one answer, so user names cannot be probed.
        throttle.Failed(userName, source);
        return TypedResults.Problem("the user name or password is not right", statusCode: StatusCodes.Status401Unauthorized);
    }

    /// <summary>429 with the seconds to wait, the same for every account and every reason.</summary>
    public static IResult TooSoon(HttpContext context, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem($"too many failed attempts from here; try again in {seconds} seconds", statusCode: StatusCodes.Status429TooManyRequests);
    }
}
