using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyCare.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Claims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "claims",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    PolicyNumber = table.Column<string>(type: "text", nullable: false),
                    BenefitCode = table.Column<string>(type: "text", nullable: false),
                    Incurred = table.Column<DateOnly>(type: "date", nullable: false),
                    SubmittedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Expense = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    Days = table.Column<int>(type: "integer", nullable: true),
                    Documents = table.Column<string>(type: "text", nullable: false),
                    CompleteOn = table.Column<DateOnly>(type: "date", nullable: true),
                    DecideBy = table.Column<DateOnly>(type: "date", nullable: true),
                    Route = table.Column<string>(type: "text", nullable: true),
                    Flags = table.Column<string>(type: "text", nullable: false),
                    InvestigationReason = table.Column<string>(type: "text", nullable: true),
                    InvestigateBy = table.Column<DateOnly>(type: "date", nullable: true),
                    OverdueSaid = table.Column<bool>(type: "boolean", nullable: false),
                    Decision = table.Column<string>(type: "text", nullable: true),
                    Benefit = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    Deducted = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    DecisionReason = table.Column<string>(type: "text", nullable: true),
                    DecidedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PaidAmount = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    DelayInterest = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Withdrawn = table.Column<bool>(type: "boolean", nullable: false),
                    SurveySent = table.Column<bool>(type: "boolean", nullable: false),
                    NextReviewOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_claims_policies_PolicyNumber",
                        column: x => x.PolicyNumber,
                        principalTable: "policies",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_claims_NextReviewOn",
                table: "claims",
                column: "NextReviewOn");

            migrationBuilder.CreateIndex(
                name: "IX_claims_PolicyNumber",
                table: "claims",
                column: "PolicyNumber");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "claims");
        }
    }
}
