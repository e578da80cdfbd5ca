using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RtesResources.Web.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "CaptionsSha256",
                table: "ResourceLinks",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CaptionsStorageKey",
                table: "ResourceLinks",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CaptionsUpdatedAt",
                table: "ResourceLinks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TranscriptHtml",
                table: "ResourceLinks",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "TranscriptMarkdown",
                table: "ResourceLinks",
                type: "TEXT",
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
