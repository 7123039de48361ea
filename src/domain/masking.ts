/**
 * Masking for anything others may read (group chats, LLM output): the family name stays, phones
 * keep 3 + 4 digits, and free text has its phone numbers, ID numbers (身份证), bank cards and
 * e-mail addresses masked by one function, `maskPersonalData`.
 */

/** "王小明" → "王**", "Li Na" → "L****". */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join("");
  return `${chars[0]}${"*".repeat(Math.min(chars.length - 1, 4))}`;
}

/** "13812341234" → "138****1234"; shorter numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${"*".repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
}

// No match may start or end inside a longer run of digits or letters (ids like C0000001 stay).
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** Mainland resident ID numbers: 18 characters (the last may be X) and the old 15-digit form. */
export const ID_NUMBER_PATTERN =
  /(?<![0-9A-Za-z])(?:[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]|[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3})(?![0-9A-Za-z])/g;
/** Bank cards: 16 to 19 digits, optionally in groups of four separated by spaces or hyphens. */
const BANK_CARD =
  /(?<![0-9A-Za-z])(?:\d{4}[ -]){3}\d{4}(?:[ -]?\d{1,3})?(?![0-9A-Za-z])|(?<!\d)\d{16,19}(?!\d)/g;
/** Mobile numbers (optionally +86, with spaces or hyphens) and landlines with an area code. */
export const PHONE_PATTERN =
  /(?<![0-9A-Za-z])(?:(?:\+|00)?86[-\s]?)?(?:1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}|0\d{2,3}-?\d{7,8})(?![0-9A-Za-z])/g;
/** Any other run of 11 or more digits (account numbers, numbers written without a pattern). */
const LONG_NUMBER = /(?<!\d)\d{11,}(?!\d)/g;

const keep = (value: string, head: number, tail: number): string => {
  const chars = value.replace(/[\s-]/g, "");
  return `${chars.slice(0, head)}${"*".repeat(Math.max(4, chars.length - head - tail))}${chars.slice(chars.length - tail)}`;
};

/** "zhang.wei@example.com" → "z***@example.com". */
export function maskEmail(email: string): string {
  const at = email.indexOf("@");
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/**
 * Free text (notes, anything a user or a model wrote) with personal numbers and addresses masked:
 * e-mail addresses keep their first letter and domain, ID numbers their first 3 and last 2
 * characters, bank cards their last 4 digits, phones 3 + 4 digits (landlines their last 2), any
 * other run of 11+ digits its last 4. Masked text passes through unchanged (idempotent).
 */
export function maskPersonalData(text: string): string {
  return text
    .replace(EMAIL, maskEmail)
    .replace(ID_NUMBER_PATTERN, (m) => keep(m, 3, 2))
    .replace(BANK_CARD, (m) => keep(m, 0, 4))
    .replace(PHONE_PATTERN, (m) => {
      const digits = m.replace(/\D/g, "");
      return /^(?:86)?1[3-9]/.test(digits.replace(/^00/, "")) ? maskPhone(digits.slice(-11)) : keep(m, 0, 2);
    })
    .replace(LONG_NUMBER, (m) => keep(m, 0, 4));
}

/** Whether text still holds something `maskPersonalData` would mask. */
export function holdsPersonalData(text: string): boolean {
  return maskPersonalData(text) !== text;
}
