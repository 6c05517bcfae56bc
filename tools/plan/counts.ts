/**
 * The plan's counts: ONE definition, used by every format (text, markdown, JSON `counts` and
 * `diff.counts`).
 *
 * What is counted: **objects**, the custom resources that are not provider instances — what
 * exists in Snowflake or Kubernetes (a compute pool, a grant, a Deployment, an image). Components
 * (groupings such as `llmstack:snowflake:ModelService`) and provider instances are not counted.
 * Each object counts once, under the op of its step: `create`, `update` (in place, with downtime,
 * or left to its provider), `replace`, `delete`, `same`. Without a baseline every object is `create`.
 *
 * (`changeSummary` in the JSON keeps `pulumi preview --json`'s meaning, steps of every resource,
 * components and providers included, for tools that read Pulumi's shape; people read `counts`.)
 */
import type { Counts, Step } from "./json";
import { isObject } from "./resources";

export const COUNT_OPS = ["create", "update", "replace", "delete", "same"] as const;

export function countObjects(steps: readonly Step[]): Counts {
  const c = { create: 0, update: 0, replace: 0, delete: 0, same: 0 };
  for (const s of steps) {
    const state = s.newState ?? s.oldState;
    if (state && isObject(state)) c[s.op]++;
  }
  return c;
}

/** Objects in the desired state (everything but what is deleted). */
export function desiredObjects(c: Counts): number {
  return c.create + c.update + c.replace + c.same;
}

/**
 * `2 to update, 28 unchanged`; `num` styles the numbers of changes (markdown bolds them).
 * Zero counts are left out; no object at all reads "no objects".
 */
export function countsPhrase(c: Counts, opts: { separator?: string; num?: (n: number) => string } = {}): string {
  const num = opts.num ?? String;
  const parts = COUNT_OPS.filter((op) => c[op] > 0).map((op) => (op === "same" ? `${c[op]} unchanged` : `${num(c[op])} to ${op}`));
  return parts.length ? parts.join(opts.separator ?? ", ") : "no objects";
}
