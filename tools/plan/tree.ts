/** The recorded resources as a tree (component → children), in registration order. */
import type { RecordedResource } from "../mockRun";

export interface TreeNode {
  readonly resource: RecordedResource;
  readonly children: TreeNode[];
}

export function resourceTree(resources: readonly RecordedResource[]): TreeNode[] {
  const nodes = new Map(resources.map((r) => [r.urn, { resource: r, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.resource.parent ? nodes.get(node.resource.parent) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** `kind` of a type token for display: `llmstack:spcs:ComputePool` → ComputePool. */
export function shortType(type: string): string {
  return type.split(":").pop()!.split("/").pop()!;
}
