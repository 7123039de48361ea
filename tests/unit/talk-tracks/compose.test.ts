import { describe, expect, it } from "vitest";
import { talkTrackMessages } from "../../../src/i18n/talk-tracks.js";
import { answerUnits, pickAnswerLines } from "../../../src/services/talk-tracks/answer-lines.js";
import { composeObjectionAnswer } from "../../../src/services/talk-tracks/compose-objection.js";
import { composeCallScript, retrieveTrackMaterial } from "../../../src/services/talk-tracks/compose-track.js";
import type { Passage, PassageRetriever } from "../../../src/services/talk-tracks/passages.js";
import type { CustomerSituation } from "../../../src/services/talk-tracks/situation.js";
import { trackQueries } from "../../../src/services/talk-tracks/track-queries.js";

const passage = (id: string, text: string, extra: Partial<Passage> = {}): Passage => ({
  id,
  sourceFile: `${id.split("#")[0]}.md`,
  heading: id.split("#")[1] ?? "",
  text,
  score: 1,
  tags: [],
  signals: [],
  objections: [],
  ...extra,
});

const PRICE_PROBE = passage(
  "price#probe",
  "先把“贵”拆开:\n- 具体项目:“您觉得贵的是哪一块——月租、流量还是通话?”\n- 比较对象:“您是拿什么来比较觉得我们贵的?”",
  { objections: ["资费太贵"], score: 9 },
);
const PRICE_ANSWER = passage(
  "price#answer",
  "- 先认同感受,再摆事实:把实际用量和现有套餐对一对,说明资费花在了哪里。\n- 培训材料的经验:传递价值比单纯拼价格更能留住客户。\n- 与本题无关的一句:天气很好,适合散步和喝茶聊天。\n- 另一句无关的话:会议室在三楼东侧。",
  { objections: ["资费太贵"], score: 8 },
);
const COMPETITOR = passage(
  "competitor#answer",
  "- 不贬低对手,把话题拉回客户自己的需求。\n- 讲清楚离开的代价:转移成本。",
  {
    objections: ["竞争对手优惠或策反"],
    score: 5,
  },
);
const WEAK = passage("unrelated#s1", "- 与资费毫无关系的内容。", { score: 0.5 });

const m = talkTrackMessages("zh");

describe("answer lines", () => {
  it("splits list items and sentences, keeping quotations whole", () => {
    expect(answerUnits("开场。“您好。我是小李。”然后问候!\n- 第一条内容\n1. 第二条内容")).toEqual([
      "“您好。我是小李。”然后问候!",
      "第一条内容",
      "第二条内容",
    ]);
  });

  it("picks the lines that match the question, not the whole passage", () => {
    const lines = pickAnswerLines(PRICE_ANSWER.text, "客户说资费太贵", { max: 2 });
    expect(lines).toHaveLength(2);
    expect(lines.join("")).toContain("资费");
    expect(lines.join("")).not.toContain("会议室");
  });
});

describe("composeObjectionAnswer", () => {
  it("answers from one to three playbooks, each line citing its passage", () => {
    const answer = composeObjectionAnswer(
      "客户说资费太贵要转网",
      [PRICE_PROBE, PRICE_ANSWER, COMPETITOR, WEAK],
      m,
    );
    expect(answer.sections.length).toBeGreaterThanOrEqual(1);
    expect(answer.sections.length).toBeLessThanOrEqual(3);
    expect(answer.sections[0]!.title).toBe("答法 1：answer");
    const first = answer.sections[0]!.lines;
    expect(first[0]).toMatch(/^先问一句：.*？?.*\[\d\]$/);
    for (const line of answer.sections.flatMap((s) => s.lines)) expect(line).toMatch(/\[\d\]$/);
    // The weak document falls below the floor; the unrelated lines are not quoted.
    expect(answer.citations.map((c) => c.passageId)).not.toContain("unrelated#s1");
    expect(JSON.stringify(answer)).not.toContain("会议室");
    const cited = new Set(
      answer.sections.flatMap((s) => s.lines.map((l) => Number(/\[(\d)\]$/.exec(l)![1]))),
    );
    expect([...cited].sort()).toEqual(answer.citations.map((c) => c.n));
    expect(answer.citations[0]).toMatchObject({ sourceFile: "price.md", heading: "answer" });
  });

  it("answers nothing from nothing", () => {
    expect(composeObjectionAnswer("x", [], m).sections).toEqual([]);
  });
});

describe("composeCallScript", () => {
  const situation: CustomerSituation = {
    customer: {
      id: "C1",
      name: "王建国",
      phone: "13800138000",
      managerId: "M1",
      segment: "personal",
      groupId: null,
      vipLevel: "gold",
      arpu: 120,
      joinDate: "2020-01-01",
      contractEnd: null,
      birthday: null,
      lunarBirthday: false,
      sensitivity: "price",
      personality: "peaceful",
      status: "active",
      points: 0,
    },
    signals: [
      {
        code: "portability_inquiry",
        level: 1,
        evidence: { key: "portability_inquiry", params: { withinDays: 30, count: 1, lastDay: "2026-11-20" } },
      },
    ],
    stage: "D",
    priorityScore: 60,
    notes: [],
  };

  it("asks the retriever about the customer's signals, sensitivity, personality and stage", async () => {
    const queries: { query: string; signals?: readonly string[]; objections?: readonly string[] }[] = [];
    const retriever: PassageRetriever = {
      search(query, options) {
        queries.push({ query, ...options });
        if (options?.objections?.includes("资费太贵")) return [PRICE_PROBE, PRICE_ANSWER];
        if (options?.objections?.includes("竞争对手优惠或策反")) return [COMPETITOR];
        if (query.includes("开场白"))
          return [passage("call#build-rapport", "- 问候:“王先生您好,我是您的服务经理小李。”")];
        if (query.includes("和平型"))
          return [passage("personality#peaceful", "- 和平型客户:语速放慢,多给时间。")];
        if (query.includes("跟进执行"))
          return [passage("call#follow-up", "- 约定下次联系的时间并按时回访。")];
        if (query.includes("衰退期")) return [passage("stages#stage-d", "- 衰退期:办理续约,按预警挽留。")];
        return [];
      },
    };
    const q = trackQueries(situation);
    const material = await retrieveTrackMaterial(retriever, q);
    const script = composeCallScript("通话脚本", material, q, m);

    const all = queries.map((x) => x.query).join(" | ");
    expect(all).toContain("携号转网");
    expect(all).toContain("和平型");
    expect(all).toContain("价格敏感型");
    expect(all).toContain("衰退期");
    expect(queries.some((x) => x.objections?.includes("资费太贵"))).toBe(true);
    expect(queries.every((x) => x.signals?.includes("portability_inquiry"))).toBe(true);

    expect(script.sections.map((s) => s.title)).toEqual([
      m.sections.opening,
      m.sections.objections,
      m.sections.options,
      m.sections.followUp,
    ]);
    for (const line of script.sections.flatMap((s) => s.lines)) expect(line).toMatch(/\[\d+\]$/);
    expect(script.sections[1]!.lines.some((l) => l.startsWith("“资费太贵”："))).toBe(true);
    expect(script.citations.map((c) => c.passageId)).toContain("call#follow-up");
  });
});
