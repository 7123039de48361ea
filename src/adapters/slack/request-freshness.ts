import type { IncomingMessage, ServerResponse } from "node:http";

/** How far a request's timestamp may be from now, either way (Slack's own advice: five minutes). */
export const SLACK_MAX_CLOCK_SKEW_SECONDS = 300;

/**
 * Refuses a Slack request whose X-Slack-Request-Timestamp is missing or more than five minutes
 * from now in either direction. Bolt's own check only looks into the past, so a request signed
 * with a future timestamp could be replayed for as long as that lies ahead. True when refused.
 */
export function refuseStaleSlackRequest(
  req: IncomingMessage,
  res: ServerResponse,
  nowMs: number = Date.now(),
): boolean {
  const header = req.headers["x-slack-request-timestamp"];
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  if (Number.isFinite(seconds) && Math.abs(nowMs / 1000 - seconds) <= SLACK_MAX_CLOCK_SKEW_SECONDS)
    return false;
  res.writeHead(401, { "content-type": "text/plain" }).end("stale or future request timestamp");
  return true;
}
