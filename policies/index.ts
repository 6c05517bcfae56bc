/**
 * The llmstack policy pack entry point: the ONLY place a PolicyPack is constructed (it starts the
 * analyzer's gRPC server and may exit the process). Run with
 * `pulumi preview --policy-pack policies` after `npm run build` (see policies/README.md).
 *
 * The Pulumi CLI passes the checked stack's config and name to the pack, so the pack reads
 * `llmstack:environment` (default levels) and the rest of the stack config (runtime role, budget,
 * public endpoints, config paths in messages) from there. `LLMSTACK_POLICY_ENVIRONMENT` overrides.
 * Older CLIs put them in the pack's environment (read at start); newer ones (v3.274.1) send them in the
 * ConfigureStack RPC before any analysis (stackConfigure.ts), and the policies are then rebuilt in place.
 */
import { PolicyPack } from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";
import { contextFromStack } from "./context";
import { createPolicies } from "./policies";
import { interceptConfigureStack, policyGrpcServerPrototype } from "./stackConfigure";

function stackName(): string | undefined {
  try {
    return pulumi.getStack();
  } catch {
    return undefined;
  }
}

const ctx = contextFromStack({
  config: pulumi.runtime.allConfig(),
  stackName: stackName(),
  override: process.env.LLMSTACK_POLICY_ENVIRONMENT,
});

const policies = createPolicies(ctx);

// @pulumi/policy's server iterates this very array on every analysis, so replacing its contents re-levels the pack.
interceptConfigureStack(policyGrpcServerPrototype(), ({ config, stackName }) => {
  if (Object.keys(config).length === 0 && !stackName) return; // nothing new: keep what the environment said
  const fromEngine = contextFromStack({ config, stackName, override: process.env.LLMSTACK_POLICY_ENVIRONMENT });
  policies.splice(0, policies.length, ...createPolicies(fromEngine));
});

new PolicyPack("llmstack", {
  description: `llmstack security and cost guardrails for Snowflake SPCS and Kubernetes (${ctx.environment} defaults)`,
  enforcementLevel: "advisory",
  policies,
});
