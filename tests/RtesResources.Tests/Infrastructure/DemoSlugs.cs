namespace RtesResources.Tests.Infrastructure;

/// <summary>Slugs of the demo data set that tests rely on.</summary>
public static class DemoSlugs
{
    public const string PrivateConference2021 = "communes-et-interco-comment-soutenir-l-ess-sur-vos-territoires";
    public const string PrivateNewElected = "comment-parler-ess-a-un-e-nouvel-le-elu-e";
    public const string PublicAugust2020 = "comment-soutenir-l-ess-dans-le-cadre-d-une-politique-communale-ou-intercommunale";
    public const string Departements = "retour-sur-le-temps-d-echange-departements-et-ess";
    public const string Fiche3 = "fiche-3-l-ess-au-coeur-des-competences-du-bloc-communal";
    public const string Study = "etude-metropoles-ess-et-innovation-sociale";
    public const string Meeting2019 = "rencontre-metropoles-ess-et-innovation-sociale-5-juillet-2019";
    public const string Video = "video-de-presentation-du-rtes";

    /// <summary>A phrase found only in the body of a private resource (PrivateNewElected).</summary>
    public const string PrivateBodyOnlyPhrase = "Dynamique de l'ESS sur mon territoire";

    /// <summary>A word found only in that private body: "La Rochelle".</summary>
    public const string PrivateBodyOnlyWord = "rochelle";
}
