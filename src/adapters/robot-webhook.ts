import type { PostError } from "../briefings/poster.js";
import { err, ok, type Result } from "../result.js";

/** How one platform's group robots answer: which errcodes mean "slow down" and which "never". */
export interface RobotErrcodes {
  rateLimited: ReadonlySet<number>;
  /** A key or token that will never work: retrying will not help. */
  dead: ReadonlySet<number>;
  retryAfterMs: number;
}

/**
 * One call to a group robot's webhook (WeCom 群机器人, DingTalk 自定义机器人: both answer
 * `{errcode, errmsg}`), its answer in the send queue's terms. Never retried here: the briefing send
 * queue paces each robot and retries what may succeed later (server errors, negative errcodes).
 */
export async function postToRobot(
  url: string,
  body: Record<string, unknown>,
  errcodes: RobotErrcodes,
): Promise<Result<void, PostError>> {
  let answer: { errcode?: number; errmsg?: string };
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (res.status >= 500) return err({ code: "failed", message: `HTTP ${res.status}`, retryable: true });
    answer = (await res.json()) as typeof answer;
  } catch (error) {
    return err({
      code: "failed",
      message: error instanceof Error ? error.message : String(error),
      retryable: true,
    });
  }
  const errcode = Number(answer.errcode ?? 0);
  const message = `${errcode} ${answer.errmsg ?? ""}`.trim();
  if (errcode === 0) return ok(undefined);
  if (errcodes.rateLimited.has(errcode))
    return err({ code: "rate_limited", message, retryAfterMs: errcodes.retryAfterMs });
  return err({ code: "failed", message, retryable: !errcodes.dead.has(errcode) && errcode < 0 });
}
