import type { Locale } from "../../i18n/index.js";
import { talkTrackMessages } from "../../i18n/talk-tracks.js";
import { dataSection } from "../../llm/data-section.js";
import { Pseudonymiser } from "../../llm/pseudonymise.js";
import { type HeardObjection, heardObjections } from "../objections/heard-objections.js";
import { settledRun, type TalkTrackRun } from "./answer.js";
import { composeCallScript, materialInOrder, retrieveTrackMaterial } from "./compose-track.js";
import { customerBrief } from "./customer-brief.js";
import type { TalkTrackDeps } from "./deps.js";
import { writeWithLlm } from "./llm-writer.js";
import type { CustomerSituation } from "./situation.js";
import { trackQueries } from "./track-queries.js";

/**
 * A call script for one customer: playbooks retrieved for their signals, sensitivity, personality
 * and stage, composed at once, and written by the LLM when one is configured. `shownAs` is how
 * the title names the customer (the caller masks it in group chats).
 */
export async function buildCallScript(
  deps: TalkTrackDeps,
  situation: CustomerSituation,
  options: { locale: Locale; asOf: string; shownAs: string },
): Promise<TalkTrackRun & { heard: HeardObjection[] }> {
  const m = talkTrackMessages(options.locale);
  const objections = (await deps.objections?.()) ?? null;
  const heard = objections ? heardObjections(objections, situation.notes) : [];
  const queries = trackQueries(
    situation,
    heard.map((h) => h.label),
  );
  const material = await retrieveTrackMaterial(deps.retriever, queries);
  const composed = composeCallScript(m.trackTitle(options.shownAs), material, queries, m);
  if (!deps.llm.configured)
    return { ...settledRun({ ...composed, fallbackReason: "not_configured" }), heard };

  const pseudonymiser = new Pseudonymiser();
  const pseudonym = pseudonymiser.addName(situation.customer.name, "customer");
  pseudonymiser.addNumber(situation.customer.phone);
  // Relatives and contacts named in notes leave as placeholders too (numbers are masked by pattern).
  if (deps.sendPersonalData) for (const note of situation.notes) pseudonymiser.addThirdParties(note);
  const brief = customerBrief(situation, options.locale, {
    pseudonym,
    includeNotes: deps.sendPersonalData,
    asOf: options.asOf,
  });
  const run = writeWithLlm(deps, {
    prompt: "track",
    title: composed.title,
    locale: options.locale,
    passages: materialInOrder(
      material,
      composed.citations.map((c) => c.passageId),
    ),
    values: { customer: dataSection("customer", brief) },
    pseudonymiser,
    outputFilter: { probe: deps.customerIds, allowedIds: [situation.customer.id] },
    maxTokens: 900,
    composed,
  });
  return { ...run, heard };
}
