/**
 * The platform's namespace (with Pod Security Admission labels) and the ServiceAccount every
 * workload runs as, which mounts no API token.
 */
import * as pulumi from "@pulumi/pulumi";
import { namespaceManifest, serviceAccountManifest } from "./manifests/core";
import type { PlatformPlan } from "./manifests/plan";
import { createResource } from "./resources";

export interface PlatformNamespaceArgs {
  /** The planned platform (`planKubernetesPlatform`); `k8s.createNamespace: false` uses an existing namespace. */
  readonly plan: PlatformPlan;
}

export class PlatformNamespace extends pulumi.ComponentResource {
  /** The Namespace, when this stack creates it. */
  readonly namespace?: pulumi.CustomResource;
  readonly serviceAccount: pulumi.CustomResource;
  /** Namespace name. */
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: PlatformNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmstack:kubernetes:PlatformNamespace", name, {}, opts);
    const { plan } = args;
    if (plan.k8s.createNamespace) {
      this.namespace = createResource(`${name}-namespace`, namespaceManifest(plan), { parent: this, retainOnDelete: plan.config.environment === "prod" });
    }
    this.serviceAccount = createResource(`${name}-service-account`, serviceAccountManifest(plan), { parent: this, dependsOn: this.namespace ? [this.namespace] : [] });
    this.name = pulumi.output(plan.namespace);
    this.registerOutputs({ name: this.name });
  }
}
