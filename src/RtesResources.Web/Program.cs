using System.Globalization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using RtesResources.Web;
using RtesResources.Web.Controllers;
using RtesResources.Web.Features.Api;
using RtesResources.Web.Features.Caching;
using RtesResources.Web.Features.Statistics;
using RtesResources.Web.Infrastructure;
using RtesResources.Web.Infrastructure.Health;
using RtesResources.Web.Operations;
using Scalar.AspNetCore;
using Serilog;

if (CommandLine.IsCommand(args))
{
    // The command's arguments are not the host's: they would become configuration keys (--name...).
    return await CommandHost.RunAsync(WebApplication.CreateBuilder(), args, new CommandConsole(Console.Out, Console.Error, Console.In));
}

var builder = WebApplication.CreateBuilder(args);
WebApplication app;
try
{
    app = SiteApplication.Build(builder);
}
catch (Exception exception) when (StartupFailure.IsConfigurationError(exception))
{
    return await StartupFailure.ReportAsync(exception, builder.Configuration, Console.Error);
}

app.UseForwardedHeaders();
app.UseHttpsOnly(AppCookies.HostPrefixed(app.Configuration, app.Environment));
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
app.UseSerilogRequestLogging(options =>
{
    options.GetLevel = RequestLogLevel.Of;
    // This host's logger, not Serilog's static one, which the last host built in the process owns
    // (several sites in one process: the tests).
    options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
});

var french = new CultureInfo("fr-FR");
app.UseRequestLocalization(new RequestLocalizationOptions
{
    DefaultRequestCulture = new RequestCulture(french),
    SupportedCultures = [french],
    SupportedUICultures = [french],
});

app.UseWhen(context => ApiReference.IsPage(context.Request.Path), branch => branch.Use(ApiReference.InFrenchAsync));
app.UseRouting();
// The API's CORS policy (any origin, GET and HEAD, no credentials); other endpoints have none.
app.UseCors();
app.UseAuthentication();
app.UseAuthorization();
// Before the output cache, so that a page served from it is counted too (docs/privacy.md).
app.UseMiddleware<UsageCountingMiddleware>();
// After authentication: the page cache must know whether the request is signed in.
app.UseOutputCache();
app.UseRateLimiter();

// Live: the process answers (a load balancer restarts it otherwise). Ready: it may be sent traffic.
app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready) }).AllowAnonymous();
app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready) }).AllowAnonymous();
// wwwroot from the build's manifest: fingerprinted URLs cached for a year (immutable), compressed
// variants, ETags. Views get the fingerprinted URLs through WithStaticAssets.
app.MapStaticAssets().AllowAnonymous();
app.MapControllers().WithStaticAssets();
// The API's description and its reference page (docs/api.md); the page's script is served by the package itself.
app.MapOpenApi(ApiService.Prefix + "/openapi.json").AllowAnonymous().RequireCors(ApiController.Policy).RequireRateLimiting(ApiController.Policy);
app.MapScalarApiReference(ApiReference.Path, ApiReference.Configure).AllowAnonymous().RequireRateLimiting(ApiController.Policy);

// Any other URL is a plain 404 (then the French error page), not a login redirect from the fallback policy.
app.MapFallback("{*path}", context =>
{
    context.Response.StatusCode = StatusCodes.Status404NotFound;
    return Task.CompletedTask;
}).AllowAnonymous();

try
{
    // Checked here first, as the host would: a failure then reads as one line, not as the host's stack trace.
    app.Services.GetService<IStartupValidator>()?.Validate();
    // Created before the start so that it hears the index's changes (other instances' included) before any page is cached.
    app.Services.GetRequiredService<PageCacheEvictor>();
    await app.StartAsync();
}
catch (Exception exception) when (StartupFailure.IsConfigurationError(exception))
{
    await app.DisposeAsync();
    return await StartupFailure.ReportAsync(exception, builder.Configuration, Console.Error);
}

await app.WaitForShutdownAsync();
await app.DisposeAsync();
return 0;

/// <summary>Entry point; public so that tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
