import { XMLParser } from "fast-xml-parser";

/** Tag values stay strings: MsgId is a 64-bit number and user ids may look numeric. */
const parser = new XMLParser({ parseTagValue: false, trimValues: false, processEntities: true });

/** Fields of a WeCom callback's XML (`<xml><Encrypt>…</Encrypt></xml>` outside, the message inside). */
export type WecomXml = Record<string, string | undefined>;

/** Parses `<xml>…</xml>` into its top-level fields, or null when it is not that shape. */
export function parseWecomXml(text: string): WecomXml | null {
  try {
    const parsed = parser.parse(text) as { xml?: unknown };
    const xml = parsed.xml;
    if (!xml || typeof xml !== "object") return null;
    const fields: WecomXml = {};
    for (const [key, value] of Object.entries(xml)) if (typeof value === "string") fields[key] = value;
    return fields;
  } catch {
    return null;
  }
}

/** What a decrypted callback asks of the bot. */
export type WecomInbound =
  | { kind: "text"; deliveryId: string; userId: string; text: string }
  /** A template card's button was pressed: its key is the action, the response code lets us update the card once. */
  | {
      kind: "button";
      deliveryId: string;
      userId: string;
      action: string;
      taskId: string;
      responseCode: string | undefined;
    }
  | { kind: "ignored"; reason: string };

/**
 * Reads a decrypted message: text messages and template card button clicks are acted on; images,
 * voice, "entered the app" and other events are ignored. The delivery id is the MsgId for
 * messages; events have none, so their sender, time and card stand in.
 */
export function toWecomInbound(xml: WecomXml): WecomInbound {
  const userId = xml.FromUserName;
  if (!userId) return { kind: "ignored", reason: "no sender" };
  if (xml.MsgType === "text") {
    const text = (xml.Content ?? "").trim();
    return {
      kind: "text",
      deliveryId: xml.MsgId ?? `${userId}:${xml.CreateTime}:${text}`,
      userId,
      text: text === "" ? "help" : text,
    };
  }
  if (xml.MsgType === "event" && xml.Event === "template_card_event" && xml.EventKey) {
    return {
      kind: "button",
      deliveryId: `card:${userId}:${xml.CreateTime}:${xml.TaskId}:${xml.EventKey}`,
      userId,
      action: xml.EventKey,
      taskId: xml.TaskId ?? "",
      responseCode: xml.ResponseCode,
    };
  }
  return { kind: "ignored", reason: `${xml.MsgType ?? "?"}/${xml.Event ?? ""}` };
}
