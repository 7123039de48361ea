import type { TalkTrackDeps } from "../talk-tracks/deps.js";
import { recogniseWithLlm } from "./llm-recognise.js";
import { type ObjectionMaterial, type ObjectionRecognition, recogniseLocally } from "./recognition.js";

/**
 * Recognises the objection in a manager's text. The local classifier answers first (well under a
 * millisecond); only when it is not sure, and an LLM is configured, is the LLM asked, so a clear
 * objection never waits for a round trip. When the LLM fails or is not sure either, the local
 * judgement stands and the manager gets the choices.
 */
export async function recogniseObjection(
  deps: Pick<TalkTrackDeps, "llm" | "promptsDir" | "logger">,
  material: ObjectionMaterial,
  text: string,
): Promise<ObjectionRecognition> {
  const local = recogniseLocally(material.classifier, text);
  if (local.confident || !deps.llm.configured) return local;
  const ranked = material.classifier.recognise(text).ranked;
  const llm = await recogniseWithLlm(deps, { ...local, ranked }, text);
  return llm?.confident ? llm : local;
}
