using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyCare.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClaimDesk : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AssignedTo",
                table: "claims",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClaimantId",
                table: "claims",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecisionClause",
                table: "claims",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FlagFacts",
                table: "claims",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PayoutAccount",
                table: "claims",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "SurveyAnsweredOn",
                table: "claims",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SurveyComment",
                table: "claims",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SurveyCsat",
                table: "claims",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SurveyNps",
                table: "claims",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "claim_documents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClaimId = table.Column<string>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", nullable: false),
                    MediaType = table.Column<string>(type: "TEXT", nullable: false),
                    Length = table.Column<long>(type: "INTEGER", nullable: false),
                    UploadedAt = table.Column<string>(type: "TEXT", nullable: false),
                    UploadedBy = table.Column<string>(type: "TEXT", nullable: false),
                    OcrTotal = table.Column<string>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    OcrLine = table.Column<string>(type: "TEXT", nullable: true),
                    OcrProblem = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claim_documents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "claim_drafts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", nullable: false),
                    PolicyNumber = table.Column<string>(type: "TEXT", nullable: false),
                    BenefitCode = table.Column<string>(type: "TEXT", nullable: false),
                    Incurred = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Expense = table.Column<string>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    Days = table.Column<int>(type: "INTEGER", nullable: true),
                    PayoutAccount = table.Column<string>(type: "TEXT", nullable: true),
                    SavedAt = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claim_drafts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "claim_payout_files",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claim_payout_files", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "claim_payouts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClaimId = table.Column<string>(type: "TEXT", nullable: false),
                    PolicyNumber = table.Column<string>(type: "TEXT", nullable: false),
                    Amount = table.Column<string>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", nullable: false),
                    InstructedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    FileId = table.Column<long>(type: "INTEGER", nullable: true),
                    BankReference = table.Column<string>(type: "TEXT", nullable: true),
                    RejectionReason = table.Column<string>(type: "TEXT", nullable: true),
                    SettledOn = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claim_payouts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_claim_documents_ClaimId_Sha256",
                table: "claim_documents",
                columns: new[] { "ClaimId", "Sha256" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_claim_documents_Sha256",
                table: "claim_documents",
                column: "Sha256");

            migrationBuilder.CreateIndex(
                name: "IX_claim_drafts_CustomerId",
                table: "claim_drafts",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_claim_payouts_ClaimId",
                table: "claim_payouts",
                column: "ClaimId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_claim_payouts_Status_FileId",
                table: "claim_payouts",
                columns: new[] { "Status", "FileId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "claim_documents");

            migrationBuilder.DropTable(
                name: "claim_drafts");

            migrationBuilder.DropTable(
                name: "claim_payout_files");

            migrationBuilder.DropTable(
                name: "claim_payouts");

            migrationBuilder.DropColumn(
                name: "AssignedTo",
                table: "claims");

            migrationBuilder.DropColumn(
                name: "ClaimantId",
                table: "claims");

            migrationBuilder.DropColumn(
                name: "DecisionClause",
                table: "claims");

            migrationBuilder.DropColumn(
                name: "FlagFacts",
                table: "claims");

            migrationBuilder.DropColumn(
                name: "PayoutAccount",
                table: "claims");

            migrationBuilder.DropColumn(
                name: "SurveyAnsweredOn",
                table: "claims");

            migrationBuilder.DropColumn(
                name: "SurveyComment",
                table: "claims");

            migrationBuilder.DropColumn(
                name: "SurveyCsat",
                table: "claims");

            migrationBuilder.DropColumn(
                name: "SurveyNps",
                table: "claims");
        }
    }
}
