import { defineCatalogue } from "./catalogue.js";

/** Messages of the guards every message passes (group membership, limits) and of /bind's throttle. */
export interface SecurityMessages {
  notGroupMember(teamName: string): string;
  messageTooLong(limit: number, length: number): string;
  /** `narrower`: the asked command with a smaller count ("/care 10"), when it takes one. */
  replyShortened(limit: number, narrower?: string): string;
  bindLocked(minutes: number): string;
  bindLockoutAlert(managerId: string, platform: string, attempts: number, minutes: number): string;
  rebindConfirm(managerId: string, platform: string): string;
  rebound(name: string, managerId: string): string;
}

const zh: SecurityMessages = {
  notGroupMember: (team) => `本群属于团队“${team}”，只回答该团队成员的提问。请私聊我查询你自己的客户。`,
  messageTooLong: (limit, length) =>
    `消息太长（${length} 个字符），最多 ${limit} 个字符，未处理。请缩短后重发。`,
  replyShortened: (limit, narrower) =>
    `回复过长，只显示了前面部分（每次回复最多 ${limit} 条）。请缩小范围${narrower ? `，例如 ${narrower}` : ""}。`,
  bindLocked: (minutes) =>
    `绑定码错误次数过多，已暂停绑定 ${minutes} 分钟。请稍后再试，或向管理员重新索取绑定码。`,
  bindLockoutAlert: (managerId, platform, attempts, minutes) =>
    `安全提醒：${minutes} 分钟内有人 ${attempts} 次用错误的绑定码尝试绑定工号 ${managerId}（${platform}），已暂停该工号的绑定。如非本人操作，请联系管理员。`,
  rebindConfirm: (managerId, platform) =>
    `工号 ${managerId} 已绑定另一个 ${platform} 账号。如要改绑到当前账号（原账号将不能再使用），请发送：/bind ${managerId} <绑定码> confirm`,
  rebound: (name, managerId) => `已改绑：${name}（工号 ${managerId}）现在绑定到当前账号，原账号已解除绑定。`,
};

const en: SecurityMessages = {
  notGroupMember: (team) =>
    `This group belongs to team "${team}" and I answer only its members here. Ask me in a private chat about your own customers.`,
  messageTooLong: (limit, length) =>
    `Message too long (${length} characters; the limit is ${limit}); nothing was done. Please shorten it and send it again.`,
  replyShortened: (limit, narrower) =>
    `The reply was too long and was cut (at most ${limit} items per reply). Ask for less${narrower ? `, e.g. ${narrower}` : ""}.`,
  bindLocked: (minutes) =>
    `Too many wrong codes: binding is paused for ${minutes} minutes. Try again later, or ask your administrator for a new code.`,
  bindLockoutAlert: (managerId, platform, attempts, minutes) =>
    `Security alert: ${attempts} wrong bind codes for employee id ${managerId} (${platform}) within ${minutes} minutes; binding that id is paused. If this was not them, contact your administrator.`,
  rebindConfirm: (managerId, platform) =>
    `Employee id ${managerId} is bound to another ${platform} account. To move it to this account (the old one loses access), send: /bind ${managerId} <code> confirm`,
  rebound: (name, managerId) =>
    `Moved: ${name} (employee id ${managerId}) is now bound to this account; the old account was unbound.`,
};

export const securityMessages = defineCatalogue<SecurityMessages>({ zh: zh, en: en });
