using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RtesResources.Web.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class VideoTranscriptsAndCaptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CaptionsLength",
                table: "ResourceLinks",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "CaptionsSha256",
                table: "ResourceLinks",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CaptionsStorageKey",
                table: "ResourceLinks",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CaptionsUpdatedAt",
                table: "ResourceLinks",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TranscriptHtml",
                table: "ResourceLinks",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "TranscriptMarkdown",
                table: "ResourceLinks",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CaptionsLength",
                table: "ResourceLinks");

            migrationBuilder.DropColumn(
                name: "CaptionsSha256",
                table: "ResourceLinks");

            migrationBuilder.DropColumn(
                name: "CaptionsStorageKey",
                table: "ResourceLinks");

            migrationBuilder.DropColumn(
                name: "CaptionsUpdatedAt",
                table: "ResourceLinks");

            migrationBuilder.DropColumn(
                name: "TranscriptHtml",
                table: "ResourceLinks");

            migrationBuilder.DropColumn(
                name: "TranscriptMarkdown",
                table: "ResourceLinks");
        }
    }
}
