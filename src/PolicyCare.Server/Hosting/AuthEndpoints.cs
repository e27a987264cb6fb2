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
            .RequireRateLimiting(PolicyCareApp.SignInRateLimit).Accepts<SignInInput>("application/json");
        return app;
    }

    private static async Task<IResult> SignInAsync(SignInManager<UserAccount> signIn, HttpRequest request, CancellationToken cancel)
    {
        using var body = await Problems.ReadJsonAsync(request, cancel);
        var o = new StrictObject(body.RootElement, "$", "userName", "password");
        var userName = o.RequiredString("userName");
        var password = o.RequiredString("password");
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(userName, password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded) return TypedResults.Empty;
        return result.IsLockedOut
            ? TypedResults.Problem("too many failed attempts; the account is locked for a while", statusCode: StatusCodes.Status423Locked)
            : TypedResults.Problem("the user name or password is not right", statusCode: StatusCodes.Status401Unauthorized);
    }
}
