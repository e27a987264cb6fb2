using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using PolicyCare.Billing;
using PolicyCare.Claims;
using PolicyCare.Cli;
using PolicyCare.Delinquency;
using PolicyCare.Insights;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;
using PolicyCare.Web;
using OpenTelemetry.Metrics;
using Scalar.AspNetCore;

namespace PolicyCare.Hosting;

/// <summary>What the web host runs besides the API.</summary>
/// <param name="PaymentSandbox">Whether the built-in sandbox payment provider is on unless configured (<c>PolicyCare:Payments:Sandbox</c>): for the demo.</param>
/// <param name="DocumentsFolder">Where claim documents are kept (POLICYCARE_DOCUMENTS, else data/documents).</param>
public sealed record WebHostSettings(string Urls, bool RunDailyCycle = true, string? KeysFolder = null, bool PaymentSandbox = false, string? DocumentsFolder = null,
    DemoLoading? Loading = null);

/// <summary>The web host: the API under /api/v1 with its OpenAPI document, security, and the background cycle and notice sink.</summary>
public static class PolicyCareApp
{
    public const string SignInRateLimit = "sign-in";
    public const string PublicRateLimit = "public";
    private const string SmartScheme = "PolicyCare";

    /// <summary>The approved templates shipped as an example registry (replace them with PolicyCare:Templates).</summary>
    public static List<ApprovedTemplate> ShippedTemplates()
    {
        using var stream = typeof(PolicyCareApp).Assembly.GetManifestResourceStream("approved-templates.json")!;
        return System.Text.Json.JsonSerializer.Deserialize<List<ApprovedTemplate>>(stream, TemplateJson)!;
    }

    private static readonly System.Text.Json.JsonSerializerOptions TemplateJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    public static WebApplication Build(Database database, WebHostSettings options, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        configure?.Invoke(builder.Configuration);
        // ASP.NET Core's own request and routing lines carry paths and query strings (policy numbers,
        // customer IDs, a name typed into a search): kept out of the log unless they are warnings.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.UseUrls(options.Urls);
        // JSON requests are small; file uploads raise the limit for themselves (Problems.AllowLargeBody).
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = Problems.MaxJsonBody;
            // What server software runs here is nobody's business.
            k.AddServerHeader = false;
        });
        var services = builder.Services;
        services.AddSingleton(database);
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<PolicyCareDb>(_ => database.Open());
        services.AddSingleton<NationalIds>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<Claims.IDocumentStore>(new Claims.DiskDocumentStore(options.DocumentsFolder
            ?? Environment.GetEnvironmentVariable("POLICYCARE_DOCUMENTS") ?? Claims.DiskDocumentStore.DefaultFolder));
        services.AddSingleton(new Claims.InvoiceReader());
        services.AddSingleton<Cases.SurveyLinks>();
        services.AddSingleton(new Cases.InboundMailSettings(builder.Configuration["PolicyCare:InboundMail:SigningKey"]));
        services.AddSingleton(new Claims.ClaimAuthority(builder.Configuration.GetSection("PolicyCare:Claims:HandlerApprovalLimits").Get<Dictionary<string, decimal>>() is { Count: > 0 } limits
            ? limits : Claims.ClaimAuthority.Defaults));
        var providers = new PaymentProviders(builder.Configuration, options.PaymentSandbox);
        services.AddSingleton(providers);
        if (providers.KakaoPay is { } kakaoPay)
        {
            services.AddSingleton(kakaoPay);
            services.AddHttpClient<KakaoPayClient>(c => c.Timeout = TimeSpan.FromSeconds(15));
        }
        if (providers.WeChatPay is { } weChatPay)
        {
            services.AddSingleton(weChatPay);
            services.AddHttpClient<WeChatPayClient>(c => c.Timeout = TimeSpan.FromSeconds(15));
        }
        if (providers.Alipay is { } alipay)
        {
            services.AddSingleton(alipay);
            services.AddHttpClient<AlipayClient>(c => c.Timeout = TimeSpan.FromSeconds(15));
        }
        if (providers.Card is { } card)
        {
            services.AddSingleton(card);
            services.AddHttpClient<CardCheckoutClient>(c => c.Timeout = TimeSpan.FromSeconds(15));
        }

        // Keys that encrypt national IDs outlive restarts: persisted next to the data.
        services.AddDataProtection().SetApplicationName("PolicyCare")
            .PersistKeysToFileSystem(new DirectoryInfo(options.KeysFolder ?? Environment.GetEnvironmentVariable("POLICYCARE_KEYS") ?? Path.Combine("data", "keys")));

        services.AddIdentityApiEndpoints<UserAccount>(o =>
            {
                // No hard lock on failures (anyone could lock 'admin' out): SignInThrottle slows guessing instead.
                o.Lockout.AllowedForNewUsers = false;
                o.Password.RequiredLength = 10;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PolicyCareDb>()
            .AddClaimsPrincipalFactory<CustomerClaimsFactory>();
        // A stopped sign-in or a changed role reaches open sessions within a minute (the default is 30).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        var oidcAuthority = builder.Configuration["PolicyCare:Oidc:Authority"];
        var auth = services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
                o.DefaultAuthenticateScheme = SmartScheme;
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null)
            .AddPolicyScheme(SmartScheme, "API key, external OpenID Connect token, or PolicyCare sign-in", o => o.ForwardDefaultSelector = context =>
            {
                if (context.Request.Headers.ContainsKey(ApiKeyHandler.Header)) return ApiKeyHandler.SchemeName;
                var authorization = context.Request.Headers.Authorization.ToString();
                // An external provider's JWT has three dot-separated parts; PolicyCare's own tokens do not.
                if (oidcAuthority is not null && authorization.StartsWith("Bearer ", StringComparison.Ordinal) && authorization.Count(c => c == '.') == 2)
                    return JwtBearerDefaults.AuthenticationScheme;
                // The web UI signs in with a cookie; the API never accepts it, so no other site can post to the API as a signed-in user.
                // /metrics is for machines too: refused with 401, not sent to the sign-in page.
                if (authorization.Length == 0 && !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/metrics"))
                    return IdentityConstants.ApplicationScheme;
                return IdentityConstants.BearerScheme;
            });
        if (oidcAuthority is not null)
        {
            var customerClaim = builder.Configuration["PolicyCare:Oidc:CustomerClaim"] ?? "customer_id";
            auth.AddJwtBearer(o =>
            {
                o.Authority = oidcAuthority;
                o.Audience = builder.Configuration["PolicyCare:Oidc:Audience"];
                o.RequireHttpsMetadata = builder.Configuration.GetValue("PolicyCare:Oidc:RequireHttpsMetadata", true);
                o.MapInboundClaims = false;
                o.TokenValidationParameters.RoleClaimType = builder.Configuration["PolicyCare:Oidc:RoleClaim"] ?? "roles";
                o.TokenValidationParameters.NameClaimType = "sub";
                // The provider names the customer in its own claim; PolicyCare scopes by its own.
                o.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        if (context.Principal?.FindFirst(customerClaim)?.Value is { } customer && context.Principal.Identity is System.Security.Claims.ClaimsIdentity identity)
                            identity.AddClaim(new System.Security.Claims.Claim(Roles.CustomerIdClaim, customer));
                        return Task.CompletedTask;
                    },
                };
            });
        }
        services.AddAuthorization();
        services.AddWebUi();

        var signInsPerMinute = builder.Configuration.GetValue("PolicyCare:RateLimits:SignInPerMinute", 10);
        var publicPerMinute = builder.Configuration.GetValue("PolicyCare:RateLimits:PublicPerMinute", 600);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions { PermitLimit = signInsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            o.AddPolicy(PublicRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions { PermitLimit = publicPerMinute, Window = TimeSpan.FromMinutes(1) }));
        });

        services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(DeliveryMetrics.MeterName).AddPrometheusExporter());
        services.AddProblemDetails();
        services.AddExceptionHandler<InputExceptionHandler>();
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "PolicyCare API";
            document.Info.Description = "Policy servicing: products, customers, policies, payments, bank files, mandates, reinstatement. "
                + "Authenticate with X-Api-Key (integrators) or a bearer token from POST /api/v1/auth/sign-in.";
            ApiDescription.AddSecuritySchemes(document);
            return Task.CompletedTask;
        }).AddOperationTransformer(ApiDescription.DescribeIdempotencyKey).AddOperationTransformer(ApiDescription.DescribeProblems).AddSchemaTransformer(ApiDescription.DescribeCodes));
        // Channels: real providers where configured, the development sink for every other channel.
        var channels = builder.Configuration.GetSection("PolicyCare:Channels");
        var letters = new LetterSettings(channels["Letters:Folder"] ?? Path.Combine("data", "letters"), channels["Letters:FontPath"] ?? LetterSettings.WenQuanYi,
            channels["Letters:KoreanFontPath"] ?? LetterSettings.Nanum);
        // A letter is addressed to the customer by name; the notice keeps only the customer's id.
        string? NameOf(string customer)
        {
            using var db = database.Open();
            return db.Customers.AsNoTracking().Where(c => c.Id == customer).Select(c => c.Name).FirstOrDefault();
        }
        if (channels["Email:Host"] is { Length: > 0 } smtpHost)
        {
            var smtp = new SmtpSettings(smtpHost, channels.GetValue("Email:Port", 587), channels["Email:Security"] ?? "auto",
                channels["Email:User"], channels["Email:Password"], channels["Email:From"] ?? "notices@policycare.local", channels["Email:FromName"] ?? "PolicyCare",
                channels.GetValue("Email:AcceptAnyCertificate", false));
            services.AddSingleton<IChannelAdapter>(new SmtpEmail(smtp, new LetterRenderer(letters), NameOf));
            // The monthly review is mailed to supervisors through the same server.
            services.AddSingleton(smtp);
            if (builder.Configuration["PolicyCare:Evidence:CheckpointMailTo"] is { Length: > 0 } mailTo)
                services.AddSingleton(new CheckpointMail(smtp, mailTo));
        }
        if (channels.GetValue("Letters:Enabled", false))
        {
            services.AddSingleton<IChannelAdapter>(new LetterPrintBatch(letters, NameOf));
        }
        if (channels["Sms:BaseUrl"] is { Length: > 0 } smsUrl)
        {
            services.AddHttpClient("sms", c => c.Timeout = TimeSpan.FromSeconds(15));
            services.AddSingleton<IChannelAdapter>(sp => new HttpSms(sp.GetRequiredService<IHttpClientFactory>().CreateClient("sms"),
                new SmsSettings(smsUrl, channels["Sms:ApiKey"] ?? "", channels["Sms:SenderId"] ?? "PolicyCare")));
        }
        if (channels["Voice:BaseUrl"] is { Length: > 0 } voiceUrl)
        {
            services.AddHttpClient("voice", c => c.Timeout = TimeSpan.FromSeconds(15));
            services.AddSingleton<IChannelAdapter>(sp => new HttpVoice(sp.GetRequiredService<IHttpClientFactory>().CreateClient("voice"),
                new VoiceSettings(voiceUrl, channels["Voice:ApiKey"] ?? "", channels["Voice:CallerId"] ?? "PolicyCare")));
        }
        var templates = builder.Configuration.GetSection("PolicyCare:Templates").Get<List<ApprovedTemplate>>() is { Count: > 0 } configured
            ? configured : ShippedTemplates();
        services.AddSingleton(new TemplateRegistry(templates));
        foreach (var (name, create) in new (string, Func<IServiceProvider, TemplateChannelSettings, IChannelAdapter>)[]
                 {
                     ("Kakao", (sp, t) => new HttpKakaoAlimtalk(sp.GetRequiredService<IHttpClientFactory>().CreateClient("kakao"), t, sp.GetRequiredService<TemplateRegistry>())),
                     ("Wechat", (sp, t) => new HttpWechatTemplate(sp.GetRequiredService<IHttpClientFactory>().CreateClient("wechat"), t, sp.GetRequiredService<TemplateRegistry>())),
                     ("Push", (sp, t) => new HttpPush(sp.GetRequiredService<IHttpClientFactory>().CreateClient("push"), t)),
                 })
        {
            if (channels[$"{name}:BaseUrl"] is not { Length: > 0 } url) continue;
            var settings = new TemplateChannelSettings(url, channels[$"{name}:ApiKey"] ?? "", channels[$"{name}:SenderKey"] ?? "");
            services.AddHttpClient(name.ToLowerInvariant(), c => c.Timeout = TimeSpan.FromSeconds(15));
            services.AddSingleton<IChannelAdapter>(sp => create(sp, settings));
        }
        services.AddSingleton(letters);
        services.AddSingleton<IChannelAdapter, AgentCallWorklist>();
        if (channels.GetValue("DevelopmentSink", true)) services.AddSingleton<IChannelAdapter, DevelopmentSink>();
        services.AddSingleton(builder.Configuration.GetSection("PolicyCare:Dispatch").Get<DispatchSettings>() ?? new DispatchSettings());
        services.AddSingleton<NoticeDispatcher>();
        services.AddSingleton(options.Loading ?? DemoLoading.Loaded());
        if (options.RunDailyCycle)
        {
            services.AddHostedService<DailyCycleService>();
            services.AddHostedService<NoticeDispatchService>();
        }

        // Outbound webhooks: events for the integrator's systems, when an address is configured.
        var outboundSection = builder.Configuration.GetSection("PolicyCare:OutboundWebhooks");
        OutboundWebhookSettings? outbound = null;
        if (outboundSection["Url"] is { Length: > 0 } outboundUrl)
        {
            outbound = new OutboundWebhookSettings(outboundUrl, outboundSection["Secret"] is { Length: >= 16 } secret ? secret
                : throw new InvalidOperationException("PolicyCare:OutboundWebhooks:Secret must be set, at least 16 characters, when PolicyCare:OutboundWebhooks:Url is"),
                outboundSection.GetValue("MaxAttempts", 8));
            services.AddSingleton(outbound);
            services.AddHttpClient("outbound-webhooks", c => c.Timeout = TimeSpan.FromSeconds(15));
            services.AddSingleton(sp => new OutboundWebhooks(database, sp.GetRequiredService<IHttpClientFactory>().CreateClient("outbound-webhooks"), outbound,
                sp.GetRequiredService<TimeProvider>()));
            if (options.RunDailyCycle) services.AddHostedService<OutboundWebhookService>();
        }

        // The policy administration system as the source of truth: changes of cover go to it by webhook and come back confirmed.
        var toPolicySystem = builder.Configuration.GetValue("PolicyCare:PolicyAdminSystem:OwnsChanges", false);
        if (toPolicySystem && outbound is null)
            throw new InvalidOperationException("PolicyCare:PolicyAdminSystem:OwnsChanges needs PolicyCare:OutboundWebhooks:Url: change requests are sent to it by webhook");

        var app = builder.Build();
        using (var db = database.Open())
        {
            // Events are collected (by the timeline's trigger) only while some host sends them.
            OutboundWebhooks.SetEnabledAsync(db, outbound is not null).GetAwaiter().GetResult();
            Servicing.CoverChangeDesk.SetPolicySystemOwnsChangesAsync(db, toPolicySystem).GetAwaiter().GetResult();
        }
        if (!letters.FontInstalled) app.Logger.LogWarning("{Message}", letters.MissingFontMessage);
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        if (options.Loading is { IsReady: false } loading) DemoLoading.Use(app, loading);
        // Pages answer a bare error status with a page in the reader's language; the API keeps problem+json.
        static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi")
            || context.Request.Path.StartsWithSegments("/metrics");
        app.UseWhen(context => !IsApi(context), pages => pages.UseStatusCodePagesWithReExecute("/error/{0}", createScopeForStatusCodePages: true));
        app.UseWhen(IsApi, api => api.UseStatusCodePages());
        // Routing after the status pages, so a re-executed request is routed to its error page.
        app.UseRouting();
        // The pages read the reader's language; the API stays culture-neutral whatever Accept-Language says.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), pages => pages.UseRequestLocalization());
        ApiKeyHandler.UseApiKeyThrottle(app);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseRateLimiter();
        app.MapOpenApi("/openapi/{documentName}.json");
        // The reference works offline and stays a reference: no fonts or telemetry from elsewhere, no
        // vendor toolbar, AI assistant or SDK offers (ApiContract checks it loads nothing from off the machine).
        app.MapScalarApiReference("/api/reference", options =>
        {
            options.WithTitle("PolicyCare API").DisableDefaultFonts().HideDeveloperTools().DisableAgent().DisableMcp()
                .HideClientButton() // it opens the vendor's hosted client, off the machine
                .WithCustomCss("a[href^='https://scalar.com'] { display: none; }");
            options.Telemetry = false;
            options.ProxyUrl = null;
        });
        // Ready means ready to serve: not while a first start's demo book is still loading.
        app.MapGet("/health", (DemoLoading loading) => loading.IsReady ? Results.Ok(new { status = "ok" })
            : Results.Json(new { status = loading.Failure is null ? "loading" : "failed", percent = loading.Percent }, statusCode: StatusCodes.Status503ServiceUnavailable))
            .ExcludeFromDescription();
        app.MapAuthEndpoints();
        app.MapPolicyEndpoints();
        app.MapBillingEndpoints();
        app.MapProviderReturns();
        app.MapReinstatementEndpoints();
        app.MapReliefEndpoints();
        app.MapCalendarEndpoints();
        app.MapNoticeEndpoints();
        app.MapReceiptEndpoints();
        app.MapCallTaskEndpoints();
        app.MapClaimEndpoints();
        Cases.CaseEndpoints.MapCaseEndpoints(app);
        Servicing.BeneficiaryEndpoints.MapBeneficiaryEndpoints(app);
        Servicing.CoverChangeEndpoints.MapCoverChangeEndpoints(app);
        Servicing.ContactChangeEndpoints.MapContactChangeEndpoints(app);
        Servicing.ExplanationEndpoints.MapExplanationEndpoints(app);
        Servicing.RenewalEndpoints.MapRenewalEndpoints(app);
        Servicing.InspectionEndpoints.MapInspectionEndpoints(app);
        app.MapClaimForms();
        app.MapCaseForms();
        app.MapWebUi();
        app.MapDeliveryMetrics();
        app.MapClaimMetrics();
        app.MapCaseInsights();
        // The book's figures are the insurer's business: a scraper signs in like any staff tool (an API key or a bearer token).
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(p => p.RequireRole(Roles.Staff));
        return app;
    }
}
