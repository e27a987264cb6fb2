using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyCare.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Dispatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "notices",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ClaimedUntil",
                table: "notices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DeliveredAt",
                table: "notices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProviderMessageId",
                table: "notices",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "notice_evidence",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false),
                    NoticeId = table.Column<long>(type: "bigint", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "text", nullable: false),
                    Event = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<string>(type: "text", nullable: false),
                    Channel = table.Column<string>(type: "text", nullable: false),
                    Recipient = table.Column<string>(type: "text", nullable: false),
                    ContentHash = table.Column<string>(type: "text", nullable: false),
                    Detail = table.Column<string>(type: "text", nullable: false),
                    PreviousHash = table.Column<string>(type: "text", nullable: false),
                    Hash = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notice_evidence", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "notice_evidence_head",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    LastSeq = table.Column<long>(type: "bigint", nullable: false),
                    LastHash = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notice_evidence_head", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_notices_ProviderMessageId",
                table: "notices",
                column: "ProviderMessageId");

            migrationBuilder.CreateIndex(
                name: "IX_notice_evidence_NoticeId",
                table: "notice_evidence",
                column: "NoticeId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notice_evidence");

            migrationBuilder.DropTable(
                name: "notice_evidence_head");

            migrationBuilder.DropIndex(
                name: "IX_notices_ProviderMessageId",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "ClaimedUntil",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "DeliveredAt",
                table: "notices");

            migrationBuilder.DropColumn(
                name: "ProviderMessageId",
                table: "notices");
        }
    }
}
