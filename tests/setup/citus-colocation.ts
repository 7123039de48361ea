/**
 * Whether a PostgreSQL statement would stay co-located if the large tables were hash-distributed by
 * customer (src/store/postgres/distribution.ts). Citus runs a query over one distributed table on
 * every shard in parallel, and joins it with reference tables on each shard; what it cannot push
 * down is a join between two distributed tables (or queries over them) that is not on the
 * customer column. So, for every query block of the statement (each SELECT, UPDATE … FROM,
 * DELETE … USING, CTE and subquery): the distributed tables and the derived tables built from them
 * must be linked into one group by equalities between their customer columns.
 * The statement is parsed by PostgreSQL's own parser (libpg-query).
 */
import { loadModule, parseSync } from "libpg-query";
import { DISTRIBUTED_TABLES, distributionColumn } from "../../src/store/postgres/distribution.js";

const DISTRIBUTED = new Set<string>(DISTRIBUTED_TABLES);
/** A derived table (subquery, CTE) over distributed tables must carry its customer as one of these. */
const DERIVED_CUSTOMER_COLUMNS = new Set(["customerId", "id"]);

// biome-ignore lint/suspicious/noExplicitAny: the parser's JSON tree, walked generically
type Node = any;

export async function loadSqlParser(): Promise<void> {
  await loadModule();
}

interface Relation {
  alias: string;
  /** The columns that hold this relation's customer id. */
  customerColumns: Set<string>;
  describe: string;
}

/** Every value in the tree, depth first (objects and arrays). */
function* walk(node: Node): Generator<Node> {
  if (node === null || typeof node !== "object") return;
  yield node;
  for (const value of Array.isArray(node) ? node : Object.values(node)) yield* walk(value);
}

/** Whether a subtree reads a distributed table (directly or through a CTE that does). */
function readsDistributed(node: Node, distributedCtes: Set<string>): boolean {
  for (const n of walk(node)) {
    const rv = n.RangeVar;
    if (rv && (DISTRIBUTED.has(rv.relname) || distributedCtes.has(rv.relname))) return true;
  }
  return false;
}

/** The relations of a FROM list (through joins), with the join conditions met on the way. */
function fromItems(items: Node[], ctes: Set<string>, out: Relation[], quals: Node[]): void {
  for (const item of items ?? []) {
    if (item.JoinExpr) {
      const j = item.JoinExpr;
      const before = out.length;
      fromItems([j.larg], ctes, out, quals);
      const middle = out.length;
      fromItems([j.rarg], ctes, out, quals);
      if (j.quals) quals.push(j.quals);
      // JOIN … USING ("customerId"): every relation on the left equals every one on the right.
      const using = (j.usingClause ?? []).map((u: Node) => u.String?.sval);
      if (using.some((c: string) => DERIVED_CUSTOMER_COLUMNS.has(c)))
        for (const l of out.slice(before, middle))
          for (const r of out.slice(middle)) quals.push({ usingLink: [l.alias, r.alias] });
    } else if (item.RangeVar) {
      const rv = item.RangeVar;
      const alias = rv.alias?.aliasname ?? rv.relname;
      if (DISTRIBUTED.has(rv.relname))
        out.push({ alias, customerColumns: new Set([distributionColumn(rv.relname)]), describe: rv.relname });
      else if (ctes.has(rv.relname))
        out.push({ alias, customerColumns: DERIVED_CUSTOMER_COLUMNS, describe: `CTE ${rv.relname}` });
    } else if (item.RangeSubselect) {
      const sub = item.RangeSubselect;
      if (readsDistributed(sub.subquery, ctes))
        out.push({
          alias: sub.alias?.aliasname ?? "(subquery)",
          customerColumns: DERIVED_CUSTOMER_COLUMNS,
          describe: "a subquery",
        });
    }
  }
}

/** `a.x = b.y` pairs (also `OPERATOR(pg_catalog.=)`, as PostgreSQL's own key checks write it) in a condition (ANDed parts only: an OR does not link anything for sure). */
function equalities(expr: Node, out: [string[], string[]][]): void {
  if (!expr) return;
  if (expr.usingLink) {
    out.push([
      [expr.usingLink[0], "customerId"],
      [expr.usingLink[1], "customerId"],
    ]);
    return;
  }
  if (expr.BoolExpr?.boolop === "AND_EXPR") for (const arg of expr.BoolExpr.args) equalities(arg, out);
  const op = expr.A_Expr;
  if (
    op?.kind === "AEXPR_OP" &&
    op.name?.at(-1)?.String?.sval === "=" &&
    op.lexpr?.ColumnRef &&
    op.rexpr?.ColumnRef
  ) {
    const path = (ref: Node) => ref.ColumnRef.fields.map((f: Node) => f.String?.sval ?? "*");
    out.push([path(op.lexpr), path(op.rexpr)]);
  }
}

/** The problem with one query block, if its distributed relations are not all linked on the customer. */
function checkBlock(relations: Relation[], quals: Node[]): string | null {
  if (relations.length < 2) return null;
  const byAlias = new Map(relations.map((r) => [r.alias, r]));
  const pairs: [string[], string[]][] = [];
  for (const q of quals) equalities(q, pairs);
  // Union-find over the relations, joined by customer-column equalities.
  const parent = new Map(relations.map((r) => [r.alias, r.alias]));
  const root = (a: string): string => {
    const p = parent.get(a) as string;
    return p === a ? a : root(p);
  };
  const customerOf = (path: string[]): string | null => {
    if (path.length !== 2) return null;
    const [alias, column] = path as [string, string];
    return byAlias.get(alias)?.customerColumns.has(column) ? alias : null;
  };
  for (const [l, r] of pairs) {
    const a = customerOf(l);
    const b = customerOf(r);
    if (a && b) parent.set(root(a), root(b));
  }
  const groups = new Set(relations.map((r) => root(r.alias)));
  if (groups.size === 1) return null;
  return `joins ${relations.map((r) => `${r.describe} ${r.alias}`).join(", ")} without equal customer columns linking them all`;
}

/** The query blocks a node opens: what its FROM (or UPDATE's target and FROM, DELETE's USING) reads, and its WHERE. */
function queryBlocks(n: Node): { items: Node[]; where: Node }[] {
  const block = (b: Node, extra: Node[] = []) => ({
    items: [...extra, ...(b.fromClause ?? [])],
    where: b.whereClause,
  });
  if (n.SelectStmt) return [block(n.SelectStmt)];
  // A set operation's branches (UNION …) are select statements without the wrapper.
  if (n.larg && n.rarg && n.op) return [block(n.larg), block(n.rarg)];
  if (n.UpdateStmt) return [block(n.UpdateStmt, [{ RangeVar: n.UpdateStmt.relation }])];
  if (n.DeleteStmt)
    return [
      {
        items: [{ RangeVar: n.DeleteStmt.relation }, ...(n.DeleteStmt.usingClause ?? [])],
        where: n.DeleteStmt.whereClause,
      },
    ];
  return [];
}

/** The query blocks of a statement and their problems: an empty list means it distributes. */
export function colocationProblems(sql: string): string[] {
  const tree = parseSync(sql);
  const problems: string[] = [];
  for (const { stmt } of tree.stmts ?? []) {
    const ctes = new Set<string>();
    for (const n of walk(stmt)) {
      const cte = n.CommonTableExpr;
      if (cte && readsDistributed(cte.ctequery, ctes)) ctes.add(cte.ctename);
    }
    for (const n of walk(stmt))
      for (const { items, where } of queryBlocks(n)) {
        const relations: Relation[] = [];
        const quals: Node[] = [where];
        fromItems(items, ctes, relations, quals);
        const problem = checkBlock(relations, quals);
        if (problem) problems.push(problem);
      }
  }
  return problems;
}
