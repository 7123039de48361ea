/**
 * Every threshold of the warning and care rules, in one zod schema with its defaults (issue 3; the
 * figures come from the seeds: 002 for the 客户关怀类 signals and 一级/二级 levels, 000 for 关键时刻,
 * 003/004 for the lifecycle and care by stage). An operator file (RULES_CONFIG) may override any part;
 * whatever it leaves out keeps its default.
 */
import { z } from "zod";
import { err, ok, type Result } from "../result.js";

const Level = z.union([z.literal(1), z.literal(2)]);
const Days = z.number().int().min(0);
const Percent = z.number().min(0).max(100);
const Points = z.number().min(0);
const VipLevelName = z.enum(["diamond", "gold", "silver", "standard"]);

/**
 * A rule's level plus its own thresholds; `enabled: false` switches the rule off. Every field has a
 * default, so `{}` is valid input (TypeScript cannot see that through the generic, hence the cast).
 */
const rule = <T extends z.ZodRawShape>(level: 1 | 2, shape: T) =>
  z
    .strictObject({ enabled: z.boolean().default(true), level: Level.default(level), ...shape })
    .prefault({} as never);

export const RulesConfig = z
  .strictObject({
    /** The windows the usage rules compare: "the 30 days up to D" and "the 90 days before". */
    windows: z
      .strictObject({
        recentDays: Days.min(1).default(30),
        baselineDays: Days.min(1).default(90),
        /** A drop needs at least this many days of tenure inside the baseline window. */
        minBaselineTenureDays: Days.min(1).default(30),
      })
      .prefault({}),
    signals: z
      .strictObject({
        contractExpiring: rule(1, { withinDays: Days.default(60) }),
        zeroSpendMonth: rule(1, {}),
        spendDrop: rule(1, { maxPercent: Percent.default(60) }),
        dataDrop: rule(2, { maxPercent: Percent.default(50) }),
        zeroCallDays: rule(2, { minDays: Days.min(1).default(7) }),
        competitorHotline: rule(1, { moreThanSeconds: Days.default(60), withinDays: Days.min(1).default(7) }),
        callForwarding: rule(1, {
          minConsecutiveDays: Days.min(1).default(5),
          endedWithinDays: Days.min(1).default(7),
        }),
        overdueBill: rule(2, {}),
        portabilityInquiry: rule(1, { withinDays: Days.min(1).default(30) }),
        complaint: rule(2, { withinDays: Days.min(1).default(30) }),
        broadbandFault: rule(2, { minEvents: Days.min(1).default(2), withinDays: Days.min(1).default(30) }),
        groupBulkAnomaly: rule(1, {
          minSharePercent: Percent.default(20),
          /** Groups smaller than this are not judged: one member of three is not a "bulk" anomaly. */
          minMembers: Days.min(1).default(5),
        }),
      })
      .prefault({}),
    /** How the stage A–E is derived (see lifecycle.ts). */
    lifecycle: z
      .strictObject({
        acquisitionDays: Days.default(90),
        buildUpDays: Days.default(365),
        /** Recent spend at or below this share of the baseline monthly average means decline. */
        declineMaxPercent: Percent.default(80),
      })
      .prefault({}),
    priority: z
      .strictObject({
        levelPoints: z.strictObject({ level1: Points.default(30), level2: Points.default(15) }).prefault({}),
        /** Added for each signal beyond the first. */
        extraSignalPoints: Points.default(5),
        vipPoints: z
          .strictObject({
            diamond: Points.default(25),
            gold: Points.default(15),
            silver: Points.default(8),
            standard: Points.default(0),
          })
          .prefault({}),
        /** One point per this many yuan of ARPU, capped. */
        arpuYuanPerPoint: z.number().positive().default(10),
        arpuMaxPoints: Points.default(20),
        stagePoints: z
          .strictObject({
            A: Points.default(5),
            B: Points.default(5),
            C: Points.default(10),
            D: Points.default(15),
            E: Points.default(0),
          })
          .prefault({}),
      })
      .prefault({}),
    /**
     * How the risk list is ordered once the churn model has scored the day (src/domain/churn-priority.ts,
     * docs/churn-model.md): `rules` (the rules' priority alone), `model` (expected value at risk
     * alone) or `blend` (the rules' priority plus points for the value at risk, capped).
     */
    ranking: z
      .strictObject({
        mode: z.enum(["rules", "model", "blend"]).default("blend"),
        /** A customer's value: this many months of ARPU (value at risk = probability × value). */
        valueMonths: z.number().positive().max(120).default(12),
        /** Blend: one point per this many yuan of value at risk… */
        yuanPerPoint: z.number().positive().default(20),
        /** …at most this many (60 = two level-1 signals), so the rules' level still counts. */
        maxBlendPoints: Points.default(60),
        /**
         * The model adds a customer no rule caught whose churn probability is at least this many
         * times the day's average (the base rate the model is calibrated to), in model and blend.
         */
        addFromBaseRateTimes: z.number().min(1).max(1000).default(5),
      })
      .prefault({}),
    /** Seed 002 (彻底放弃不值得挽留的客户): malicious arrears and very low value stay off the main list. */
    doNotChase: z
      .strictObject({
        enabled: z.boolean().default(true),
        maliciousArrears: z
          .strictObject({
            enabled: z.boolean().default(true),
            minUnpaidBills: Days.min(1).default(2),
            minDaysOverdue: Days.default(60),
          })
          .prefault({}),
        lowValue: z
          .strictObject({
            enabled: z.boolean().default(true),
            maxArpu: z.number().min(0).default(10),
            vipLevels: z.array(VipLevelName).default(["standard"]),
          })
          .prefault({}),
      })
      .prefault({}),
    /** How soon a warning must be acted on, by level. */
    responseDeadlineHours: z
      .strictObject({ level1: z.number().positive().default(24), level2: z.number().positive().default(72) })
      .prefault({}),
    care: z
      .strictObject({
        lookaheadDays: Days.default(3),
        festivalVipLevels: z.array(VipLevelName).default(["diamond", "gold", "silver"]),
        welcomeWithinDays: Days.default(7),
        /** The first bill is followed up when its month is at most this many months after joining. */
        firstBillMaxMonthsAfterJoin: Days.default(1),
        renewalDaysBefore: Days.default(90),
        arrearsDueWithinDays: Days.default(3),
      })
      .prefault({}),
  })
  .prefault({});

export type RulesConfig = z.output<typeof RulesConfig>;

/** Every default, as the rules use them when no operator file is given. */
export const DEFAULT_RULES_CONFIG: RulesConfig = RulesConfig.parse(undefined);

/** Validates an operator's (partial) rules file; missing parts keep their defaults. */
export function parseRulesConfig(input: unknown): RulesConfig {
  return RulesConfig.parse(input ?? {});
}

/** An invalid rules file: one line per bad setting ("signals.spendDrop.maxPercent: …"). */
export interface RulesConfigProblems {
  code: "rules_config_invalid";
  message: string;
  lines: string[];
}

/**
 * Like parseRulesConfig, but an invalid file is an error value naming each bad setting. Unknown
 * keys are problems too: a misspelt setting would otherwise be ignored and its default used silently.
 */
export function safeParseRulesConfig(input: unknown): Result<RulesConfig, RulesConfigProblems> {
  const parsed = RulesConfig.safeParse(input ?? {});
  if (parsed.success) return ok(parsed.data);
  const lines = parsed.error.issues.flatMap((i) =>
    i.code === "unrecognized_keys"
      ? i.keys.map((key) => `${[...i.path, key].join(".")}: unknown setting (misspelt or misplaced?)`)
      : [`${i.path.join(".") || "(root)"}: ${i.message}`],
  );
  return err({ code: "rules_config_invalid", message: lines.join("; "), lines });
}
