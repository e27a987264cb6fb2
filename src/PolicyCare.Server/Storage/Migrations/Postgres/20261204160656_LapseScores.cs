using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyCare.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LapseScores : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "lapse_scores",
                columns: table => new
                {
                    PolicyNumber = table.Column<string>(type: "text", nullable: false),
                    ScoredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Probability = table.Column<double>(type: "double precision", nullable: false),
                    Tier = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Control = table.Column<bool>(type: "boolean", nullable: false),
                    Priority = table.Column<double>(type: "double precision", nullable: false),
                    Factors = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lapse_scores", x => x.PolicyNumber);
                    table.ForeignKey(
                        name: "FK_lapse_scores_policies_PolicyNumber",
                        column: x => x.PolicyNumber,
                        principalTable: "policies",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_lapse_scores_Priority",
                table: "lapse_scores",
                column: "Priority");

            migrationBuilder.CreateIndex(
                name: "IX_lapse_scores_Tier",
                table: "lapse_scores",
                column: "Tier");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lapse_scores");
        }
    }
}
