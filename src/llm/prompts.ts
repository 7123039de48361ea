import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { err, ok, type Result } from "../result.js";

/**
 * Prompts live as Markdown files in PROMPTS_DIR so operators can read and adjust them without
 * touching code. `{{name}}` marks a value filled in per request; HTML comments are notes for
 * the people editing the file and are not sent.
 */
export async function loadPrompt(
  dir: string,
  name: string,
  values: Record<string, string> = {},
): Promise<Result<string>> {
  const path = join(dir, `${name}.md`);
  let raw: string;
  try {
    raw = await readFile(path, "utf8");
  } catch (error) {
    return err({
      code: "prompt_missing",
      message: `cannot read prompt ${path}: ${(error as Error).message}`,
    });
  }
  return fillPrompt(raw, values, path);
}

/** Fills `{{name}}` slots; a slot without a value is an error, so a renamed variable is noticed. */
export function fillPrompt(
  template: string,
  values: Record<string, string>,
  source = "prompt",
): Result<string> {
  const withoutNotes = template.replace(/<!--[\s\S]*?-->\s*/g, "");
  const missing: string[] = [];
  // One pass over the template: values are inserted verbatim and never scanned for slots again,
  // so a note or passage containing "{{…}}" cannot pull in other values.
  const filled = withoutNotes.replace(/\{\{\s*([a-zA-Z_][\w]*)\s*\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) {
      missing.push(key);
      return "";
    }
    return value;
  });
  if (missing.length > 0)
    return err({
      code: "prompt_slot",
      message: `${source}: no value for ${missing.map((m) => `{{${m}}}`).join(", ")}`,
    });
  return ok(filled.trim());
}
