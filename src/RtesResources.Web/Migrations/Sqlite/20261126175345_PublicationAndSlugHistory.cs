using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RtesResources.Web.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PublicationAndSlugHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "Resources",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PublishAt",
                table: "Resources",
                type: "TEXT",
                nullable: true);

            // Resources that existed before publication states were all public: keep them so.
            migrationBuilder.Sql("UPDATE \"Resources\" SET \"PublishAt\" = \"CreatedAt\" WHERE \"PublishAt\" IS NULL;");

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Resources",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ResourceSlugRedirects",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OldSlug = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ResourceId = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResourceSlugRedirects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ResourceSlugRedirects_Resources_ResourceId",
                        column: x => x.ResourceId,
                        principalTable: "Resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Resources_DeletedAt_PublishAt",
                table: "Resources",
                columns: new[] { "DeletedAt", "PublishAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ResourceSlugRedirects_OldSlug",
                table: "ResourceSlugRedirects",
                column: "OldSlug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ResourceSlugRedirects_ResourceId",
                table: "ResourceSlugRedirects",
                column: "ResourceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ResourceSlugRedirects");

            migrationBuilder.DropIndex(
                name: "IX_Resources_DeletedAt_PublishAt",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "PublishAt",
                table: "Resources");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Resources");
        }
    }
}
