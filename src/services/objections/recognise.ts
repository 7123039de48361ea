import type { TalkTrackDeps } from "../talk-tracks/deps.js";
import { type ObjectionMaterial, type ObjectionRecognition, recogniseLocally } from "./recognition.js";

/**
 * Recognises the objection in a manager's text with the local classifier.
 */
export async function recogniseObjection(
  _deps: Pick<TalkTrackDeps, "llm" | "promptsDir" | "logger">,
  material: ObjectionMaterial,
  text: string,
): Promise<ObjectionRecognition> {
  return recogniseLocally(material.classifier, text);
}
