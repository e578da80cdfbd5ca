using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RtesResources.Web.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UsageStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FileDownloadDays",
                columns: table => new
                {
                    AttachmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FileDownloadDays", x => new { x.AttachmentId, x.Day });
                    table.ForeignKey(
                        name: "FK_FileDownloadDays_Attachments_AttachmentId",
                        column: x => x.AttachmentId,
                        principalTable: "Attachments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PrivateDownloadDays",
                columns: table => new
                {
                    CollectivityId = table.Column<int>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrivateDownloadDays", x => new { x.CollectivityId, x.Day });
                    table.ForeignKey(
                        name: "FK_PrivateDownloadDays_Collectivities_CollectivityId",
                        column: x => x.CollectivityId,
                        principalTable: "Collectivities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ResourceViewDays",
                columns: table => new
                {
                    ResourceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResourceViewDays", x => new { x.ResourceId, x.Day });
                    table.ForeignKey(
                        name: "FK_ResourceViewDays_Resources_ResourceId",
                        column: x => x.ResourceId,
                        principalTable: "Resources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UnfoundSearchWeeks",
                columns: table => new
                {
                    WeekStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnfoundSearchWeeks", x => new { x.WeekStart, x.Text });
                });

            migrationBuilder.CreateIndex(
                name: "IX_FileDownloadDays_Day_AttachmentId",
                table: "FileDownloadDays",
                columns: new[] { "Day", "AttachmentId" });

            migrationBuilder.CreateIndex(
                name: "IX_PrivateDownloadDays_Day_CollectivityId",
                table: "PrivateDownloadDays",
                columns: new[] { "Day", "CollectivityId" });

            migrationBuilder.CreateIndex(
                name: "IX_ResourceViewDays_Day_ResourceId",
                table: "ResourceViewDays",
                columns: new[] { "Day", "ResourceId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FileDownloadDays");

            migrationBuilder.DropTable(
                name: "PrivateDownloadDays");

            migrationBuilder.DropTable(
                name: "ResourceViewDays");

            migrationBuilder.DropTable(
                name: "UnfoundSearchWeeks");
        }
    }
}
