using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyCare.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Relief : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "DiscountsGranted",
                table: "policies",
                type: "numeric(18,4)",
                precision: 18,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<int>(
                name: "HolidaySequence",
                table: "policies",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "HolidayUntil",
                table: "policies",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OnTimeStreak",
                table: "policies",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Plan",
                table: "policies",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Points",
                table: "policies",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DiscountsGranted",
                table: "policies");

            migrationBuilder.DropColumn(
                name: "HolidaySequence",
                table: "policies");

            migrationBuilder.DropColumn(
                name: "HolidayUntil",
                table: "policies");

            migrationBuilder.DropColumn(
                name: "OnTimeStreak",
                table: "policies");

            migrationBuilder.DropColumn(
                name: "Plan",
                table: "policies");

            migrationBuilder.DropColumn(
                name: "Points",
                table: "policies");
        }
    }
}
