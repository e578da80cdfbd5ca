using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RtesResources.Web.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ResourceLicenceCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Free text becomes a code of the closed list (Domain/Licences). A recognised licence keeps
            // its meaning; none given: Licence Ouverte 2.0 for public work, rights kept for member-only
            // content; any other text (a copyright line) keeps all rights, which never grants more than was given.
            migrationBuilder.Sql(
                """
                UPDATE Resources SET Licence = CASE
                    WHEN Licence LIKE '%ouverte%' OR Licence LIKE '%etalab%' OR Licence LIKE '%open licence%' THEN 'licence-ouverte-2.0'
                    WHEN Licence LIKE '%BY-NC-SA%' OR Licence LIKE '%BY NC SA%' THEN 'cc-by-nc-sa-4.0'
                    WHEN Licence LIKE '%BY-SA%' OR Licence LIKE '%BY SA%' THEN 'cc-by-sa-4.0'
                    WHEN Licence LIKE '%CC-BY%' OR Licence LIKE '%CC BY%' THEN
                        CASE WHEN Licence LIKE '%NC%' OR Licence LIKE '%ND%' THEN 'tous-droits-reserves' ELSE 'cc-by-4.0' END
                    WHEN Licence IS NULL OR TRIM(Licence) = '' THEN
                        CASE WHEN IsPrivate = 1 THEN 'tous-droits-reserves' ELSE 'licence-ouverte-2.0' END
                    ELSE 'tous-droits-reserves'
                END;
                """);

            migrationBuilder.AlterColumn<string>(
                name: "Licence",
                table: "Resources",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "nvarchar(200)",
                oldMaxLength: 200,
                oldNullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Licence",
                table: "Resources",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(40)",
                oldMaxLength: 40);
        }
    }
}
