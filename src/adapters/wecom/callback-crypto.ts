import { timingSafeEqual } from "node:crypto";
import { decrypt, getSignature } from "@wecom/crypto";
import { err, ok, type Result } from "../../result.js";

/** How far a callback's timestamp may be from our clock: older requests are replays or stuck. */
export const MAX_CALLBACK_SKEW_SECONDS = 300;

export interface CallbackSecrets {
  token: string;
  aesKey: string;
  corpId: string;
}

/** The query string WeCom signs every callback with. */
export interface SignedQuery {
  msgSignature: string;
  timestamp: string;
  nonce: string;
}

export type CallbackRefusal = "bad_signature" | "stale_timestamp" | "bad_payload" | "wrong_corp";

/**
 * Checks a callback's msg_signature (SHA-1 over token, timestamp, nonce and the ciphertext) and
 * timestamp, then decrypts the ciphertext (AES-256-CBC with the EncodingAESKey) and checks it was
 * meant for our corp. Nothing is decrypted, let alone acted on, before the signature holds.
 */
export function openCallback(
  secrets: CallbackSecrets,
  query: SignedQuery,
  ciphertext: string,
  nowMs: number,
): Result<string, CallbackRefusal> {
  const timestamp = Number(query.timestamp);
  if (!Number.isFinite(timestamp)) return err("bad_signature");
  const expected = getSignature(secrets.token, query.timestamp, query.nonce, ciphertext);
  if (!timingSafeEqualText(expected, query.msgSignature)) return err("bad_signature");
  if (Math.abs(nowMs / 1000 - timestamp) > MAX_CALLBACK_SKEW_SECONDS) return err("stale_timestamp");
  try {
    const { message, id } = decrypt(secrets.aesKey, ciphertext);
    if (id !== secrets.corpId) return err("wrong_corp");
    return ok(message);
  } catch {
    return err("bad_payload");
  }
}

/** Constant-time comparison of two hex digests. */
function timingSafeEqualText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
