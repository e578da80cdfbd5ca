using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;

namespace RtesResources.Tests.Search;

/// <summary>
/// The demo site plus resources written for the French search cases, on a clock set to 26 November
/// 2026, with an active member, a lapsed member and their signed-in clients.
/// </summary>
public sealed class SearchSite : RtesWebFactory, IAsyncLifetime
{
    public static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);

    public SearchSite()
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(Now));
    }

    public HttpClient Anonymous { get; private set; } = null!;
    public HttpClient Member { get; private set; } = null!;
    public HttpClient LapsedMember { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await WithDbAsync(async db =>
        {
            var fiche = await db.ResourceKinds.SingleAsync(k => k.Slug == "fiche");
            var etude = await db.ResourceKinds.SingleAsync(k => k.Slug == "etude");
            var food = new Category { Slug = "alimentation-durable", Name = "Alimentation durable" };
            var speaker = new Speaker { Slug = "camille-ondine", Name = "Camille Ondine" };

            Resource Add(string slug, string title, string summary, string body = "", ResourceKind? kind = null, bool isPrivate = false, DateOnly? publishedOn = null, DateTime? publishAt = null)
            {
                var resource = new Resource
                {
                    Slug = slug,
                    Title = title,
                    Kind = kind ?? fiche,
                    SummaryMarkdown = summary,
                    BodyMarkdown = body,
                    IsPrivate = isPrivate,
                    PublishedOn = publishedOn ?? new DateOnly(2024, 3, 1),
                    PublishAt = publishAt ?? new DateTime(2024, 3, 1, 8, 0, 0, DateTimeKind.Utc),
                };
                db.Resources.Add(resource);
                return resource;
            }

            Add("economie-circulaire", "Les collectivités et l'économie circulaire", "Comment les élu·e·s accompagnent les recycleries de quartier.", "La commande publique responsable soutient le réemploi.");
            Add("elus-transition", "Les élu.e.s face à la transition", "Un guide pour les mandats locaux.");
            Add("panorama-spaser", "Panorama des SPASER bretons", "Recensement des démarches.", kind: etude);
            Add("schema-achats", "Acheter autrement", "Le schéma de promotion des achats socialement et écologiquement responsables d'une métropole.");
            Add("gouvernance-titre", "La gouvernance partagée", "Un retour d'expérience.");
            Add("gouvernance-resume", "Partager les décisions", "Une gouvernance partagée entre associations et collectivité.");
            Add("gouvernance-corps", "Décider ensemble", "Un retour d'expérience.", "Le texte revient longuement sur la gouvernance des projets et ses étapes.");
            var inTranscript = Add("gouvernance-video", "Un webinaire enregistré", "Un retour d'expérience.", kind: etude);
            inTranscript.Links.Add(NewVideo("Enregistrement du webinaire", "Nous revenons sur la gouvernance des projets et sur les pollinisateurs du quartier."));
            var edited = Add("transcription-corrigee", "Une rencontre filmée", "Un retour d'expérience.", kind: etude);
            edited.Links.Add(NewVideo("Captation", "Un premier jet sur les cormorans."));
            var inFile = Add("gouvernance-fichier", "Une fiche pratique", "Un retour d'expérience.");
            inFile.Attachments.Add(NewAttachment("Fiche n°3.pdf", "Cette fiche décrit la gouvernance et la méthanisation agricole."));
            Add("marches-publics-exact", "Guide des marchés publics", "Les clauses sociales dans les marchés publics.");
            Add("marches-publics-epars", "Marchés et achats", "Des marchés locaux pour les produits publics et privés.");
            Add("tiers-lieux-numeriques", "Tiers-lieux et inclusion numérique", "Des tiers-lieux qui forment au numérique.");
            Add("tiers-lieux-ruraux", "Tiers-lieux ruraux", "Des tiers-lieux dans les villages.");
            Add("vermicompostage-ancien", "Le vermicompostage collectif", "Vermicompostage en pied d'immeuble.", publishedOn: new DateOnly(2020, 5, 1), publishAt: new DateTime(2020, 5, 1, 8, 0, 0, DateTimeKind.Utc));
            Add("vermicompostage-recent", "Le vermicompostage collectif", "Vermicompostage en pied d'immeuble.", publishedOn: new DateOnly(2025, 5, 1), publishAt: new DateTime(2025, 5, 1, 8, 0, 0, DateTimeKind.Utc));
            var secret = Add("compte-rendu-reserve", "Compte rendu d'un atelier", "Un atelier entre collectivités adhérentes sur la cartographie.", "Le zythogramme présenté en séance montre la cartographie des acteurs.", isPrivate: true);
            secret.Attachments.Add(NewAttachment("Support de séance.pdf", "Les ornithorynques de la cartographie participative."));
            secret.Links.Add(NewVideo("Captation de l'atelier", "Les *salamandres* du bocage ont occupé la fin de l'atelier."));
            Add("cartographie-publique", "Outils de cartographie", "La cartographie des acteurs de l'ESS.");
            Add("quinoa-programme", "Filières de quinoa local", "Un programme à venir.", publishedOn: new DateOnly(2026, 11, 27), publishAt: Now.AddDays(1));
            var cantine = Add("cantines", "Cantines scolaires", "Approvisionnement local des cantines.");
            cantine.Categories.Add(food);
            var talk = Add("intervention-ondine", "Conférence sur les circuits courts", "Une intervention filmée.");
            talk.Speakers.Add(new ResourceSpeaker { Speaker = speaker, Position = 0 });
            await db.SaveChangesAsync();
        });

        await this.AddCollectivityAsync("Ville Adhérente", new DateOnly(2027, 6, 30));
        await this.AddCollectivityAsync("Ville Ancienne", null);
        await WithDbAsync(async db =>
        {
            var lapsed = await db.Collectivities.SingleAsync(c => c.Name == "Ville Ancienne");
            db.MembershipPeriods.Add(new MembershipPeriod { CollectivityId = lapsed.Id, StartsOn = new DateOnly(2025, 1, 1), EndsOn = new DateOnly(2025, 12, 31) });
            await db.SaveChangesAsync();
        });
        await this.AddUserAsync("membre@ville-adherente.fr", Roles.Member, "Ville Adhérente");
        await this.AddUserAsync("agent@ville-ancienne.fr", Roles.Member, "Ville Ancienne");

        Anonymous = CreateClient();
        Member = await this.SignedInClientAsync("membre@ville-adherente.fr");
        LapsedMember = await this.SignedInClientAsync("agent@ville-ancienne.fr");
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    private static ResourceLink NewVideo(string label, string transcript) => new()
    {
        Kind = LinkKind.Video,
        Label = label,
        Url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        TranscriptMarkdown = transcript,
    };

    private static Attachment NewAttachment(string fileName, string text) => new()
    {
        Id = Guid.NewGuid(),
        Label = fileName,
        FileName = fileName,
        ContentType = "application/pdf",
        Length = text.Length,
        Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fileName + text))),
        StorageKey = "test/" + Guid.NewGuid().ToString("N"),
        // As the extraction worker leaves it (its own tests read real files).
        ExtractedText = text,
        TextState = TextExtractionState.Indexed,
    };
}
