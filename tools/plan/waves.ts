/**
 * The apply order: dependency waves. Wave 1 holds the objects that wait for nothing; wave n the
 * objects whose latest dependency is in wave n-1. Everything in one wave can be created in parallel
 * (as the Pulumi engine does, up to its parallelism). The critical path is one longest chain of
 * dependencies: its length is the number of waves, the floor on sequential create steps.
 */
import { cmp, objectDependencies, type PlanResource } from "./resources";

export interface ApplyOrder {
  /** URNs per wave, sorted within a wave. */
  readonly waves: string[][];
  readonly criticalPathLength: number;
  /** One longest dependency chain, first to last. */
  readonly criticalPath: string[];
}

export function applyOrder(resources: readonly PlanResource[]): ApplyOrder {
  const deps = objectDependencies(resources);
  const level = new Map<string, number>();
  const via = new Map<string, string | undefined>();
  const visiting = new Set<string>();
  const levelOf = (urn: string): number => {
    const known = level.get(urn);
    if (known !== undefined) return known;
    if (visiting.has(urn)) throw new Error(`dependency cycle through ${urn}`);
    visiting.add(urn);
    let best = 0;
    let from: string | undefined;
    for (const d of [...(deps.get(urn) ?? [])].sort(cmp)) {
      if (!deps.has(d)) continue;
      const l = levelOf(d) + 1;
      if (l > best) {
        best = l;
        from = d;
      }
    }
    visiting.delete(urn);
    level.set(urn, best);
    via.set(urn, from);
    return best;
  };
  const urns = [...deps.keys()].sort(cmp);
  for (const u of urns) levelOf(u);
  const waves: string[][] = [];
  for (const u of urns) (waves[level.get(u)!] ??= []).push(u);
  const last = urns.filter((u) => level.get(u) === waves.length - 1)[0];
  const criticalPath: string[] = [];
  for (let u: string | undefined = last; u; u = via.get(u)) criticalPath.unshift(u);
  return { waves, criticalPathLength: waves.length, criticalPath };
}

/** Position (0-based wave, then URN) for sorting objects into apply order. */
export function applyRank(order: ApplyOrder): Map<string, number> {
  const rank = new Map<string, number>();
  let i = 0;
  for (const wave of order.waves) for (const u of wave) rank.set(u, i++);
  return rank;
}
