using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyCare.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CoverChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PremiumChanges",
                table: "policies",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "change_requests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PolicyNumber = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Asked = table.Column<string>(type: "TEXT", nullable: false),
                    Quote = table.Column<string>(type: "TEXT", nullable: false),
                    Declaration = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", nullable: false),
                    RequestedAt = table.Column<string>(type: "TEXT", nullable: false),
                    RequestedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DecideBy = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<string>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    EndorsementId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_change_requests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_change_requests_policies_PolicyNumber",
                        column: x => x.PolicyNumber,
                        principalTable: "policies",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_change_requests_PolicyNumber_Id",
                table: "change_requests",
                columns: new[] { "PolicyNumber", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_change_requests_Status_DecideBy",
                table: "change_requests",
                columns: new[] { "Status", "DecideBy" });

            migrationBuilder.CreateIndex(
                name: "IX_change_requests_waiting",
                table: "change_requests",
                column: "PolicyNumber",
                unique: true,
                filter: "\"Status\" IN ('underwriting', 'sent')");

            // A change request for the policy administration system goes out as an integrator's event too.
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS timeline_outbound;
                CREATE TRIGGER timeline_outbound AFTER INSERT ON timeline
                WHEN (NEW."Kind" IN ('status', 'change-request') OR (NEW."Kind" = 'claim' AND json_extract(NEW."Data", '$.stage') IN ('submitted', 'decided', 'paid')))
                  AND EXISTS (SELECT 1 FROM settings WHERE "Key" = 'outbound-webhooks')
                BEGIN
                  INSERT INTO outbound_events ("TimelineId", "Status", "Attempts") VALUES (NEW."Id", 'pending', 0);
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS timeline_outbound;
                CREATE TRIGGER timeline_outbound AFTER INSERT ON timeline
                WHEN (NEW."Kind" = 'status' OR (NEW."Kind" = 'claim' AND json_extract(NEW."Data", '$.stage') IN ('submitted', 'decided', 'paid')))
                  AND EXISTS (SELECT 1 FROM settings WHERE "Key" = 'outbound-webhooks')
                BEGIN
                  INSERT INTO outbound_events ("TimelineId", "Status", "Attempts") VALUES (NEW."Id", 'pending', 0);
                END;
                """);
            migrationBuilder.DropTable(
                name: "change_requests");

            migrationBuilder.DropColumn(
                name: "PremiumChanges",
                table: "policies");
        }
    }
}
