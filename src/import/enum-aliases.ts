/**
 * Chinese (and a few English) spellings that BSS/CRM exports use for the domain's enum values.
 * Keys are compared lower-cased and without spaces; the canonical English values always work.
 */

export const VIP_LEVEL_ALIASES: Record<string, string> = {
  钻石: "diamond",
  钻石卡: "diamond",
  钻石会员: "diamond",
  钻石vip: "diamond",
  金: "gold",
  金卡: "gold",
  黄金: "gold",
  金牌: "gold",
  金卡会员: "gold",
  银: "silver",
  银卡: "silver",
  白银: "silver",
  银牌: "silver",
  银卡会员: "silver",
  普通: "standard",
  普卡: "standard",
  标准: "standard",
  大众: "standard",
  普通客户: "standard",
};

export const SEGMENT_ALIASES: Record<string, string> = {
  个人: "personal",
  个人客户: "personal",
  公众: "personal",
  公众客户: "personal",
  集团: "group",
  集团客户: "group",
  集团成员: "group",
  政企: "group",
  政企客户: "group",
};

export const SENSITIVITY_ALIASES: Record<string, string> = {
  价格: "price",
  价格敏感: "price",
  价格敏感型: "price",
  服务: "service",
  服务敏感: "service",
  服务敏感型: "service",
  品牌: "brand",
  品牌敏感: "brand",
  品牌敏感型: "brand",
  安全: "security",
  安全敏感: "security",
  安全敏感型: "security",
};

export const PERSONALITY_ALIASES: Record<string, string> = {
  和平: "peaceful",
  和平型: "peaceful",
  活泼: "lively",
  活泼型: "lively",
  完美: "perfect",
  完美型: "perfect",
  力量: "powerful",
  力量型: "powerful",
};

export const STATUS_ALIASES: Record<string, string> = {
  在网: "active",
  正常: "active",
  在用: "active",
  停机: "suspended",
  欠费停机: "suspended",
  暂停: "suspended",
  离网: "left",
  销户: "left",
  拆机: "left",
  已离网: "left",
};

export const ROLE_ALIASES: Record<string, string> = {
  客户经理: "manager",
  经理: "manager",
  组长: "lead",
  团队长: "lead",
  主管: "lead",
  队长: "lead",
  leader: "lead",
  team_lead: "lead",
};

export const EVENT_TYPE_ALIASES: Record<string, string> = {
  投诉: "complaint",
  客户投诉: "complaint",
  宽带故障: "broadband_fault",
  宽带报障: "broadband_fault",
  故障: "broadband_fault",
  携号转网咨询: "portability_inquiry",
  携转咨询: "portability_inquiry",
  携号转网: "portability_inquiry",
  竞品优惠: "competitor_offer",
  竞争对手优惠: "competitor_offer",
  友商优惠: "competitor_offer",
  竞争对手营销: "competitor_offer",
};
