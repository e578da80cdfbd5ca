using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace RtesResources.Web.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ExtractedText",
                table: "Attachments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TextAttempts",
                table: "Attachments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "TextClaimedUntil",
                table: "Attachments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TextError",
                table: "Attachments",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TextState",
                table: "Attachments",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Pending");

            migrationBuilder.CreateTable(
                name: "SearchIndexChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ResourceId = table.Column<int>(type: "INTEGER", nullable: true),
                    RemovedResourceId = table.Column<int>(type: "INTEGER", nullable: true),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchIndexChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SearchIndexChanges_Resources_ResourceId",
                        column: x => x.ResourceId,
                        principalTable: "Resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "SearchSynonyms",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Terms = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchSynonyms", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "SearchSynonyms",
                columns: new[] { "Id", "CreatedAt", "Terms", "UpdatedAt" },
                values: new object[,]
                {
                    { 1, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "ESS, économie sociale et solidaire", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 2, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "SCIC, société coopérative d'intérêt collectif", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 3, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "SCOP, société coopérative et participative, société coopérative ouvrière de production", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 4, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "PTCE, pôle territorial de coopération économique", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 5, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "TZCLD, territoires zéro chômeur de longue durée, territoire zéro chômeur", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 6, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "SIEG, service d'intérêt économique général", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 7, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "IAE, insertion par l'activité économique", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 8, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "SIAE, structure d'insertion par l'activité économique", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 9, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "SPASER, schéma de promotion des achats socialement et écologiquement responsables", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 10, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "EPCI, établissement public de coopération intercommunale, intercommunalité", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 11, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "CRESS, chambre régionale de l'économie sociale et solidaire", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 12, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "ESUS, entreprise solidaire d'utilité sociale", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 13, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "EBE, entreprise à but d'emploi", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 14, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "QPV, quartier prioritaire de la politique de la ville", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 15, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "CAE, coopérative d'activité et d'emploi", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 16, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "DLA, dispositif local d'accompagnement", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 17, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "AMI, appel à manifestation d'intérêt", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 18, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "ESAT, établissement et service d'aide par le travail", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 19, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "CCAS, centre communal d'action sociale", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 20, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "PLIE, plan local pour l'insertion et l'emploi", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 21, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "RTES, réseau des collectivités territoriales pour une économie solidaire", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 22, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "commande publique, achat public, achats publics, marchés publics", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) },
                    { 23, new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc), "tiers-lieu, tiers-lieux, tiers lieu", new DateTime(2026, 11, 28, 0, 0, 0, 0, DateTimeKind.Utc) }
                });

            migrationBuilder.CreateIndex(
                name: "IX_Attachments_TextState_TextClaimedUntil",
                table: "Attachments",
                columns: new[] { "TextState", "TextClaimedUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_SearchIndexChanges_CreatedAt",
                table: "SearchIndexChanges",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_SearchIndexChanges_ResourceId",
                table: "SearchIndexChanges",
                column: "ResourceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SearchIndexChanges");

            migrationBuilder.DropTable(
                name: "SearchSynonyms");

            migrationBuilder.DropIndex(
                name: "IX_Attachments_TextState_TextClaimedUntil",
                table: "Attachments");

            migrationBuilder.DropColumn(
                name: "ExtractedText",
                table: "Attachments");

            migrationBuilder.DropColumn(
                name: "TextAttempts",
                table: "Attachments");

            migrationBuilder.DropColumn(
                name: "TextClaimedUntil",
                table: "Attachments");

            migrationBuilder.DropColumn(
                name: "TextError",
                table: "Attachments");

            migrationBuilder.DropColumn(
                name: "TextState",
                table: "Attachments");
        }
    }
}
