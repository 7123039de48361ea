/** Masking for group chats: the family name stays, the rest does not; phones keep 3 + 4 digits. */

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
