/**
 * What the policy pack knows about the stack it checks: the environment (which decides default
 * enforcement levels) and, when available, the validated stack config (which names the runtime
 * role, the budget, the endpoints meant to be public and the config fields messages point at).
 *
 * Why not a pack-config value: CrossGuard has no pack-wide config (pulumi/pulumi-policy#374), each
 * policy's config reaches only that policy's callbacks, and the level a violation is reported at is
 * fixed before the callback runs. The environment therefore has to be known when the pack is built.
 * The Pulumi CLI hands a policy pack the stack's config and name (`PULUMI_CONFIG`,
 * `PULUMI_NODEJS_STACK`: `constructEnv` in pulumi/pulumi `sdk/go/common/resource/plugin/analyzer_plugin.go`),
 * so `policies/index.ts` decides the environment from them with `decideEnvironment` (config/environment.ts),
 * the function the program and the offline plan call: `llmstack:environment`, else the stack name, else dev.
 * Pure module: no Pulumi runtime access here, so the harness and the offline plan can use it.
 */
import type { EnforcementLevel } from "@pulumi/policy";
import { decideEnvironment, ENVIRONMENTS, environmentFromStackName, isEnvironment, type Environment } from "../config/environment";
import { splitRawConfig } from "../config/load";
import { stackConfigSchema, type StackConfig } from "../config/schema";

export { ENVIRONMENTS, environmentFromStackName, isEnvironment, type Environment };

/** Everything a policy may know beyond the resource it checks. */
export interface PackContext {
  readonly environment: Environment;
  /** The stack config, when the pack could read and parse it. */
  readonly stack?: StackConfig;
}

/**
 * How strictly a policy is enforced by default, per environment:
 * - `security`: mandatory everywhere;
 * - `release`: rules for what gets released (pinned images): off in dev, mandatory elsewhere;
 * - `cost`: advisory in dev, mandatory in staging (the rehearsal of prod) and prod;
 * - `operations`: Kubernetes hygiene (probes, GPU scheduling, storage), levelled like cost;
 * - `waste`: advice only, everywhere;
 * - `protection`: production data safety: off in dev, advisory in staging, mandatory in prod.
 */
export type PolicyCategory = "security" | "release" | "cost" | "operations" | "waste" | "protection";

export const DEFAULT_LEVELS: Readonly<Record<PolicyCategory, Readonly<Record<Environment, EnforcementLevel>>>> = {
  security: { dev: "mandatory", staging: "mandatory", prod: "mandatory" },
  release: { dev: "disabled", staging: "mandatory", prod: "mandatory" },
  cost: { dev: "advisory", staging: "mandatory", prod: "mandatory" },
  operations: { dev: "advisory", staging: "mandatory", prod: "mandatory" },
  waste: { dev: "advisory", staging: "advisory", prod: "advisory" },
  protection: { dev: "disabled", staging: "advisory", prod: "mandatory" },
};

export interface StackSources {
  /** The stack's raw config (`ns:key` → string, objects as JSON), as `pulumi.runtime.allConfig()` returns it. */
  readonly config?: Record<string, string>;
  readonly stackName?: string;
  /** An explicit override (`LLMSTACK_POLICY_ENVIRONMENT`), for stacks whose config cannot be read. */
  readonly override?: string;
}

/**
 * Build the pack context from what the CLI gives a policy pack. Precedence for the environment:
 * override, then `llmstack:environment` when set, then the stack name, then dev. An unparsable stack
 * config leaves `stack` unset (the program itself reports the config errors).
 */
export function contextFromStack(src: StackSources): PackContext {
  if (src.override !== undefined && src.override !== "" && !isEnvironment(src.override)) {
    throw new Error(`LLMSTACK_POLICY_ENVIRONMENT=${src.override}: must be one of ${ENVIRONMENTS.join(", ")}`);
  }
  // Secrecy does not matter here (the program refuses misplaced secrets): read every plain key.
  const { raw } = splitRawConfig(src.config ?? {}, () => false);
  const decided = decideEnvironment(raw.environment, src.stackName);
  // An invalid llmstack:environment is the program's to refuse; the pack then goes by the stack name.
  const environment = isEnvironment(src.override) ? src.override : isEnvironment(decided) ? decided : environmentFromStackName(src.stackName);
  const parsed = stackConfigSchema.safeParse({ ...raw, environment });
  const stack = parsed.success ? parsed.data : undefined;
  return { environment, stack };
}
