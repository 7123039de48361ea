import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import unzipper from "unzipper";
import { LimitExceeded, mebibytes, type XlsxLimits } from "./limits.js";

/**
 * Checks what an XLSX (a zip) would expand to before the reader inflates anything for real: the
 * sizes its directory declares, then each entry inflated and counted (never kept), stopping at
 * the first byte beyond what was declared or allowed — a zip may lie about its sizes. A 159 KB
 * file that expands to a 150-million-character cell is refused here, naming the limit.
 */
export async function checkXlsxExpansion(path: string, limits: XlsxLimits): Promise<void> {
  const directory = await unzipper.Open.file(path);
  const files = directory.files.filter((f) => f.type === "File");
  let declared = 0;
  for (const file of files) {
    declared += file.uncompressedSize;
    checkSharedStrings(file.path, file.uncompressedSize, limits);
  }
  if (declared > limits.maxUncompressedBytes) throw tooBig(declared, limits.maxUncompressedBytes);
  let total = 0;
  for (const file of files) {
    const allowed = Math.min(file.uncompressedSize, limits.maxUncompressedBytes - total);
    let bytes = 0;
    await pipeline(
      file.stream(),
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          bytes += chunk.length;
          if (bytes > allowed) {
            checkSharedStrings(file.path, bytes, limits);
            callback(
              bytes > file.uncompressedSize
                ? new LimitExceeded(`XLSX entry ${file.path} expands beyond the size its header declares`)
                : tooBig(total + bytes, limits.maxUncompressedBytes),
            );
          } else callback();
        },
      }),
    );
    total += bytes;
  }
}

function checkSharedStrings(entry: string, bytes: number, limits: XlsxLimits): void {
  if (entry === "xl/sharedStrings.xml" && bytes > limits.maxSharedStringsBytes)
    throw new LimitExceeded(
      `XLSX shared strings expand to more than ${mebibytes(limits.maxSharedStringsBytes)} (the limit)`,
    );
}

const tooBig = (bytes: number, limit: number) =>
  new LimitExceeded(`XLSX expands to ${mebibytes(bytes)}, more than the limit of ${mebibytes(limit)}`);
