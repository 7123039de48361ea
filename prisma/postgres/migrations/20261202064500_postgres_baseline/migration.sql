-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Manager" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'manager',
    "telegramUserId" TEXT,
    "slackUserId" TEXT,
    "wecomUserId" TEXT,
    "feishuUserId" TEXT,
    "dingtalkUserId" TEXT,

    CONSTRAINT "Manager_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Customer" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "segment" TEXT NOT NULL DEFAULT 'personal',
    "groupId" TEXT,
    "vipLevel" TEXT NOT NULL DEFAULT 'standard',
    "arpu" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "joinDate" TEXT NOT NULL,
    "contractEnd" TEXT,
    "birthday" TEXT,
    "lunarBirthday" BOOLEAN NOT NULL DEFAULT false,
    "sensitivity" TEXT,
    "personality" TEXT,
    "status" TEXT NOT NULL DEFAULT 'active',
    "leftDate" TEXT,
    "points" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DailyUsage" (
    "customerId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "callMinutes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "dataMb" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "spend" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "competitorHotlineSeconds" INTEGER NOT NULL DEFAULT 0,
    "forwardedToCompetitor" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "DailyUsage_pkey" PRIMARY KEY ("customerId","date")
);

-- CreateTable
CREATE TABLE "Bill" (
    "customerId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,
    "dueDate" TEXT NOT NULL,
    "paidDate" TEXT,

    CONSTRAINT "Bill_pkey" PRIMARY KEY ("customerId","month")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" SERIAL NOT NULL,
    "customerId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Outcome" (
    "id" SERIAL NOT NULL,
    "customerId" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "lostReason" TEXT,
    "snoozeUntil" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "method" TEXT,
    "objectionId" TEXT,
    "objectionKind" TEXT,
    "signals" TEXT,
    "stage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Outcome_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Warning" (
    "day" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "evidence" TEXT NOT NULL,
    "stage" TEXT,
    "doNotChase" TEXT,

    CONSTRAINT "Warning_pkey" PRIMARY KEY ("day","customerId","code")
);

-- CreateTable
CREATE TABLE "ChatGroup" (
    "id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "teamId" TEXT,
    "timeZone" TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    "briefTime" TEXT,
    "boundAt" TIMESTAMP(3),
    "webhookSecret" TEXT,

    CONSTRAINT "ChatGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BriefingLedger" (
    "groupId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "detail" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "BriefingLedger_pkey" PRIMARY KEY ("groupId","day")
);

-- CreateTable
CREATE TABLE "BindCode" (
    "code" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "BindCode_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "actorId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "chatId" TEXT,
    "chatType" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmbeddingCache" (
    "hash" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "vector" BYTEA NOT NULL,

    CONSTRAINT "EmbeddingCache_pkey" PRIMARY KEY ("hash","model")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BindAttempt" (
    "id" SERIAL NOT NULL,
    "platform" TEXT NOT NULL,
    "platformUserId" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BindAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WarningRun" (
    "id" SERIAL NOT NULL,
    "day" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" TEXT NOT NULL,
    "heartbeatAt" TEXT NOT NULL,
    "finishedAt" TEXT,
    "customers" INTEGER NOT NULL DEFAULT 0,
    "atRisk" INTEGER NOT NULL DEFAULT 0,
    "warnings" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "WarningRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WarningStaging" (
    "runId" INTEGER NOT NULL,
    "customerId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "evidence" TEXT NOT NULL,
    "stage" TEXT,
    "doNotChase" TEXT,
    "priority" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "WarningStaging_pkey" PRIMARY KEY ("runId","customerId","code")
);

-- CreateTable
CREATE TABLE "WarningRank" (
    "day" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "priority" DOUBLE PRECISION NOT NULL,
    "doNotChase" BOOLEAN NOT NULL,
    "rulesPriority" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "churnProbability" DOUBLE PRECISION,
    "modelOnly" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "WarningRank_pkey" PRIMARY KEY ("day","customerId")
);

-- CreateTable
CREATE TABLE "ChurnModel" (
    "id" SERIAL NOT NULL,
    "version" TEXT NOT NULL,
    "trainedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dataFrom" TEXT NOT NULL,
    "dataTo" TEXT NOT NULL,
    "holdoutDay" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "leavers" INTEGER NOT NULL,
    "metrics" TEXT NOT NULL,
    "model" TEXT,
    "note" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "ChurnModel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChurnScore" (
    "day" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "probability" DOUBLE PRECISION NOT NULL,
    "reasons" TEXT NOT NULL,
    "modelVersion" TEXT NOT NULL,

    CONSTRAINT "ChurnScore_pkey" PRIMARY KEY ("day","customerId")
);

-- CreateTable
CREATE TABLE "UsageAggregate" (
    "customerId" TEXT NOT NULL,
    "asOf" TEXT NOT NULL,
    "joinDate" TEXT NOT NULL,
    "recentSpendFen" INTEGER NOT NULL,
    "baselineSpendFen" INTEGER NOT NULL,
    "recentDataCenti" INTEGER NOT NULL,
    "baselineDataCenti" INTEGER NOT NULL,
    "lastCallDay" TEXT,
    "hotlineDays" TEXT,
    "forwardedDays" TEXT,

    CONSTRAINT "UsageAggregate_pkey" PRIMARY KEY ("customerId")
);

-- CreateTable
CREATE TABLE "UsageAggregateState" (
    "id" INTEGER NOT NULL,
    "asOf" TEXT NOT NULL,
    "usageRowid" INTEGER NOT NULL,
    "changeSeq" INTEGER NOT NULL,
    "rulesKey" TEXT NOT NULL,

    CONSTRAINT "UsageAggregateState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageChange" (
    "seq" SERIAL NOT NULL,
    "customerId" TEXT NOT NULL,

    CONSTRAINT "UsageChange_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "AnswerFeedback" (
    "id" SERIAL NOT NULL,
    "answerId" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "rating" TEXT NOT NULL,
    "passages" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnswerFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ButtonAction" (
    "key" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ButtonAction_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Manager_telegramUserId_key" ON "Manager"("telegramUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Manager_slackUserId_key" ON "Manager"("slackUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Manager_wecomUserId_key" ON "Manager"("wecomUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Manager_feishuUserId_key" ON "Manager"("feishuUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Manager_dingtalkUserId_key" ON "Manager"("dingtalkUserId");

-- CreateIndex
CREATE INDEX "Manager_teamId_idx" ON "Manager"("teamId");

-- CreateIndex
CREATE INDEX "Customer_managerId_id_idx" ON "Customer"("managerId", "id");

-- CreateIndex
CREATE INDEX "Customer_groupId_idx" ON "Customer"("groupId");

-- CreateIndex
CREATE INDEX "Customer_contractEnd_idx" ON "Customer"("contractEnd");

-- CreateIndex
CREATE INDEX "DailyUsage_date_idx" ON "DailyUsage"("date");

-- CreateIndex
CREATE INDEX "Bill_paidDate_dueDate_idx" ON "Bill"("paidDate", "dueDate");

-- CreateIndex
CREATE INDEX "Event_date_idx" ON "Event"("date");

-- CreateIndex
CREATE UNIQUE INDEX "Event_customerId_date_type_note_key" ON "Event"("customerId", "date", "type", "note");

-- CreateIndex
CREATE INDEX "Outcome_customerId_day_idx" ON "Outcome"("customerId", "day");

-- CreateIndex
CREATE INDEX "Outcome_managerId_day_idx" ON "Outcome"("managerId", "day");

-- CreateIndex
CREATE INDEX "Warning_customerId_day_code_idx" ON "Warning"("customerId", "day", "code");

-- CreateIndex
CREATE INDEX "ChatGroup_teamId_idx" ON "ChatGroup"("teamId");

-- CreateIndex
CREATE INDEX "AuditLog_customerId_idx" ON "AuditLog"("customerId");

-- CreateIndex
CREATE INDEX "AuditLog_actorId_at_idx" ON "AuditLog"("actorId", "at");

-- CreateIndex
CREATE INDEX "Delivery_at_idx" ON "Delivery"("at");

-- CreateIndex
CREATE INDEX "BindAttempt_platform_platformUserId_at_idx" ON "BindAttempt"("platform", "platformUserId", "at");

-- CreateIndex
CREATE INDEX "BindAttempt_managerId_at_idx" ON "BindAttempt"("managerId", "at");

-- CreateIndex
CREATE INDEX "WarningRun_day_status_idx" ON "WarningRun"("day", "status");

-- CreateIndex
CREATE INDEX "WarningRank_day_managerId_doNotChase_priority_customerId_idx" ON "WarningRank"("day", "managerId", "doNotChase", "priority" DESC, "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "ChurnModel_version_key" ON "ChurnModel"("version");

-- CreateIndex
CREATE INDEX "ChurnScore_day_probability_idx" ON "ChurnScore"("day", "probability");

-- CreateIndex
CREATE UNIQUE INDEX "AnswerFeedback_answerId_managerId_key" ON "AnswerFeedback"("answerId", "managerId");

-- CreateIndex
CREATE INDEX "ButtonAction_createdAt_idx" ON "ButtonAction"("createdAt");

-- AddForeignKey
ALTER TABLE "Manager" ADD CONSTRAINT "Manager_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "Manager"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DailyUsage" ADD CONSTRAINT "DailyUsage_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Bill" ADD CONSTRAINT "Bill_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Outcome" ADD CONSTRAINT "Outcome_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Outcome" ADD CONSTRAINT "Outcome_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "Manager"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Warning" ADD CONSTRAINT "Warning_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatGroup" ADD CONSTRAINT "ChatGroup_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BriefingLedger" ADD CONSTRAINT "BriefingLedger_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "ChatGroup"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BindCode" ADD CONSTRAINT "BindCode_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "Manager"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChurnScore" ADD CONSTRAINT "ChurnScore_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

