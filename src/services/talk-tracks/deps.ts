import type { LlmClient } from "../../llm/llm-types.js";
import type { CustomerIdProbe } from "../../llm/output-filter.js";
import type { Logger } from "../../logger.js";
import type { ObjectionMaterial } from "../objections/recognition.js";
import type { PassageRetriever } from "./passages.js";

/** What the talk-track services run on; the App provides each of these. */
export interface TalkTrackDeps {
  retriever: PassageRetriever;
  llm: LlmClient;
  promptsDir: string;
  logger: Logger;
  /** Lets customer notes reach the LLM (LLM_SEND_PERSONAL_DATA); names and numbers never do. */
  sendPersonalData: boolean;
  /** The objection categories and their passages; absent or null answers by retrieval alone. */
  objections?: () => Promise<ObjectionMaterial | null>;
  /** Finds customer ids in the model's text, so other customers' ids can be hidden. */
  customerIds?: CustomerIdProbe;
}
