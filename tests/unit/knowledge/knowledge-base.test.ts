import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createKnowledgeIndex,
  type KnowledgeIndex,
  OBJECTIONS,
  SIGNAL_CODES,
} from "../../../src/knowledge/index.js";

let index: KnowledgeIndex;

beforeAll(async () => {
  const built = await createKnowledgeIndex({ knowledgeDir: resolve("knowledge") });
  if (!built.ok) throw new Error(built.error.message);
  index = built.value;
});

describe("the shipped knowledge base (knowledge/)", () => {
  it("ingests every file with front matter and without warnings", () => {
    const files = index.report.files;
    expect(files.length).toBeGreaterThanOrEqual(25);
    for (const f of files) {
      expect(f.status, f.sourceFile).toBe("ingested");
      expect(f.warnings, f.sourceFile).toEqual([]);
    }
    for (const p of index.passages()) expect(p.id, p.sourceFile).toMatch(/^[a-z][a-z0-9-]*#[a-z0-9-]+$/);
  });

  it("has a playbook for every objection, with probing questions or an answer", () => {
    for (const objection of OBJECTIONS) {
      const playbook = index
        .passages({ objections: [objection] })
        .filter((p) => p.sourceFile.startsWith("objections/"));
      expect(playbook.length, objection).toBeGreaterThanOrEqual(2);
    }
  });

  it("covers the methods the issue asks for", () => {
    const required = [
      "four-step-call#build-rapport",
      "four-step-call#listen",
      "four-step-call#propose",
      "four-step-call#follow-up",
      "call-flow-variants#complaint",
      "call-flow-variants#daily-care",
      "call-flow-variants#proactive-marketing",
      "call-flow-variants#retention",
      "probing-real-reason#emotional-questions",
      "objection-types#real",
      "objection-types#false",
      "objection-types#hidden",
      "personality-types#peaceful",
      "personality-types#lively",
      "personality-types#perfect",
      "personality-types#powerful",
      "retention-methods#cost",
      "retention-methods#product",
      "retention-methods#relationship",
      "retention-methods#value",
      "retention-methods#embedded",
      "key-moments#overview",
      "lifecycle-stages#stage-a",
      "lifecycle-stages#stage-e",
      "group-retention#strategies",
      "sensitivity-types#price",
      "sensitivity-types#service",
      "sensitivity-types#brand",
      "sensitivity-types#security",
    ];
    for (const id of required) expect(index.get(id), id).toBeDefined();
  });

  it("tags passages only with signal codes the warning rules emit, and covers each of them", () => {
    const known = new Set<string>(SIGNAL_CODES);
    const used = new Set(index.passages().flatMap((p) => p.signals));
    for (const s of used) expect(known.has(s), s).toBe(true);
    for (const s of SIGNAL_CODES) expect(used.has(s), s).toBe(true);
  });

  it("prefers passages for a requested signal", () => {
    const plain = index.search("客户可能要走", { k: 3 });
    const boosted = index.search("客户可能要走", { k: 3, signals: ["call_forwarding"] });
    expect(boosted[0]?.signals).toContain("call_forwarding");
    expect(boosted.map((p) => p.id)).not.toEqual(plain.map((p) => p.id));
  });
});
