import { defineCatalogue } from "./catalogue.js";

export interface TalkTrackMessages {
  objectionTitle(question: string): string;
  objectionUsage: string;
  answerTitle(n: number, heading: string): string;
  askFirst: string;
  noMaterial: string;
  sources: string;
  writing: string;
  composedWithoutLlm(reason: "not_configured" | "failed"): string;
  trackTitle(customer: string): string;
  trackUsage: string;
  customerNotFound(query: string): string;
  customerAmbiguous(query: string): string;
  situationTitle: string;
  sections: { opening: string; probing: string; objections: string; options: string; followUp: string };
  situation: {
    vip: string;
    stage: string;
    sensitivity: string;
    personality: string;
    signals: string;
    noSignals: string;
    unknown: string;
  };
}

const zh: TalkTrackMessages = {
  objectionTitle: (q) => `如何回应：${q}`,
  objectionUsage: "请说明客户的异议，例如：/objection 客户说资费太贵要转网",
  answerTitle: (n, heading) => `答法 ${n}：${heading}`,
  askFirst: "先问一句：",
  noMaterial: "培训资料里没有找到相关内容。换个说法试试，或请管理员在 knowledge/ 中补充资料。",
  sources: "来源",
  writing: "正在根据培训资料撰写…",
  composedWithoutLlm: (reason) =>
    reason === "not_configured"
      ? "说明：本回答直接由培训资料整理，未经大模型生成（未配置大模型）。"
      : "说明：大模型暂时不可用，本回答直接由培训资料整理，未经大模型生成。",
  trackTitle: (c) => `通话脚本：${c}`,
  trackUsage: "请给出客户编号或姓名，例如：/track C0000002",
  customerNotFound: (q) => `在你可查看的客户中没有找到“${q}”。请检查客户编号或姓名。`,
  customerAmbiguous: (q) => `有多位客户与“${q}”匹配，请用客户编号：`,
  situationTitle: "客户情况",
  sections: {
    opening: "开场白（建立关系）",
    probing: "探询问题（倾听需求）",
    objections: "可能的异议与应答",
    options: "可提供的方案（提供建议）",
    followUp: "跟进安排（跟进执行）",
  },
  situation: {
    vip: "VIP 等级",
    stage: "生命周期",
    sensitivity: "敏感类型",
    personality: "性格类型",
    signals: "预警信号",
    noSignals: "暂无预警信号",
    unknown: "未知",
  },
};

const en: TalkTrackMessages = {
  objectionTitle: (q) => `How to answer: ${q}`,
  objectionUsage: 'Tell me the objection, e.g. "/objection the customer says the price is too high"',
  answerTitle: (n, heading) => `Answer ${n}: ${heading}`,
  askFirst: "Ask first: ",
  noMaterial:
    "Nothing in the training material matches. Try other words, or ask an administrator to add material to knowledge/.",
  sources: "Sources",
  writing: "Writing from the training material…",
  composedWithoutLlm: (reason) =>
    reason === "not_configured"
      ? "Note: composed directly from the training material, without the LLM (no LLM is configured)."
      : "Note: the LLM is unavailable right now; this answer was composed directly from the training material, without the LLM.",
  trackTitle: (c) => `Call script: ${c}`,
  trackUsage: "Give a customer id or name, e.g. /track C0000002",
  customerNotFound: (q) => `No customer you can see matches "${q}". Check the customer id or name.`,
  customerAmbiguous: (q) => `Several customers match "${q}"; use the customer id:`,
  situationTitle: "Customer",
  sections: {
    opening: "Opening (build rapport)",
    probing: "Probing questions (listen for needs)",
    objections: "Likely objections and answers",
    options: "Options to offer (propose)",
    followUp: "Follow-up",
  },
  situation: {
    vip: "VIP level",
    stage: "Lifecycle stage",
    sensitivity: "Sensitivity",
    personality: "Personality",
    signals: "Signals",
    noSignals: "no warning signals",
    unknown: "unknown",
  },
};

export const talkTrackMessages = defineCatalogue<TalkTrackMessages>({ zh: zh, en: en });
