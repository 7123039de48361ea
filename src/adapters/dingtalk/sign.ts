import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * DingTalk's signature of a timestamp (milliseconds): Base64(HMAC-SHA256(secret,
 * "<timestamp>\n<secret>")). Custom robot webhooks carry it as `sign` (with the robot's SEC…
 * secret); callbacks to an app's robot carry it in the `sign` header (with the app secret).
 */
export function dingtalkSign(secret: string, timestampMs: string | number): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64");
}

/** Constant-time check of a callback's `sign` header. */
export function isValidSign(secret: string, timestampMs: string, sign: string): boolean {
  const expected = Buffer.from(dingtalkSign(secret, timestampMs));
  const given = Buffer.from(sign);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
