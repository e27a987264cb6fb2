using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyCare.Storage.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TimelineId = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false, defaultValue: "pending"),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<string>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", nullable: true),
                    DeliveredAt = table.Column<string>(type: "TEXT", nullable: true)
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
            // the line, whoever writes it, while outbound webhooks are on (the settings row).
            migrationBuilder.Sql("""
                CREATE TRIGGER timeline_outbound AFTER INSERT ON timeline
                WHEN (NEW."Kind" = 'status' OR (NEW."Kind" = 'claim' AND json_extract(NEW."Data", '$.stage') IN ('submitted', 'decided', 'paid')))
                  AND EXISTS (SELECT 1 FROM settings WHERE "Key" = 'outbound-webhooks')
                BEGIN
                  INSERT INTO outbound_events ("TimelineId", "Status", "Attempts") VALUES (NEW."Id", 'pending', 0);
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS timeline_outbound;");
            migrationBuilder.DropTable(
                name: "outbound_events");
        }
    }
}
