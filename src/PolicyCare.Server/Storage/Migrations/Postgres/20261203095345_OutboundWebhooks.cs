using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PolicyCare.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboundWebhooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "outbound_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TimelineId = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false, defaultValue: "pending"),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "text", nullable: true),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbound_events", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_outbound_events_Status_NextAttemptAt",
                table: "outbound_events",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_outbound_events_TimelineId",
                table: "outbound_events",
                column: "TimelineId",
                unique: true);

            // Every timeline line that makes an integrator's event is queued in the same transaction as
            // the line, whoever writes it (the cycle's COPY included: COPY fires row triggers), while
            // outbound webhooks are on (the settings row). Other lines never call the function.
            migrationBuilder.Sql("""
                CREATE FUNCTION timeline_outbound() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF EXISTS (SELECT 1 FROM settings WHERE "Key" = 'outbound-webhooks') THEN
                    INSERT INTO outbound_events ("TimelineId", "Status", "Attempts") VALUES (NEW."Id", 'pending', 0);
                  END IF;
                  RETURN NULL;
                END $$;
                CREATE TRIGGER timeline_outbound AFTER INSERT ON timeline FOR EACH ROW
                WHEN (NEW."Kind" = 'status' OR (NEW."Kind" = 'claim' AND (NEW."Data"::jsonb ->> 'stage') IN ('submitted', 'decided', 'paid')))
                EXECUTE FUNCTION timeline_outbound();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS timeline_outbound ON timeline; DROP FUNCTION IF EXISTS timeline_outbound();");
            migrationBuilder.DropTable(
                name: "outbound_events");
        }
    }
}
