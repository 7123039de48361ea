import { randomInt } from "node:crypto";
import { err, ok, type Result } from "../../result.js";
import { bindCodeRow, claimBindCode, expireBindCode, insertBindCode } from "../../store/bind-codes.js";
import { managerBy, managerWithChatIds, setManagerChatId } from "../../store/managers.js";
import type { SqlHandle } from "../../store/sql-handle.js";
import { type ChatPlatform, USER_ID_FIELD } from "./chat-platforms.js";

/**
 * Digits only: easy to type on a phone keypad, and no letters that could be read as words (the
 * reply language is guessed from the words in a message).
 */
const ALPHABET = "0123456789";
const CODE_LENGTH = 10;
export const DEFAULT_BIND_CODE_HOURS = 24;

export type { ChatPlatform } from "./chat-platforms.js";

export type BindFailure =
  | "unknown_manager"
  | "invalid_code"
  | "expired"
  | "used"
  | "account_taken"
  /** The manager is bound to another account on this platform: moving it needs `confirm`. */
  | "confirm_rebind";

/** Failures that count towards the lockout: a guessed code, not a refused rebind or a taken account. */
export const isWrongCode = (failure: BindFailure): boolean =>
  failure === "invalid_code" || failure === "expired" || failure === "used";

/** "12345-67890", "12345 67890" → "1234567890". */
export function normaliseBindCode(code: string): string {
  return code.replace(/[\s-]/g, "").toUpperCase();
}

/** "1234567890" → "12345-67890", the form printed for people. */
export function formatBindCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Issues a one-time code (~33 bits; guessing is also bound to one manager and an expiry) that lets a chat user bind their account to `managerId`. */
export async function issueBindCode(
  db: SqlHandle,
  managerId: string,
  now: Date,
  hours = DEFAULT_BIND_CODE_HOURS,
): Promise<
  Result<{ code: string; expiresAt: Date; managerName: string }, { code: BindFailure; message: string }>
> {
  const manager = await managerBy(db, "id", managerId);
  if (!manager) return err({ code: "unknown_manager", message: `No manager with id ${managerId}` });
  const code = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  const expiresAt = new Date(now.getTime() + hours * 3_600_000);
  await insertBindCode(db, { code, managerId, expiresAt });
  return ok({ code, expiresAt, managerName: manager.name });
}

/**
 * Redeems a code: stores the chat user's id on the manager and marks the code used, in one
 * transaction (a code cannot be used twice, even by two presses at once on two instances). A
 * wrong employee id and a wrong code look the same to the caller, so the answer tells a guesser
 * nothing.
 */
export function redeemBindCode(
  db: SqlHandle,
  request: {
    managerId: string;
    code: string;
    platform: ChatPlatform;
    platformUserId: string;
    now: Date;
    /** Move the binding from the manager's current account on this platform (never silently). */
    confirmRebind?: boolean;
  },
): Promise<
  Result<{ managerId: string; name: string; rebound: boolean }, { code: BindFailure; managerId?: string }>
> {
  return db.transaction(async (tx) => {
    const row = await bindCodeRow(tx, normaliseBindCode(request.code), { lock: true });
    if (!row || row.managerId.toLowerCase() !== request.managerId.toLowerCase())
      return err({ code: "invalid_code" as const });
    if (row.usedAt) return err({ code: "used" as const });
    if (row.expiresAt.getTime() <= request.now.getTime()) return err({ code: "expired" as const });
    const column = USER_ID_FIELD[request.platform];
    const holder = await managerBy(tx, column, request.platformUserId);
    if (holder && holder.id !== row.managerId)
      return err({ code: "account_taken" as const, managerId: holder.id });
    const manager = await managerWithChatIds(tx, row.managerId);
    if (!manager) return err({ code: "invalid_code" as const });
    const previous = manager[column];
    const rebound = previous !== null && previous !== request.platformUserId;
    if (rebound && !request.confirmRebind)
      return err({ code: "confirm_rebind" as const, managerId: row.managerId });
    if (!(await claimBindCode(tx, row.code, request.now))) return err({ code: "used" as const });
    await setManagerChatId(tx, row.managerId, column, request.platformUserId);
    return ok({ managerId: manager.id, name: manager.name, rebound });
  });
}

/** Makes a code unusable (it was posted where others could read it). */
export async function revokeBindCode(db: SqlHandle, code: string, now: Date): Promise<void> {
  await expireBindCode(db, normaliseBindCode(code), now);
}
