/**
 * The ingestion Job (services/ingest) and its ConfigMap. Created after Chroma and the embedding
 * server; its init containers also wait for their health endpoints, so it is safe however it is applied.
 */
import * as pulumi from "@pulumi/pulumi";
import { ingestConfigMapManifest, ingestJobManifest } from "./manifests/ingestion";
import type { PlatformPlan } from "./manifests/plan";
import { createResource } from "./resources";

export interface IngestionArgs {
  /** The planned platform (`kubernetes.ingestion`). */
  readonly plan: PlatformPlan;
  /** Chroma (the StatefulSet): the Job is created after it. */
  readonly vectorStore: pulumi.Resource;
  /** The embedding server (its Deployment): the Job is created after it is ready. */
  readonly embeddingServer: pulumi.Resource;
  /** Created after these too (Secrets, NetworkPolicies). @default [] */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class Ingestion extends pulumi.ComponentResource {
  readonly configMap: pulumi.CustomResource;
  readonly job: pulumi.CustomResource;

  constructor(name: string, args: IngestionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmstack:kubernetes:Ingestion", name, {}, opts);
    const { plan } = args;
    if (!plan.ingestion) throw new pulumi.ResourceError("kubernetes.ingestion is not configured", this);
    const deps = args.dependsOn ?? [];
    this.configMap = createResource(`${name}-config`, ingestConfigMapManifest(plan), { parent: this, dependsOn: deps });
    const timeout = `${plan.k8s.ingestion!.waitTimeoutSecs + 7200}s`;
    this.job = createResource(`${name}-job`, ingestJobManifest(plan), {
      parent: this,
      dependsOn: [...deps, this.configMap, args.vectorStore, args.embeddingServer],
      customTimeouts: { create: timeout, update: timeout },
    });
    this.registerOutputs({ collection: plan.k8s.vectorStore.collection });
  }
}
