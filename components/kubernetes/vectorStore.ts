/**
 * Chroma 1.x: one-replica StatefulSet with its own PVC (data under /data), a ClusterIP Service and a
 * PodDisruptionBudget. Reachable only from the ingestion Job and the UI (NetworkPolicy).
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformPlan } from "./manifests/plan";
import { chromaPdbManifest, chromaServiceManifest, chromaStatefulSetManifest } from "./manifests/vectorStore";
import { createResource } from "./resources";

export interface VectorStoreArgs {
  /** The planned platform (`kubernetes.vectorStore`). */
  readonly plan: PlatformPlan;
  /** Created after these (namespace, NetworkPolicies). @default [] */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class VectorStore extends pulumi.ComponentResource {
  readonly statefulSet: pulumi.CustomResource;
  readonly service: pulumi.CustomResource;
  readonly podDisruptionBudget: pulumi.CustomResource;
  /** `http://chroma.<namespace>.svc.<clusterDomain>:8000` */
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: VectorStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmstack:kubernetes:VectorStore", name, {}, opts);
    const { plan } = args;
    if (!plan.chroma) throw new pulumi.ResourceError("kubernetes.vectorStore is disabled", this);
    const deps = args.dependsOn ?? [];
    this.service = createResource(`${name}-service`, chromaServiceManifest(plan), { parent: this, dependsOn: deps });
    this.statefulSet = createResource(`${name}-statefulset`, chromaStatefulSetManifest(plan), { parent: this, dependsOn: [...deps, this.service] });
    this.podDisruptionBudget = createResource(`${name}-pdb`, chromaPdbManifest(plan), { parent: this, dependsOn: deps });
    this.url = pulumi.output(plan.chroma.url);
    this.registerOutputs({ url: this.url });
  }
}
