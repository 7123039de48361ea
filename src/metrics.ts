import { createRequire } from "node:module";
import type { Registry } from "prom-client";

/**
 * The process's Prometheus metrics (prom-client), served at GET /metrics on the HTTP listener.
 * One registry per process, as prom-client intends: counters only grow, so tests read deltas.
 * Collected only once the bot calls collectMetrics() (when its HTTP listener starts): a CLI command
 * or the console has no /metrics to serve, and loading prom-client costs a start about 0.1 s of CPU,
 * so until then every metric below is a no-op and prom-client is never loaded.
 */
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function createMetrics(prom: typeof import("prom-client"), registry: Registry) {
  const { Counter, Histogram } = prom;
  return {
    messages: new Counter({
      name: "retainbot_messages_total",
      help: "Chat messages handled, by platform, command and result (ok or the error code)",
      labelNames: ["platform", "command", "result"] as const,
      registers: [registry],
    }),
    messageSeconds: new Histogram({
      name: "retainbot_message_duration_seconds",
      help: "Time to the reply of a chat message (streamed replies: to the first block)",
      labelNames: ["platform", "command"] as const,
      buckets: SECONDS,
      registers: [registry],
    }),
    dailyJobs: new Counter({
      name: "retainbot_daily_job_runs_total",
      help: "Daily warnings job runs, by outcome (ok, failed)",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    dailyJobSeconds: new Histogram({
      name: "retainbot_daily_job_duration_seconds",
      help: "Duration of a daily warnings job run",
      buckets: [1, 5, 10, 30, 60, 120, 300, 600],
      registers: [registry],
    }),
    briefings: new Counter({
      name: "retainbot_briefings_total",
      help: "Briefings delivered to groups, by outcome (sent, failed)",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    briefingSeconds: new Histogram({
      name: "retainbot_briefing_duration_seconds",
      help: "Time to deliver one group's briefing (text and chart, including queueing)",
      buckets: [0.5, 1, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
    llmCalls: new Counter({
      name: "retainbot_llm_calls_total",
      help: "LLM requests, by outcome (ok, or the failure code that made the answer fall back)",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    importRows: new Counter({
      name: "retainbot_import_rows_total",
      help: "Imported file rows, by kind and result (stored, rejected)",
      labelNames: ["kind", "result"] as const,
      registers: [registry],
    }),
  };
}

type Live = ReturnType<typeof createMetrics>;
let live: { registry: Registry; metrics: Live } | null = null;

/** Starts collecting (the bot, once at start): loads prom-client and returns the registry to serve. */
export function collectMetrics(): Registry {
  if (!live) {
    const prom = createRequire(import.meta.url)("prom-client") as typeof import("prom-client");
    const registry = new prom.Registry();
    prom.collectDefaultMetrics({ register: registry, prefix: "retainbot_" });
    live = { registry, metrics: createMetrics(prom, registry) };
  }
  return live.registry;
}

type Labels = Record<string, string | number>;
type Inc = (labelsOrValue?: Labels | number, value?: number) => void;
type Observe = (labelsOrValue: Labels | number, value?: number) => void;

const counter = (key: keyof Live) => ({
  inc: (labelsOrValue?: Labels | number, value?: number): void => {
    const inc = live?.metrics[key] as { inc: Inc } | undefined;
    if (value === undefined) inc?.inc(labelsOrValue);
    else inc?.inc(labelsOrValue, value);
  },
});

const histogram = (key: keyof Live) => {
  const observe = (labelsOrValue: Labels | number, value?: number): void => {
    const h = live?.metrics[key] as { observe: Observe } | undefined;
    if (value === undefined) h?.observe(labelsOrValue);
    else h?.observe(labelsOrValue, value);
  };
  return {
    observe,
    /** Times from now; observed at the end if collecting by then (a run may start before the listener). */
    startTimer: (labels?: Labels): (() => number) => {
      const started = performance.now();
      return () => {
        const seconds = (performance.now() - started) / 1000;
        if (labels) observe(labels, seconds);
        else observe(seconds);
        return seconds;
      };
    },
  };
};

/** The metrics the code records; no-ops until collectMetrics(). */
export const metrics = {
  messages: counter("messages"),
  messageSeconds: histogram("messageSeconds"),
  dailyJobs: counter("dailyJobs"),
  dailyJobSeconds: histogram("dailyJobSeconds"),
  briefings: counter("briefings"),
  briefingSeconds: histogram("briefingSeconds"),
  llmCalls: counter("llmCalls"),
  importRows: counter("importRows"),
};
