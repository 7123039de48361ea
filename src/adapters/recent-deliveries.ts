/**
 * Platforms deliver a callback again when they think it was not received (WeCom retries after
 * 5 s, Feishu after 3 s, DingTalk after a while), and a captured callback can be replayed within
 * its signature's time window. Remembering the delivery ids (WeCom MsgId, Feishu event_id,
 * DingTalk msgId) of the last minutes lets an adapter answer a repeat without running the command
 * twice. Bounded: the oldest ids are forgotten first.
 */
export class RecentDeliveries {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly capacity = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time an id is seen (within the TTL); false for a repeat. */
  firstTime(id: string): boolean {
    const now = this.now();
    const at = this.seen.get(id);
    if (at !== undefined && now - at < this.ttlMs) return false;
    this.seen.delete(id);
    this.seen.set(id, now);
    for (const [oldest, when] of this.seen) {
      if (this.seen.size <= this.capacity && now - when < this.ttlMs) break;
      this.seen.delete(oldest);
    }
    return true;
  }
}
