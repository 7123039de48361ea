import type { Reply } from "../../chat/reply.js";
import { chunkByBytes, markdownLines, PLAIN_MARKDOWN } from "../markdown.js";
import type { OapiClient } from "../oapi-client.js";
import {
  type DingtalkMessage,
  imageMarkdown,
  renderDingtalkReply,
  sendMessageLink,
} from "./render-dingtalk.js";

/** A robot's way back into one conversation: the message's sessionWebhook (no token needed). */
export async function postToSession(sessionWebhook: string, message: DingtalkMessage): Promise<void> {
  const res = await fetch(sessionWebhook, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(message),
  });
  const answer = (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
  if (!res.ok || Number(answer.errcode ?? 0) !== 0)
    throw new Error(
      `DingTalk sessionWebhook: HTTP ${res.status} ${answer.errcode ?? ""} ${answer.errmsg ?? ""}`,
    );
}

/** Sends a reply into the conversation it was asked in: markdown, action cards, then images. */
export async function replyInSession(
  api: OapiClient,
  sessionWebhook: string,
  reply: Reply,
  title: string,
): Promise<void> {
  for (const message of renderDingtalkReply(reply, title)) await postToSession(sessionWebhook, message);
  for (const block of reply.blocks) {
    if (block.type !== "image") continue;
    const mediaId = await api.uploadImage(block.png, "chart.png");
    await postToSession(sessionWebhook, imageMarkdown(title, block.caption, mediaId));
  }
}

/**
 * Sends a reply's files (exports) to one member privately: a session webhook takes no files, so
 * each is uploaded as media (type=file) and sent as the robot's `sampleFile` one-to-one message.
 */
export async function sendFilesPrivately(
  api: OapiClient,
  apiRoot: string,
  robot: { robotCode: string; staffId: string },
  reply: Reply,
): Promise<void> {
  for (const block of reply.blocks) {
    if (block.type !== "file") continue;
    const mediaId = await api.uploadMedia(block.bytes, block.name, "file", block.mimeType);
    const fileType = block.name.split(".").pop() ?? "";
    await batchSend(api, apiRoot, robot, "sampleFile", { mediaId, fileName: block.name, fileType });
  }
}

/** One robot one-to-one message (robot/oToMessages/batchSend) of a template (`msgKey`). */
async function batchSend(
  api: OapiClient,
  apiRoot: string,
  robot: { robotCode: string; staffId: string },
  msgKey: string,
  msgParam: Record<string, string>,
): Promise<void> {
  const token = await api.accessToken();
  const res = await fetch(`${apiRoot.replace(/\/+$/, "")}/v1.0/robot/oToMessages/batchSend`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-acs-dingtalk-access-token": token },
    body: JSON.stringify({
      robotCode: robot.robotCode,
      userIds: [robot.staffId],
      msgKey,
      msgParam: JSON.stringify(msgParam),
    }),
  });
  if (!res.ok) throw new Error(`DingTalk batchSend: HTTP ${res.status} ${await res.text()}`);
}

/**
 * Sends a reply to one member privately, as the app's robot (robot/oToMessages/batchSend). Buttons
 * become links that send their command, as the cards' buttons do.
 */
export async function sendPrivately(
  api: OapiClient,
  apiRoot: string,
  robot: { robotCode: string; staffId: string },
  reply: Reply,
  title: string,
): Promise<void> {
  const lines = markdownLines(reply.blocks, PLAIN_MARKDOWN);
  for (const block of reply.blocks)
    if (block.type === "customer" && block.actions.length > 0)
      lines.push(
        `${block.title}: ${block.actions.map((a) => `[${a.label}](${sendMessageLink(a.action)})`).join(" · ")}`,
      );
  for (const text of chunkByBytes(lines, 5_000))
    await batchSend(api, apiRoot, robot, "sampleMarkdown", { title, text });
}
