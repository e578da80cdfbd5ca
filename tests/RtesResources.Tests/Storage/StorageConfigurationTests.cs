using Microsoft.AspNetCore.Hosting;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Tests.Storage;

/// <summary>An Azure Blob Storage configuration the site cannot work with stops it at start, with one French line naming the key.</summary>
public sealed class StorageConfigurationTests
{
    private const string ValidConnectionString = "DefaultEndpointsProtocol=https;AccountName=rtesfichiers;AccountKey=c2VjcmV0LWRlLXRlc3Q=;EndpointSuffix=core.windows.net";

    [Theory]
    [InlineData(null, "fichiers-rtes", "Configuration invalide : Storage:AzureBlob:ConnectionString est absente ou n'est pas une chaîne de connexion Azure Storage (obligatoire quand Storage:Provider vaut AzureBlob).")]
    [InlineData("AccountKey=sans-le-reste", "fichiers-rtes", "Configuration invalide : Storage:AzureBlob:ConnectionString est absente ou n'est pas une chaîne de connexion Azure Storage (obligatoire quand Storage:Provider vaut AzureBlob).")]
    [InlineData(ValidConnectionString, null, "Configuration invalide : Storage:AzureBlob:Container doit nommer un conteneur : 3 à 63 minuscules, chiffres ou tirets (obligatoire quand Storage:Provider vaut AzureBlob).")]
    [InlineData(ValidConnectionString, "Fichiers_RTES", "Configuration invalide : Storage:AzureBlob:Container doit nommer un conteneur : 3 à 63 minuscules, chiffres ou tirets (obligatoire quand Storage:Provider vaut AzureBlob).")]
    public void AnAzureBlobStoreWithoutAUsableConnectionStringOrContainerStopsTheStart(string? connectionString, string? container, string expected)
    {
        using var site = new SiteWithStorage("AzureBlob", connectionString, container);

        var error = Record.Exception(() => site.CreateClient());

        Assert.NotNull(error);
        Assert.Equal(expected, StartupFailure.Describe(error));
    }

    [Fact]
    public void AnUnknownProviderIsNamedWithTheAcceptedValues()
    {
        using var site = new SiteWithStorage("Disque", null, null);

        var error = Record.Exception(() => site.CreateClient());

        Assert.NotNull(error);
        Assert.Equal("Configuration invalide : Storage:Provider doit être l'une des valeurs Local, AzureBlob.", StartupFailure.Describe(error));
    }

    private sealed class SiteWithStorage : RtesWebFactory
    {
        private readonly string _provider;
        private readonly string? _connectionString;
        private readonly string? _container;

        public SiteWithStorage(string provider, string? connectionString, string? container)
        {
            (_provider, _connectionString, _container) = (provider, connectionString, container);
            SeedDemoData = false;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Storage:Provider", _provider);
            builder.UseSetting("Storage:AzureBlob:ConnectionString", _connectionString);
            builder.UseSetting("Storage:AzureBlob:Container", _container);
        }
    }
}
