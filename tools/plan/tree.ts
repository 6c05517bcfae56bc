/** The plan's resources as a tree (component → children), children sorted by name for stable output. */
import { cmp, shortType, type PlanResource } from "./resources";

export { shortType };

export interface TreeNode {
  readonly resource: PlanResource;
  readonly children: TreeNode[];
}

export function resourceTree(resources: readonly PlanResource[]): TreeNode[] {
  const nodes = new Map(resources.map((r) => [r.urn, { resource: r, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.resource.parent ? nodes.get(node.resource.parent) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (ns: TreeNode[]) => {
    ns.sort((a, b) => cmp(a.resource.name, b.resource.name) || cmp(a.resource.type, b.resource.type));
    for (const n of ns) sort(n.children);
  };
  sort(roots);
  return roots;
}
