/** The kinds of objection the training material distinguishes: 真实 / 虚假 / 隐藏异议. */
export const OBJECTION_KINDS = ["real", "false", "hidden"] as const;
export type ObjectionKind = (typeof OBJECTION_KINDS)[number];
