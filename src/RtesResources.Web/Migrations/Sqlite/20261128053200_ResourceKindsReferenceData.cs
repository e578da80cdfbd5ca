using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RtesResources.Web.Migrations.Sqlite
{
    /// <summary>The six kinds of resource as reference data (see <see cref="ReferenceKinds"/>).</summary>
    public partial class ResourceKindsReferenceData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            ReferenceKinds.Insert(migrationBuilder, sqlServer: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            ReferenceKinds.Delete(migrationBuilder, sqlServer: false);
        }
    }
}
