using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyCare.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WorkerSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClaimedUntil",
                table: "cycle_partitions");

            migrationBuilder.AddColumn<int>(
                name: "ClaimedBy",
                table: "notices",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClaimedBy",
                table: "notices");

            migrationBuilder.AddColumn<string>(
                name: "ClaimedUntil",
                table: "cycle_partitions",
                type: "TEXT",
                nullable: true);
        }
    }
}
