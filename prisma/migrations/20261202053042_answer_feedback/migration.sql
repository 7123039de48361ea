-- CreateTable
CREATE TABLE "AnswerFeedback" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "answerId" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "rating" TEXT NOT NULL,
    "passages" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "AnswerFeedback_answerId_managerId_key" ON "AnswerFeedback"("answerId", "managerId");
