import type { HttpListener } from "./http-listener.js";

type Checks = () => Promise<Record<string, { ok: boolean; detail: string }>>;

/**
 * The routes a load balancer and an on-call engineer use, on the shared HTTP listener:
 * GET /healthz (the process is up), GET /readyz (200 only when every check passes, else 503 with
 * the failing ones) and GET /metrics (Prometheus text format).
 */
export function registerOpsRoutes(
  http: HttpListener,
  options: { readiness: Checks; metrics: () => Promise<{ contentType: string; body: string }> },
): void {
  const json = (status: number, value: unknown) => ({
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    body: JSON.stringify(value),
  });
  http.route(
    "/healthz",
    (_req, res) => {
      const r = json(200, { ok: true, uptimeSeconds: Math.round(process.uptime()) });
      res.writeHead(r.status, r.headers).end(r.body);
    },
    ["GET", "HEAD"],
  );
  http.route(
    "/readyz",
    async (_req, res) => {
      const checks = await options.readiness();
      const ok = Object.values(checks).every((c) => c.ok);
      const r = json(ok ? 200 : 503, { ok, checks });
      res.writeHead(r.status, r.headers).end(r.body);
    },
    ["GET", "HEAD"],
  );
  http.route(
    "/metrics",
    async (_req, res) => {
      const { contentType, body } = await options.metrics();
      res.writeHead(200, { "content-type": contentType }).end(body);
    },
    ["GET"],
  );
}
