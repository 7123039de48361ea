/**
 * Knowledge ingest as a worker task (src/jobs): reads, cleans, segments and indexes the knowledge
 * directory off the event loop and saves the index next to the store; the bot then loads the saved
 * index (unchanged files are not ingested again), so a chat is never kept waiting by an ingest.
 */
import { type JobContext, type RunningJob, startJob, taskRef } from "../../jobs/job-runner.js";

export interface KnowledgeSyncInput {
  knowledgeDir: string;
  /** Where the index is saved (the store's directory). */
  dataDir: string;
  /** Sleeps this long before ingesting: lets tests (and only tests) slow the job down. */
  pauseMs?: number;
}

export interface KnowledgeSyncOutput {
  ok: boolean;
  chunks: number;
  rebuilt: boolean;
  saved: boolean;
  elapsedMs: number;
  message?: string;
}

/** Runs in the worker: brings the saved index up to date (lexical only; embeddings stay with the bot). */
export async function knowledgeSyncTask(
  input: KnowledgeSyncInput,
  context: JobContext,
): Promise<KnowledgeSyncOutput> {
  if (input.pauseMs) await new Promise((resolve) => setTimeout(resolve, input.pauseMs));
  const { createKnowledgeIndex } = await import("../../knowledge/index.js");
  const built = await createKnowledgeIndex({ knowledgeDir: input.knowledgeDir, dataDir: input.dataDir });
  if (!built.ok)
    return { ok: false, chunks: 0, rebuilt: false, saved: false, elapsedMs: 0, message: built.error.message };
  const { chunks, rebuilt, saved, elapsedMs } = built.value.report;
  context.progress({ done: chunks, note: "knowledge" });
  return { ok: true, chunks, rebuilt, saved, elapsedMs };
}

/** Starts the ingest in a worker thread. */
export function startKnowledgeSync(input: KnowledgeSyncInput): RunningJob<KnowledgeSyncOutput> {
  return startJob<KnowledgeSyncInput, KnowledgeSyncOutput>(
    taskRef(import.meta.url, "./knowledge-sync-task.js", "knowledgeSyncTask"),
    input,
    // The index is written atomically (temp file + rename): a bot stopping midway loses nothing.
    { name: "knowledge ingest", unref: true },
  );
}
