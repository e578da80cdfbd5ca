using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Email;

namespace RtesResources.Tests.Infrastructure;

/// <summary>The app's password hasher, counting how many passwords it verifies: the work a form does, not its timing.</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<AppUser>
{
    private readonly PasswordHasher<AppUser> _inner = new();
    private int _verifications;

    public int Verifications
    {
        get => Volatile.Read(ref _verifications);
        set => Volatile.Write(ref _verifications, value);
    }

    public string HashPassword(AppUser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>An empty site whose password hasher counts; optionally without the worker that runs queued work after responses.</summary>
public sealed class CountingSite(CountingPasswordHasher hasher) : RtesWebFactory
{
    /// <summary>Leave queued work (e-mails, resets, access requests) in the queue, so that a test sees what a request queued.</summary>
    public bool WithoutOutboxWorker { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Database:SeedDemoData", "false");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IPasswordHasher<AppUser>>();
            services.AddSingleton<IPasswordHasher<AppUser>>(hasher);
            if (WithoutOutboxWorker)
            {
                services.RemoveAll<EmailOutboxWorker>();
                var worker = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(EmailOutboxWorker));
                services.Remove(worker);
            }
        });
    }
}
