using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore.Migrations;

namespace RtesResources.Web.Migrations;

/// <summary>
/// The six kinds of resource a fresh installation starts with (the same slugs, names and order as the
/// demo data set), inserted by the ResourceKindsReferenceData migration of both providers.
/// They are rows like any other afterwards: editors rename, reorder or add kinds in the back-office.
/// Each insert is guarded by the slug, so a database whose kinds already came from the demo data keeps
/// its own rows; they are not model seed data (HasData), so no later migration can overwrite an edit.
/// This list is frozen with the migration: changing it changes no existing database.
/// </summary>
public static class ReferenceKinds
{
    public static readonly IReadOnlyList<(string Slug, string Name, string PluralName)> Initial =
    [
        ("conference-en-ligne", "Conférence en ligne", "Conférences en ligne"),
        ("fiche", "Fiche", "Fiches"),
        ("etude", "Étude", "Études"),
        ("video", "Vidéo", "Vidéos"),
        ("diaporama", "Diaporama", "Diaporamas"),
        ("compte-rendu", "Retour d'échange / compte rendu", "Retours d'échange et comptes rendus"),
    ];

    public static void Insert(MigrationBuilder migrationBuilder, bool sqlServer)
    {
        var table = sqlServer ? "[ResourceKinds]" : "\"ResourceKinds\"";
        string Column(string name) => sqlServer ? $"[{name}]" : $"\"{name}\"";
        string Text(string value) => (sqlServer ? "N'" : "'") + value.Replace("'", "''", StringComparison.Ordinal) + "'";
        var sql = new StringBuilder();
        for (var i = 0; i < Initial.Count; i++)
        {
            var (slug, name, plural) = Initial[i];
            sql.Append(CultureInfo.InvariantCulture,
                $"INSERT INTO {table} ({Column("Slug")}, {Column("Name")}, {Column("PluralName")}, {Column("Position")}) " +
                $"SELECT {Text(slug)}, {Text(name)}, {Text(plural)}, {i + 1} " +
                $"WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {Column("Slug")} = {Text(slug)});\n");
        }

        migrationBuilder.Sql(sql.ToString());
    }

    /// <summary>Removes the kinds that no resource uses (a kind in use stays, as the back-office would refuse to delete it).</summary>
    public static void Delete(MigrationBuilder migrationBuilder, bool sqlServer)
    {
        var slugs = string.Join(", ", Initial.Select(k => (sqlServer ? "N'" : "'") + k.Slug + "'"));
        migrationBuilder.Sql(sqlServer
            ? $"DELETE FROM [ResourceKinds] WHERE [Slug] IN ({slugs}) AND NOT EXISTS (SELECT 1 FROM [Resources] WHERE [Resources].[KindId] = [ResourceKinds].[Id]);"
            : $"DELETE FROM \"ResourceKinds\" WHERE \"Slug\" IN ({slugs}) AND NOT EXISTS (SELECT 1 FROM \"Resources\" WHERE \"Resources\".\"KindId\" = \"ResourceKinds\".\"Id\");");
    }
}
