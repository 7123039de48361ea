import { createHash } from "node:crypto";
import type { GroupPoster, PostError } from "../../briefings/poster.js";
import type { ReplyBlock } from "../../chat/reply.js";
import { err, ok, type Result } from "../../result.js";
import { chunkByBytes, markdownLines, WECOM_MARKDOWN } from "../markdown.js";
import { RATE_LIMIT_ERRCODES } from "../oapi-client.js";

/** A robot's markdown.content may be 4096 bytes; an image 2 MB before base64. */
const ROBOT_MARKDOWN_BYTES = 4096;
const ROBOT_IMAGE_BYTES = 2 * 1024 * 1024;
/** Over 20 messages a minute a robot is refused for the rest of that minute. */
const ROBOT_RETRY_AFTER_MS = 15_000;
/** errcodes of a webhook that will never work (wrong or deleted key). */
const DEAD_WEBHOOK_ERRCODES = new Set([93000, 93008, 40001]);

/**
 * Posts briefings to WeCom groups through their group robots (群机器人): the chat id of a WeCom
 * group is its robot's webhook key. One call per method, never retried here: the briefing send
 * queue paces each robot (20 messages/min) and retries what may succeed later.
 */
export function createWecomRobotPoster(options: { apiRoot: string }): GroupPoster {
  const root = options.apiRoot.replace(/\/+$/, "");
  const send = (key: string, body: Record<string, unknown>) =>
    postToRobot(`${root}/cgi-bin/webhook/send?${new URLSearchParams({ key })}`, body);
  return {
    platform: "wecom",
    async postBlocks(key: string, blocks: ReplyBlock[]) {
      for (const content of chunkByBytes(markdownLines(blocks, WECOM_MARKDOWN), ROBOT_MARKDOWN_BYTES)) {
        const sent = await send(key, { msgtype: "markdown", markdown: { content } });
        if (!sent.ok) return sent;
      }
      return ok(undefined);
    },
    postImage(key: string, png: Uint8Array) {
      if (png.byteLength > ROBOT_IMAGE_BYTES)
        return Promise.resolve(
          err<PostError>({ code: "failed", message: "chart larger than 2 MB", retryable: false }),
        );
      const image = {
        base64: Buffer.from(png).toString("base64"),
        md5: createHash("md5").update(png).digest("hex"),
      };
      return send(key, { msgtype: "image", image });
    },
  };
}

/** One webhook call, its answer in the send queue's terms. */
async function postToRobot(url: string, body: Record<string, unknown>): Promise<Result<void, PostError>> {
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
  if (RATE_LIMIT_ERRCODES.has(errcode))
    return err({ code: "rate_limited", message, retryAfterMs: ROBOT_RETRY_AFTER_MS });
  return err({ code: "failed", message, retryable: !DEAD_WEBHOOK_ERRCODES.has(errcode) && errcode < 0 });
}
