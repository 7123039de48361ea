import { Transform } from "node:stream";
import { MAX_LINES_PER_RECORD, MAX_RECORD_CHARS } from "./limits.js";

/**
 * Characters no imported cell may hold: C0 controls but tab, CR and LF (NUL, ANSI escape…), DEL
 * and C1 controls, and the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) that
 * make a terminal or a chat show text in another order than it is stored.
 */
export const CONTROL_CHARACTER =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER.source, "g");

/** "U+202E": how a control character is named in messages (never printed as itself). */
export const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** The first control character on a physical line: 1-based column, and its code point. */
export interface ControlMark {
  readonly column: number;
  readonly char: string;
}

/** A quoted field that never closes, or a record beyond the limits; nothing can be trusted after it. */
export class RecordTooLong extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
  }
}

export interface TextScan {
  /** Passes the text through unchanged, watching it. */
  readonly stream: Transform;
  /** Physical lines seen so far (the final count once the stream has ended). */
  lines(): number;
  /** Lines holding a control character, with the first one on each. */
  readonly marks: Map<number, ControlMark>;
}

/**
 * Watches CSV text on its way to the parser, in one pass of native string searches per chunk:
 * - counts physical lines, so the report can account for every one;
 * - follows quoting as the parser does (a quote opens a field only at its start; "" is a quote),
 *   and fails with the opening line when a quoted field runs past MAX_LINES_PER_RECORD lines or
 *   MAX_RECORD_CHARS characters, or to the end of the file — instead of one field swallowing the
 *   rest of the file, silently, in memory;
 * - fails the same way for a record longer than MAX_RECORD_CHARS without any quote;
 * - notes every line with a control character (line and column), for the rows to be rejected.
 */
export function scanText(marks = new Map<number, ControlMark>()): TextScan {
  let line = 1; // the line the next character is on
  let column = 0; // characters already on this line
  let previous = "\n"; // the character before the chunk
  let quotedFrom = 0; // the line a still-open quoted field starts on, 0 when none
  let quotedChars = 0;
  let pendingQuote = false; // the chunk ended on a quote inside a quoted field: "" or a close?
  let recordChars = 0;

  const markControls = (text: string) => {
    CONTROL_CHARACTERS.lastIndex = 0;
    if (!CONTROL_CHARACTERS.test(text)) return;
    let l = line;
    let lineStart = -column;
    let searchedTo = 0;
    CONTROL_CHARACTERS.lastIndex = 0;
    for (let m = CONTROL_CHARACTERS.exec(text); m; m = CONTROL_CHARACTERS.exec(text)) {
      for (let n = text.indexOf("\n", searchedTo); n >= 0 && n < m.index; n = text.indexOf("\n", n + 1)) {
        l++;
        lineStart = n + 1;
        searchedTo = n + 1;
      }
      if (!marks.has(l)) marks.set(l, { column: m.index - lineStart + 1, char: m[0] });
    }
  };

  const tooLong = (from: number, what: string) => new RecordTooLong(from, what);

  /** Walks one chunk: quotes and newlines only (indexOf), everything else is skipped over. */
  const walk = (text: string) => {
    let i = 0;
    if (pendingQuote) {
      pendingQuote = false;
      if (text[0] === '"')
        i = 1; // an escaped quote: still inside
      else quotedFrom = 0; // it was the closing quote
    }
    while (i < text.length) {
      if (quotedFrom > 0) {
        const close = text.indexOf('"', i);
        const end = close < 0 ? text.length : close;
        for (let n = text.indexOf("\n", i); n >= 0 && n < end; n = text.indexOf("\n", n + 1)) newline(n);
        quotedChars += end - i;
        if (line - quotedFrom >= MAX_LINES_PER_RECORD)
          throw tooLong(quotedFrom, `a quoted field runs over ${MAX_LINES_PER_RECORD} lines`);
        if (quotedChars > MAX_RECORD_CHARS)
          throw tooLong(quotedFrom, `a quoted field runs over ${MAX_RECORD_CHARS} characters`);
        if (close < 0) return finishChunk(text);
        if (close === text.length - 1) {
          pendingQuote = true;
          return finishChunk(text);
        }
        if (text[close + 1] === '"') i = close + 2;
        else {
          quotedFrom = 0;
          i = close + 1;
        }
        continue;
      }
      const open = text.indexOf('"', i);
      const end = open < 0 ? text.length : open;
      for (let n = text.indexOf("\n", i); n >= 0 && n < end; n = text.indexOf("\n", n + 1)) newline(n);
      if (open < 0) return finishChunk(text);
      const before = open === 0 ? previous : text[open - 1];
      if (before === "," || before === "\n" || before === "\r") {
        quotedFrom = line;
        quotedChars = 0;
      }
      i = open + 1;
    }
    finishChunk(text);
  };

  let lastNewline = -1; // index in the current chunk of the last newline walked
  const newline = (at: number) => {
    const length = column + (at - lastNewline - 1);
    if (quotedFrom === 0) {
      if (recordChars + length > MAX_RECORD_CHARS)
        throw tooLong(line, `the record is longer than ${MAX_RECORD_CHARS} characters`);
      recordChars = 0;
    } else recordChars += length + 1;
    line++;
    column = 0;
    lastNewline = at;
  };
  const finishChunk = (text: string) => {
    column += text.length - lastNewline - 1;
    if (quotedFrom === 0 && recordChars + column > MAX_RECORD_CHARS)
      throw tooLong(line, `the record is longer than ${MAX_RECORD_CHARS} characters`);
    previous = text[text.length - 1] ?? previous;
    lastNewline = -1;
  };

  const stream = new Transform({
    objectMode: true,
    transform(text: string, _encoding, callback) {
      try {
        markControls(text);
        walk(text);
        callback(null, text);
      } catch (e) {
        callback(e as Error);
      }
    },
    flush(callback) {
      if (pendingQuote) quotedFrom = 0; // the file's last character closed the field
      if (quotedFrom > 0)
        return callback(
          tooLong(quotedFrom, "a quoted field is never closed (it runs to the end of the file)"),
        );
      callback();
    },
  });
  return { stream, lines: () => (column > 0 ? line : line - 1), marks };
}
