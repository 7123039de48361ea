import { defineCatalogue } from "./catalogue.js";

/** What chat adapters say about how an answer was delivered (not about the domain). */
export interface ChatDeliveryMessages {
  /** Posted in a group when personal details went to the asker privately. */
  sentPrivately(name: string): string;
  /** Posted in a group when personal details could not be sent privately. */
  openPrivateChatFirst(botName: string): string;
  /** A button whose action is no longer known (stored actions are lost on restart). */
  buttonExpired: string;
}

const zh: ChatDeliveryMessages = {
  sentPrivately: (name) => `详情含客户个人信息，已私信发给 ${name}。`,
  openPrivateChatFirst: (botName) =>
    `详情含客户个人信息，不能发在群里。请先私聊 ${botName} 并发送 /start，然后再问一次。`,
  buttonExpired: "这个按钮已过期，请重新查询。",
};

const en: ChatDeliveryMessages = {
  sentPrivately: (name) => `The details contain customers' personal data; I sent them to ${name} privately.`,
  openPrivateChatFirst: (botName) =>
    `The details contain customers' personal data and can't be posted here. Open a private chat with ${botName}, send /start, then ask again.`,
  buttonExpired: "This button has expired; please ask again.",
};

export const chatDeliveryMessages = defineCatalogue<ChatDeliveryMessages>({ zh: zh, en: en });
