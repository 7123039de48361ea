/** The 👍 / 👎 buttons under talk tracks and objection answers. */
import { defineCatalogue } from "./catalogue.js";

export interface FeedbackMessages {
  prompt: string;
  up: string;
  down: string;
  saved(up: boolean): string;
  usage: string;
}

export const feedbackMessages = defineCatalogue<FeedbackMessages>({
  zh: {
    prompt: "这条回答有用吗？",
    up: "👍 有用",
    down: "👎 没用",
    saved: (up) => (up ? "已记录：有用。谢谢反馈！" : "已记录：没用。我们会据此改进培训材料。"),
    usage: "用法：点回答下方的 👍 / 👎 按钮。",
  },
  en: {
    prompt: "Was this answer useful?",
    up: "👍 Useful",
    down: "👎 Not useful",
    saved: (up) => (up ? "Noted: useful. Thank you!" : "Noted: not useful. The material will be improved."),
    usage: "Usage: press 👍 / 👎 under an answer.",
  },
});
