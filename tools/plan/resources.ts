/**
 * The plan's view of a resource: what `mockRun` recorded, with secrets masked as `[secret]` so the
 * value can be printed, written to JSON and compared with a baseline without ever holding a secret.
 * Also the graph helpers the waves, the diff and the SQL script share.
 */
import { isSecretValue, SECRET_MARK, type RecordedResource } from "../mockRun";

/** A recorded resource with its inputs masked (`[secret]`, no `undefined`); components' outputs left out. */
export type PlanResource = Omit<RecordedResource, "outputs">;

/** Replace recorded secrets (`{secret: true}`) with `[secret]`, recursively; drop undefined. */
export function maskValue(v: unknown): unknown {
  if (isSecretValue(v)) return SECRET_MARK;
  if (Array.isArray(v)) return v.map(maskValue);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = maskValue(x);
    return out;
  }
  return v;
}

export function toPlanResource(r: RecordedResource): PlanResource {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    custom: r.custom,
    ...(r.parent ? { parent: r.parent } : {}),
    inputs: maskValue(r.inputs) as Record<string, unknown>,
    dependencies: [...new Set(r.dependencies)].sort(),
    propertyDependencies: Object.fromEntries(
      Object.entries(r.propertyDependencies)
        .filter(([, v]) => v.length > 0)
        .sort(([a], [b]) => cmp(a, b))
        .map(([k, v]) => [k, [...new Set(v)].sort()]),
    ),
    protect: r.protect,
    retainOnDelete: r.retainOnDelete,
    deleteBeforeReplace: r.deleteBeforeReplace,
    ...(r.provider ? { provider: r.provider } : {}),
  };
}

/** Code-point order: the same on every machine and locale. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isProvider(r: Pick<PlanResource, "type">): boolean {
  return r.type.startsWith("pulumi:providers:");
}

/** A real object the apply creates: custom and not a provider reference. */
export function isObject(r: Pick<PlanResource, "type" | "custom">): boolean {
  return r.custom && !isProvider(r);
}

/** The name the resource has in its system (Snowflake, Kubernetes), else its Pulumi name. */
export function objectName(r: PlanResource): string {
  const i = r.inputs;
  if (typeof i.name === "string") return i.name;
  const meta = i.metadata as { name?: unknown } | undefined;
  if (meta && typeof meta.name === "string") return meta.name;
  return r.name;
}

/**
 * For each object, the objects it waits for: its recorded dependencies (the SDK already expands a
 * component into its custom descendants) plus a custom parent, components expanded the same way.
 */
export function objectDependencies(resources: readonly PlanResource[]): Map<string, Set<string>> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const children = new Map<string, string[]>();
  for (const r of resources) if (r.parent) (children.get(r.parent) ?? children.set(r.parent, []).get(r.parent)!).push(r.urn);
  const expand = (urn: string, seen = new Set<string>()): string[] => {
    const r = byUrn.get(urn);
    if (!r || seen.has(urn)) return [];
    seen.add(urn);
    if (isObject(r)) return [urn];
    if (isProvider(r)) return [];
    return (children.get(urn) ?? []).flatMap((c) => expand(c, seen));
  };
  const deps = new Map<string, Set<string>>();
  for (const r of resources) {
    if (!isObject(r)) continue;
    const d = new Set<string>();
    for (const u of r.dependencies) for (const x of expand(u)) d.add(x);
    const parent = r.parent ? byUrn.get(r.parent) : undefined;
    if (parent && isObject(parent)) d.add(parent.urn);
    d.delete(r.urn);
    deps.set(r.urn, d);
  }
  return deps;
}

/** Inverse of {@link objectDependencies}: who waits for each object. */
export function dependents(deps: Map<string, Set<string>>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const urn of deps.keys()) out.set(urn, new Set());
  for (const [urn, ds] of deps) for (const d of ds) (out.get(d) ?? out.set(d, new Set()).get(d)!).add(urn);
  return out;
}

/** Every object that (transitively) waits for `urn`, nearest first, each once. */
export function transitiveDependents(urn: string, rdeps: Map<string, Set<string>>): string[] {
  const out: string[] = [];
  const seen = new Set([urn]);
  let frontier = [urn];
  while (frontier.length) {
    const next: string[] = [];
    for (const u of frontier) {
      for (const d of [...(rdeps.get(u) ?? [])].sort(cmp)) {
        if (seen.has(d)) continue;
        seen.add(d);
        out.push(d);
        next.push(d);
      }
    }
    frontier = next;
  }
  return out;
}

/** `llmstack:spcs:ComputePool` → ComputePool; `snowflake:index/grantAccountRole:GrantAccountRole` → GrantAccountRole. */
export function shortType(type: string): string {
  return type.split(":").pop()!.split("/").pop()!;
}
