using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RtesResources.Web.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VisibilityCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Resources_DeletedAt_PublishAt",
                table: "Resources");

            migrationBuilder.CreateIndex(
                name: "IX_Resources_Visibility",
                table: "Resources",
                columns: new[] { "DeletedAt", "PublishAt", "PublishedOn", "KindId", "IsPrivate", "SeriesId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Resources_Visibility",
                table: "Resources");

            migrationBuilder.CreateIndex(
                name: "IX_Resources_DeletedAt_PublishAt",
                table: "Resources",
                columns: new[] { "DeletedAt", "PublishAt" });
        }
    }
}
