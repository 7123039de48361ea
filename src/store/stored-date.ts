/**
 * A DateTime column as either store hands it back: PostgreSQL (node-pg) gives a Date; SQLite gives
 * the text Prisma's adapter and the SQL handle write ("2026-06-30T08:00:00.000+00:00"), or, in
 * rows written by older versions, milliseconds since the epoch.
 */
export function storedDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value));
  if (typeof value === "string") {
    const date = /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new Error(`Not a stored date: ${String(value)}`);
}
