import type { BriefingLedger, LedgerStatus } from "../store/briefing-ledger.js";

/** A briefing's parts, posted in this order. */
export type BriefingPart = "text" | "chart";

/**
 * One instance's hold on one (group, day) briefing, as its delivery uses it: the ledger is told
 * right before each request leaves and after each refusal that posted nothing, so that if this
 * process dies, another instance can tell what it may still send (decision 007).
 */
export interface BriefingTicket {
  /** Where delivery starts: the text, or only the chart of a briefing whose text was posted. */
  readonly from: BriefingPart;
  /**
   * Call right before the request for `part` leaves (every attempt). False: another instance owns
   * the briefing now; post nothing.
   */
  beforePost(part: BriefingPart): Promise<boolean>;
  /** The platform refused `part` and posted none of it (a 429): nothing of it is in flight. */
  refused(part: BriefingPart): Promise<void>;
  /** The text is posted and a chart follows. */
  textPosted(): Promise<void>;
}

/** Each part's ledger states: nothing of it in flight, and its request may have left. */
const PHASES = {
  text: ["waiting", "posting"],
  chart: ["text-sent", "posting-chart"],
} as const satisfies Record<BriefingPart, readonly [LedgerStatus, LedgerStatus]>;

/** A ticket backed by the ledger: each call is one conditional write on this instance's row. */
export class LedgerTicket implements BriefingTicket {
  constructor(
    private readonly ledger: BriefingLedger,
    private readonly groupId: string,
    private readonly day: string,
    private readonly now: () => Date,
    readonly from: BriefingPart = "text",
    /** Whether this instance has the row already (taken over, or claimed by the CLI). */
    private owned = false,
  ) {}

  /** Whether this ticket's last request may have left (unknown outcome: a retry stays 'posting'). */
  private sending = false;

  /** Whether this instance holds the briefing's row. */
  get holds(): boolean {
    return this.owned;
  }

  async beforePost(part: BriefingPart): Promise<boolean> {
    const { ledger, groupId, day } = this;
    if (part === "text" && !this.owned) {
      // The claim itself is the posting mark: written right before the first request.
      this.owned = await ledger.claim(groupId, day, this.now(), "posting");
      this.sending = this.owned;
      return this.owned;
    }
    // A retry after an unknown outcome (network failure) finds its own posting state; any other
    // attempt must find the state nothing was in flight in, or another ticket moved it on.
    const [idle, posting] = part === "text" ? PHASES.text : PHASES.chart;
    this.sending = await ledger.move(groupId, day, [this.sending ? posting : idle], posting);
    return this.sending;
  }

  async refused(part: BriefingPart): Promise<void> {
    const [idle, posting] = PHASES[part];
    if (await this.ledger.move(this.groupId, this.day, [posting], idle)) this.sending = false;
  }

  async textPosted(): Promise<void> {
    await this.ledger.move(this.groupId, this.day, ["posting"], "text-sent");
    this.sending = false;
  }

  /** Takes the row for a briefing that failed before its first request (to record the failure). */
  async own(): Promise<boolean> {
    this.owned ||= await this.ledger.claim(this.groupId, this.day, this.now(), "waiting");
    return this.owned;
  }
}
