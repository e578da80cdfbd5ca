using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using RtesResources.Web.Areas.Admin.Services;
using RtesResources.Web.Authorization;
using RtesResources.Web.Data;
using RtesResources.Web.Controllers;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Accounts;
using RtesResources.Web.Features.Api;
using RtesResources.Web.Features.Caching;
using RtesResources.Web.Features.Catalogue;
using RtesResources.Web.Features.Content;
using RtesResources.Web.Features.Email;
using RtesResources.Web.Features.Files;
using RtesResources.Web.Features.Publishing;
using RtesResources.Web.Features.Search;
using RtesResources.Web.Features.Search.Extraction;
using RtesResources.Web.Features.Statistics;
using RtesResources.Web.Infrastructure;
using RtesResources.Web.Infrastructure.Health;
using RtesResources.Web.Operations;
using Serilog;

namespace RtesResources.Web;

/// <summary>Every service of the site, for the site and for the commands alike (Program.cs, CommandHost).</summary>
public static class SiteApplication
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.Host.UseSerilog((context, services, logger) => logger
            .ReadFrom.Configuration(context.Configuration)
            .ReadFrom.Services(services));

        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateOnStart();
        builder.Services.AddAppDatabase(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddHostedService<DatabaseInitializer>();
        // Leases and claims for background work shared by the instances (ADR-022). The release runs at a
        // clean stop: registered before the workers, it stops after them.
        builder.Services.AddSingleton<InstanceIdentity>();
        builder.Services.AddSingleton<BackgroundLeases>();
        builder.Services.AddHostedService<BackgroundWorkRelease>();
        builder.Services.AddDatabaseKeyRing(builder.Configuration, builder.Environment.ContentRootPath);
        // Optional, for several instances (docs/operations.md, "Several instances"; ADR-022).
        var redis = builder.Services.AddSharedRedis(builder.Configuration);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddScoped<DemoDataSeeder>();
        builder.Services.AddScoped<CatalogueService>();
        builder.Services.AddScoped<DatabaseCatalogue>();
        builder.Services.AddSingleton<CatalogueTerms>();
        builder.Services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.SectionName)
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.ChangeRetention > TimeSpan.Zero, "Search:PollInterval et Search:ChangeRetention doivent être des durées positives")
            .Validate(o => o.ResultCacheEntries >= 0 && o.MatchCacheDocuments >= 0 && o.ConcurrentNewSearches >= 0 && o.WarmUpSearches >= 0, "Search:ResultCacheEntries, MatchCacheDocuments, ConcurrentNewSearches et WarmUpSearches valent 0 ou plus")
            .ValidateOnStart();
        builder.Services.AddSingleton<SearchIndex>();
        builder.Services.AddSingleton<SearchResultsCache>();
        builder.Services.AddSingleton<TextMatchCache>();
        builder.Services.AddSingleton<SearchAdmission>();
        builder.Services.AddSingleton<IndexCatalogue>();
        builder.Services.AddSingleton<SearchWarmUp>();
        builder.Services.AddSingleton<SuggestionTerms>();
        builder.Services.AddSingleton<SearchSuggestions>();
        builder.Services.AddHostedService<SearchIndexWorker>();
        builder.Services.AddScoped<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, SearchChangeInterceptor>();
        builder.Services.AddScoped<ResourcePageService>();
        builder.Services.AddScoped<DiscoveryService>();
        builder.Services.AddScoped<ApiService>();
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName)
            .Validate(o => o.RequestsPerMinute > 0 && o.PublicMaxAgeSeconds >= 0, "Api:RequestsPerMinute doit être positif et Api:PublicMaxAgeSeconds positif ou nul").ValidateOnStart();
        builder.Services.AddCors(options => options.AddPolicy(ApiController.Policy, policy => policy
            .AllowAnyOrigin()
            .WithMethods(HttpMethods.Get, HttpMethods.Head)
            .WithHeaders("If-None-Match")
            .WithExposedHeaders("ETag", "Retry-After")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        builder.Services.AddOpenApi("v1", ApiReference.ConfigureDocument);
        builder.Services.AddSingleton<PublicAddress>();
        builder.Services.AddScoped<PrivateContentAccess>();
        builder.Services.AddScoped<PrivateAccessEvaluator>();
        builder.Services.AddScoped<IAuthorizationHandler, PrivateContentAuthorizationHandler>();
        builder.Services.AddScoped<IAuthorizationHandler, ContentReadAuthorizationHandler>();
        builder.Services.AddScoped<IAuthorizationHandler, CurrentRoleAuthorizationHandler>();

        builder.Services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.SectionName).ValidateOnStart();
        builder.Services.AddOptions<LegalOptions>()
            .BindConfiguration(LegalOptions.SectionName)
            .Validate(o => Uri.TryCreate(o.WebsiteUrl, UriKind.Absolute, out var site) && (site.Scheme == Uri.UriSchemeHttps || site.Scheme == Uri.UriSchemeHttp), "Legal:WebsiteUrl doit être une adresse http ou https absolue")
            .Validate(o => string.IsNullOrWhiteSpace(o.ContactEmail) || o.ContactEmail.Contains('@', StringComparison.Ordinal), "Legal:ContactEmail doit être une adresse e-mail")
            .ValidateOnStart();
        // Links in e-mails must never be built from a request's Host header outside Development (a forged
        // Host would send reset links to another site): the public address is required everywhere else
        // (docs/security.md, point 6).
        var isDevelopment = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.SectionName)
            .Validate(o => isDevelopment || !string.IsNullOrWhiteSpace(o.PublicBaseUrl), "Email:PublicBaseUrl est obligatoire hors de l'environnement Development")
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicBaseUrl) || EmailOptions.IsPublicBaseUrl(o.PublicBaseUrl), "Email:PublicBaseUrl doit être une adresse http ou https absolue, comme https://ressources.rtes.fr")
            .Validate(o => o.Outbox.PollInterval > TimeSpan.Zero && o.Outbox.ClaimLease > TimeSpan.Zero && o.Outbox.FirstRetryDelay > TimeSpan.Zero && o.Outbox.Retention > TimeSpan.Zero && o.Outbox.MaxAttempts > 0, "Email:Outbox:PollInterval, ClaimLease, FirstRetryDelay, Retention et MaxAttempts doivent être positifs")
            .ValidateOnStart();
        builder.Services.AddScoped<IEmailSender>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.Delivery == EmailDelivery.Smtp
            ? ActivatorUtilities.CreateInstance<SmtpEmailSender>(sp)
            : ActivatorUtilities.CreateInstance<PickupFolderEmailSender>(sp));
        builder.Services.AddSingleton<EmailOutbox>();
        builder.Services.AddHostedService<EmailOutboxWorker>();
        builder.Services.AddSingleton<OutboxMessages>();
        builder.Services.AddHostedService<OutboxSender>();
        builder.Services.AddSingleton<CommonPasswords>();
        builder.Services.AddScoped<AccountLinkService>();
        builder.Services.AddScoped<AccountEmails>();
        builder.Services.AddScoped<PasswordResets>();
        builder.Services.AddScoped<AccountSecurity>();
        builder.Services.AddScoped<MembersService>();
        builder.Services.AddScoped<AccountErasure>();
        builder.Services.AddScoped<MySpaceService>();
        builder.Services.AddScoped<MembersDirectory>();
        builder.Services.AddScoped<MembersPages>();
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName)
            .Validate(o => o.Provider != StorageProvider.AzureBlob || AzureBlobFileStore.IsValidConnectionString(o.AzureBlob.ConnectionString), "Storage:AzureBlob:ConnectionString est absente ou n'est pas une chaîne de connexion Azure Storage (obligatoire quand Storage:Provider vaut AzureBlob)")
            .Validate(o => o.Provider != StorageProvider.AzureBlob || AzureBlobFileStore.IsValidContainerName(o.AzureBlob.Container), "Storage:AzureBlob:Container doit nommer un conteneur : 3 à 63 minuscules, chiffres ou tirets (obligatoire quand Storage:Provider vaut AzureBlob)")
            .ValidateOnStart();
        builder.Services.AddSingleton<IFileStore>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.AzureBlob
            ? ActivatorUtilities.CreateInstance<AzureBlobFileStore>(sp)
            : ActivatorUtilities.CreateInstance<LocalFileStore>(sp));
        builder.Services.AddHostedService<FileStoreStartup>();
        builder.Services.AddScoped<AttachmentService>();
        builder.Services.AddScoped<AttachmentEditorService>();
        builder.Services.AddScoped<VideoCaptionsService>();
        builder.Services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.SectionName).ValidateOnStart();
        builder.Services.AddOptions<TextExtractionOptions>().BindConfiguration(TextExtractionOptions.SectionName)
            .Validate(o => o.ClaimLease > o.TimeBudget && o.MaxAttempts > 0, "TextExtraction:ClaimLease doit dépasser TextExtraction:TimeBudget, et TextExtraction:MaxAttempts être positif").ValidateOnStart();
        builder.Services.AddSingleton<AttachmentTextExtractor>();
        builder.Services.AddSingleton<TextExtractionRunner>();
        builder.Services.AddHostedService<TextExtractionWorker>();
        builder.Services.AddScoped<ResourceEditorService>();
        builder.Services.AddScoped<ResourceFormService>();
        builder.Services.AddScoped<ResourceListService>();
        builder.Services.AddScoped<ResourceBulkService>();
        builder.Services.AddScoped<TermsService>();
        builder.Services.AddScoped<SynonymsService>();
        builder.Services.AddScoped<DashboardService>();
        builder.Services.AddScoped<CatalogueImport>();
        builder.Services.AddScoped<CatalogueExport>();
        builder.Services.AddScoped<RtesResources.Web.Features.Content.ContentRerenderer>();

        // Statistics without tracking (docs/privacy.md): counted in memory, written in batches.
        builder.Services.AddOptions<StatisticsOptions>().BindConfiguration(StatisticsOptions.SectionName)
            .Validate(o => o.FlushInterval > TimeSpan.Zero && o.RetentionDays > 0 && o.MaxVisitorsPerDay > 0, "Statistics:FlushInterval, Statistics:RetentionDays et Statistics:MaxVisitorsPerDay doivent être positifs")
            .ValidateOnStart();
        builder.Services.AddSingleton<UsageBuffer>();
        builder.Services.AddSingleton<VisitorKeys>();
        builder.Services.AddSingleton<UsageRecorder>();
        builder.Services.AddSingleton<UsageWriter>();
        builder.Services.AddScoped<DownloadCounting>();
        builder.Services.AddHostedService<StatisticsWorker>();
        builder.Services.AddScoped<StatisticsPageService>();

        // Output cache of anonymous public pages (docs/architecture.md, "Caching"; ADR-010): on the app's
        // clock, so that a scheduled publication ends a cached page at its time, in tests too.
        builder.Services.AddOptions<PageCacheOptions>()
            .BindConfiguration(PageCacheOptions.SectionName)
            .Validate(o => o.Minutes >= 0, "PageCache:Minutes vaut 0 (cache coupé) ou plus")
            .ValidateOnStart();
        builder.Services.AddPageCacheStore(redis);
        // Case-sensitive keys: a cached page is exactly what its own URL renders (slugs are lower case).
        builder.Services.AddOutputCache(options => options.UseCaseSensitivePaths = true);
        builder.Services.AddSingleton<PageCacheEvictor>();
        builder.Services.AddScoped<IInterceptor, PageCacheInvalidationInterceptor>();

        builder.Services
            .AddIdentity<AppUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                // Length and rarity, not composition rules (AppPasswordValidator adds the rest).
                options.Password.RequiredLength = 12;
                options.Password.RequiredUniqueChars = 4;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<AppSignInManager>()
            .AddErrorDescriber<FrenchIdentityErrorDescriber>()
            .AddPasswordValidator<AppPasswordValidator>()
            .AddDefaultTokenProviders();
        // Outside Development every cookie is Secure and __Host- prefixed (AppCookies).
        var hostCookies = AppCookies.HostPrefixed(builder.Configuration, builder.Environment);
        builder.Services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o => AppCookies.Apply(o.Cookie, AppCookies.TwoFactorUserId, hostCookies));
        builder.Services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme, o => AppCookies.Apply(o.Cookie, AppCookies.TwoFactorRememberMe, hostCookies));
        builder.Services.Configure<CookieAuthenticationOptions>(IdentityConstants.ExternalScheme, o => AppCookies.Apply(o.Cookie, AppCookies.External, hostCookies));
        builder.Services.Configure<CookieTempDataProviderOptions>(o => AppCookies.Apply(o.Cookie, AppCookies.TempData, hostCookies));
        // A deactivated account or collectivity has its security stamp changed: its sessions end at the next check.
        builder.Services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(5));
        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/compte/connexion";
            options.LogoutPath = "/compte/deconnexion";
            // A refusal is a 403 with the French error page, not a redirect to yet another page.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            // An API caller is not sent to the login form: a 401, answered as problem+json (ErrorsController).
            options.Events.OnRedirectToLogin = context =>
            {
                if (ApiProblems.IsApiPath(context.Request.Path.Value))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }
                else
                {
                    context.Response.Redirect(context.RedirectUri);
                }

                return Task.CompletedTask;
            };
            AppCookies.Apply(options.Cookie, AppCookies.Auth, hostCookies);
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.ExpireTimeSpan = TimeSpan.FromDays(14);
            options.SlidingExpiration = true;
        });
        builder.Services.AddAuthorization(options => options.AddAppPolicies());
        builder.Services.AddAntiforgery(options => AppCookies.Apply(options.Cookie, AppCookies.Antiforgery, hostCookies));
        builder.Services.AddControllersWithViews(options =>
        {
            options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            options.Filters.Add<AdminTwoFactorFilter>();
        });
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(AccountController.RateLimitPolicy, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<AccountOptions>>().Value.FormPostsPerMinute;
                return RateLimitPartitions.PerMinute(context, AccountController.RateLimitPolicy, perMinute);
            });
            options.AddPolicy(ApiController.Policy, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RequestsPerMinute;
                return RateLimitPartitions.PerMinute(context, ApiController.Policy, perMinute);
            });
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ILogger<AccountController>>().RateLimited(context.HttpContext.Request.Path);
                context.HttpContext.Response.Headers.RetryAfter = "60";
                if (context.HttpContext.Request.Path.StartsWithSegments(ApiService.Prefix))
                {
                    await ApiJsonResult.WriteTooManyRequestsAsync(context.HttpContext, cancellationToken);
                }
            };
        });
        // French text is written as is rather than as numeric entities: smaller, readable pages.
        builder.Services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.AddScoped<SqliteBackup>();
        builder.Services.AddHostedService<SiteDatabaseLock>();
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database", tags: [HealthTags.Ready])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [HealthTags.Ready])
            .AddCheck<SearchIndexHealthCheck>("search", tags: [HealthTags.Ready])
            .AddCheck<StorageHealthCheck>("storage", tags: [HealthTags.Ready]);
        if (redis.IsConfigured)
        {
            builder.Services.AddHealthChecks().AddRedis(sp => sp.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(), "redis", tags: [HealthTags.Ready], timeout: TimeSpan.FromSeconds(5));
        }
        builder.Services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        var reverseProxy = builder.Configuration.GetSection(ReverseProxyOptions.SectionName).Get<ReverseProxyOptions>() ?? new ReverseProxyOptions();
        builder.Services.Configure<ForwardedHeadersOptions>(options => ReverseProxyOptions.Apply(options, reverseProxy));

        return builder.Build();
    }
}
