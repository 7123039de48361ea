import type { ImportKind } from "./types.js";

/**
 * The columns of each kind: canonical English names (what integrations and tests write) and the
 * Chinese headers that BSS/CRM exports use for them. Headers are matched after `normalizeHeader`,
 * so case, spaces and a unit in brackets ("流量(MB)", "话费（元）") do not matter.
 */
export interface ColumnSpec {
  readonly name: string;
  readonly required: boolean;
  readonly aliases: readonly string[];
}

const col = (name: string, required: boolean, ...aliases: string[]): ColumnSpec => ({
  name,
  required,
  aliases,
});

const customerId = col("customer_id", true, "客户编号", "客户ID", "客户号", "客户编码", "用户编号", "用户ID");

export const COLUMNS: Record<ImportKind, readonly ColumnSpec[]> = {
  managers: [
    col("manager_id", true, "工号", "客户经理工号", "经理工号", "员工工号", "员工编号", "客户经理编号"),
    col("name", true, "姓名", "客户经理", "客户经理姓名", "经理姓名", "名称"),
    col("team_id", true, "团队编号", "团队ID", "团队", "所属团队", "班组编号", "班组"),
    col("team_name", false, "团队名称", "班组名称"),
    col("role", false, "角色", "岗位", "职务"),
    col("telegram_user_id", false, "Telegram", "Telegram账号", "Telegram用户ID", "TG"),
    col("slack_user_id", false, "Slack", "Slack账号", "Slack用户ID"),
  ],
  customers: [
    customerId,
    col("name", true, "客户名称", "客户姓名", "姓名", "名称", "用户名称"),
    col("phone", true, "手机号码", "手机号", "电话", "联系电话", "服务号码", "号码"),
    col("manager_id", true, "客户经理工号", "经理工号", "工号", "客户经理编号"),
    col("segment", false, "客户类型", "客户类别", "类型", "细分市场"),
    col("group_id", false, "集团编号", "集团客户编号", "集团ID", "所属集团"),
    col("vip_level", false, "客户级别", "VIP等级", "VIP级别", "客户等级", "星级"),
    col("arpu", false, "月均消费", "ARPU值", "月均ARPU", "月均收入"),
    col("join_date", true, "入网日期", "入网时间", "开户日期"),
    col("contract_end", false, "协议到期日", "协议到期日期", "合约到期日", "合约到期", "到期日"),
    col("birthday", false, "生日", "出生日期"),
    col("lunar_birthday", false, "农历生日", "是否农历生日", "农历"),
    col("sensitivity", false, "敏感类型", "敏感型", "客户敏感类型"),
    col("personality", false, "性格", "性格类型", "性格特征"),
    col("status", false, "状态", "客户状态", "在网状态", "用户状态"),
    col("left_date", false, "离网日期", "离网时间", "销户日期", "拆机日期"),
    col("points", false, "积分", "可用积分"),
  ],
  usage: [
    customerId,
    col("date", true, "日期", "统计日期", "使用日期", "话单日期"),
    col("calls", true, "通话次数", "呼叫次数", "通话量"),
    col("call_minutes", true, "通话分钟", "通话分钟数", "通话时长"),
    col("data_mb", true, "流量MB", "流量", "数据流量", "上网流量"),
    col("spend", true, "话费", "消费金额", "消费", "当日消费", "费用"),
    col("competitor_hotline_seconds", false, "竞品热线秒数", "竞品客服热线时长", "拨打竞品客服秒数"),
    col("forwarded_to_competitor", false, "呼转竞品", "呼转至竞品", "是否呼转竞品", "呼叫转移至竞品"),
  ],
  bills: [
    customerId,
    col("month", true, "账期", "月份", "账单月份", "计费月份"),
    col("amount", true, "金额", "账单金额", "应收金额", "应缴金额"),
    col("due_date", true, "缴费截止日", "截止日期", "缴费期限", "最后缴费日"),
    col("paid_date", false, "缴费日期", "实缴日期", "付款日期", "缴费时间"),
  ],
  events: [
    customerId,
    col("date", true, "日期", "事件日期", "发生日期"),
    col("type", true, "事件类型", "类型"),
    col("note", false, "备注", "说明", "描述", "内容"),
  ],
};

const BRACKETED_UNIT = /[(（[【][^)）\]】]*[)）\]】]/g;

/** "流量(MB)" → "流量", " Customer ID " → "customer_id": the form headers are compared in. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, "")
    .replace(BRACKETED_UNIT, "")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

/** Normalised header → canonical column name, for one kind. */
export function headerLookup(kind: ImportKind): Map<string, string> {
  const lookup = new Map<string, string>();
  for (const spec of COLUMNS[kind]) {
    lookup.set(normalizeHeader(spec.name), spec.name);
    for (const alias of spec.aliases) lookup.set(normalizeHeader(alias), spec.name);
  }
  return lookup;
}
