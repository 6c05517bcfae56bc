/**
 * The llmstack policy pack as plain CrossGuard policy objects. Importing this module has no side
 * effects: `new PolicyPack()` (which starts a gRPC server and may exit the process) happens only in
 * `policies/index.ts`. The harness (`policies/harness.ts`) runs these same objects in-process.
 */
import type { EnforcementLevel } from "@pulumi/policy";
import { DEFAULT_LEVELS, type Environment, type PackContext } from "./context";
import { costPolicies } from "./cost";
import { kubernetesPolicies } from "./kubernetes";
import { modelPolicies } from "./models";
import { securityPolicies } from "./security";
import { categoryOf, type LlmstackPolicy } from "./util";

export type { LlmstackPolicy } from "./util";
export type { Environment, PackContext, PolicyCategory } from "./context";
export { DEFAULT_LEVELS, contextFromStack, environmentFromStackName } from "./context";

/** The default enforcement level of a policy in an environment (see `DEFAULT_LEVELS`). */
export function defaultLevel(policy: LlmstackPolicy, environment: Environment): EnforcementLevel {
  return DEFAULT_LEVELS[categoryOf(policy)][environment];
}

/**
 * Every policy, with `enforcementLevel` set to its default for `ctx.environment`. The policies
 * close over `ctx`: the stack config gives them the runtime role, the budget, the endpoints meant to
 * be public and the config field each message names. Pack config (`--policy-pack-config`) still
 * overrides levels and settings per policy.
 */
export function createPolicies(ctx: PackContext = { environment: "dev" }): LlmstackPolicy[] {
  const all = assertUniqueNames([...securityPolicies(ctx), ...modelPolicies(ctx), ...costPolicies(ctx), ...kubernetesPolicies(ctx)]);
  return all.map((p) => ({ ...p, enforcementLevel: defaultLevel(p, ctx.environment) }));
}

/** CrossGuard keys results and pack config by policy name: two policies of one name would shadow each other. */
export function assertUniqueNames<P extends { name: string }>(policies: P[]): P[] {
  const names = new Set<string>();
  for (const p of policies) {
    if (names.has(p.name)) throw new Error(`duplicate policy name ${p.name}`);
    names.add(p.name);
  }
  return policies;
}

/** The pack for a dev stack whose config is not known: the shape `pulumi policy` tooling reads. */
export const policies: LlmstackPolicy[] = createPolicies();

/** Stable policy names, in table order. */
export const POLICY_NAMES: readonly string[] = policies.map((p) => p.name);
