/** `/care`: care reminders (birthdays, festivals, welcome, renewal, arrears…) for today and the next days. */

import type { Reply } from "../chat/reply.js";
import { maskPhone } from "../domain/masking.js";
import { riskCommandMessages } from "../i18n/risk-commands.js";
import { renderCare } from "../i18n/rules.js";
import { careList } from "../services/care/care-list.js";
import type { CommandDefinition } from "./command.js";
import { auditShown, customerDetails, shownName, today } from "./customer-view.js";
import { visibleManagerIds } from "./identity.js";
import { MAX_LIST_COUNT } from "./reply-limits.js";
import { careSpec } from "./specs.js";

/** How many reminders to show: the default for the chat, or a count as /risk takes it; null: not a count. */
function parseCareLimit(args: string, inGroup: boolean): number | null {
  const word = args.trim();
  if (word === "") return inGroup ? 5 : 20;
  return /^\d+$/.test(word) && Number(word) >= 1 && Number(word) <= MAX_LIST_COUNT ? Number(word) : null;
}

export const careCommand: CommandDefinition = {
  ...careSpec,
  async run(ctx, args): Promise<Reply> {
    const m = riskCommandMessages(ctx.locale);
    const limit = parseCareLimit(args, ctx.inGroup);
    if (limit === null)
      return { blocks: [{ type: "text", text: m.care.usage(MAX_LIST_COUNT) }], errorCode: "usage" };
    const day = today(ctx);
    const managerIds = await visibleManagerIds(ctx.app.store.db, ctx.requester);
    const list = await careList({ db: ctx.app.store.db, config: ctx.app.rules }, managerIds, day);
    const shown = list.entries.slice(0, limit);
    await auditShown(
      ctx,
      shown.map((e) => e.customer.id),
      "care",
    );
    if (shown.length === 0)
      return { blocks: [{ type: "text", text: m.care.none(day) }], data: { day, total: 0, customers: [] } };
    return {
      blocks: [
        { type: "heading", text: m.care.heading(day, list.lookaheadDays, list.entries.length, shown.length) },
        ...shown.map((e, i) => ({
          type: "customer" as const,
          customerId: e.customer.id,
          title: m.entry.title(i + 1, shownName(e.customer, ctx), maskPhone(e.customer.phone), [
            e.customer.id,
            ...customerDetails(e.customer, null, ctx),
          ]),
          lines: e.reminders.map((r) => {
            const text = renderCare(r, ctx.locale);
            return m.care.line(text.title, text.detail, text.action);
          }),
          actions: [],
        })),
      ],
      data: {
        day,
        lookaheadDays: list.lookaheadDays,
        total: list.entries.length,
        customers: shown.map((e) => ({
          customerId: e.customer.id,
          name: shownName(e.customer, ctx),
          phone: maskPhone(e.customer.phone),
          vipLevel: e.customer.vipLevel,
          reminders: e.reminders,
        })),
      },
    };
  },
};
