/**
 * Pseudonymisation for everything sent to the LLM: full names, phone numbers and ID numbers are
 * replaced by placeholders (客户A, 【电话1】, 【证件1】) before the call. In the answer only names are
 * put back, so the manager reads a normal script; a number placeholder becomes the masked number
 * (138****8000), never the number itself. Third parties named in notes (a son, a colleague…) get
 * placeholders too.
 */
import { maskPersonalData } from "../domain/masking.js";

// Mainland ID numbers (18 digits, last may be X; and the old 15-digit form).
const ID_NUMBER =
  /(?<![0-9A-Za-z])(?:[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]|[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3})(?![0-9A-Za-z])/g;
// Mobile numbers with optional +86 and separators, and landlines with an area code.
const PHONE = /(?<!\d)(?:(?:\+|00)?86[-\s]?)?(?:1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}|0\d{2,3}[-\s]?\d{7,8})(?!\d)/g;
// Any other long digit run (bank cards, account numbers).
const LONG_NUMBER = /(?<!\d)\d{11,}(?!\d)/g;

export type PlaceholderKind = "customer" | "manager" | "person";

const NAME_LABELS: Record<PlaceholderKind, string> = { customer: "客户", manager: "经理", person: "联系人" };

/** A relation or role word, then the person's name (2–3 Han characters): "他儿子王小明", "联系人：李梅". */
const NAMED_AFTER =
  /(?:儿子|女儿|老婆|老公|妻子|丈夫|爱人|父亲|母亲|爸爸|妈妈|哥哥|姐姐|弟弟|妹妹|朋友|同事|亲戚|邻居|家人|联系人|介绍人|经办人|代办人|委托人|姓名)[：:\s]*([\p{Script=Han}]{2,3}?)(?=[，,。；;、\s（(]|的|说|电话|手机|$)/gu;
/** A surname and a title ("王先生", "李女士"), registered whole; "这位先生" names nobody. */
const TITLED = /([\p{Script=Han}])(?:先生|女士|小姐|老师)/gu;
const NOT_SURNAMES = new Set([..."这那位个的老小该此某每各本贵其他她您你我"]);

export class Pseudonymiser {
  private readonly forward = new Map<string, string>();
  private readonly backward = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  private readonly names = new Set<string>();
  /** Placeholders standing for numbers: restored masked, never in full. */
  private readonly numbers = new Set<string>();

  /** Registers a full name; it will read as e.g. 客户A wherever it appears. Returns the placeholder. */
  addName(name: string, kind: PlaceholderKind = "customer"): string {
    const trimmed = name.trim();
    if (trimmed.length < 2) return trimmed;
    const known = this.forward.get(trimmed);
    if (known) return known;
    const label = NAME_LABELS[kind];
    const placeholder = `${label}${letters(this.next(label))}`;
    this.remember(trimmed, placeholder);
    this.names.add(trimmed);
    return placeholder;
  }

  /** Registers a known number (the customer's phone) so it is hidden whatever its format. */
  addNumber(value: string, label = "电话"): string {
    const digits = value.replace(/\D/g, "");
    if (digits.length < 5) return value;
    const placeholder = this.numberPlaceholder(digits, label);
    // Hidden as written ("138-0013-8000") and as digits, even where the patterns would miss it.
    this.forward.set(value, placeholder);
    this.names.add(value);
    this.names.add(digits);
    return placeholder;
  }

  /**
   * Registers the people a note names besides the customer (relatives, contacts, "王先生"), so
   * they leave as placeholders too. Returns how many names were found.
   */
  addThirdParties(note: string): number {
    let found = 0;
    for (const match of note.matchAll(NAMED_AFTER)) {
      if (match[1] && !this.forward.has(match[1])) {
        this.addName(match[1], "person");
        found++;
      }
    }
    for (const match of note.matchAll(TITLED)) {
      if (NOT_SURNAMES.has(match[1] ?? "") || this.forward.has(match[0])) continue;
      this.addName(match[0], "person");
      found++;
    }
    return found;
  }

  /** The text with registered names, ID numbers, phone numbers and long numbers replaced. */
  mask(text: string): string {
    let out = text;
    const names = [...this.names].sort((a, b) => b.length - a.length);
    for (const name of names) out = out.split(name).join(this.forward.get(name)!);
    out = out.replace(ID_NUMBER, (m) => this.numberPlaceholder(m, "证件"));
    out = out.replace(PHONE, (m) => this.numberPlaceholder(m, "电话"));
    out = out.replace(LONG_NUMBER, (m) => this.numberPlaceholder(m, "号码"));
    return out;
  }

  /**
   * The LLM's answer with names put back and number placeholders shown masked (tolerating a space
   * the model may insert): a number never comes back whole, whatever the model wrote.
   */
  restore(text: string): string {
    if (this.backward.size === 0) return text;
    const placeholders = [...this.backward.keys()].sort((a, b) => b.length - a.length);
    const pattern = new RegExp(placeholders.map(tolerant).join("|"), "g");
    return text.replace(pattern, (m) => {
      const key = m.replace(/\s+/g, "");
      const value = this.backward.get(key);
      if (value === undefined) return m;
      return this.numbers.has(key) ? maskPersonalData(value) : value;
    });
  }

  /** Every placeholder handed out so far. */
  get placeholders(): string[] {
    return [...this.backward.keys()];
  }

  /** How many distinct values were hidden (for logs and tests). */
  get size(): number {
    return this.forward.size;
  }

  private numberPlaceholder(value: string, label: string): string {
    const key = value.replace(/[-\s]/g, "");
    const known = this.forward.get(key);
    if (known) return known;
    const placeholder = `【${label}${this.next(label)}】`;
    this.remember(key, placeholder);
    this.backward.set(placeholder, value);
    this.numbers.add(placeholder);
    return placeholder;
  }

  private remember(value: string, placeholder: string): void {
    this.forward.set(value, placeholder);
    this.backward.set(placeholder, value);
  }

  private next(label: string): number {
    const n = (this.counters.get(label) ?? 0) + 1;
    this.counters.set(label, n);
    return n;
  }
}

/** 1 → A, 26 → Z, 27 → AA. */
function letters(n: number): string {
  let out = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) out = String.fromCharCode(65 + ((k - 1) % 26)) + out;
  return out;
}

function tolerant(placeholder: string): string {
  return [...placeholder].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s?");
}
