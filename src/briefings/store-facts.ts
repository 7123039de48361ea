import type { App } from "../app.js";
import type { Clock } from "../clock.js";
import type { CustomerProfile } from "../domain/customer.js";
import { addDays, dayToUtcMs } from "../domain/dates.js";
import type { RulesConfig } from "../domain/rules-config.js";
import { ALL_SIGNALS } from "../domain/what-works.js";
import { careList } from "../services/care/care-list.js";
import { teamRetentionRates, WHAT_WORKS_DAYS } from "../services/outcomes/what-works.js";
import { ensureMaterialisedBeside } from "../services/warnings/daily-job.js";
import { startOfDay } from "../services/warnings/deadlines.js";
import { ensureDayOn } from "../services/warnings/ensure-day-on.js";
import { openEntries, riskList, type WarningDeps } from "../services/warnings/risk-list.js";
import { teamViewOf } from "../services/warnings/team-view.js";
import { outcomeCountsOn, teamWarningCounts, teamWarningsByDay } from "../store/briefing-counts.js";
import { instanceLocks } from "../store/instance-lock.js";
import { teamManagers, teamName } from "../store/managers.js";
import type { SqlHandle } from "../store/sql-handle.js";
import { isDayComplete } from "../store/warning-days.js";
import type { BriefingFacts, BriefingFactsSource, ManagerBriefing } from "./facts.js";

/** How many at-risk customers per manager the facts carry (the personal version shows them all). */
const TOP_PER_MANAGER = 10;

/**
 * Briefing facts from the store, on the warnings and care services. The daily warnings job is run
 * for the day when its rows are missing (by the bot's daily job, off the event loop), so counts, the top customers and the overdue list read
 * real warnings; the comparison with yesterday needs the job to have run yesterday. Counts and the 7-day trend are aggregated from the `Warning`
 * rows; the top customers are the team's risk list (open follow-up, not do-not-chase, by priority)
 * and the overdue ones its level-1 deadlines (as `/team` shows them), as of the briefing's time —
 * or the end of its day, for a day already over.
 */
export class StoreBriefingFacts implements BriefingFactsSource {
  /** Rates on fewer outcomes are left out of the Monday "what works" section. */
  whatWorksMinCases = 5;

  constructor(
    private readonly db: SqlHandle,
    private readonly rules: RulesConfig,
    private readonly clock: Clock,
    private readonly timeZone: string,
    /** Computes the day's warnings when missing: the bot's daily job (in a worker), or this thread. */
    private readonly ensureDay: (day: string) => Promise<void>,
  ) {}

  async gather(teamId: string, day: string): Promise<BriefingFacts> {
    const { db } = this;
    // Only the day itself is computed here. Computing a missed day before it after the fact would
    // date its warnings a day earlier than anyone saw them and make them overdue at once.
    await this.ensureDay(day);
    const endOfDay = startOfDay(addDays(day, 1), this.timeZone).getTime();
    const deps: WarningDeps = {
      db,
      config: this.rules,
      now: new Date(Math.min(this.clock.now().getTime(), endOfDay)),
      timeZone: this.timeZone,
    };
    const managers = await teamManagers(db, teamId);
    const ids = managers.map((m) => m.id);
    const list = await riskList(deps, ids, day);
    const open = openEntries(list);
    const view = teamViewOf(list, teamId, managers);
    const care = (await careList({ db, config: this.rules }, ids, day)).entries.flatMap((e) =>
      e.reminders.filter((r) => r.day === day).map((r) => ({ customer: e.customer, code: r.code })),
    );
    const outcomes = await outcomeCountsOn(db, ids, addDays(day, -1));

    const perManager: ManagerBriefing[] = managers.map((m) => {
      const count = (kind: string) =>
        outcomes.find((o) => o.managerId === m.id && o.kind === kind)?.count ?? 0;
      const overdue = view.managers.find((v) => v.managerId === m.id)?.overdue ?? [];
      return {
        managerId: m.id,
        name: m.name,
        top: open
          .filter((e) => e.customer.managerId === m.id)
          .slice(0, TOP_PER_MANAGER)
          .map((e) => ({
            ...pick(e.customer),
            score: e.priority.score,
            codes: e.signals.map((s) => s.code),
          })),
        care: care
          .filter((c) => c.customer.managerId === m.id)
          .map((c) => ({ ...pick(c.customer), code: c.code })),
        overdue: overdue
          .filter((o) => o.level === 1)
          .map((o) => ({ ...pick(o.customer), code: o.code, since: o.raisedDay })),
        outcomes: { retained: count("retained"), lost: count("lost"), contacted: count("contacted") },
      };
    });
    return {
      day,
      teamId,
      teamName: (await teamName(db, teamId)) ?? teamId,
      counts: (await teamWarningCounts(db, teamId, day, addDays(day, -1))) as BriefingFacts["counts"],
      hasYesterday: await isDayComplete(db, addDays(day, -1)),
      trend: await this.trend(teamId, day),
      managers: perManager,
      ...(isMonday(day) ? { whatWorks: await this.whatWorks(teamId, day) } : {}),
    };
  }

  /** The team's rates per method over the last 90 days (all signals, all customers), best first. */
  private async whatWorks(teamId: string, day: string): Promise<NonNullable<BriefingFacts["whatWorks"]>> {
    const from = addDays(day, -(WHAT_WORKS_DAYS - 1));
    return (await teamRetentionRates(this.db, teamId, from, day, this.whatWorksMinCases)).cells
      .filter((c) => c.signal === ALL_SIGNALS && c.segment === "all")
      .map(({ method, cases, retained, rate, low, high }) => ({ method, cases, retained, rate, low, high }));
  }

  /** Warnings by level for the 7 days ending on the day (a day the job never ran counts as none). */
  private async trend(teamId: string, day: string): Promise<BriefingFacts["trend"]> {
    const first = addDays(day, -6);
    const byDay = new Map((await teamWarningsByDay(this.db, teamId, first, day)).map((r) => [r.day, r]));
    return Array.from({ length: 7 }, (_, i) => addDays(first, i)).map((d) => ({
      day: d,
      level1: byDay.get(d)?.level1 ?? 0,
      level2: byDay.get(d)?.level2 ?? 0,
    }));
  }
}

const pick = (c: Pick<CustomerProfile, "id" | "name" | "phone" | "vipLevel">) => ({
  id: c.id,
  name: c.name,
  phone: c.phone,
  vipLevel: c.vipLevel,
});

/**
 * The briefing facts of an app: its store, rules, clock and time zone; `ensureDay` computes a
 * missing day: the one given, else the bot's daily job (`app.warningsDay`, a worker thread: a
 * second run of the day in this thread would block the chat and race the job's run), else this
 * thread (the CLI).
 */
export const briefingFactsOf = (app: App, ensureDay?: (day: string) => Promise<void>): StoreBriefingFacts => {
  const facts = new StoreBriefingFacts(
    app.store.db,
    app.rules,
    app.clock,
    app.config.RETAINBOT_TIME_ZONE,
    ensureDay ?? app.warningsDay ?? computeMissingDay(app),
  );
  facts.whatWorksMinCases = app.config.WHAT_WORKS_MIN_CASES;
  return facts;
};

/** Monday, the day the weekly "what works" section is in the briefing. */
const isMonday = (day: string) => new Date(dayToUtcMs(day)).getUTCDay() === 1;

/**
 * Without the bot's daily job (the CLI, a preview): compute a missing day in this process, unless
 * another process's job is computing it (both stores: the daily job's lock), then wait for its rows.
 */
function computeMissingDay(app: App): (day: string) => Promise<void> {
  const { store, rules } = app;
  const lock = instanceLocks(app.config.DATABASE_URL);
  if (store.kind === "postgres")
    return async (day) => {
      await ensureDayOn(store.db, day, rules, { lock });
    };
  return (day) => ensureMaterialisedBeside(store.sql, day, rules, lock);
}
