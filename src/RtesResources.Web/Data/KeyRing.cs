using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace RtesResources.Web.Data;

/// <summary>
/// ASP.NET Core Data Protection with its keys in the site's database (ADR-020), under one application
/// name, so that every instance on the database shares one key ring whatever its content root.
/// </summary>
public static class KeyRing
{
    /// <summary>
    /// Set explicitly: the default is the content root path, which differs between instances (and
    /// between deployments), and keys are isolated per application name.
    /// </summary>
    public const string ApplicationName = "RtesResources";

    public const string CertificatePathKey = "DataProtection:CertificatePath";
    public const string CertificatePasswordKey = "DataProtection:CertificatePassword";

    public static IServiceCollection AddDatabaseKeyRing(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var dataProtection = services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<AppDbContext>();

        // Keys are protected at rest only where the host gives a certificate: without one they are
        // stored as XML in the database (the library logs a warning), as they were in files before.
        var path = configuration[CertificatePathKey];
        if (!string.IsNullOrWhiteSpace(path))
        {
            dataProtection.ProtectKeysWithCertificate(LoadCertificate(Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path), configuration[CertificatePasswordKey]));
        }

        return services;
    }

    private static X509Certificate2 LoadCertificate(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new Infrastructure.InvalidConfigurationException($"{CertificatePathKey} : le fichier {path} n'existe pas.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException exception)
        {
            throw new Infrastructure.InvalidConfigurationException($"{CertificatePathKey} : le certificat {path} ne peut pas être lu (fichier PKCS#12 et {CertificatePasswordKey} attendus).", exception);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new Infrastructure.InvalidConfigurationException($"{CertificatePathKey} : le certificat {path} n'a pas de clé privée ; il en faut une pour relire les clés.");
        }

        return certificate;
    }
}
