-- CreateTable
CREATE TABLE "WarningRankCount" (
    "day" TEXT NOT NULL,
    "managerId" TEXT NOT NULL,
    "chase" INTEGER NOT NULL,
    "doNotChase" INTEGER NOT NULL,

    PRIMARY KEY ("day", "managerId")
);

-- The days already ranked get their counts (src/store/ranked-counts.ts writes them from now on).
INSERT INTO "WarningRankCount" ("day", "managerId", "chase", "doNotChase")
SELECT "day", "managerId",
  SUM(CASE WHEN "doNotChase" THEN 0 ELSE 1 END), SUM(CASE WHEN "doNotChase" THEN 1 ELSE 0 END)
FROM "WarningRank" GROUP BY "day", "managerId";
