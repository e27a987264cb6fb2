using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyCare.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CasesAndSurveys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "AcknowledgeBy",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "AcknowledgedOn",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Answer",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "AnswerBy",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "AnsweredOn",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AtFirstContact",
                table: "cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Category",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClaimId",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosedAt",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Decision",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "EscalateOn",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "EscalatedOn",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ExtendedBy",
                table: "cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ExtensionApprovedBy",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExtensionReason",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Market",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Message",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NoticeId",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OpenedAt",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Owner",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Reopened",
                table: "cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "RootCause",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Subject",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TransferReason",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TransferTo",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WaitedMinutes",
                table: "cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "WaitingSince",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "surveys",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", nullable: false),
                    Moment = table.Column<string>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", nullable: false),
                    PolicyNumber = table.Column<string>(type: "TEXT", nullable: false),
                    ProductCode = table.Column<string>(type: "TEXT", nullable: true),
                    Channel = table.Column<string>(type: "TEXT", nullable: true),
                    Agent = table.Column<string>(type: "TEXT", nullable: true),
                    SentOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Csat = table.Column<int>(type: "INTEGER", nullable: true),
                    Nps = table.Column<int>(type: "INTEGER", nullable: true),
                    Comment = table.Column<string>(type: "TEXT", nullable: true),
                    AnsweredOn = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_surveys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_surveys_policies_PolicyNumber",
                        column: x => x.PolicyNumber,
                        principalTable: "policies",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cases_CustomerId",
                table: "cases",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_cases_Status_AnswerBy",
                table: "cases",
                columns: new[] { "Status", "AnswerBy" });

            migrationBuilder.CreateIndex(
                name: "IX_surveys_Key",
                table: "surveys",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_surveys_Moment_AnsweredOn",
                table: "surveys",
                columns: new[] { "Moment", "AnsweredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_surveys_PolicyNumber",
                table: "surveys",
                column: "PolicyNumber");
            // Questions are inquiries now, the word the rules use.
            migrationBuilder.Sql("UPDATE cases SET \"Type\" = 'inquiry' WHERE \"Type\" = 'question';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "surveys");

            migrationBuilder.DropIndex(
                name: "IX_cases_CustomerId",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_Status_AnswerBy",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "AcknowledgeBy",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "AcknowledgedOn",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "Answer",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "AnswerBy",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "AnsweredOn",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "AtFirstContact",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "Category",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ClaimId",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "Decision",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "EscalateOn",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "EscalatedOn",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ExtendedBy",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ExtensionApprovedBy",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ExtensionReason",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "Market",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "Message",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "NoticeId",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "OpenedAt",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "Owner",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "Reopened",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "RootCause",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "Subject",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "TransferReason",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "TransferTo",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "WaitedMinutes",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "WaitingSince",
                table: "cases");
        }
    }
}
