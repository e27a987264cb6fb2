using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyCare.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RiskCohorts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "lapse_risk_cohorts",
                columns: table => new
                {
                    PolicyNumber = table.Column<string>(type: "text", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    ScoredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Tier = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Control = table.Column<bool>(type: "boolean", nullable: false),
                    Lapsed = table.Column<bool>(type: "boolean", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lapse_risk_cohorts", x => new { x.PolicyNumber, x.Month });
                });

            migrationBuilder.CreateIndex(
                name: "IX_lapse_risk_cohorts_ScoredOn",
                table: "lapse_risk_cohorts",
                column: "ScoredOn");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lapse_risk_cohorts");
        }
    }
}
