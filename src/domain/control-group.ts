/**
 * The optional control group of issue 16 (docs/what-works.md, "Measured retention"): a team lead
 * may hold a share of newly warned customers off every list and briefing, so the churn of
 * customers nobody was told to call can be compared with the churn of those who were.
 *
 * Who is held out is decided by a hash, not by Math.random: the same customer, team salt and share
 * give the same answer on every day, on every instance of the bot, and after a restart.
 */
import { createHash } from "node:crypto";

/** The most a lead may hold out: more would leave too many at-risk customers uncalled. */
export const MAX_CONTROL_PERCENT = 50;

export interface ControlSettings {
  teamId: string;
  /** 0–MAX_CONTROL_PERCENT; 0 means no control group. */
  sharePercent: number;
  /** Random per team, fixed when the team first sets a share: who is held out cannot be guessed. */
  salt: string;
  /**
   * The day the control group began (the share went from 0 to more). Customers already warned the
   * day before are never held out: only customers warned anew can be.
   */
  since: string | null;
}

/** A number in [0, 1) fixed for this customer and salt: the first 32 bits of SHA-256(salt:id). */
export function controlDraw(salt: string, customerId: string): number {
  return createHash("sha256").update(`${salt}:${customerId}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** Whether the draw puts this customer in the control group (not yet whether they are newly warned). */
export function drawnForControl(
  settings: Pick<ControlSettings, "sharePercent" | "salt">,
  customerId: string,
) {
  return settings.sharePercent > 0 && controlDraw(settings.salt, customerId) < settings.sharePercent / 100;
}
