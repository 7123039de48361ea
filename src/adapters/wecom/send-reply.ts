import type { Reply } from "../../chat/reply.js";
import type { OapiClient } from "../oapi-client.js";
import { renderWecomReply } from "./render-wecom.js";

/** Who a reply goes to: a member of the corp, through one app. */
export interface WecomRecipient {
  api: OapiClient;
  agentId: number;
  userId: string;
  newTaskId: () => string;
  /** Told each card button sent, so a click can name the button it came from. */
  onButton?: (taskId: string, key: string, label: string) => void;
}

/** Sends a reply to a member as app messages: markdown, button cards, then images and files (uploaded first). */
export async function sendWecomReply(to: WecomRecipient, reply: Reply): Promise<void> {
  const base = { touser: to.userId, agentid: to.agentId };
  for (const message of renderWecomReply(reply, to.newTaskId)) {
    if (message.kind === "markdown")
      await to.api.post("/cgi-bin/message/send", {
        ...base,
        msgtype: "markdown",
        markdown: { content: message.content },
      });
    else if (message.kind === "card") {
      const { task_id, button_list } = message.card as {
        task_id: string;
        button_list: { text: string; key: string }[];
      };
      for (const button of button_list) to.onButton?.(task_id, button.key, button.text);
      await to.api.post("/cgi-bin/message/send", {
        ...base,
        msgtype: "template_card",
        template_card: message.card,
      });
    } else if (message.kind === "file") {
      const mediaId = await to.api.uploadMedia(message.bytes, message.name, "file", message.mimeType);
      await to.api.post("/cgi-bin/message/send", { ...base, msgtype: "file", file: { media_id: mediaId } });
    } else {
      const mediaId = await to.api.uploadImage(message.png, "chart.png");
      await to.api.post("/cgi-bin/message/send", { ...base, msgtype: "image", image: { media_id: mediaId } });
    }
  }
}

/**
 * Marks a pressed card: its buttons are replaced by one disabled button reading the outcome. The
 * response code comes with the click and works once, for three days.
 */
export async function markCardDone(to: WecomRecipient, responseCode: string, outcome: string): Promise<void> {
  await to.api.post("/cgi-bin/message/update_template_card", {
    userids: [to.userId],
    agentid: to.agentId,
    response_code: responseCode,
    button: { replace_name: outcome },
  });
}
