import { readdir, readFile } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";
import { loadSavedIndex, saveIndex } from "./index-file.js";
import { ingestFile, sha256 } from "./ingest-file.js";
import { createLexicalIndex, type LexicalIndex } from "./lexical-index.js";
import { SUPPORTED_EXTENSIONS } from "./readers.js";
import type { Segmenter } from "./segment.js";
import type { IngestedFile } from "./types.js";

/** What happened to one file during ingest. */
export interface FileReport {
  sourceFile: string;
  status: "ingested" | "unchanged" | "skipped" | "removed";
  chunks: number;
  /** Lines the cleaner dropped (boilerplate, page numbers, garbled text …). */
  removedLines: number;
  reason?: string;
  warnings: string[];
}

export interface IngestReport {
  files: FileReport[];
  chunks: number;
  /** True when nothing could be reused (no saved index, another version, or `force`). */
  rebuilt: boolean;
  /** True when the saved index was (re)written. */
  saved: boolean;
  elapsedMs: number;
}

export interface IngestOptions {
  knowledgeDir: string;
  /** Where the index is persisted; without it everything is ingested in memory. */
  indexPath?: string;
  /** Ignore the saved index and ingest every file again. */
  force?: boolean;
}

/**
 * Brings the index up to date with the knowledge directory: files whose bytes hash the same as
 * last time are reused from the saved index; new and changed files are ingested; files that are
 * gone are dropped. The BM25 index is updated chunk by chunk rather than rebuilt.
 */
export async function syncKnowledge(
  options: IngestOptions,
  segmenter: Segmenter,
): Promise<{ files: IngestedFile[]; lexical: LexicalIndex; report: IngestReport }> {
  const started = performance.now();
  const saved = options.indexPath && !options.force ? await loadSavedIndex(options.indexPath) : null;
  const previous = new Map((saved?.files ?? []).map((f) => [f.sourceFile, f]));
  const reports: FileReport[] = [];
  const files: IngestedFile[] = [];
  const fresh: IngestedFile[] = [];
  for (const path of await listFiles(options.knowledgeDir)) {
    const sourceFile = relative(options.knowledgeDir, path).split(sep).join("/");
    if (!SUPPORTED_EXTENSIONS.includes(extname(path).toLowerCase())) {
      reports.push(skipped(sourceFile, `unsupported file type "${extname(path) || "(none)"}"`));
      continue;
    }
    const old = previous.get(sourceFile);
    previous.delete(sourceFile);
    if (old && old.fileHash === sha256(await readFile(path))) {
      files.push(old);
      reports.push(report(old, "unchanged"));
      continue;
    }
    const result = await ingestFile(path, sourceFile);
    if (!result.ok) {
      reports.push(skipped(sourceFile, result.error.message));
      continue;
    }
    files.push(result.value);
    fresh.push(result.value);
    reports.push(report(result.value, "ingested"));
  }
  for (const gone of previous.values()) reports.push({ ...report(gone, "removed"), chunks: 0 });
  const renamed = resolveDuplicateIds(files, reports);

  // A rename can touch passages already in the saved index: then rebuild it from the chunks.
  const reuse = saved && !renamed ? saved : null;
  const lexical = createLexicalIndex(segmenter, reuse?.lexical);
  if (reuse) {
    const stale = new Set(fresh.map((f) => f.sourceFile));
    for (const f of reports.filter((r) => r.status === "removed")) stale.add(f.sourceFile);
    lexical.remove(
      reuse.files.filter((f) => stale.has(f.sourceFile)).flatMap((f) => f.chunks.map((c) => c.id)),
    );
    lexical.add(fresh.flatMap((f) => f.chunks));
  } else lexical.add(files.flatMap((f) => f.chunks));

  const changed = !reuse || fresh.length > 0 || reports.some((r) => r.status === "removed");
  if (options.indexPath && changed) await saveIndex(options.indexPath, files, lexical.toJSON());
  const report_: IngestReport = {
    files: reports,
    chunks: files.reduce((n, f) => n + f.chunks.length, 0),
    rebuilt: !reuse,
    saved: Boolean(options.indexPath && changed),
    elapsedMs: Math.round(performance.now() - started),
  };
  return { files, lexical, report: report_ };
}

/** Every file under `dir`, sorted, skipping dot-files and dot-directories. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter(
      (p) =>
        !relative(dir, p)
          .split(sep)
          .some((part) => part.startsWith(".")),
    )
    .sort();
}

/** Two files claiming the same id: the later file's passages are renamed after its path. */
function resolveDuplicateIds(files: IngestedFile[], reports: FileReport[]): boolean {
  const seen = new Set<string>();
  let renamed = false;
  for (const file of files) {
    if (file.chunks.some((c) => seen.has(c.id))) {
      let docId = file.sourceFile.replace(/\.[^.]+$/, "").replace(/\//g, "-");
      for (let n = 2; file.chunks.some((c) => seen.has(`${docId}#${c.id.split("#")[1]}`)); n++) {
        docId = `${file.sourceFile.replace(/\.[^.]+$/, "").replace(/\//g, "-")}-${n}`;
      }
      file.chunks = file.chunks.map((c) => ({ ...c, docId, id: `${docId}#${c.id.split("#")[1]}` }));
      if (file.category) file.category = { ...file.category, docId };
      reports
        .find((r) => r.sourceFile === file.sourceFile)
        ?.warnings.push(`duplicate id: passages renamed to ${docId}#…`);
      renamed = true;
    }
    for (const c of file.chunks) seen.add(c.id);
  }
  return renamed;
}

function report(file: IngestedFile, status: FileReport["status"]): FileReport {
  const base = { sourceFile: file.sourceFile, status, chunks: file.chunks.length };
  return { ...base, removedLines: file.removed.length, warnings: [...file.warnings] };
}

function skipped(sourceFile: string, reason: string): FileReport {
  return { sourceFile, status: "skipped", chunks: 0, removedLines: 0, reason, warnings: [] };
}
