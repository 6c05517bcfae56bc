/**
 * The llmstack policy pack entry point: the ONLY place a PolicyPack is constructed (it starts the
 * analyzer's gRPC server and may exit the process). Run with
 * `pulumi preview --policy-pack policies` after `npm run build` (see policies/README.md).
 *
 * The Pulumi CLI passes the checked stack's config and name to the pack process, so the pack reads
 * `llmstack:environment` (default levels) and the rest of the stack config (runtime role, budget,
 * public endpoints, config paths in messages) from there. `LLMSTACK_POLICY_ENVIRONMENT` overrides.
 */
import { PolicyPack } from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";
import { contextFromStack } from "./context";
import { createPolicies } from "./policies";

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

new PolicyPack("llmstack", {
  description: `llmstack security and cost guardrails for Snowflake SPCS and Kubernetes (${ctx.environment} defaults)`,
  enforcementLevel: "advisory",
  policies: createPolicies(ctx),
});
