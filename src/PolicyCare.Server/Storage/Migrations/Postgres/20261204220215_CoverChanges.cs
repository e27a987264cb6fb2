using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PolicyCare.Storage.Migrations.Postgres
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
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "change_requests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PolicyNumber = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Asked = table.Column<string>(type: "text", nullable: false),
                    Quote = table.Column<string>(type: "text", nullable: false),
                    Declaration = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<string>(type: "text", nullable: false),
                    RequestedBy = table.Column<string>(type: "text", nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RequestedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DecideBy = table.Column<DateOnly>(type: "date", nullable: true),
                    DecidedBy = table.Column<string>(type: "text", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    EndorsementId = table.Column<long>(type: "bigint", nullable: true)
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
                DROP TRIGGER IF EXISTS timeline_outbound ON timeline;
                CREATE TRIGGER timeline_outbound AFTER INSERT ON timeline FOR EACH ROW
                WHEN (NEW."Kind" IN ('status', 'change-request') OR (NEW."Kind" = 'claim' AND (NEW."Data"::jsonb ->> 'stage') IN ('submitted', 'decided', 'paid')))
                EXECUTE FUNCTION timeline_outbound();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS timeline_outbound ON timeline;
                CREATE TRIGGER timeline_outbound AFTER INSERT ON timeline FOR EACH ROW
                WHEN (NEW."Kind" = 'status' OR (NEW."Kind" = 'claim' AND (NEW."Data"::jsonb ->> 'stage') IN ('submitted', 'decided', 'paid')))
                EXECUTE FUNCTION timeline_outbound();
                """);
            migrationBuilder.DropTable(
                name: "change_requests");

            migrationBuilder.DropColumn(
                name: "PremiumChanges",
                table: "policies");
        }
    }
}
