/**
 * What a group chat may get, decided in the command layer so every platform's adapter gets it:
 * only members of the group's own team are answered there, and every text of a reply a group
 * will read passes the one masking function (phones, ID numbers, bank cards, e-mail addresses).
 */

import type { Reply, ReplyBlock } from "../chat/reply.js";
import { textReply } from "../chat/reply.js";
import { transformTextStream } from "../domain/mask-stream.js";
import { maskPersonalData } from "../domain/masking.js";
import { securityMessages } from "../i18n/security.js";
import { teamName } from "../store/managers.js";
import type { CommandContext } from "./command.js";

/**
 * A refusal when the asker is not a member of the team the group is bound to (a lead of another
 * team included: their team's list must not be posted in this one); null when they may be answered.
 */
export async function groupMembershipRefusal(
  ctx: Pick<CommandContext, "app" | "requester" | "groupTeamId" | "inGroup" | "locale">,
): Promise<Reply | null> {
  if (!ctx.inGroup || !ctx.groupTeamId || !ctx.requester) return null;
  if (ctx.requester.teamId === ctx.groupTeamId) return null;
  const team = await teamName(ctx.app.store.db, ctx.groupTeamId);
  return textReply(securityMessages(ctx.locale).notGroupMember(team ?? ctx.groupTeamId), {
    errorCode: "not_group_member",
  });
}

/** A block with its texts masked. */
function maskBlock(block: ReplyBlock): ReplyBlock {
  switch (block.type) {
    case "heading":
    case "text":
    case "notice":
      return { ...block, text: maskPersonalData(block.text) };
    case "list":
      return { ...block, items: block.items.map(maskPersonalData) };
    case "customer":
      return { ...block, title: maskPersonalData(block.title), lines: block.lines.map(maskPersonalData) };
    case "image":
    case "file":
      return { ...block, caption: maskPersonalData(block.caption) };
  }
}

/** Every string inside structured data, masked. */
export function maskData(value: unknown): unknown {
  if (typeof value === "string") return maskPersonalData(value);
  if (Array.isArray(value)) return value.map(maskData);
  if (value && typeof value === "object" && !(value instanceof Uint8Array))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskData(v)]));
  return value;
}

/**
 * The reply as a group may read it. A personal reply is left to the adapter, which sends it to the
 * asker privately; everything else, a reply still being written included, is masked, files dropped.
 */
export function maskForGroup(reply: Reply): Reply {
  if (reply.personal) return reply;
  // A file cannot be masked: a group never gets one (exports are refused there anyway).
  const blocks = reply.blocks.filter((b) => b.type !== "file").map(maskBlock);
  const masked: Reply = { ...reply, blocks, data: maskData(reply.data) };
  if (!reply.stream) return masked;
  return {
    ...masked,
    stream: {
      deltas: transformTextStream(reply.stream.deltas, maskPersonalData),
      final: reply.stream.final.then(maskForGroup),
    },
  };
}
