using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using RtesResources.Web.Areas.Admin.Services;
using RtesResources.Web.Authorization;
using RtesResources.Web.Data;
using RtesResources.Web.Controllers;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Accounts;
using RtesResources.Web.Features.Caching;
using RtesResources.Web.Features.Catalogue;
using RtesResources.Web.Features.Content;
using RtesResources.Web.Features.Email;
using RtesResources.Web.Features.Files;
using RtesResources.Web.Features.Publishing;
using RtesResources.Web.Features.Search;
using RtesResources.Web.Features.Search.Extraction;
using RtesResources.Web.Infrastructure;
using RtesResources.Web.Operations;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

builder.Host.UseSerilog((context, services, logger) => logger
    .ReadFrom.Configuration(context.Configuration)
    .ReadFrom.Services(services));

builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName);
builder.Services.AddAppDatabase(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddHostedService<DatabaseInitializer>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<MarkdownRenderer>();
builder.Services.AddScoped<DemoDataSeeder>();
builder.Services.AddScoped<CatalogueService>();
builder.Services.AddScoped<DatabaseCatalogue>();
builder.Services.AddSingleton<CatalogueTerms>();
builder.Services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.SectionName);
builder.Services.AddSingleton<SearchIndex>();
builder.Services.AddSingleton<SearchResultsCache>();
builder.Services.AddSingleton<TextMatchCache>();
builder.Services.AddSingleton<IndexCatalogue>();
builder.Services.AddSingleton<SuggestionTerms>();
builder.Services.AddSingleton<SearchSuggestions>();
builder.Services.AddHostedService<SearchIndexWorker>();
builder.Services.AddScoped<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, SearchChangeInterceptor>();
builder.Services.AddScoped<ResourcePageService>();
builder.Services.AddScoped<PrivateContentAccess>();
builder.Services.AddScoped<PrivateAccessEvaluator>();
builder.Services.AddScoped<IAuthorizationHandler, PrivateContentAuthorizationHandler>();
builder.Services.AddScoped<IAuthorizationHandler, ContentReadAuthorizationHandler>();
builder.Services.AddScoped<IAuthorizationHandler, CurrentRoleAuthorizationHandler>();

builder.Services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.SectionName);
// Links in e-mails must never be built from a request's Host header in production (a forged Host
// would send reset links to another site): the public address is required there.
var isProduction = builder.Environment.IsProduction();
builder.Services.AddOptions<EmailOptions>()
    .BindConfiguration(EmailOptions.SectionName)
    .Validate(o => !isProduction || Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _), "Email:PublicBaseUrl (the site's public https address) is required in production.")
    .ValidateOnStart();
builder.Services.AddScoped<IEmailSender>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.Delivery == EmailDelivery.Smtp
    ? ActivatorUtilities.CreateInstance<SmtpEmailSender>(sp)
    : ActivatorUtilities.CreateInstance<PickupFolderEmailSender>(sp));
builder.Services.AddSingleton<EmailOutbox>();
builder.Services.AddHostedService<EmailOutboxWorker>();
builder.Services.AddSingleton<CommonPasswords>();
builder.Services.AddScoped<AccountLinkService>();
builder.Services.AddScoped<AccountEmails>();
builder.Services.AddScoped<PasswordResets>();
builder.Services.AddScoped<AccountSecurity>();
builder.Services.AddScoped<MembersService>();
builder.Services.AddScoped<MySpaceService>();
builder.Services.AddScoped<MembersDirectory>();
builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName);
builder.Services.AddSingleton<IFileStore, LocalFileStore>();
builder.Services.AddScoped<AttachmentService>();
builder.Services.AddScoped<AttachmentEditorService>();
builder.Services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.SectionName);
builder.Services.AddOptions<TextExtractionOptions>().BindConfiguration(TextExtractionOptions.SectionName)
    .Validate(o => o.ClaimLease > o.TimeBudget && o.MaxAttempts > 0, "TextExtraction:ClaimLease must exceed TimeBudget, and MaxAttempts be positive.").ValidateOnStart();
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
builder.Services.AddScoped<CatalogueTransfer>();
builder.Services.AddScoped<RtesResources.Web.Features.Content.ContentRerenderer>();

// Output cache of anonymous public pages (docs/architecture.md, "Caching"; ADR-010): on the app's
// clock, so that a scheduled publication ends a cached page at its time, in tests too.
builder.Services.AddOptions<PageCacheOptions>()
    .BindConfiguration(PageCacheOptions.SectionName)
    .Validate(o => o.Minutes >= 0, "PageCache:Minutes must be 0 (off) or more.");
builder.Services.AddSingleton<IOutputCacheStore, PageCacheStore>();
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
    options.Cookie.Name = "rtes.auth";
    options.Cookie.HttpOnly = true;
    options.Cookie.SameSite = SameSiteMode.Lax;
    options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    options.ExpireTimeSpan = TimeSpan.FromDays(14);
    options.SlidingExpiration = true;
});
builder.Services.AddAuthorization(options => options.AddAppPolicies());
builder.Services.AddAntiforgery(options => options.Cookie.Name = "rtes.af");
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
        return RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    });
    options.OnRejected = (context, _) =>
    {
        context.HttpContext.RequestServices.GetRequiredService<ILogger<AccountController>>().RateLimited(context.HttpContext.Request.Path);
        context.HttpContext.Response.Headers.RetryAfter = "60";
        return ValueTask.CompletedTask;
    };
});
// French text is written as is rather than as numeric entities: smaller, readable pages.
builder.Services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
builder.Services.AddHealthChecks()
    .AddDbContextCheck<AppDbContext>("database")
    .AddCheck<SearchIndexHealthCheck>("search");
builder.Services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
var reverseProxy = builder.Configuration.GetSection(ReverseProxyOptions.SectionName).Get<ReverseProxyOptions>() ?? new ReverseProxyOptions();
builder.Services.Configure<ForwardedHeadersOptions>(options => ReverseProxyOptions.Apply(options, reverseProxy));

var app = builder.Build();

// Created now so that it hears the index's changes (other instances' included) before any page is cached.
app.Services.GetRequiredService<PageCacheEvictor>();

if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(app.Services, args, Console.Out, Console.Error);
}

app.UseForwardedHeaders();
if (app.Environment.IsDevelopment())
{
    app.UseDeveloperExceptionPage();
}
else
{
    app.UseExceptionHandler("/erreur");
    app.UseHsts();
}

app.UseSecurityHeaders();
app.UseStatusCodePagesWithReExecute("/erreur/{0}");
app.UseSerilogRequestLogging();

var french = new CultureInfo("fr-FR");
app.UseRequestLocalization(new RequestLocalizationOptions
{
    DefaultRequestCulture = new RequestCulture(french),
    SupportedCultures = [french],
    SupportedUICultures = [french],
});

app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
// After authentication: the page cache must know whether the request is signed in.
app.UseOutputCache();
app.UseRateLimiter();

app.MapHealthChecks("/healthz").AllowAnonymous();
// wwwroot from the build's manifest: fingerprinted URLs cached for a year (immutable), compressed
// variants, ETags. Views get the fingerprinted URLs through WithStaticAssets.
app.MapStaticAssets().AllowAnonymous();
app.MapControllers().WithStaticAssets();

// Any other URL is a plain 404 (then the French error page), not a login redirect from the fallback policy.
app.MapFallback("{*path}", context =>
{
    context.Response.StatusCode = StatusCodes.Status404NotFound;
    return Task.CompletedTask;
}).AllowAnonymous();

await app.RunAsync();
return 0;

/// <summary>Entry point; public so that tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
