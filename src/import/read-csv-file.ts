import { openTextStream } from "./decode.js";
import { Refused, refusal } from "./header-map.js";
import { type RecordSink, readCsv } from "./read-csv.js";
import { type ControlMark, RecordTooLong, scanText } from "./scan-text.js";

/**
 * A CSV file as records for `sink`: decoded (./decode.ts), watched by the text scanner (line
 * count, quoting and record limits, control characters noted in `marks`), parsed by Papa Parse.
 * A record beyond the limits, or GBK that is probably not GBK (unless `forced`), refuses the file.
 */
export function openCsvFile(
  path: string,
  encoding: "utf8" | "gbk",
  forced: boolean,
  marks: Map<number, ControlMark>,
): { bytesRead: () => number; read(sink: RecordSink): Promise<number> } {
  const text = openTextStream(path, encoding);
  return {
    bytesRead: text.bytesRead,
    /** Resolves with the file's physical lines once every record went to the sink. */
    async read(sink) {
      const scan = scanText(marks);
      text.stream.on("error", (e) => scan.stream.destroy(e));
      text.stream.pipe(scan.stream);
      try {
        await readCsv(scan.stream, sink);
      } catch (e) {
        if (e instanceof RecordTooLong)
          throw new Refused(refusal("malformed", path, `line ${e.line}: ${e.detail}`));
        throw e;
      }
      const doubt = encoding === "gbk" && !forced ? text.gbkDoubt() : null;
      if (doubt) throw new Refused(refusal("encoding", path, doubt));
      return scan.lines();
    },
  };
}
