using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PolicyCare.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "customers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Locale = table.Column<string>(type: "text", nullable: false),
                    NationalIdLast4 = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: true),
                    Mobile = table.Column<string>(type: "text", nullable: true),
                    Email = table.Column<string>(type: "text", nullable: true),
                    Wechat = table.Column<string>(type: "text", nullable: true),
                    Kakao = table.Column<string>(type: "text", nullable: true),
                    Push = table.Column<string>(type: "text", nullable: true),
                    Address = table.Column<string>(type: "text", nullable: true),
                    PreferredChannels = table.Column<string>(type: "text", nullable: false),
                    EmergencyName = table.Column<string>(type: "text", nullable: true),
                    EmergencyMobile = table.Column<string>(type: "text", nullable: true),
                    InvalidContacts = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cycle_runs",
                columns: table => new
                {
                    BusinessDate = table.Column<DateOnly>(type: "date", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PoliciesReviewed = table.Column<int>(type: "integer", nullable: false),
                    NoticesPlanned = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cycle_runs", x => x.BusinessDate);
                });

            migrationBuilder.CreateTable(
                name: "employers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    ContactEmail = table.Column<string>(type: "text", nullable: true),
                    ContactMobile = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_employers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "products",
                columns: table => new
                {
                    Code = table.Column<string>(type: "text", nullable: false),
                    Definition = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_products", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "settings",
                columns: table => new
                {
                    Key = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_settings", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "timeline",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PolicyNumber = table.Column<string>(type: "text", nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Seq = table.Column<int>(type: "integer", nullable: false),
                    Data = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_timeline", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "policies",
                columns: table => new
                {
                    Number = table.Column<string>(type: "text", nullable: false),
                    ProductCode = table.Column<string>(type: "text", nullable: false),
                    HolderId = table.Column<string>(type: "text", nullable: false),
                    InsuredId = table.Column<string>(type: "text", nullable: false),
                    EmployerId = table.Column<string>(type: "text", nullable: true),
                    Start = table.Column<DateOnly>(type: "date", nullable: false),
                    Premium = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    Frequency = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    StatusSince = table.Column<DateOnly>(type: "date", nullable: false),
                    InstallmentsBilled = table.Column<int>(type: "integer", nullable: false),
                    Applied = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    Credit = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    InterestCollected = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    MandateActive = table.Column<bool>(type: "boolean", nullable: false),
                    FailedDebitOn = table.Column<DateOnly>(type: "date", nullable: true),
                    FailedDebitScheduledOn = table.Column<DateOnly>(type: "date", nullable: true),
                    FailedDebitAmount = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    FailedDebitReason = table.Column<string>(type: "text", nullable: true),
                    FailedDebitInsurerFault = table.Column<bool>(type: "boolean", nullable: false),
                    FailedDebitCount = table.Column<int>(type: "integer", nullable: false),
                    LapsedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    LapseInsurerFault = table.Column<bool>(type: "boolean", nullable: false),
                    ReinstatementRequestedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    QuoteArrears = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    QuoteInterest = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    QuoteValidUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    HealthReview = table.Column<string>(type: "text", nullable: true),
                    PaidSinceRequest = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    NextReviewOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_policies", x => x.Number);
                    table.ForeignKey(
                        name: "FK_policies_customers_HolderId",
                        column: x => x.HolderId,
                        principalTable: "customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_policies_customers_InsuredId",
                        column: x => x.InsuredId,
                        principalTable: "customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_policies_employers_EmployerId",
                        column: x => x.EmployerId,
                        principalTable: "employers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_policies_products_ProductCode",
                        column: x => x.ProductCode,
                        principalTable: "products",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<string>(type: "text", nullable: false),
                    Type = table.Column<string>(type: "text", nullable: false),
                    PolicyNumber = table.Column<string>(type: "text", nullable: false),
                    CustomerId = table.Column<string>(type: "text", nullable: false),
                    OpenedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_cases_policies_PolicyNumber",
                        column: x => x.PolicyNumber,
                        principalTable: "policies",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "debit_rejections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PolicyNumber = table.Column<string>(type: "text", nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    InsurerFault = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_debit_rejections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_debit_rejections_policies_PolicyNumber",
                        column: x => x.PolicyNumber,
                        principalTable: "policies",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "notices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IdempotencyKey = table.Column<string>(type: "text", nullable: false),
                    PolicyNumber = table.Column<string>(type: "text", nullable: false),
                    Stage = table.Column<string>(type: "text", nullable: false),
                    Channel = table.Column<string>(type: "text", nullable: false),
                    Recipient = table.Column<string>(type: "text", nullable: false),
                    Address = table.Column<string>(type: "text", nullable: false),
                    Locale = table.Column<string>(type: "text", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    PlannedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    SendAfter = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    FailureReason = table.Column<string>(type: "text", nullable: true),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_notices_policies_PolicyNumber",
                        column: x => x.PolicyNumber,
                        principalTable: "policies",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "payments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PolicyNumber = table.Column<string>(type: "text", nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    Method = table.Column<string>(type: "text", nullable: false),
                    ExternalReference = table.Column<string>(type: "text", nullable: false),
                    Applied = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    Credit = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_payments_policies_PolicyNumber",
                        column: x => x.PolicyNumber,
                        principalTable: "policies",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "policy_members",
                columns: table => new
                {
                    PolicyNumber = table.Column<string>(type: "text", nullable: false),
                    CustomerId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_policy_members", x => new { x.PolicyNumber, x.CustomerId });
                    table.ForeignKey(
                        name: "FK_policy_members_customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_policy_members_policies_PolicyNumber",
                        column: x => x.PolicyNumber,
                        principalTable: "policies",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cases_Key",
                table: "cases",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cases_PolicyNumber",
                table: "cases",
                column: "PolicyNumber");

            migrationBuilder.CreateIndex(
                name: "IX_debit_rejections_On",
                table: "debit_rejections",
                column: "On");

            migrationBuilder.CreateIndex(
                name: "IX_debit_rejections_PolicyNumber_On",
                table: "debit_rejections",
                columns: new[] { "PolicyNumber", "On" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_notices_IdempotencyKey",
                table: "notices",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_notices_PolicyNumber",
                table: "notices",
                column: "PolicyNumber");

            migrationBuilder.CreateIndex(
                name: "IX_notices_Status_SendAfter",
                table: "notices",
                columns: new[] { "Status", "SendAfter" });

            migrationBuilder.CreateIndex(
                name: "IX_payments_ExternalReference",
                table: "payments",
                column: "ExternalReference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_payments_PolicyNumber_ReceivedOn",
                table: "payments",
                columns: new[] { "PolicyNumber", "ReceivedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_policies_EmployerId",
                table: "policies",
                column: "EmployerId");

            migrationBuilder.CreateIndex(
                name: "IX_policies_HolderId",
                table: "policies",
                column: "HolderId");

            migrationBuilder.CreateIndex(
                name: "IX_policies_InsuredId",
                table: "policies",
                column: "InsuredId");

            migrationBuilder.CreateIndex(
                name: "IX_policies_NextReviewOn",
                table: "policies",
                column: "NextReviewOn");

            migrationBuilder.CreateIndex(
                name: "IX_policies_ProductCode",
                table: "policies",
                column: "ProductCode");

            migrationBuilder.CreateIndex(
                name: "IX_policy_members_CustomerId",
                table: "policy_members",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_timeline_On",
                table: "timeline",
                column: "On");

            migrationBuilder.CreateIndex(
                name: "IX_timeline_PolicyNumber_On_Seq",
                table: "timeline",
                columns: new[] { "PolicyNumber", "On", "Seq" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cases");

            migrationBuilder.DropTable(
                name: "cycle_runs");

            migrationBuilder.DropTable(
                name: "debit_rejections");

            migrationBuilder.DropTable(
                name: "notices");

            migrationBuilder.DropTable(
                name: "payments");

            migrationBuilder.DropTable(
                name: "policy_members");

            migrationBuilder.DropTable(
                name: "settings");

            migrationBuilder.DropTable(
                name: "timeline");

            migrationBuilder.DropTable(
                name: "policies");

            migrationBuilder.DropTable(
                name: "customers");

            migrationBuilder.DropTable(
                name: "employers");

            migrationBuilder.DropTable(
                name: "products");
        }
    }
}
