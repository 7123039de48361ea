import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { AsPlainObject } from "minisearch";
import { VOCABULARY_VERSION } from "./domain-dictionary.js";
import type { IngestedFile } from "./types.js";

/** Bump when chunking, cleaning or the saved shape change: older index files are then rebuilt. */
const FORMAT = 5;

/** What data/knowledge-index.json holds: every ingested file (keyed by content hash) and the BM25 index. */
export interface SavedIndex {
  format: number;
  vocabulary: string;
  files: IngestedFile[];
  lexical: AsPlainObject;
}

/** The saved index, or null when missing, unreadable or built by another version. */
export async function loadSavedIndex(path: string): Promise<SavedIndex | null> {
  let raw: string;
  try {
    raw = await readFile(path, "utf8");
  } catch {
    return null;
  }
  try {
    const saved = JSON.parse(raw) as Partial<SavedIndex>;
    if (saved.format !== FORMAT || saved.vocabulary !== VOCABULARY_VERSION) return null;
    if (!Array.isArray(saved.files) || !saved.lexical) return null;
    return saved as SavedIndex;
  } catch {
    return null;
  }
}

/** Writes the index atomically (temp file + rename), so a crash never leaves half a file. */
export async function saveIndex(path: string, files: IngestedFile[], lexical: AsPlainObject): Promise<void> {
  const saved: SavedIndex = { format: FORMAT, vocabulary: VOCABULARY_VERSION, files, lexical };
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(saved));
  await rename(temp, path);
}
