import { type GroupPoster, type PostError, type PostTarget, partly } from "../../briefings/poster.js";
import type { ReplyBlock } from "../../chat/reply.js";
import { err, ok } from "../../result.js";
import { chunkByBytes, markdownLines, PLAIN_MARKDOWN } from "../markdown.js";
import type { OapiClient } from "../oapi-client.js";
import { postToRobot, type RobotErrcodes } from "../robot-webhook.js";
import { imageMarkdown } from "./render-dingtalk.js";
import { dingtalkSign } from "./sign.js";

const TITLE = "早安简报";
const ROBOT_ERRCODES: RobotErrcodes = {
  /** Over 20 messages a minute a custom robot is refused (and muted for 10 minutes). */
  rateLimited: new Set([130101, 410100]),
  /** A token that does not exist, a robot switched off, a wrong signature. */
  dead: new Set([300001, 310000, 400101, 400102]),
  retryAfterMs: 15_000,
};

/**
 * Posts briefings to DingTalk groups through their custom robots (自定义机器人): the group's chat
 * id is the robot's access_token and its signing secret (SEC…) is kept with the group. Every
 * webhook is signed (HMAC-SHA256 of timestamp and secret). The chart is uploaded through the app
 * (media/upload) and shown in a markdown message by its media_id. No retries here: the send queue
 * paces each robot (20 messages/min) and retries.
 */
export function createDingtalkRobotPoster(options: { oapiRoot: string; api: OapiClient }): GroupPoster {
  const root = options.oapiRoot.replace(/\/+$/, "");
  const send = (accessToken: string, target: PostTarget | undefined, body: Record<string, unknown>) => {
    const secret = target?.webhookSecret;
    if (!secret)
      return Promise.resolve(
        err<PostError>({
          code: "failed",
          message:
            "no robot secret for this group: bind it with bind-group dingtalk:<access_token> --secret SEC…",
          retryable: false,
        }),
      );
    const timestamp = String(Date.now());
    const query = new URLSearchParams({
      access_token: accessToken,
      timestamp,
      sign: dingtalkSign(secret, timestamp),
    });
    return postToRobot(`${root}/robot/send?${query}`, body, ROBOT_ERRCODES);
  };
  return {
    platform: "dingtalk",
    async postBlocks(chatId: string, blocks: ReplyBlock[], target?: PostTarget) {
      let posted = 0;
      for (const text of chunkByBytes(markdownLines(blocks, PLAIN_MARKDOWN), 5_000)) {
        const sent = await send(chatId, target, { msgtype: "markdown", markdown: { title: TITLE, text } });
        if (!sent.ok) return posted > 0 ? err(partly(sent.error)) : sent;
        posted++;
      }
      return ok(undefined);
    },
    async postImage(chatId: string, png: Uint8Array, caption: string, target?: PostTarget) {
      let mediaId: string;
      try {
        mediaId = await options.api.uploadImage(png, "briefing.png");
      } catch (error) {
        return err({
          code: "failed",
          message: error instanceof Error ? error.message : String(error),
          retryable: true,
        });
      }
      return send(chatId, target, imageMarkdown(TITLE, caption, mediaId));
    },
  };
}
