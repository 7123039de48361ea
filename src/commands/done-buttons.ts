/**
 * The second row after 已挽留 / 流失: one tap adds the retention method, then the main objection, to
 * the outcome just logged (`/done <id> <kind> method=…` amends today's outcome of that kind).
 */
import type { ReplyBlock } from "../chat/reply.js";
import { RETENTION_METHODS } from "../domain/retention-methods.js";
import type { Locale } from "../i18n/catalogue.js";
import { outcomeDetailMessages } from "../i18n/outcome-details.js";
import type { ObjectionChoice } from "./done-args.js";

/**
 * A tap's command in the language of the buttons: the command text is what the adapters detect
 * the reply's language from, so Chinese buttons carry Chinese words (`/done C01 已挽留 价值保有`)
 * and English ones English keys (`/done C01 retained method=value`).
 */
function detailAction(customerId: string, kind: "retained" | "lost", detail: string, locale: Locale): string {
  const kindWord = locale === "en" ? kind : kind === "retained" ? "已挽留" : "流失";
  return `/done ${customerId} ${kindWord} ${detail}`;
}

/**
 * What was said, with method buttons when the method is missing, else objection buttons when that
 * is (retained and lost only); one block, so each platform sends one message.
 */
export function withDetailButtons(
  said: string,
  customerId: string,
  kind: string,
  has: { method: boolean; objection: boolean },
  categories: readonly ObjectionChoice[],
  locale: Locale,
): ReplyBlock {
  const m = outcomeDetailMessages(locale);
  if (kind !== "retained" && kind !== "lost") return { type: "text", text: said };
  if (!has.method)
    return {
      type: "customer",
      customerId,
      title: said,
      lines: [m.pickMethod],
      actions: RETENTION_METHODS.map((method) => ({
        label: m.methods[method],
        action: detailAction(
          customerId,
          kind,
          locale === "en" ? `method=${method}` : m.methods[method],
          locale,
        ),
      })),
    };
  if (!has.objection && categories.length > 0)
    return objectionButtons(said, [m.pickObjection], customerId, kind, categories, locale);
  return { type: "text", text: said };
}

/** One button per objection category of the knowledge base. */
export function objectionButtons(
  title: string,
  lines: string[],
  customerId: string,
  kind: "retained" | "lost",
  categories: readonly ObjectionChoice[],
  locale: Locale,
): ReplyBlock {
  return {
    type: "customer",
    customerId,
    title,
    lines,
    actions: categories.map((c) => ({
      label: locale === "en" ? c.en : c.zh,
      action: detailAction(customerId, kind, locale === "en" ? `objection=${c.id}` : c.zh, locale),
    })),
  };
}
