import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { OBJECTION_KINDS, SIGNAL_CODES } from "./types.js";

const stringList = z
  .union([z.array(z.union([z.string(), z.number()])), z.string(), z.null()])
  .optional()
  .transform((v) =>
    v == null
      ? []
      : (Array.isArray(v) ? v : [v])
          .map(String)
          .map((s) => s.trim())
          .filter(Boolean),
  );

/** The front matter of a knowledge file; unknown keys are ignored. */
export const KnowledgeFrontMatter = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' and '-' only")
    .optional(),
  title: z.string().trim().min(1).optional(),
  tags: stringList,
  signals: stringList,
  objections: stringList,
  /** An objection category this file handles (see ObjectionCategory). */
  category: z
    .object({
      id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and '-' only"),
      // YAML reads a bare `kind: false` as the boolean.
      kind: z.preprocess((v) => (typeof v === "boolean" ? String(v) : v), z.enum(OBJECTION_KINDS)),
      zh: z.string().trim().min(1),
      en: z.string().trim().min(1),
    })
    .optional(),
  phrasings: stringList,
  /** Things managers type that are NOT objections: negative examples for the classifier. */
  "not-objections": stringList,
  handling: stringList,
  probing: stringList,
  retention: stringList,
});
export type KnowledgeFrontMatter = z.infer<typeof KnowledgeFrontMatter>;

export interface ParsedMarkdown {
  meta: KnowledgeFrontMatter;
  body: string;
  warnings: string[];
}

const FENCE = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/;
const KNOWN_SIGNALS: ReadonlySet<string> = new Set(SIGNAL_CODES);

/**
 * Splits YAML front matter from a Markdown body. A file without front matter, or with front
 * matter that does not parse, still ingests (with a warning): operators drop plain notes too.
 */
export function parseMarkdown(source: string): ParsedMarkdown {
  const match = FENCE.exec(source);
  const empty = {
    tags: [],
    signals: [],
    objections: [],
    phrasings: [],
    "not-objections": [],
    handling: [],
    probing: [],
    retention: [],
  };
  if (!match) return { meta: empty, body: source, warnings: [] };
  const body = source.slice(match[0].length);
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? "");
  } catch (error) {
    return { meta: empty, body, warnings: [`front matter is not valid YAML: ${(error as Error).message}`] };
  }
  const parsed = KnowledgeFrontMatter.safeParse(data ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    return { meta: empty, body, warnings: [`front matter ignored (${issues})`] };
  }
  const unknown = parsed.data.signals.filter((s) => !KNOWN_SIGNALS.has(s));
  const warnings = unknown.length > 0 ? [`unknown signal codes: ${unknown.join(", ")}`] : [];
  if (parsed.data.category && parsed.data.phrasings.length === 0)
    warnings.push(`category ${parsed.data.category.id} has no phrasings: it cannot be recognised`);
  if (!parsed.data.category && parsed.data.phrasings.length > 0)
    warnings.push("phrasings without a category are ignored");
  return { meta: parsed.data, body, warnings };
}
