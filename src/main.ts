import type { ChatAdapter } from "./adapters/chat-adapter.js";
import { runConsoleChat } from "./adapters/console/console-chat.js";
import type { App } from "./app.js";
import type { RunningBriefings } from "./briefings/start-briefings.js";
import type { MessageHandler } from "./chat/handler.js";
import { loadDemoIfEmpty } from "./cli/setup-command.js";
import { handleMessage } from "./commands/dispatch.js";
import { commands } from "./commands/registry.js";
import { DINGTALK_VARIABLES, FEISHU_VARIABLES, platformConfigured, WECOM_VARIABLES } from "./config.js";
import { createApp, loadConfig, migrateAppStore, UsageError } from "./create-app.js";
import { createHttpListener, type HttpListener } from "./http/http-listener.js";
import { registerOpsRoutes } from "./http/ops-routes.js";
import { messages } from "./i18n/index.js";
import { collectMetrics } from "./metrics.js";
import type { DirectSender } from "./services/identity/lead-alert.js";
import { readinessChecks } from "./services/ops/readiness.js";
import { startStoreJobs } from "./services/store-jobs.js";
import { SqliteOnlyError } from "./store/app-store.js";
import { storedButtonActions } from "./store/button-actions.js";
import { instanceLocks } from "./store/instance-lock.js";
import { firstManagerId } from "./store/managers.js";

/**
 * `npm start`: the composition root. Validates the configuration, prepares the store (migrate,
 * demo data when empty) and starts every configured chat adapter — several at once — sharing one
 * HTTP listener on HOST:PORT for those that receive over HTTP. With no chat adapter configured it
 * opens the console chat instead. SIGINT/SIGTERM stop the adapters after the replies in progress.
 */
async function main(): Promise<void> {
  const config = loadConfig({});
  await migrateAppStore(config);
  const created = createApp(config);
  // Security alerts (a /bind lockout) reach a team lead directly on the configured platforms.
  let senders: Promise<readonly DirectSender[]> | undefined;
  const prepared: App = {
    ...created,
    directSenders: () =>
      (senders ??= import("./adapters/direct-senders.js").then((m) =>
        m.createDirectSenders(created.config, created.logger),
      )),
  };
  if (prepared.store.kind === "sqlite") {
    await loadDemoIfEmpty(prepared);
  } else if ((await firstManagerId(prepared.store.db)) === null) {
    prepared.logger.warn(
      "the PostgreSQL store has no managers yet: load them with `npm run cli -- import` (docs/importing.md), or the demo with `npm run cli -- demo`",
    );
  }
  // Several instances on one store: one runs the daily jobs and the briefings, the others stand by.
  const locks = instanceLocks(prepared.config.DATABASE_URL);
  const jobs = startStoreJobs(prepared, locks);
  // Commands that need today's list (/brief me, a preview, /export team) wait on the job's run.
  const app: App = { ...prepared, warningsDay: jobs.ensureDay };
  // Adapters that can edit a message ask for streaming replies; the console gets finished ones.
  const handle: MessageHandler = async (message, options) =>
    (await handleMessage(app, message, commands, options)).reply;
  const http = createHttpListener({ host: app.config.HOST, port: app.config.PORT, logger: app.logger });

  const adapters = await configuredAdapters(app, handle, http);
  if (adapters.length === 0) {
    await runConsole(app, handle);
    await jobs.stop();
    await app.store.close();
    return;
  }
  const stopSignal = waitForStopSignal(app);
  let briefings: RunningBriefings | null = null;
  try {
    // Health, readiness and metrics ride on the listener the HTTP adapters need anyway
    // (HTTP_ALWAYS=1 starts it for polling / Socket Mode set-ups too).
    if (http.hasRoutes() || app.config.HTTP_ALWAYS) {
      // Metrics are collected from here on, where they can be served (the console needs none).
      const registry = collectMetrics();
      registerOpsRoutes(http, {
        readiness: () => readinessChecks(app),
        metrics: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
      });
      await http.start();
    }
    for (const adapter of adapters) await adapter.start();
    // Morning briefings for the platforms with a running adapter (first tick: catch-up).
    const { startBriefings } = await import("./briefings/start-briefings.js");
    const { createGroupPosters } = await import("./adapters/group-posters.js");
    briefings = startBriefings(app, createGroupPosters(app.config, app.logger), {
      ensureDay: jobs.ensureDay,
      lock: locks,
    });
    app.logger.info({ adapters: adapters.map((a) => a.name) }, "RetainBot started");
    warmUpKnowledge(app);
    await stopSignal;
  } finally {
    app.logger.info("RetainBot stopping: finishing replies in progress");
    await briefings?.stop();
    await jobs.stop();
    // Replies in progress get RETAINBOT_SHUTDOWN_DRAIN_MS to finish; then the bot stops anyway.
    const drain = app.config.RETAINBOT_SHUTDOWN_DRAIN_MS;
    const stopped = await withinDeadline(Promise.allSettled(adapters.map((a) => a.stop())), drain);
    if (stopped === "timeout")
      app.logger.warn({ drainMs: drain }, "shutdown drain timed out: replies abandoned");
    else
      for (const [i, result] of stopped.entries())
        if (result.status === "rejected")
          app.logger.error({ err: result.reason, adapter: adapters[i]?.name }, "stop failed");
    await withinDeadline(http.stop(), 1_000);
    await app.store.close();
    app.logger.info("RetainBot stopped");
    // Whatever was abandoned (a hung LLM call) must not keep the process alive.
    if (stopped === "timeout") process.exit(process.exitCode ?? 0);
  }
}

/**
 * One entry per chat platform whose variables are set; add a platform with one more block. Each
 * platform's SDK is loaded only when it is configured (the console needs neither).
 */
async function configuredAdapters(
  app: App,
  handle: MessageHandler,
  http: HttpListener,
): Promise<ChatAdapter[]> {
  const { config, logger } = app;
  const adapters: ChatAdapter[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    const { createTelegramAdapter } = await import("./adapters/telegram/telegram-adapter.js");
    adapters.push(
      createTelegramAdapter({
        token: config.TELEGRAM_BOT_TOKEN,
        // Long button actions in the store: a press works on any instance and after a restart.
        actionStore: storedButtonActions(app.store.db),
        apiRoot: config.TELEGRAM_API_ROOT,
        handle,
        logger: logger.child({ adapter: "telegram" }),
        defaultLocale: config.RETAINBOT_LOCALE,
        commands: commands
          .filter((c) => !c.hidden && c.slash[0])
          .map((c) => ({ command: (c.slash[0] ?? "").slice(1), description: c.description })),
        ...(config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET
          ? {
              webhook: {
                url: config.TELEGRAM_WEBHOOK_URL,
                secretToken: config.TELEGRAM_WEBHOOK_SECRET,
                http,
              },
            }
          : {}),
      }),
    );
  }
  if (config.SLACK_BOT_TOKEN) {
    // Socket Mode with SLACK_APP_TOKEN, else the signed HTTP receiver on the shared listener.
    const { createSlackAdapter } = await import("./adapters/slack/slack-adapter.js");
    adapters.push(createSlackAdapter({ config, handle, logger, http }));
  }
  if (platformConfigured(config, WECOM_VARIABLES)) {
    // Callbacks on the shared listener at /wecom/callback; answers through the message API.
    const { createWecomAdapter } = await import("./adapters/wecom/wecom-adapter.js");
    adapters.push(
      createWecomAdapter({
        corpId: config.WECOM_CORP_ID ?? "",
        agentId: Number(config.WECOM_AGENT_ID),
        secret: config.WECOM_SECRET ?? "",
        token: config.WECOM_TOKEN ?? "",
        aesKey: config.WECOM_AES_KEY ?? "",
        apiRoot: config.WECOM_API_ROOT,
        handle,
        logger,
        http,
      }),
    );
  }
  if (platformConfigured(config, FEISHU_VARIABLES)) {
    // Events and card callbacks on the shared listener at /feishu/events; answers as cards.
    const { createFeishuAdapter } = await import("./adapters/feishu/feishu-adapter.js");
    adapters.push(
      createFeishuAdapter({
        appId: config.FEISHU_APP_ID ?? "",
        appSecret: config.FEISHU_APP_SECRET ?? "",
        verificationToken: config.FEISHU_VERIFICATION_TOKEN ?? "",
        encryptKey: config.FEISHU_ENCRYPT_KEY ?? "",
        domain: config.FEISHU_DOMAIN,
        handle,
        logger,
        http,
        defaultLocale: config.RETAINBOT_LOCALE,
      }),
    );
  }
  if (platformConfigured(config, DINGTALK_VARIABLES)) {
    // The app robot's messages (HTTP mode) on the shared listener at /dingtalk/events.
    const { createDingtalkAdapter } = await import("./adapters/dingtalk/dingtalk-adapter.js");
    adapters.push(
      createDingtalkAdapter({
        appKey: config.DINGTALK_APP_KEY ?? "",
        appSecret: config.DINGTALK_APP_SECRET ?? "",
        apiRoot: config.DINGTALK_API_ROOT,
        oapiRoot: config.DINGTALK_OAPI_ROOT,
        handle,
        logger,
        http,
        defaultLocale: config.RETAINBOT_LOCALE,
      }),
    );
  }
  return adapters;
}

/**
 * Ingests changed knowledge files once the chats answer, rather than on the first question after a
 * restart. The console skips it: it loads the knowledge base on its first talk-track question.
 */
function warmUpKnowledge(app: App): void {
  // Ingested in a worker thread: an ingest of changed files never holds up a chat.
  void app.knowledge.indexFromWorker().then((knowledge) => {
    if (!knowledge.ok) return;
    const { chunks, rebuilt, saved, elapsedMs, files } = knowledge.value.report;
    app.logger.info({ files: files.length, chunks, rebuilt, saved, elapsedMs }, "knowledge base ready");
  });
}

/** The promise's value, or "timeout" once `ms` have passed. */
async function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves on the first SIGINT or SIGTERM; a second one exits at once. */
function waitForStopSignal(app: App): Promise<void> {
  return new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (received) {
        app.logger.warn({ signal }, "second signal: exiting without waiting");
        process.exit(130);
      }
      received = true;
      app.logger.info({ signal }, "stop signal received");
      resolve();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

/** The embedded default: a REPL in a terminal, or one answer per line of piped input. */
async function runConsole(app: App, handle: MessageHandler): Promise<void> {
  const consoleUser = app.config.RETAINBOT_CONSOLE_USER ?? (await defaultConsoleUser(app));
  app.logger.info({ adapters: ["console"], consoleUser }, "RetainBot started");
  await runConsoleChat({
    handle,
    userId: consoleUser,
    input: process.stdin,
    output: process.stdout,
    interactive: Boolean(process.stdin.isTTY),
    fileDir: app.config.RETAINBOT_EXPORT_DIR,
    banner: messages(app.config.RETAINBOT_LOCALE).consoleBanner(consoleUser),
  });
}

/** The console speaks as the first team lead, so the demo shows a whole team. */
async function defaultConsoleUser(app: App): Promise<string> {
  return (await firstManagerId(app.store.db)) ?? "console";
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof UsageError || error instanceof SqliteOnlyError
      ? `${error.message}\n`
      : `${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exitCode = 1;
});
