CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "api_keys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_api_keys" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "KeyHash" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "RevokedAt" TEXT NULL
);

CREATE TABLE "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);

CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "CustomerId" TEXT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" TEXT NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);

CREATE TABLE "customers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_customers" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "BirthDate" TEXT NULL,
    "Locale" TEXT NOT NULL,
    "NationalIdLast4" TEXT NULL,
    "NationalIdProtected" TEXT NULL,
    "Mobile" TEXT NULL,
    "Email" TEXT NULL,
    "Wechat" TEXT NULL,
    "Kakao" TEXT NULL,
    "Push" TEXT NULL,
    "Address" TEXT NULL,
    "PreferredChannels" TEXT NOT NULL,
    "EmergencyName" TEXT NULL,
    "EmergencyMobile" TEXT NULL,
    "InvalidContacts" TEXT NOT NULL
);

CREATE TABLE "cycle_runs" (
    "BusinessDate" TEXT NOT NULL CONSTRAINT "PK_cycle_runs" PRIMARY KEY,
    "CompletedAt" TEXT NOT NULL,
    "PoliciesReviewed" INTEGER NOT NULL,
    "NoticesPlanned" INTEGER NOT NULL
);

CREATE TABLE "employers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_employers" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "ContactEmail" TEXT NULL,
    "ContactMobile" TEXT NULL
);

CREATE TABLE "idempotency_keys" (
    "Scope" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "RequestHash" TEXT NOT NULL,
    "StatusCode" INTEGER NOT NULL,
    "ResponseBody" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "PK_idempotency_keys" PRIMARY KEY ("Scope", "Key")
);

CREATE TABLE "notice_evidence" (
    "Seq" INTEGER NOT NULL CONSTRAINT "PK_notice_evidence" PRIMARY KEY,
    "NoticeId" INTEGER NOT NULL,
    "IdempotencyKey" TEXT NOT NULL,
    "Event" TEXT NOT NULL,
    "At" TEXT NOT NULL,
    "Channel" TEXT NOT NULL,
    "Recipient" TEXT NOT NULL,
    "ContentHash" TEXT NOT NULL,
    "Detail" TEXT NOT NULL,
    "PreviousHash" TEXT NOT NULL,
    "Hash" TEXT NOT NULL
);

CREATE TABLE "notice_evidence_head" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_notice_evidence_head" PRIMARY KEY,
    "LastSeq" INTEGER NOT NULL,
    "LastHash" TEXT NOT NULL
);

CREATE TABLE "products" (
    "Code" TEXT NOT NULL CONSTRAINT "PK_products" PRIMARY KEY,
    "Definition" TEXT NOT NULL
);

CREATE TABLE "settings" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_settings" PRIMARY KEY,
    "Value" TEXT NOT NULL
);

CREATE TABLE "timeline" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_timeline" PRIMARY KEY AUTOINCREMENT,
    "PolicyNumber" TEXT NOT NULL,
    "On" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Seq" INTEGER NOT NULL,
    "Data" TEXT NOT NULL
);

CREATE TABLE "webhook_events" (
    "Provider" TEXT NOT NULL,
    "EventId" TEXT NOT NULL,
    "ReceivedAt" TEXT NOT NULL,
    CONSTRAINT "PK_webhook_events" PRIMARY KEY ("Provider", "EventId")
);

CREATE TABLE "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "policies" (
    "Number" TEXT NOT NULL CONSTRAINT "PK_policies" PRIMARY KEY,
    "ProductCode" TEXT NOT NULL,
    "HolderId" TEXT NOT NULL,
    "InsuredId" TEXT NOT NULL,
    "EmployerId" TEXT NULL,
    "Start" TEXT NOT NULL,
    "Premium" TEXT NOT NULL,
    "Frequency" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "StatusSince" TEXT NOT NULL,
    "InstallmentsBilled" INTEGER NOT NULL,
    "Applied" TEXT NOT NULL,
    "Credit" TEXT NOT NULL,
    "InterestCollected" TEXT NOT NULL,
    "MandateActive" INTEGER NOT NULL,
    "FailedDebitOn" TEXT NULL,
    "FailedDebitScheduledOn" TEXT NULL,
    "FailedDebitAmount" TEXT NULL,
    "FailedDebitReason" TEXT NULL,
    "FailedDebitInsurerFault" INTEGER NOT NULL,
    "FailedDebitCount" INTEGER NOT NULL,
    "LapsedOn" TEXT NULL,
    "LapseInsurerFault" INTEGER NOT NULL,
    "ReinstatementRequestedOn" TEXT NULL,
    "QuoteArrears" TEXT NULL,
    "QuoteInterest" TEXT NULL,
    "QuoteValidUntil" TEXT NULL,
    "HealthReview" TEXT NULL,
    "PaidSinceRequest" TEXT NOT NULL,
    "Plan" TEXT NULL,
    "HolidaySequence" INTEGER NULL,
    "HolidayUntil" TEXT NULL,
    "OnTimeStreak" INTEGER NOT NULL,
    "Points" INTEGER NOT NULL,
    "DiscountsGranted" TEXT NOT NULL,
    "NextReviewOn" TEXT NULL,
    CONSTRAINT "FK_policies_customers_HolderId" FOREIGN KEY ("HolderId") REFERENCES "customers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_policies_customers_InsuredId" FOREIGN KEY ("InsuredId") REFERENCES "customers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_policies_employers_EmployerId" FOREIGN KEY ("EmployerId") REFERENCES "employers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_policies_products_ProductCode" FOREIGN KEY ("ProductCode") REFERENCES "products" ("Code") ON DELETE RESTRICT
);

CREATE TABLE "cases" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_cases" PRIMARY KEY AUTOINCREMENT,
    "Key" TEXT NOT NULL,
    "Type" TEXT NOT NULL,
    "PolicyNumber" TEXT NOT NULL,
    "CustomerId" TEXT NOT NULL,
    "OpenedOn" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    CONSTRAINT "FK_cases_policies_PolicyNumber" FOREIGN KEY ("PolicyNumber") REFERENCES "policies" ("Number") ON DELETE RESTRICT
);

CREATE TABLE "debit_rejections" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_debit_rejections" PRIMARY KEY AUTOINCREMENT,
    "PolicyNumber" TEXT NOT NULL,
    "On" TEXT NOT NULL,
    "ReceivedOn" TEXT NOT NULL,
    "Reason" TEXT NOT NULL,
    "InsurerFault" INTEGER NOT NULL,
    "BankReference" TEXT NULL,
    CONSTRAINT "FK_debit_rejections_policies_PolicyNumber" FOREIGN KEY ("PolicyNumber") REFERENCES "policies" ("Number") ON DELETE RESTRICT
);

CREATE TABLE "mandates" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_mandates" PRIMARY KEY AUTOINCREMENT,
    "PolicyNumber" TEXT NOT NULL,
    "ConsentText" TEXT NOT NULL,
    "ConsentedAt" TEXT NOT NULL,
    "Channel" TEXT NOT NULL,
    "AccountLast4" TEXT NULL,
    "RevokedAt" TEXT NULL,
    CONSTRAINT "FK_mandates_policies_PolicyNumber" FOREIGN KEY ("PolicyNumber") REFERENCES "policies" ("Number") ON DELETE RESTRICT
);

CREATE TABLE "notices" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_notices" PRIMARY KEY AUTOINCREMENT,
    "IdempotencyKey" TEXT NOT NULL,
    "PolicyNumber" TEXT NOT NULL,
    "Stage" TEXT NOT NULL,
    "Channel" TEXT NOT NULL,
    "Recipient" TEXT NOT NULL,
    "Address" TEXT NOT NULL,
    "Locale" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "Variables" TEXT NOT NULL,
    "PlannedOn" TEXT NOT NULL,
    "SendAfter" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "FailureReason" TEXT NULL,
    "SentAt" TEXT NULL,
    "DeliveredAt" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "ClaimedUntil" TEXT NULL,
    "ProviderMessageId" TEXT NULL,
    CONSTRAINT "FK_notices_policies_PolicyNumber" FOREIGN KEY ("PolicyNumber") REFERENCES "policies" ("Number") ON DELETE RESTRICT
);

CREATE TABLE "payments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_payments" PRIMARY KEY AUTOINCREMENT,
    "PolicyNumber" TEXT NOT NULL,
    "ReceivedOn" TEXT NOT NULL,
    "Amount" TEXT NOT NULL,
    "Method" TEXT NOT NULL,
    "ExternalReference" TEXT NOT NULL,
    "Applied" TEXT NOT NULL,
    "Credit" TEXT NOT NULL,
    CONSTRAINT "FK_payments_policies_PolicyNumber" FOREIGN KEY ("PolicyNumber") REFERENCES "policies" ("Number") ON DELETE RESTRICT
);

CREATE TABLE "policy_members" (
    "PolicyNumber" TEXT NOT NULL,
    "CustomerId" TEXT NOT NULL,
    CONSTRAINT "PK_policy_members" PRIMARY KEY ("PolicyNumber", "CustomerId"),
    CONSTRAINT "FK_policy_members_customers_CustomerId" FOREIGN KEY ("CustomerId") REFERENCES "customers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_policy_members_policies_PolicyNumber" FOREIGN KEY ("PolicyNumber") REFERENCES "policies" ("Number") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_api_keys_KeyHash" ON "api_keys" ("KeyHash");

CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");

CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");

CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");

CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");

CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");

CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");

CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");

CREATE UNIQUE INDEX "IX_cases_Key" ON "cases" ("Key");

CREATE INDEX "IX_cases_PolicyNumber" ON "cases" ("PolicyNumber");

CREATE INDEX "IX_debit_rejections_On" ON "debit_rejections" ("On");

CREATE UNIQUE INDEX "IX_debit_rejections_PolicyNumber_On" ON "debit_rejections" ("PolicyNumber", "On");

CREATE INDEX "IX_debit_rejections_ReceivedOn" ON "debit_rejections" ("ReceivedOn");

CREATE INDEX "IX_mandates_PolicyNumber" ON "mandates" ("PolicyNumber");

CREATE INDEX "IX_notice_evidence_NoticeId" ON "notice_evidence" ("NoticeId");

CREATE UNIQUE INDEX "IX_notices_IdempotencyKey" ON "notices" ("IdempotencyKey");

CREATE INDEX "IX_notices_PolicyNumber" ON "notices" ("PolicyNumber");

CREATE INDEX "IX_notices_ProviderMessageId" ON "notices" ("ProviderMessageId");

CREATE INDEX "IX_notices_Status_SendAfter" ON "notices" ("Status", "SendAfter");

CREATE UNIQUE INDEX "IX_payments_ExternalReference" ON "payments" ("ExternalReference");

CREATE INDEX "IX_payments_PolicyNumber_ReceivedOn" ON "payments" ("PolicyNumber", "ReceivedOn");

CREATE INDEX "IX_policies_EmployerId" ON "policies" ("EmployerId");

CREATE INDEX "IX_policies_HolderId" ON "policies" ("HolderId");

CREATE INDEX "IX_policies_InsuredId" ON "policies" ("InsuredId");

CREATE INDEX "IX_policies_NextReviewOn" ON "policies" ("NextReviewOn");

CREATE INDEX "IX_policies_ProductCode" ON "policies" ("ProductCode");

CREATE INDEX "IX_policy_members_CustomerId" ON "policy_members" ("CustomerId");

CREATE INDEX "IX_timeline_On" ON "timeline" ("On");

CREATE INDEX "IX_timeline_PolicyNumber_On_Seq" ON "timeline" ("PolicyNumber", "On", "Seq");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123024936_Initial', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "policies" ADD "CyclePartition" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "cycle_partitions" (
    "BusinessDate" TEXT NOT NULL,
    "Partition" INTEGER NOT NULL,
    "ClaimedBy" TEXT NULL,
    "ClaimedUntil" TEXT NULL,
    "CompletedAt" TEXT NULL,
    "PoliciesReviewed" INTEGER NOT NULL,
    "StatusChanges" INTEGER NOT NULL,
    "NoticesPlanned" INTEGER NOT NULL,
    "CasesOpened" INTEGER NOT NULL,
    CONSTRAINT "PK_cycle_partitions" PRIMARY KEY ("BusinessDate", "Partition")
);

CREATE INDEX "IX_policies_CyclePartition_NextReviewOn" ON "policies" ("CyclePartition", "NextReviewOn");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261124104806_CyclePartitions', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "calendar_versions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_calendar_versions" PRIMARY KEY AUTOINCREMENT,
    "Market" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "Data" TEXT NOT NULL,
    "LoadedBy" TEXT NOT NULL,
    "LoadedAt" TEXT NOT NULL
);

CREATE UNIQUE INDEX "IX_calendar_versions_Market_Version" ON "calendar_versions" ("Market", "Version");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202042841_CalendarVersions', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "payments" ADD "RecordedBy" TEXT NULL;

CREATE TABLE "checkouts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_checkouts" PRIMARY KEY,
    "PolicyNumber" TEXT NOT NULL,
    "Provider" TEXT NOT NULL,
    "Amount" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL,
    "StartedBy" TEXT NOT NULL,
    "PaidAt" TEXT NULL,
    CONSTRAINT "FK_checkouts_policies_PolicyNumber" FOREIGN KEY ("PolicyNumber") REFERENCES "policies" ("Number") ON DELETE RESTRICT
);

CREATE INDEX "IX_checkouts_PolicyNumber" ON "checkouts" ("PolicyNumber");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202094917_CheckoutsAndPaymentSources', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "api_keys" ADD "Scopes" TEXT NOT NULL DEFAULT '';

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202101709_ApiKeyScopes', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "checkouts" ADD "ProviderReference" TEXT NULL;

ALTER TABLE "checkouts" ADD "RedirectUrl" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202134118_CheckoutProviderReference', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "admin_changes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_admin_changes" PRIMARY KEY AUTOINCREMENT,
    "At" TEXT NOT NULL,
    "By" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "Before" TEXT NOT NULL,
    "After" TEXT NOT NULL
);

CREATE INDEX "IX_admin_changes_At" ON "admin_changes" ("At");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202193505_AdminChanges', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "claims" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_claims" PRIMARY KEY,
    "PolicyNumber" TEXT NOT NULL,
    "BenefitCode" TEXT NOT NULL,
    "Incurred" TEXT NOT NULL,
    "SubmittedOn" TEXT NOT NULL,
    "Expense" TEXT NULL,
    "Days" INTEGER NULL,
    "Documents" TEXT NOT NULL,
    "CompleteOn" TEXT NULL,
    "DecideBy" TEXT NULL,
    "Route" TEXT NULL,
    "Flags" TEXT NOT NULL,
    "InvestigationReason" TEXT NULL,
    "InvestigateBy" TEXT NULL,
    "OverdueSaid" INTEGER NOT NULL,
    "Decision" TEXT NULL,
    "Benefit" TEXT NULL,
    "Deducted" TEXT NULL,
    "DecisionReason" TEXT NULL,
    "DecidedOn" TEXT NULL,
    "PaidAmount" TEXT NULL,
    "DelayInterest" TEXT NULL,
    "ClosedOn" TEXT NULL,
    "Withdrawn" INTEGER NOT NULL,
    "SurveySent" INTEGER NOT NULL,
    "NextReviewOn" TEXT NULL,
    CONSTRAINT "FK_claims_policies_PolicyNumber" FOREIGN KEY ("PolicyNumber") REFERENCES "policies" ("Number") ON DELETE RESTRICT
);

CREATE INDEX "IX_claims_NextReviewOn" ON "claims" ("NextReviewOn");

CREATE INDEX "IX_claims_PolicyNumber" ON "claims" ("PolicyNumber");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261203070109_Claims', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "claims" ADD "AssignedTo" TEXT NULL;

ALTER TABLE "claims" ADD "ClaimantId" TEXT NULL;

ALTER TABLE "claims" ADD "DecisionClause" TEXT NULL;

ALTER TABLE "claims" ADD "FlagFacts" TEXT NOT NULL DEFAULT '';

ALTER TABLE "claims" ADD "PayoutAccount" TEXT NULL;

ALTER TABLE "claims" ADD "SurveyAnsweredOn" TEXT NULL;

ALTER TABLE "claims" ADD "SurveyComment" TEXT NULL;

ALTER TABLE "claims" ADD "SurveyCsat" INTEGER NULL;

ALTER TABLE "claims" ADD "SurveyNps" INTEGER NULL;

CREATE TABLE "claim_documents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_claim_documents" PRIMARY KEY AUTOINCREMENT,
    "ClaimId" TEXT NOT NULL,
    "Code" TEXT NOT NULL,
    "Sha256" TEXT NOT NULL,
    "MediaType" TEXT NOT NULL,
    "Length" INTEGER NOT NULL,
    "UploadedAt" TEXT NOT NULL,
    "UploadedBy" TEXT NOT NULL,
    "OcrTotal" TEXT NULL,
    "OcrLine" TEXT NULL,
    "OcrProblem" TEXT NULL
);

CREATE TABLE "claim_drafts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_claim_drafts" PRIMARY KEY,
    "CustomerId" TEXT NOT NULL,
    "PolicyNumber" TEXT NOT NULL,
    "BenefitCode" TEXT NOT NULL,
    "Incurred" TEXT NULL,
    "Expense" TEXT NULL,
    "Days" INTEGER NULL,
    "PayoutAccount" TEXT NULL,
    "SavedAt" TEXT NOT NULL
);

CREATE TABLE "claim_payout_files" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_claim_payout_files" PRIMARY KEY AUTOINCREMENT,
    "CreatedAt" TEXT NOT NULL,
    "Count" INTEGER NOT NULL,
    "Content" TEXT NOT NULL
);

CREATE TABLE "claim_payouts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_claim_payouts" PRIMARY KEY AUTOINCREMENT,
    "ClaimId" TEXT NOT NULL,
    "PolicyNumber" TEXT NOT NULL,
    "Amount" TEXT NOT NULL,
    "Currency" TEXT NOT NULL,
    "InstructedOn" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "FileId" INTEGER NULL,
    "BankReference" TEXT NULL,
    "RejectionReason" TEXT NULL,
    "SettledOn" TEXT NULL
);

CREATE UNIQUE INDEX "IX_claim_documents_ClaimId_Sha256" ON "claim_documents" ("ClaimId", "Sha256");

CREATE INDEX "IX_claim_documents_Sha256" ON "claim_documents" ("Sha256");

CREATE INDEX "IX_claim_drafts_CustomerId" ON "claim_drafts" ("CustomerId");

CREATE UNIQUE INDEX "IX_claim_payouts_ClaimId" ON "claim_payouts" ("ClaimId");

CREATE INDEX "IX_claim_payouts_Status_FileId" ON "claim_payouts" ("Status", "FileId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261203090030_ClaimDesk', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "outbound_events" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_outbound_events" PRIMARY KEY AUTOINCREMENT,
    "TimelineId" INTEGER NOT NULL,
    "Status" TEXT NOT NULL DEFAULT 'pending',
    "Attempts" INTEGER NOT NULL,
    "NextAttemptAt" TEXT NULL,
    "LastError" TEXT NULL,
    "DeliveredAt" TEXT NULL
);

CREATE INDEX "IX_outbound_events_Status_NextAttemptAt" ON "outbound_events" ("Status", "NextAttemptAt");

CREATE UNIQUE INDEX "IX_outbound_events_TimelineId" ON "outbound_events" ("TimelineId");

CREATE TRIGGER timeline_outbound AFTER INSERT ON timeline
WHEN (NEW."Kind" = 'status' OR (NEW."Kind" = 'claim' AND json_extract(NEW."Data", '$.stage') IN ('submitted', 'decided', 'paid')))
  AND EXISTS (SELECT 1 FROM settings WHERE "Key" = 'outbound-webhooks')
BEGIN
  INSERT INTO outbound_events ("TimelineId", "Status", "Attempts") VALUES (NEW."Id", 'pending', 0);
END;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261203095340_OutboundWebhooks', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "cases" ADD "AcknowledgeBy" TEXT NULL;

ALTER TABLE "cases" ADD "AcknowledgedOn" TEXT NULL;

ALTER TABLE "cases" ADD "Answer" TEXT NULL;

ALTER TABLE "cases" ADD "AnswerBy" TEXT NULL;

ALTER TABLE "cases" ADD "AnsweredOn" TEXT NULL;

ALTER TABLE "cases" ADD "AtFirstContact" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "cases" ADD "Category" TEXT NULL;

ALTER TABLE "cases" ADD "Channel" TEXT NULL;

ALTER TABLE "cases" ADD "ClaimId" TEXT NULL;

ALTER TABLE "cases" ADD "ClosedAt" TEXT NULL;

ALTER TABLE "cases" ADD "Decision" TEXT NULL;

ALTER TABLE "cases" ADD "EscalateOn" TEXT NULL;

ALTER TABLE "cases" ADD "EscalatedOn" TEXT NULL;

ALTER TABLE "cases" ADD "ExtendedBy" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "cases" ADD "ExtensionApprovedBy" TEXT NULL;

ALTER TABLE "cases" ADD "ExtensionReason" TEXT NULL;

ALTER TABLE "cases" ADD "Market" TEXT NULL;

ALTER TABLE "cases" ADD "Message" TEXT NULL;

ALTER TABLE "cases" ADD "NoticeId" INTEGER NULL;

ALTER TABLE "cases" ADD "OpenedAt" TEXT NULL;

ALTER TABLE "cases" ADD "Owner" TEXT NULL;

ALTER TABLE "cases" ADD "Reopened" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "cases" ADD "RootCause" TEXT NULL;

ALTER TABLE "cases" ADD "Subject" TEXT NULL;

ALTER TABLE "cases" ADD "TransferReason" TEXT NULL;

ALTER TABLE "cases" ADD "TransferTo" TEXT NULL;

ALTER TABLE "cases" ADD "WaitedMinutes" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "cases" ADD "WaitingSince" TEXT NULL;

CREATE TABLE "surveys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_surveys" PRIMARY KEY AUTOINCREMENT,
    "Key" TEXT NOT NULL,
    "Moment" TEXT NOT NULL,
    "CustomerId" TEXT NOT NULL,
    "PolicyNumber" TEXT NOT NULL,
    "ProductCode" TEXT NULL,
    "Channel" TEXT NULL,
    "Agent" TEXT NULL,
    "SentOn" TEXT NOT NULL,
    "ExpiresOn" TEXT NOT NULL,
    "Csat" INTEGER NULL,
    "Nps" INTEGER NULL,
    "Comment" TEXT NULL,
    "AnsweredOn" TEXT NULL,
    CONSTRAINT "FK_surveys_policies_PolicyNumber" FOREIGN KEY ("PolicyNumber") REFERENCES "policies" ("Number") ON DELETE RESTRICT
);

CREATE INDEX "IX_cases_CustomerId" ON "cases" ("CustomerId");

CREATE INDEX "IX_cases_Status_AnswerBy" ON "cases" ("Status", "AnswerBy");

CREATE UNIQUE INDEX "IX_surveys_Key" ON "surveys" ("Key");

CREATE INDEX "IX_surveys_Moment_AnsweredOn" ON "surveys" ("Moment", "AnsweredOn");

CREATE INDEX "IX_surveys_PolicyNumber" ON "surveys" ("PolicyNumber");

UPDATE cases SET "Type" = 'inquiry' WHERE "Type" = 'question';

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261203153535_CasesAndSurveys', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "endorsements" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_endorsements" PRIMARY KEY AUTOINCREMENT,
    "PolicyNumber" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Before" TEXT NOT NULL,
    "After" TEXT NOT NULL,
    "EffectiveOn" TEXT NOT NULL,
    "By" TEXT NOT NULL,
    "At" TEXT NOT NULL,
    "ConsentBy" TEXT NULL,
    "ConsentMethod" TEXT NULL,
    "ConsentOn" TEXT NULL,
    CONSTRAINT "FK_endorsements_policies_PolicyNumber" FOREIGN KEY ("PolicyNumber") REFERENCES "policies" ("Number") ON DELETE RESTRICT
);

CREATE INDEX "IX_endorsements_PolicyNumber_Kind_Id" ON "endorsements" ("PolicyNumber", "Kind", "Id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261203161417_Endorsements', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "contact_codes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_contact_codes" PRIMARY KEY AUTOINCREMENT,
    "CustomerId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Address" TEXT NOT NULL,
    "CodeHash" TEXT NOT NULL,
    "Salt" TEXT NOT NULL,
    "RequestedBy" TEXT NOT NULL,
    "SentAt" TEXT NOT NULL,
    "ExpiresAt" TEXT NOT NULL,
    "WrongTries" INTEGER NOT NULL,
    "LockedUntil" TEXT NULL,
    "ConfirmedAt" TEXT NULL,
    CONSTRAINT "FK_contact_codes_customers_CustomerId" FOREIGN KEY ("CustomerId") REFERENCES "customers" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_contact_codes_CustomerId_SentAt" ON "contact_codes" ("CustomerId", "SentAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261203234134_ContactCodes', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "explanations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_explanations" PRIMARY KEY AUTOINCREMENT,
    "PolicyNumber" TEXT NOT NULL,
    "Clauses" TEXT NOT NULL,
    "Locale" TEXT NOT NULL,
    "Method" TEXT NOT NULL,
    "TextHash" TEXT NOT NULL,
    "ShownAt" TEXT NOT NULL,
    "AcknowledgedBy" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "RecordedBy" TEXT NOT NULL,
    "RecordedAt" TEXT NOT NULL,
    CONSTRAINT "FK_explanations_policies_PolicyNumber" FOREIGN KEY ("PolicyNumber") REFERENCES "policies" ("Number") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_explanations_PolicyNumber_TextHash_ShownAt" ON "explanations" ("PolicyNumber", "TextHash", "ShownAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261204032005_Explanations', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "policies" ADD "Renewal" TEXT NULL;

CREATE TABLE "renewal_answers" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_renewal_answers" PRIMARY KEY AUTOINCREMENT,
    "PolicyNumber" TEXT NOT NULL,
    "RenewalDate" TEXT NOT NULL,
    "Answer" TEXT NOT NULL,
    "Premium" TEXT NOT NULL,
    "ConsentText" TEXT NULL,
    "Reason" TEXT NULL,
    "Channel" TEXT NOT NULL,
    "By" TEXT NOT NULL,
    "At" TEXT NOT NULL,
    CONSTRAINT "FK_renewal_answers_policies_PolicyNumber" FOREIGN KEY ("PolicyNumber") REFERENCES "policies" ("Number") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_renewal_answers_PolicyNumber_RenewalDate_Answer" ON "renewal_answers" ("PolicyNumber", "RenewalDate", "Answer");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261204061251_PolicyRenewal', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "policies" ADD "SumInsured" TEXT NULL;

CREATE TABLE "inspections" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_inspections" PRIMARY KEY AUTOINCREMENT,
    "PolicyNumber" TEXT NOT NULL,
    "DueOn" TEXT NOT NULL,
    "InspectedOn" TEXT NULL,
    "Inspector" TEXT NULL,
    "Findings" TEXT NULL,
    "Recommendations" TEXT NOT NULL,
    "ClosedOn" TEXT NULL,
    CONSTRAINT "FK_inspections_policies_PolicyNumber" FOREIGN KEY ("PolicyNumber") REFERENCES "policies" ("Number") ON DELETE RESTRICT
);

CREATE INDEX "IX_inspections_ClosedOn" ON "inspections" ("ClosedOn");

CREATE UNIQUE INDEX "IX_inspections_PolicyNumber_DueOn" ON "inspections" ("PolicyNumber", "DueOn");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261204100139_Inspections', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "lapse_scores" (
    "PolicyNumber" TEXT NOT NULL CONSTRAINT "PK_lapse_scores" PRIMARY KEY,
    "ScoredOn" TEXT NOT NULL,
    "Probability" REAL NOT NULL,
    "Tier" TEXT NOT NULL,
    "Control" INTEGER NOT NULL,
    "Priority" REAL NOT NULL,
    "Factors" TEXT NOT NULL,
    CONSTRAINT "FK_lapse_scores_policies_PolicyNumber" FOREIGN KEY ("PolicyNumber") REFERENCES "policies" ("Number") ON DELETE CASCADE
);

CREATE INDEX "IX_lapse_scores_Priority" ON "lapse_scores" ("Priority");

CREATE INDEX "IX_lapse_scores_Tier" ON "lapse_scores" ("Tier");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261204160618_LapseScores', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "lapse_risk_cohorts" (
    "PolicyNumber" TEXT NOT NULL,
    "Month" TEXT NOT NULL,
    "ScoredOn" TEXT NOT NULL,
    "Tier" TEXT NOT NULL,
    "Control" INTEGER NOT NULL,
    "Lapsed" INTEGER NULL,
    CONSTRAINT "PK_lapse_risk_cohorts" PRIMARY KEY ("PolicyNumber", "Month")
);

CREATE INDEX "IX_lapse_risk_cohorts_ScoredOn" ON "lapse_risk_cohorts" ("ScoredOn");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261204185600_RiskCohorts', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "policies" ADD "PremiumChanges" TEXT NULL;

CREATE TABLE "change_requests" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_change_requests" PRIMARY KEY AUTOINCREMENT,
    "PolicyNumber" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Asked" TEXT NOT NULL,
    "Quote" TEXT NOT NULL,
    "Declaration" TEXT NULL,
    "Status" TEXT NOT NULL,
    "RequestedBy" TEXT NOT NULL,
    "RequestedAt" TEXT NOT NULL,
    "RequestedOn" TEXT NOT NULL,
    "DecideBy" TEXT NULL,
    "DecidedBy" TEXT NULL,
    "DecidedAt" TEXT NULL,
    "Reason" TEXT NULL,
    "EndorsementId" INTEGER NULL,
    CONSTRAINT "FK_change_requests_policies_PolicyNumber" FOREIGN KEY ("PolicyNumber") REFERENCES "policies" ("Number") ON DELETE RESTRICT
);

CREATE INDEX "IX_change_requests_PolicyNumber_Id" ON "change_requests" ("PolicyNumber", "Id");

CREATE INDEX "IX_change_requests_Status_DecideBy" ON "change_requests" ("Status", "DecideBy");

CREATE UNIQUE INDEX "IX_change_requests_waiting" ON "change_requests" ("PolicyNumber") WHERE "Status" IN ('underwriting', 'sent');

DROP TRIGGER IF EXISTS timeline_outbound;
CREATE TRIGGER timeline_outbound AFTER INSERT ON timeline
WHEN (NEW."Kind" IN ('status', 'change-request') OR (NEW."Kind" = 'claim' AND json_extract(NEW."Data", '$.stage') IN ('submitted', 'decided', 'paid')))
  AND EXISTS (SELECT 1 FROM settings WHERE "Key" = 'outbound-webhooks')
BEGIN
  INSERT INTO outbound_events ("TimelineId", "Status", "Attempts") VALUES (NEW."Id", 'pending', 0);
END;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261204220132_CoverChanges', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "notices" ADD "ClaimedBy" INTEGER NULL;

CREATE TABLE "ef_temp_cycle_partitions" (
    "BusinessDate" TEXT NOT NULL,
    "Partition" INTEGER NOT NULL,
    "CasesOpened" INTEGER NOT NULL,
    "ClaimedBy" TEXT NULL,
    "CompletedAt" TEXT NULL,
    "NoticesPlanned" INTEGER NOT NULL,
    "PoliciesReviewed" INTEGER NOT NULL,
    "StatusChanges" INTEGER NOT NULL,
    CONSTRAINT "PK_cycle_partitions" PRIMARY KEY ("BusinessDate", "Partition")
);

INSERT INTO "ef_temp_cycle_partitions" ("BusinessDate", "Partition", "CasesOpened", "ClaimedBy", "CompletedAt", "NoticesPlanned", "PoliciesReviewed", "StatusChanges")
SELECT "BusinessDate", "Partition", "CasesOpened", "ClaimedBy", "CompletedAt", "NoticesPlanned", "PoliciesReviewed", "StatusChanges"
FROM "cycle_partitions";

COMMIT;

PRAGMA foreign_keys = 0;

BEGIN TRANSACTION;
DROP TABLE "cycle_partitions";

ALTER TABLE "ef_temp_cycle_partitions" RENAME TO "cycle_partitions";

COMMIT;

PRAGMA foreign_keys = 1;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205121218_WorkerSessions', '10.0.15');

BEGIN TRANSACTION;
ALTER TABLE "cycle_partitions" ADD "PoliciesDue" INTEGER NOT NULL DEFAULT 0;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205215945_CycleSharesDue', '10.0.15');

COMMIT;

