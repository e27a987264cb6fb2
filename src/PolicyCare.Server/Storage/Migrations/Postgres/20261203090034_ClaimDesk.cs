using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PolicyCare.Storage.Migrations.Postgres
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
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClaimantId",
                table: "claims",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecisionClause",
                table: "claims",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FlagFacts",
                table: "claims",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PayoutAccount",
                table: "claims",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "SurveyAnsweredOn",
                table: "claims",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SurveyComment",
                table: "claims",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SurveyCsat",
                table: "claims",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SurveyNps",
                table: "claims",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "claim_documents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ClaimId = table.Column<string>(type: "text", nullable: false),
                    Code = table.Column<string>(type: "text", nullable: false),
                    Sha256 = table.Column<string>(type: "text", nullable: false),
                    MediaType = table.Column<string>(type: "text", nullable: false),
                    Length = table.Column<long>(type: "bigint", nullable: false),
                    UploadedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UploadedBy = table.Column<string>(type: "text", nullable: false),
                    OcrTotal = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    OcrLine = table.Column<string>(type: "text", nullable: true),
                    OcrProblem = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claim_documents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "claim_drafts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    CustomerId = table.Column<string>(type: "text", nullable: false),
                    PolicyNumber = table.Column<string>(type: "text", nullable: false),
                    BenefitCode = table.Column<string>(type: "text", nullable: false),
                    Incurred = table.Column<DateOnly>(type: "date", nullable: true),
                    Expense = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    Days = table.Column<int>(type: "integer", nullable: true),
                    PayoutAccount = table.Column<string>(type: "text", nullable: true),
                    SavedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claim_drafts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "claim_payout_files",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_claim_payout_files", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "claim_payouts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ClaimId = table.Column<string>(type: "text", nullable: false),
                    PolicyNumber = table.Column<string>(type: "text", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    Currency = table.Column<string>(type: "text", nullable: false),
                    InstructedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    FileId = table.Column<long>(type: "bigint", nullable: true),
                    BankReference = table.Column<string>(type: "text", nullable: true),
                    RejectionReason = table.Column<string>(type: "text", nullable: true),
                    SettledOn = table.Column<DateOnly>(type: "date", nullable: true)
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
