import { defineCatalogue } from "../i18n/catalogue.js";
import { plural } from "../i18n/plural.js";
import type { IssueCode, RefusalCode } from "./types.js";

/** The import's own message catalogue (zh default, en), beside the core one in src/i18n. */
export interface ImportMessages {
  issue: Record<IssueCode, (detail: string) => string>;
  refusal: Record<RefusalCode, (file: string, detail: string) => string>;
  summary(c: {
    rows: number;
    inserted: number;
    updated: number;
    unchanged: number;
    rejected: number;
  }): string;
  rejectedTitle: string;
  omitted(n: number): string;
  ignoredColumns(columns: string): string;
  teamsCreated(n: number): string;
  encoding(encoding: string): string;
  progress(rows: number, percent: number | null): string;
}

const zh: ImportMessages = {
  issue: {
    required: () => "必填，不能为空",
    bad_date: () => "日期无效，应为 YYYY-MM-DD 且确有此日",
    bad_month: () => "月份无效，应为 YYYY-MM",
    bad_number: () => "不是数字",
    negative: () => "不能为负数",
    not_integer: () => "应为整数",
    bad_boolean: () => "应为 0/1、true/false 或 是/否",
    bad_enum: (d) => `取值无效，可选：${d}`,
    bad_phone: () => "手机号码格式无效",
    bad_id: () => "编号无效（不能为空、含空格或超过 64 个字符）",
    unknown_manager: () => "客户经理工号不存在（请先导入 managers）",
    unknown_customer: () => "客户编号不存在（请先导入 customers）",
    duplicate_key: (d) => `与本文件第 ${d} 行重复`,
    chat_id_taken: (d) => `已被客户经理 ${d} 使用`,
    field_count: (d) => `列数与表头不符（${d}）`,
    malformed_csv: (d) => `CSV 格式错误：${d}`,
    too_long: (d) => `过长，最多 ${d} 个字符`,
    out_of_range: (d) => `超出范围，最大 ${d}`,
    date_out_of_window: (d) => `日期超出允许范围（${d}）`,
    case_twin_store: (d) => `与已有编号 ${d} 仅大小写不同（编号不区分大小写）`,
    case_twin_file: (d) =>
      `与本文件第 ${d.split("|")[0]} 行的 ${d.split("|")[1]} 仅大小写不同（编号不区分大小写）`,
    control_char: (d) =>
      `第 ${d.split("|")[1]?.replace(":", " 行第 ")} 个字符处含有不允许的控制字符 ${d.split("|")[0]}，整行未导入`,
    record_too_long: (d) => `引号未闭合或记录过长（${d}），该行起的内容未导入`,
  },
  refusal: {
    not_found: (f) => `${f}：文件不存在或无法读取`,
    unsupported_format: (f, d) => `${f}：不支持的文件格式（${d}）；请使用 CSV 或 XLSX`,
    encoding: (f, d) =>
      `${f}：无法识别编码（${d}）；文件应为 UTF-8（可带 BOM）或 GBK，可用 --encoding gbk 指定`,
    empty: (f) => `${f}：文件为空或没有表头`,
    missing_columns: (f, d) => `${f}：缺少必需的列 ${d}，整个文件未导入`,
    duplicate_columns: (f, d) => `${f}：多个表头对应同一列 ${d}，整个文件未导入`,
    too_large: (f, d) => `${f}：文件超出限制（${d}），整个文件未导入`,
    malformed: (f, d) => `${f}：文件格式错误（${d}），整个文件未导入`,
    write_failed: (f, d) => `${f}：写入数据库失败（${d}），已全部回滚，数据库未改变`,
  },
  summary: (c) =>
    `读取 ${c.rows} 行：新增 ${c.inserted}，更新 ${c.updated}，未变 ${c.unchanged}，拒绝 ${c.rejected}`,
  rejectedTitle: "被拒绝的行：",
  omitted: (n) => `……另有 ${n} 条问题未列出`,
  ignoredColumns: (c) => `已忽略无法识别的列：${c}`,
  teamsCreated: (n) => `新建团队 ${n} 个`,
  encoding: (e) => `编码：${e}`,
  progress: (rows, p) => `已处理 ${rows} 行${p === null ? "" : `（${p}%）`}`,
};

const en: ImportMessages = {
  issue: {
    required: () => "required, must not be empty",
    bad_date: () => "not a valid date (YYYY-MM-DD, a day that exists)",
    bad_month: () => "not a valid month (YYYY-MM)",
    bad_number: () => "not a number",
    negative: () => "must not be negative",
    not_integer: () => "must be a whole number",
    bad_boolean: () => "must be 0/1, true/false or 是/否",
    bad_enum: (d) => `not an allowed value: ${d}`,
    bad_phone: () => "not a valid phone number",
    bad_id: () => "not a valid id (empty, contains spaces or longer than 64 characters)",
    unknown_manager: () => "no manager with this id (import managers first)",
    unknown_customer: () => "no customer with this id (import customers first)",
    duplicate_key: (d) => `duplicate of line ${d} of this file`,
    chat_id_taken: (d) => `already used by manager ${d}`,
    field_count: (d) => `number of fields does not match the header (${d})`,
    malformed_csv: (d) => `malformed CSV: ${d}`,
    too_long: (d) => `too long: at most ${d} characters`,
    out_of_range: (d) => `out of range: at most ${d}`,
    date_out_of_window: (d) => `date outside the allowed window (${d})`,
    case_twin_store: (d) => `differs only in case from the existing id ${d} (ids ignore case)`,
    case_twin_file: (d) =>
      `differs only in case from ${d.split("|")[1]} on line ${d.split("|")[0]} of this file (ids ignore case)`,
    control_char: (d) =>
      `control character ${d.split("|")[0]} at line ${d.split("|")[1]?.replace(":", ", column ")} is not allowed; the row was not imported`,
    record_too_long: (d) =>
      `unclosed quote or record too long (${d}); nothing from this line on was imported`,
  },
  refusal: {
    not_found: (f) => `${f}: file not found or not readable`,
    unsupported_format: (f, d) => `${f}: unsupported file format (${d}); use CSV or XLSX`,
    encoding: (f, d) =>
      `${f}: unrecognised encoding (${d}); the file must be UTF-8 (with or without BOM) or GBK; --encoding gbk forces GBK`,
    empty: (f) => `${f}: the file is empty or has no header`,
    missing_columns: (f, d) => `${f}: required column(s) missing: ${d}; nothing was imported`,
    duplicate_columns: (f, d) => `${f}: several headers map to the same column ${d}; nothing was imported`,
    too_large: (f, d) => `${f}: the file exceeds a limit (${d}); nothing was imported`,
    malformed: (f, d) => `${f}: malformed file (${d}); nothing was imported`,
    write_failed: (f, d) => `${f}: writing to the store failed (${d}); everything was rolled back`,
  },
  summary: (c) =>
    `${plural(c.rows, "row")} read: ${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged, ${c.rejected} rejected`,
  rejectedTitle: "Rejected rows:",
  omitted: (n) => `… and ${n} more issues not listed`,
  ignoredColumns: (c) => `Ignored unknown columns: ${c}`,
  teamsCreated: (n) => `${plural(n, "team")} created`,
  encoding: (e) => `Encoding: ${e}`,
  progress: (rows, p) => `${plural(rows, "row")} processed${p === null ? "" : ` (${p}%)`}`,
};

export const importMessages = defineCatalogue<ImportMessages>({ zh: zh, en: en });
