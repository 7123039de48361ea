import { createHash } from "node:crypto";
import { type GroupPoster, type PostError, partly } from "../../briefings/poster.js";
import type { ReplyBlock } from "../../chat/reply.js";
import { err, ok } from "../../result.js";
import { chunkByBytes, markdownLines, WECOM_MARKDOWN } from "../markdown.js";
import { RATE_LIMIT_ERRCODES } from "../oapi-client.js";
import { postToRobot, type RobotErrcodes } from "../robot-webhook.js";

/** A robot's markdown.content may be 4096 bytes; an image 2 MB before base64. */
const ROBOT_MARKDOWN_BYTES = 4096;
const ROBOT_IMAGE_BYTES = 2 * 1024 * 1024;
const ROBOT_ERRCODES: RobotErrcodes = {
  rateLimited: RATE_LIMIT_ERRCODES,
  /** A webhook that will never work (wrong or deleted key). */
  dead: new Set([93000, 93008, 40001]),
  /** Over 20 messages a minute a robot is refused for the rest of that minute. */
  retryAfterMs: 15_000,
};

/**
 * Posts briefings to WeCom groups through their group robots (群机器人): the chat id of a WeCom
 * group is its robot's webhook key. One call per method, never retried here: the briefing send
 * queue paces each robot (20 messages/min) and retries what may succeed later.
 */
export function createWecomRobotPoster(options: { apiRoot: string }): GroupPoster {
  const root = options.apiRoot.replace(/\/+$/, "");
  const send = (key: string, body: Record<string, unknown>) =>
    postToRobot(`${root}/cgi-bin/webhook/send?${new URLSearchParams({ key })}`, body, ROBOT_ERRCODES);
  return {
    platform: "wecom",
    async postBlocks(key: string, blocks: ReplyBlock[]) {
      let posted = 0;
      for (const content of chunkByBytes(markdownLines(blocks, WECOM_MARKDOWN), ROBOT_MARKDOWN_BYTES)) {
        const sent = await send(key, { msgtype: "markdown", markdown: { content } });
        if (!sent.ok) return posted > 0 ? err(partly(sent.error)) : sent;
        posted++;
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
