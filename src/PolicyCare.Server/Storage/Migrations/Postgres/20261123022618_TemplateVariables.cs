using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyCare.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TemplateVariables : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Variables",
                table: "notices",
                type: "text",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Variables",
                table: "notices");
        }
    }
}
