/** Lookups over rendered manifests for the tests. */
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";

// Rendered manifests are plain JSON; the tests read them loosely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = any;

export function find(objs: readonly object[], kind: string, name: string | RegExp): Obj {
  const hit = (objs as Obj[]).find((o) => o.kind === kind && (typeof name === "string" ? o.metadata?.name === name : name.test(o.metadata?.name)));
  if (!hit) throw new Error(`no ${kind} ${name} among ${(objs as Obj[]).map((o) => `${o.kind}/${o.metadata?.name}`).join(", ")}`);
  return hit;
}

export function all(objs: readonly object[], kind: string): Obj[] {
  return (objs as Obj[]).filter((o) => o.kind === kind);
}

/** Every pod template of Deployments, StatefulSets and Jobs, with its owner. */
export function podSpecs(objs: readonly object[]): { owner: string; spec: IPodSpec; labels: Record<string, string> }[] {
  return (objs as Obj[])
    .filter((o) => ["Deployment", "StatefulSet", "Job"].includes(o.kind))
    .map((o) => ({ owner: `${o.kind}/${o.metadata.name}`, spec: o.spec.template.spec as IPodSpec, labels: o.spec.template.metadata.labels }));
}

export function containersOf(spec: IPodSpec): IContainer[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

export function env(c: IContainer, name: string): Obj {
  return c.env?.find((e) => e.name === name);
}

export function argAfter(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}
