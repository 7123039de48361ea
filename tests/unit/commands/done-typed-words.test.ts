import { describe, expect, it } from "vitest";
import { outcomeKindOf } from "../../../src/commands/done-args.js";
import { LOCALES } from "../../../src/i18n/index.js";
import { riskCommandMessages } from "../../../src/i18n/risk-commands.js";

// A plain-text risk list tells the manager what to type after each customer (`/done C01 已联系|…`):
// every word it shows must be one /done takes, for the outcome its button logs.
describe("the /done words a risk list shows", () => {
  it.each(LOCALES)("are understood by /done as the buttons' outcomes (%s)", (locale) => {
    const typed = riskCommandMessages(locale).entry.typed;
    expect(outcomeKindOf(typed.contacted)).toBe("contacted");
    expect(outcomeKindOf(typed.retained)).toBe("retained");
    expect(outcomeKindOf(typed.lost)).toBe("lost");
    expect(outcomeKindOf(typed.snooze)).toBe("snoozed");
  });
});
