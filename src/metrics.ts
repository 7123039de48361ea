import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/**
 * The process's Prometheus metrics (prom-client), served at GET /metrics on the HTTP listener.
 * One registry per process, as prom-client intends: counters only grow, so tests read deltas.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: "retainbot_" });

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const metrics = {
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
