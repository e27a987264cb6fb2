using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyCare.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CyclePartitions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CyclePartition",
                table: "policies",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "cycle_partitions",
                columns: table => new
                {
                    BusinessDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Partition = table.Column<int>(type: "integer", nullable: false),
                    ClaimedBy = table.Column<string>(type: "text", nullable: true),
                    ClaimedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PoliciesReviewed = table.Column<int>(type: "integer", nullable: false),
                    StatusChanges = table.Column<int>(type: "integer", nullable: false),
                    NoticesPlanned = table.Column<int>(type: "integer", nullable: false),
                    CasesOpened = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cycle_partitions", x => new { x.BusinessDate, x.Partition });
                });

            migrationBuilder.CreateIndex(
                name: "IX_policies_CyclePartition_NextReviewOn",
                table: "policies",
                columns: new[] { "CyclePartition", "NextReviewOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cycle_partitions");

            migrationBuilder.DropIndex(
                name: "IX_policies_CyclePartition_NextReviewOn",
                table: "policies");

            migrationBuilder.DropColumn(
                name: "CyclePartition",
                table: "policies");
        }
    }
}
