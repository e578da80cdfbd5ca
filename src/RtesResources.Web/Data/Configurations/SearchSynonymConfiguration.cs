using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data.Configurations;

public sealed class SearchSynonymConfiguration : IEntityTypeConfiguration<SearchSynonym>
{
    /// <summary>The field's vocabulary, created by the migration; editors change it in the back-office afterwards.</summary>
    internal static readonly string[] Vocabulary =
    [
        "ESS, économie sociale et solidaire",
        "SCIC, société coopérative d'intérêt collectif",
        "SCOP, société coopérative et participative, société coopérative ouvrière de production",
        "PTCE, pôle territorial de coopération économique",
        "TZCLD, territoires zéro chômeur de longue durée, territoire zéro chômeur",
        "SIEG, service d'intérêt économique général",
        "IAE, insertion par l'activité économique",
        "SIAE, structure d'insertion par l'activité économique",
        "SPASER, schéma de promotion des achats socialement et écologiquement responsables",
        "EPCI, établissement public de coopération intercommunale, intercommunalité",
        "CRESS, chambre régionale de l'économie sociale et solidaire",
        "ESUS, entreprise solidaire d'utilité sociale",
        "EBE, entreprise à but d'emploi",
        "QPV, quartier prioritaire de la politique de la ville",
        "CAE, coopérative d'activité et d'emploi",
        "DLA, dispositif local d'accompagnement",
        "AMI, appel à manifestation d'intérêt",
        "ESAT, établissement et service d'aide par le travail",
        "CCAS, centre communal d'action sociale",
        "PLIE, plan local pour l'insertion et l'emploi",
        "RTES, réseau des collectivités territoriales pour une économie solidaire",
        "commande publique, achat public, achats publics, marchés publics",
        "tiers-lieu, tiers-lieux, tiers lieu",
    ];

    public void Configure(EntityTypeBuilder<SearchSynonym> builder)
    {
        builder.Property(s => s.Terms).HasMaxLength(SearchSynonym.TermsMaxLength).IsRequired();
        builder.Ignore(s => s.TermList);
        var seeded = new DateTime(2026, 11, 28, 0, 0, 0, DateTimeKind.Utc);
        builder.HasData(Vocabulary.Select((terms, i) => new SearchSynonym { Id = i + 1, Terms = terms, CreatedAt = seeded, UpdatedAt = seeded }));
    }
}
