import { resolve } from "node:path";
import type { Command } from "commander";
import { type Config, localDataDir } from "../config.js";
import { type GlobalOptions, loadConfig, UsageError } from "../create-app.js";
import {
  createKnowledgeIndex,
  type IngestReport,
  type KnowledgeIndex,
  type Passage,
} from "../knowledge/index.js";
import { createEmbedder } from "../llm/embedder.js";
import { createLogger } from "../logger.js";
import { registerKnowledgeReportCommand } from "./knowledge-report-command.js";

interface IngestOptions {
  dir?: string;
  force?: boolean;
  json?: boolean;
}

interface SearchCommandOptions {
  k: string;
  dir?: string;
  json?: boolean;
  signal?: string[];
  objection?: string[];
}

/** `knowledge ingest` and `search`: build the knowledge index and query it from the shell. */
export function registerKnowledgeCommands(program: Command): void {
  const knowledge = program.command("knowledge").description("the knowledge base (KNOWLEDGE_DIR)");
  registerKnowledgeReportCommand(knowledge, program);
  knowledge
    .command("ingest")
    .description("ingest new and changed files in the knowledge directory and save the index")
    .option("--dir <path>", "knowledge directory (default: KNOWLEDGE_DIR or ./knowledge)")
    .option("--force", "ingest every file again, even unchanged ones")
    .option("--json", "print the ingest report as JSON")
    .action(async (options: IngestOptions) => {
      const config = loadConfig(program.opts<GlobalOptions>());
      const index = await openIndex(config, options.dir, options.force ?? false);
      if (options.json) process.stdout.write(`${JSON.stringify(index.report, null, 2)}\n`);
      else process.stdout.write(formatReport(index.report));
    });

  program
    .command("search")
    .description("search the knowledge base (BM25, hybrid with embeddings when configured)")
    .argument("<query>", 'what to look for, e.g. "客户说资费太贵"')
    .option("--k <n>", "how many passages", "5")
    .option("--dir <path>", "knowledge directory (default: KNOWLEDGE_DIR or ./knowledge)")
    .option("--signal <code...>", "prefer passages for these warning signals")
    .option("--objection <text...>", "prefer passages for these objections")
    .option("--json", "print passages as JSON")
    .action(async (query: string, options: SearchCommandOptions) => {
      const k = Number(options.k);
      if (!Number.isInteger(k) || k < 1)
        throw new UsageError(`--k must be a positive whole number (got "${options.k}")`);
      const config = loadConfig(program.opts<GlobalOptions>());
      const index = await openIndex(config, options.dir, false);
      const hybrid = Boolean(config.OPENAI_EMBEDDING_MODEL);
      const searchOptions = { k, signals: options.signal, objections: options.objection };
      const passages = hybrid
        ? await index.searchHybrid(query, searchOptions)
        : index.search(query, searchOptions);
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ query, mode: hybrid ? "hybrid" : "lexical", passages }, null, 2)}\n`,
        );
      } else process.stdout.write(formatPassages(passages));
    });
}

/** The index for the configured directory, saved next to the store (as the app does). */
async function openIndex(config: Config, dir: string | undefined, force: boolean): Promise<KnowledgeIndex> {
  const logger = createLogger(config.LOG_LEVEL);
  const embedder = createEmbedder(config, logger);
  const result = await createKnowledgeIndex({
    knowledgeDir: resolve(dir ?? config.KNOWLEDGE_DIR),
    dataDir: localDataDir(config.DATABASE_URL),
    force,
    embeddings: embedder.configured ? { client: embedder } : undefined,
    logger,
  });
  if (!result.ok) throw new UsageError(result.error.message);
  return result.value;
}

function formatReport(report: IngestReport): string {
  const lines = report.files.map((f) => {
    const detail =
      f.status === "skipped" ? f.reason : `${f.chunks} passages, ${f.removedLines} lines cleaned out`;
    const warnings = f.warnings.map((w) => `\n    warning: ${w}`).join("");
    return `${f.status.padEnd(9)} ${f.sourceFile}  (${detail})${warnings}`;
  });
  const counts = (status: string) => report.files.filter((f) => f.status === status).length;
  lines.push(
    `${report.chunks} passages from ${report.files.length - counts("skipped") - counts("removed")} files ` +
      `(${counts("ingested")} ingested, ${counts("unchanged")} unchanged, ${counts("skipped")} skipped, ` +
      `${counts("removed")} removed) in ${report.elapsedMs} ms${report.saved ? "; index saved" : ""}`,
  );
  return `${lines.join("\n")}\n`;
}

function formatPassages(passages: Passage[]): string {
  if (passages.length === 0) return "No matching passages.\n";
  return passages
    .map((p, i) => {
      const excerpt = p.text.length > 200 ? `${p.text.slice(0, 200)}…` : p.text;
      return `${i + 1}. [${p.score.toFixed(2)}] ${p.sourceFile} › ${p.heading}  (${p.id})\n${excerpt}\n`;
    })
    .join("\n");
}
