/** The shape of the risk, care, customer, done and team commands' text, per locale. */

/** Why the churn model gave no scores: no usable model (its problem), or the day not scored yet. */
export type NoChurnScoreWhy = "no_model" | "too_few_leavers" | "model_invalid" | "not_scored";

export interface RiskCommandMessages {
  risk: {
    heading(day: string, total: number, shown: number): string;
    none(day: string): string;
    /** Said first while the daily job is still computing `day` and the list is `listDay`'s. */
    earlierDay(day: string, listDay: string): string;
    hidden(handled: number, snoozed: number, doNotChase: number): string;
    doNotChaseHeading: string;
    /** `max`: the largest count the command takes. */
    usage(max: number): string;
    /** The list is ordered by the rules only, and why (no usable churn model, or no scores today). */
    rulesOnly(why: NoChurnScoreWhy, leavers?: number): string;
  };
  entry: {
    title(rank: number, name: string, phone: string, details: string[]): string;
    reason(level: string, title: string, evidence: string): string;
    action(text: string): string;
    priority(text: string): string;
    /** The churn model's probability of this customer and its top reasons, in words. */
    churn(percent: string, reasons: string): string;
    /** No rule caught the customer: the churn model added them. */
    modelOnly: string;
    lastOutcome(day: string, kind: string, note: string): string;
    noOutcome: string;
    newSince(titles: string): string;
    doNotChase(text: string): string;
    arpu(yuan: string): string;
    buttonContacted: string;
    buttonRetained: string;
    buttonLost: string;
    buttonSnooze: string;
    /**
     * The words /done takes for the buttons' outcomes, as a plain-text reply shows them to type
     * (the buttons themselves send the language-neutral command).
     */
    typed: { contacted: string; retained: string; lost: string; snooze: string };
    buttonTrack: string;
  };
  care: {
    heading(day: string, lookahead: number, total: number, shown: number): string;
    none(day: string): string;
    line(title: string, detail: string, action: string): string;
    /** `max`: the largest count the command takes. */
    usage(max: number): string;
  };
  customer: {
    usage: string;
    notFound(query: string): string;
    ambiguous(query: string): string;
    profile: {
      id: string;
      joined: string;
      contractEnd: string;
      birthday: string;
      lunar: string;
      status: string;
      points: string;
      personality: string;
      signalsTitle: string;
      noSignals: string;
      careTitle: string;
      historyTitle: string;
      noHistory: string;
      /** The stored churn score was made on an earlier day than today (shown after the probability). */
      churnScoredOn(day: string): string;
      /** No churn probability for this customer, and why: the view is the rules' only. */
      noChurnScore(why: NoChurnScoreWhy | "customer_not_scored", leavers?: number): string;
    };
    statuses: Record<"active" | "suspended" | "left", string>;
  };
  done: {
    usage: string;
    lostNeedsReason: string;
    badSnooze: string;
    saved(name: string, kind: string, until: string | null): string;
  };
  outcomeKinds: Record<"contacted" | "retained" | "lost" | "unreachable" | "snoozed", string>;
  team: {
    /** `team` is the team's name (its id when it has none). */
    heading(team: string, day: string): string;
    manager(
      name: string,
      id: string,
      open: number,
      openLevel1: number,
      handled: number,
      o1: number,
      o2: number,
    ): string;
    overdue(
      name: string,
      phone: string,
      level: string,
      title: string,
      raisedDay: string,
      hours: number,
    ): string;
    noneOverdue: string;
  };
}
