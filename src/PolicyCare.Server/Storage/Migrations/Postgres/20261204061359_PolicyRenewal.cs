using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PolicyCare.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PolicyRenewal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Renewal",
                table: "policies",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "renewal_answers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PolicyNumber = table.Column<string>(type: "text", nullable: false),
                    RenewalDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Answer = table.Column<string>(type: "text", nullable: false),
                    Premium = table.Column<decimal>(type: "numeric", nullable: false),
                    ConsentText = table.Column<string>(type: "text", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    Channel = table.Column<string>(type: "text", nullable: false),
                    By = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_renewal_answers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_renewal_answers_policies_PolicyNumber",
                        column: x => x.PolicyNumber,
                        principalTable: "policies",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_renewal_answers_PolicyNumber_RenewalDate_Answer",
                table: "renewal_answers",
                columns: new[] { "PolicyNumber", "RenewalDate", "Answer" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "renewal_answers");

            migrationBuilder.DropColumn(
                name: "Renewal",
                table: "policies");
        }
    }
}
