import { existsSync } from "node:fs";
import type { Command } from "commander";
import { credentialProbes } from "../adapters/credential-probes.js";
import { sqlitePath, storeKind } from "../config.js";
import { type GlobalOptions, loadConfig, UsageError } from "../create-app.js";
import { createLlmClient } from "../llm/client.js";
import { createEmbedder } from "../llm/embedder.js";
import { createLogger } from "../logger.js";
import { lazyKnowledge } from "../services/talk-tracks/lazy-knowledge.js";
import { openStore } from "../store/database.js";
import { isStoreCurrent } from "../store/migrate.js";
import { postgresStatus } from "../store/postgres/postgres-status.js";

type Line = { ok: boolean; name: string; detail: string };
const PROBE_TIMEOUT_MS = 10_000;

/**
 * `doctor`: checks configuration, store, migrations, knowledge index and each configured
 * platform's (and the LLM's) credentials against its API root; one line each, exit 1 if any fail.
 * It changes nothing: no migration, no demo data.
 */
export function registerDoctorCommand(program: Command): void {
  program
    .command("doctor")
    .description("check configuration, store, migrations, knowledge index and platform credentials")
    .action(async () => {
      let config: ReturnType<typeof loadConfig>;
      try {
        config = loadConfig(program.opts<GlobalOptions>());
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        process.stdout.write(`✗ configuration: ${error.message.replace(/\n\s*/g, "; ")}\n`);
        process.exitCode = 1;
        return;
      }
      const lines: Line[] = [{ ok: true, name: "configuration", detail: "every variable valid" }];
      const logger = createLogger("silent");
      lines.push(...(await storeLines(config.DATABASE_URL)));
      const knowledge = await lazyKnowledge(config, logger, createEmbedder(config, logger)).index();
      lines.push(
        knowledge.ok
          ? {
              ok: true,
              name: "knowledge",
              detail: `${knowledge.value.report.chunks} passages from ${config.KNOWLEDGE_DIR}`,
            }
          : {
              ok: false,
              name: "knowledge",
              detail: `${knowledge.error.message} (KNOWLEDGE_DIR=${config.KNOWLEDGE_DIR})`,
            },
      );
      for (const probe of credentialProbes(config, logger)) lines.push(await settle(probe.name, probe.run()));
      const llm = createLlmClient(config, logger);
      if (llm.configured)
        lines.push(
          await settle(
            "llm",
            llm
              .complete([{ role: "user", content: "ping" }], {
                maxTokens: 1,
                purpose: "doctor",
                deadlineMs: PROBE_TIMEOUT_MS,
              })
              .then((r) => {
                if (!r.ok)
                  throw new Error(
                    `${r.error.code}: ${r.error.message} (check OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL)`,
                  );
                return `model ${llm.model} answers`;
              }),
          ),
        );
      else
        lines.push({
          ok: true,
          name: "llm",
          detail: "not configured: answers are composed from the material",
        });
      for (const l of lines) process.stdout.write(`${l.ok ? "✓" : "✗"} ${l.name}: ${l.detail}\n`);
      if (lines.some((l) => !l.ok)) process.exitCode = 1;
    });
}

async function storeLines(databaseUrl: string): Promise<Line[]> {
  if (storeKind(databaseUrl) === "postgres") return postgresStatus(databaseUrl);
  const path = sqlitePath(databaseUrl);
  if (!existsSync(path))
    return [{ ok: false, name: "store", detail: `${path} does not exist: run \`npm run cli -- setup\`` }];
  const store = openStore(databaseUrl);
  try {
    const customers = store.sql
      .prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'Customer'")
      .pluck()
      .get()
      ? (store.sql.prepare("SELECT COUNT(*) FROM Customer").pluck().get() as number)
      : null;
    return [
      { ok: true, name: "store", detail: `${path}${customers === null ? "" : ` (${customers} customers)`}` },
      isStoreCurrent(databaseUrl)
        ? { ok: true, name: "migrations", detail: "all applied" }
        : { ok: false, name: "migrations", detail: "pending: run `npm run cli -- setup`" },
    ];
  } catch (error) {
    return [
      {
        ok: false,
        name: "store",
        detail: `${path}: ${error instanceof Error ? error.message : String(error)}`,
      },
    ];
  } finally {
    await store.close();
  }
}

async function settle(name: string, work: Promise<string>): Promise<Line> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer in ${PROBE_TIMEOUT_MS / 1000} s`)),
      PROBE_TIMEOUT_MS,
    );
  });
  try {
    return { ok: true, name, detail: await Promise.race([work, timeout]) };
  } catch (error) {
    return { ok: false, name, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
