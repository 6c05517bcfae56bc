/**
 * Does a rendered SPCS spec fit one node of its compute pool? All containers of a service instance run
 * on one node, and Snowflake validates a spec's resource requirements against the node capacity of
 * the pool's instance family (release-notes/bcr-bundles/2024_06/bcr-1648,
 * https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_06/bcr-1648); a GPU request above the
 * node's GPU count can never be scheduled. Capacities are the catalog's (user-accessible vCPU, memory
 * and GPUs per node, from the CREATE COMPUTE POOL reference).
 */
import type { Cloud, InstanceFamily } from "../catalog/instanceFamilies";
import type { ServiceSpecification } from "../provider/resources";
import { quantityGiB } from "./kubernetes";

export interface FitProblem {
  /** Index of the container in `spec.containers`. */
  readonly container: number;
  readonly kind: "requests" | "limits";
  readonly resource: "memory" | "cpu" | "gpus";
  readonly message: string;
}

/** `2`, `0.5`, `"500m"` → vCPUs. */
export function cpuCores(q: string | number): number {
  if (typeof q === "number") return q;
  return q.endsWith("m") ? Number(q.slice(0, -1)) / 1000 : Number(q);
}

const round = (n: number) => Math.round(n * 100) / 100;

export function nodeFitProblems(spec: ServiceSpecification, family: InstanceFamily, cloud: Cloud): FitProblem[] {
  const memory = family.memoryGiBByCloud?.[cloud] ?? family.memoryGiB;
  const gpus = family.gpu?.count ?? 0;
  const node = `a ${family.name} node (${family.vcpu} vCPU, ${memory} GiB, ${gpus} GPU${gpus === 1 ? "" : "s"})`;
  const problems: FitProblem[] = [];
  const total = { memory: 0, cpu: 0, gpus: 0 };
  const last = { memory: -1, cpu: -1, gpus: -1 };
  spec.spec.containers.forEach((c, i) => {
    for (const kind of ["requests", "limits"] as const) {
      const a = c.resources?.[kind];
      if (!a) continue;
      const amounts = {
        memory: a.memory === undefined ? undefined : quantityGiB(a.memory),
        cpu: a.cpu === undefined ? undefined : cpuCores(a.cpu),
        gpus: a["nvidia.com/gpu"],
      };
      const capacity = { memory, cpu: family.vcpu, gpus };
      for (const r of ["memory", "cpu", "gpus"] as const) {
        const v = amounts[r];
        if (v === undefined) continue;
        if (v > capacity[r]) problems.push({ container: i, kind, resource: r, message: `container ${c.name} ${kind} ${round(v)}${r === "memory" ? " GiB" : r === "cpu" ? " vCPU" : " GPU(s)"} of ${r}, more than ${node} has` });
        else if (kind === "requests") {
          total[r] += v;
          last[r] = i;
        }
      }
    }
  });
  const capacity = { memory, cpu: family.vcpu, gpus };
  for (const r of ["memory", "cpu", "gpus"] as const) {
    if (total[r] > capacity[r] && !problems.some((p) => p.resource === r)) {
      problems.push({ container: last[r], kind: "requests", resource: r, message: `its containers together request ${round(total[r])}${r === "memory" ? " GiB" : r === "cpu" ? " vCPU" : " GPU(s)"} of ${r}, more than ${node} has` });
    }
  }
  return problems;
}
