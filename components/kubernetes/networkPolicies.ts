/**
 * Default-deny in the namespace plus the platform's allowed flows (manifests/networkPolicies.ts).
 * Workloads are created after these, so no Job starts between the deny and its allow.
 */
import * as pulumi from "@pulumi/pulumi";
import { networkPolicyManifests } from "./manifests/networkPolicies";
import type { PlatformPlan } from "./manifests/plan";
import { createResource } from "./resources";

export interface PlatformNetworkPoliciesArgs {
  /** The planned platform (`kubernetes.networkPolicy`). */
  readonly plan: PlatformPlan;
  /** Created after these (the namespace). @default [] */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class PlatformNetworkPolicies extends pulumi.ComponentResource {
  /** NetworkPolicies by name. */
  readonly policies: Record<string, pulumi.CustomResource> = {};

  constructor(name: string, args: PlatformNetworkPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmstack:kubernetes:PlatformNetworkPolicies", name, {}, opts);
    for (const np of networkPolicyManifests(args.plan)) {
      const n = np.metadata!.name!;
      this.policies[n] = createResource(`${name}-${n}`, np, { parent: this, dependsOn: args.dependsOn ?? [] });
    }
    this.registerOutputs({ names: Object.keys(this.policies) });
  }
}
