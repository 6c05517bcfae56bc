/**
 * Policy results for the plan: the very policy objects `pulumi preview --policy-pack policies`
 * runs, through the in-process harness, over the resources the plan recorded.
 */
import type { StackConfig } from "../../config/schema";
import { runPolicyPack, type PolicyResult } from "../../policies/harness";
import type { RecordedResource } from "../mockRun";
import type { PolicyReport } from "./json";
import { cmp } from "./resources";

export async function policyReport(resources: readonly RecordedResource[], stackName: string, stackConfig: StackConfig): Promise<PolicyReport> {
  const run = await runPolicyPack(resources, { stackName, stackConfig });
  const key = (r: PolicyResult) => `${r.level === "mandatory" ? 0 : 1}\u0000${r.policy}\u0000${r.resourceUrn ?? ""}\u0000${r.message}`;
  const results = [...run.violations].sort((a, b) => cmp(key(a), key(b)));
  return {
    environment: run.environment,
    results,
    mandatory: results.filter((r) => r.level === "mandatory").length,
    advisory: results.filter((r) => r.level === "advisory").length,
    notApplicable: [...run.notApplicable].sort((a, b) => cmp(a.policy, b.policy)),
  };
}
