import { checkMojibake } from "./mojibake.js";
import type { RemovalReason, RemovedLine } from "./types.js";

/** Web-copy furniture of Chinese document-sharing sites: download prompts, copyright notes, template filler. */
const BOILERPLATE: readonly RegExp[] = [
  /^(资源描述|合集下载|展开阅读全文|电脑版|手机版|返回顶部|举报|收藏|分享到?|下载\s*\|?)$/,
  /^(单击此处添加副标题|单击添加目录项标题|添加章节标题|汇报人[::]?.*|稻壳公司)$/,
  /^(发布时间|上传时间|上传者|浏览次数|文档页数|链接地址)[::]/,
  /^[-\s\d.、]*(配套讲稿|特殊限制|关\s*键\s*词)[::]/,
  /下载文档|文档下载|下载前请自行甄别|不预览、不比对内容|不会出现我们的网址水印|该文档所得收入/,
  /如PPT文件的首页显示word图标|部分文档作品中含有的国旗|仅作为作品整体效果示例展示/,
  /由会员分享,可在线阅读|请在.{1,12}上搜索|仅部分预览|如文档侵犯您的权益|人工客服工作时间/,
  /平台不提供额外的编辑|既往收益都归您|点此认领/,
  /^\d+\s*积分$/,
];

/** Headers of "related documents" lists; the list items after them go too. */
const RELATED_HEADER =
  /^[\s•·▪◆●*-]*(相关文档|猜你喜欢|相关推荐|热门推荐|相关阅读|为你推荐|最新文档|精品推荐|相关资源|热门文档|相关搜索|推荐文档)\s*[::]?\s*$/;
const LIST_ITEM = /^\s*(?:[•·▪◆●*-]|\d{1,3}[.、)])\s*\S/;
const SENTENCE_END = /[。!?;!?;]/;

const PAGE_NUMBER =
  /^\s*(?:第\s*\d+\s*页.*|共\s*\d+\s*页|-\s*\d+\s*-|\d{1,4}|page\s*\d+(?:\s*(?:of|\/)\s*\d+)?|\d+\s*\/\s*\d+)\s*$/i;
const URL_ONLY = /^\s*(?:https?:\/\/|www\.)\S+\s*$/i;
// A line of nothing but punctuation or symbols ("?", "•", "---") once carried a lost glyph or a rule.
const SYMBOLS_ONLY = /^[\p{P}\p{S}\s]+$/u;
/** Boilerplate is short; a long line that merely mentions 下载 is content. */
const MAX_BOILERPLATE_CHARS = 160;

export interface CleanOptions {
  /**
   * Raw material (txt, docx, pdf): also drop running headers (short lines seen three or more
   * times) and page-number lines. Curated Markdown keeps them: a lone "1" or a repeated bullet
   * there is content.
   */
  raw: boolean;
}

export interface CleanResult {
  text: string;
  removed: RemovedLine[];
}

/** Removes web boilerplate, related-document lists, page numbers, URLs, mojibake and repeats. */
export function cleanText(text: string, options: CleanOptions): CleanResult {
  const removed: RemovedLine[] = [];
  const drop = (line: string, reason: RemovalReason) => removed.push({ line: line.trim(), reason });
  const kept: string[] = [];
  let inRelatedList = false;
  for (const original of (options.raw ? unflatten(text) : text).split("\n")) {
    const verdict = checkMojibake(original.replace(/[ \t]+/g, " "));
    if (verdict.kind === "garbled") {
      drop(original, "garbled");
      continue;
    }
    const line = verdict.line.trimEnd();
    const trimmed = line.trim();
    if (inRelatedList) {
      if (trimmed === "" || LIST_ITEM.test(line) || (trimmed.length < 40 && !SENTENCE_END.test(trimmed))) {
        if (trimmed) drop(line, "related-list");
        continue;
      }
      inRelatedList = false;
    }
    if (RELATED_HEADER.test(trimmed)) {
      inRelatedList = true;
      drop(line, "related-list");
    } else if (trimmed.length <= MAX_BOILERPLATE_CHARS && BOILERPLATE.some((p) => p.test(trimmed)))
      drop(line, "boilerplate");
    else if (URL_ONLY.test(trimmed)) drop(line, "url");
    else if (SYMBOLS_ONLY.test(trimmed)) drop(line, "empty-markup");
    else if (options.raw && PAGE_NUMBER.test(trimmed)) drop(line, "page-number");
    else kept.push(line);
  }
  const lines = options.raw ? dropRepeats(kept, drop) : kept;
  return { text: collapseBlankLines(lines).join("\n").trim(), removed };
}

/**
 * Slides flattened into one line keep their structure only as ",,," runs and "?" where bullet
 * glyphs were lost; both become line breaks so chunking and heading detection can work.
 */
function unflatten(text: string): string {
  return text.replace(/\s*,{2,}\s*/g, "\n").replace(/(?:^|[ \t])\?(?:[ \t]+\?)*[ \t]+/gm, "\n");
}

/** Running headers and footers (a short line seen 3+ times) and immediate duplicates. */
function dropRepeats(lines: string[], drop: (line: string, reason: RemovalReason) => void): string[] {
  const counts = new Map<string, number>();
  for (const line of lines) {
    const key = line.trim();
    // Recovered headings ("## 应答") repeat legitimately, once per chapter.
    if (key.length >= 4 && key.length <= 60 && !key.startsWith("#"))
      counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const out: string[] = [];
  let previous = "";
  for (const line of lines) {
    const key = line.trim();
    if ((counts.get(key) ?? 0) >= 3 || (key !== "" && key === previous)) {
      drop(line, "repeated");
      continue;
    }
    out.push(line);
    if (key !== "") previous = key;
  }
  return out;
}

function collapseBlankLines(lines: string[]): string[] {
  return lines.filter((line, i) => line.trim() !== "" || (i > 0 && lines[i - 1]?.trim() !== ""));
}
