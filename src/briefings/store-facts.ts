import { careRemindersIn, careWindow } from "../domain/care/index.js";
import type { CustomerFacts, CustomerProfile } from "../domain/customer.js";
import { addDays } from "../domain/dates.js";
import { assessRisks, atRisk } from "../domain/risk-assessment.js";
import type { RulesConfig } from "../domain/rules-config.js";
import { signalInputFromFacts } from "../domain/signals/index.js";
import type { Store } from "../store/database.js";
import type { BriefingFacts, BriefingFactsSource, ManagerBriefing } from "./facts.js";

/** How many at-risk customers per manager the facts carry (the personal version shows them all). */
const TOP_PER_MANAGER = 10;
/** How far back an open level-1 warning's start is looked for. */
const OVERDUE_LOOKBACK_DAYS = 14;

/**
 * Briefing facts from the store. Warning counts, the trend and overdue warnings read the
 * materialised `Warning` rows (written per day by the warnings job); the ranking of at-risk
 * customers re-assesses just those customers with the domain rules (priority needs the lifecycle
 * stage, which is not materialised); care reminders run the care rules over the team's customers.
 */
export class StoreBriefingFacts implements BriefingFactsSource {
  constructor(
    private readonly store: Store,
    private readonly rules: RulesConfig,
  ) {}

  async gather(teamId: string, day: string): Promise<BriefingFacts> {
    const { sql, prisma } = this.store;
    const team = await prisma.team.findUnique({ where: { id: teamId } });
    const managers = await prisma.manager.findMany({ where: { teamId }, orderBy: { id: "asc" } });
    const ids = managers.map((m) => m.id);
    const inTeam = `c.managerId IN (SELECT id FROM Manager WHERE teamId = ?)`;

    const countRows = sql
      .prepare(
        `SELECT w.code, w.level, SUM(w.day = ?) AS today, SUM(w.day = ?) AS yesterday
         FROM Warning w JOIN Customer c ON c.id = w.customerId
         WHERE w.day IN (?, ?) AND ${inTeam} GROUP BY w.code, w.level ORDER BY w.code`,
      )
      .all(day, addDays(day, -1), day, addDays(day, -1), teamId) as {
      code: string;
      level: number;
      today: number;
      yesterday: number;
    }[];

    const first = addDays(day, -6);
    const trendRows = sql
      .prepare(
        `SELECT w.day, SUM(w.level = 1) AS level1, SUM(w.level = 2) AS level2
         FROM Warning w JOIN Customer c ON c.id = w.customerId
         WHERE w.day BETWEEN ? AND ? AND ${inTeam} GROUP BY w.day`,
      )
      .all(first, day, teamId) as { day: string; level1: number; level2: number }[];
    const trendByDay = new Map(trendRows.map((r) => [r.day, r]));
    const trend = Array.from({ length: 7 }, (_, i) => addDays(first, i)).map((d) => ({
      day: d,
      level1: trendByDay.get(d)?.level1 ?? 0,
      level2: trendByDay.get(d)?.level2 ?? 0,
    }));

    const atRiskIds = (
      sql
        .prepare(
          `SELECT DISTINCT w.customerId AS id FROM Warning w JOIN Customer c ON c.id = w.customerId WHERE w.day = ? AND ${inTeam}`,
        )
        .all(day, teamId) as { id: string }[]
    ).map((r) => r.id);
    const ranked = atRisk(
      assessRisks(
        (await this.loadFacts(atRiskIds, day)).map((f) => signalInputFromFacts(f, day, this.rules)),
        day,
        this.rules,
      ),
    );

    const care = await this.careDue(ids, day);
    const overdue = this.overdue(teamId, day);
    const outcomes = await prisma.outcome.groupBy({
      by: ["managerId", "kind"],
      where: { managerId: { in: ids }, day: addDays(day, -1) },
      _count: { _all: true },
    });

    const perManager: ManagerBriefing[] = managers.map((m) => {
      const count = (kind: string) =>
        outcomes.find((o) => o.managerId === m.id && o.kind === kind)?._count._all ?? 0;
      return {
        managerId: m.id,
        name: m.name,
        top: ranked
          .filter((a) => a.customer.managerId === m.id)
          .slice(0, TOP_PER_MANAGER)
          .map((a) => ({
            ...pick(a.customer),
            score: a.priority.score,
            codes: a.signals.map((s) => s.code),
          })),
        care: care.filter((c) => c.managerId === m.id).map(({ managerId: _, ...c }) => c),
        overdue: overdue.filter((o) => o.managerId === m.id).map(({ managerId: _, ...o }) => o),
        outcomes: { retained: count("retained"), lost: count("lost"), contacted: count("contacted") },
      };
    });
    return { day, teamId, teamName: team?.name ?? teamId, counts: countRows, trend, managers: perManager };
  }

  /** Care reminders falling on the day itself, for every active customer of these managers. */
  private async careDue(managerIds: string[], day: string) {
    const customers = await this.store.prisma.customer.findMany({
      where: { managerId: { in: managerIds }, status: { not: "left" } },
      include: { bills: true },
      orderBy: { id: "asc" },
    });
    const window = careWindow(day, this.rules);
    return customers.flatMap((c) =>
      careRemindersIn({ customer: c, bills: c.bills }, window, this.rules)
        .filter((r) => r.day === day)
        .map((r) => ({ ...pick(c), managerId: c.managerId, code: r.code })),
    );
  }

  /**
   * Level-1 warnings open longer than their response deadline: the warning has been there every
   * day since `since`, `since` is at least the deadline ago, and nothing was logged since then.
   */
  private overdue(teamId: string, day: string) {
    const deadlineDays = Math.max(1, Math.ceil(this.rules.responseDeadlineHours.level1 / 24));
    const rows = this.store.sql
      .prepare(
        `SELECT w.customerId, w.code, w.day, c.name, c.phone, c.vipLevel, c.managerId
         FROM Warning w JOIN Customer c ON c.id = w.customerId
         WHERE w.level = 1 AND w.day BETWEEN ? AND ? AND c.managerId IN (SELECT id FROM Manager WHERE teamId = ?)
           AND w.customerId IN (SELECT customerId FROM Warning WHERE day = ? AND level = 1)
         ORDER BY w.customerId, w.code, w.day DESC`,
      )
      .all(addDays(day, -OVERDUE_LOOKBACK_DAYS), day, teamId, day) as {
      customerId: string;
      code: string;
      day: string;
      name: string;
      phone: string;
      vipLevel: string;
      managerId: string;
    }[];
    const lastOutcome = this.store.sql.prepare("SELECT MAX(day) AS day FROM Outcome WHERE customerId = ?");
    const result: {
      id: string;
      name: string;
      phone: string;
      vipLevel: string;
      managerId: string;
      code: string;
      since: string;
    }[] = [];
    let i = 0;
    while (i < rows.length) {
      const head = rows[i];
      if (!head) break;
      let since = head.day;
      let j = i;
      // Walk back through consecutive days of the same (customer, code) ending on `day`.
      while (
        rows[j + 1]?.customerId === head.customerId &&
        rows[j + 1]?.code === head.code &&
        rows[j + 1]?.day === addDays(since, -1)
      ) {
        j++;
        since = rows[j]?.day ?? since;
      }
      const open = head.day === day && since <= addDays(day, -deadlineDays);
      const logged = (lastOutcome.get(head.customerId) as { day: string | null }).day;
      if (open && (logged === null || logged < since))
        result.push({
          id: head.customerId,
          name: head.name,
          phone: head.phone,
          vipLevel: head.vipLevel,
          managerId: head.managerId,
          code: head.code,
          since,
        });
      while (rows[j + 1]?.customerId === head.customerId && rows[j + 1]?.code === head.code) j++;
      i = j + 1;
    }
    return result;
  }

  /** Profile, usage over the rule windows, bills and events of these customers. */
  private async loadFacts(customerIds: string[], day: string): Promise<CustomerFacts[]> {
    if (customerIds.length === 0) return [];
    const from = addDays(day, -(this.rules.windows.recentDays + this.rules.windows.baselineDays + 7));
    const customers = await this.store.prisma.customer.findMany({
      where: { id: { in: customerIds } },
      include: {
        usage: { where: { date: { gte: from, lte: day } }, orderBy: { date: "asc" } },
        bills: true,
        events: { where: { date: { lte: day } } },
      },
    });
    return customers.map(({ usage, bills, events, ...customer }) => ({
      customer: customer as CustomerProfile,
      usage,
      bills,
      events,
    }));
  }
}

const pick = (c: { id: string; name: string; phone: string; vipLevel: string }) => ({
  id: c.id,
  name: c.name,
  phone: c.phone,
  vipLevel: c.vipLevel,
});
