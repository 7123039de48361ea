-- AlterTable
ALTER TABLE "Manager" ADD COLUMN "dingtalkUserId" TEXT;
ALTER TABLE "Manager" ADD COLUMN "feishuUserId" TEXT;
ALTER TABLE "Manager" ADD COLUMN "wecomUserId" TEXT;

-- AlterTable
ALTER TABLE "ChatGroup" ADD COLUMN "webhookSecret" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Manager_wecomUserId_key" ON "Manager"("wecomUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Manager_feishuUserId_key" ON "Manager"("feishuUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Manager_dingtalkUserId_key" ON "Manager"("dingtalkUserId");
