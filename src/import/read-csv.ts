import type { Readable } from "node:stream";
import Papa from "papaparse";

/**
 * Receives each record with the physical lines it spans (header = 1; `lastLine` differs only for
 * a quoted field with line breaks). May throw to stop.
 */
export interface RecordSink {
  record(cells: string[], line: number, lastLine: number): void;
  malformed(line: number, lastLine: number, detail: string): void;
}

/**
 * Streams a CSV text stream through Papa Parse (about four times faster than csv-parse here,
 * which matters for 1M-row usage files) and hands each record to the sink as it comes. Line numbers
 * count the newlines inside quoted fields too, so they stay physical lines. Resolves at the end;
 * rejects with the stream's error (e.g. an EncodingError) or whatever the sink threw.
 */
export function readCsv(text: Readable, sink: RecordSink): Promise<void> {
  return new Promise((resolve, reject) => {
    let nextLine = 1;
    let failure: unknown = null;
    const fail = (error: unknown, parser?: Papa.Parser) => {
      if (failure !== null) return;
      failure = error;
      parser?.abort();
      text.destroy();
      reject(error);
    };
    Papa.parse<string[]>(text as unknown as File, {
      delimiter: ",",
      skipEmptyLines: false,
      step(results, parser) {
        if (failure !== null) return;
        const cells = results.data;
        const line = nextLine;
        for (const value of cells) if (value.includes("\n")) nextLine += countNewlines(value);
        const lastLine = nextLine;
        nextLine += 1;
        try {
          if (results.errors.length > 0) sink.malformed(line, lastLine, results.errors[0]!.message);
          else sink.record(cells, line, lastLine);
        } catch (e) {
          fail(e, parser);
        }
      },
      complete() {
        if (failure === null) resolve();
      },
      error(error: unknown) {
        fail(error);
      },
    });
    text.on("error", (e) => fail(e));
  });
}

function countNewlines(value: string): number {
  let n = 0;
  for (let i = value.indexOf("\n"); i >= 0; i = value.indexOf("\n", i + 1)) n++;
  return n;
}
