import { defineCatalogue } from "./catalogue.js";

/** Messages of the identity commands (/bind, /bindgroup). */
export interface IdentityMessages {
  bindUsage: string;
  bindConsole: string;
  bindInGroup: string;
  bound(name: string, managerId: string): string;
  codeInvalid: string;
  codeExpired: string;
  codeUsed: string;
  accountTaken(managerId: string): string;
  bindGroupOnlyInGroups: string;
  groupBound(teamName: string): string;
  groupAlreadyBound(teamName: string): string;
  groupBoundElsewhere(teamName: string): string;
  bindDescription: string;
  bindGroupDescription: string;
}

const zh: IdentityMessages = {
  bindUsage: "用法：/bind <工号> <绑定码>。绑定码请向管理员索取（npm run cli -- invite <工号>）。",
  bindConsole: "控制台已按工号登录，无需绑定。",
  bindInGroup:
    "请不要在群里发送绑定码：请私聊我发送 /bind <工号> <绑定码>。这个绑定码已在群里公开，已作废，请向管理员重新索取。",
  bound: (name, managerId) => `绑定成功：${name}（工号 ${managerId}）。现在可以问我“今天谁有风险”。`,
  codeInvalid: "工号或绑定码不对，请核对后重试，或向管理员重新索取绑定码。",
  codeExpired: "绑定码已过期，请向管理员重新索取。",
  codeUsed: "绑定码已经用过了，请向管理员重新索取。",
  accountTaken: (managerId) => `这个聊天账号已绑定到工号 ${managerId}。如需更改请联系管理员。`,
  bindGroupOnlyInGroups: "请在要绑定的群里发送 /bindgroup。",
  groupBound: (teamName) => `本群已绑定到团队“${teamName}”。团队成员可以在群里发命令或 @我 提问。`,
  groupAlreadyBound: (teamName) => `本群已经绑定到团队“${teamName}”。`,
  groupBoundElsewhere: (teamName) => `本群已绑定到团队“${teamName}”。如需更改，请联系管理员（bind-group）。`,
  bindDescription: "用绑定码把聊天账号绑定到工号",
  bindGroupDescription: "把本群绑定到你的团队（团队长）",
};

const en: IdentityMessages = {
  bindUsage:
    "Usage: /bind <employee id> <code>. Ask your administrator for a code (npm run cli -- invite <employee id>).",
  bindConsole: "The console already acts as an employee id; there is nothing to bind.",
  bindInGroup:
    "Please don't send bind codes in a group: send /bind <employee id> <code> to me in a private chat. This code is now public and has been revoked; ask your administrator for a new one.",
  bound: (name, managerId) => `Bound: ${name} (employee id ${managerId}). Now ask me "who is at risk today".`,
  codeInvalid: "The employee id or code is wrong. Check them and try again, or ask for a new code.",
  codeExpired: "This code has expired; ask your administrator for a new one.",
  codeUsed: "This code has already been used; ask your administrator for a new one.",
  accountTaken: (managerId) =>
    `This chat account is already bound to employee id ${managerId}. Ask your administrator to change it.`,
  bindGroupOnlyInGroups: "Send /bindgroup in the group you want to bind.",
  groupBound: (teamName) =>
    `This group is now bound to team "${teamName}". Team members can send commands or mention me here.`,
  groupAlreadyBound: (teamName) => `This group is already bound to team "${teamName}".`,
  groupBoundElsewhere: (teamName) =>
    `This group is bound to team "${teamName}". Ask your administrator to change it (bind-group).`,
  bindDescription: "bind your chat account to your employee id with a code",
  bindGroupDescription: "bind this group to your team (team leads)",
};

export const identityMessages = defineCatalogue<IdentityMessages>({ zh: zh, en: en });
