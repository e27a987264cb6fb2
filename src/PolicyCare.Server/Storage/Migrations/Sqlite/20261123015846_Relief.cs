using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PolicyCare.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Relief : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DiscountsGranted",
                table: "policies",
                type: "TEXT",
                precision: 18,
                scale: 4,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "HolidaySequence",
                table: "policies",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "HolidayUntil",
                table: "policies",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OnTimeStreak",
                table: "policies",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Plan",
                table: "policies",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Points",
                table: "policies",
                type: "INTEGER",
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
