import type { HeaderMap } from "./header-map.js";
import type { RowProblem } from "./manager-teams.js";
import type { RowIssue } from "./types.js";

/**
 * The issues of one import, at most `max` of them (the rest only counted), each naming the file,
 * the line, the column as the file calls it, and the cell's value.
 */
export class IssueLog {
  readonly issues: RowIssue[] = [];
  omitted = 0;
  private readonly headerOf = new Map<string, string>();

  constructor(
    private readonly file: string,
    header: HeaderMap,
    readonly max: number,
  ) {
    for (const c of header.columns) this.headerOf.set(c.name, c.header);
  }

  /** One rejected row's problems; `input` holds its trimmed cells by canonical column. */
  reject(
    line: number,
    problems: readonly RowProblem[],
    input: Record<string, string> | null,
    lastLine = line,
  ): void {
    for (const p of problems) {
      this.add({
        file: this.file,
        line,
        ...(lastLine !== line ? { lastLine } : {}),
        column: p.column,
        header: p.column ? (this.headerOf.get(p.column) ?? null) : null,
        value: p.column && input ? (input[p.column] ?? null) : null,
        code: p.code,
        ...(p.detail !== undefined ? { detail: p.detail } : {}),
      });
    }
  }

  add(issue: RowIssue): void {
    if (this.issues.length >= this.max) this.omitted++;
    else this.issues.push(issue);
  }
}

/**
 * The report's issues when validation and writing logged apart: as if one log of size `max` had
 * taken every validation issue (in file order) and then every write issue, sorted by line.
 */
export function mergedIssues(
  validation: IssueLog,
  writing: IssueLog,
  max: number,
): { issues: RowIssue[]; omitted: number } {
  const room = Math.max(0, max - validation.issues.length);
  const kept = writing.issues.slice(0, room);
  const issues = [...validation.issues, ...kept].sort((a, b) => a.line - b.line);
  const omitted = validation.omitted + writing.omitted + (writing.issues.length - kept.length);
  return { issues, omitted };
}
