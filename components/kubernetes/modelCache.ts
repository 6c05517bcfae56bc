/**
 * The model cache: the PVC(s) and, with a ReadWriteMany cache, one CPU-only download Job per model.
 * Pulumi waits for each Job to complete (the servers are created after it); the Job is idempotent
 * (done-marker), and its name carries a hash of repo, revision, mirror and image, so changing the
 * revision runs a new one. With a ReadWriteOnce cache the server's own pod downloads (see
 * manifests/modelCache.ts) and there is no Job.
 */
import * as pulumi from "@pulumi/pulumi";
import { cachePvcManifest, downloadDeadlineSecs, downloadJobManifest } from "./manifests/modelCache";
import type { PlatformPlan } from "./manifests/plan";
import { createResource } from "./resources";

export interface ModelCacheArgs {
  /** The planned platform: caches (one shared PVC or one per model) and models to download. */
  readonly plan: PlatformPlan;
  /** Keep the PVCs when they leave the stack or it is destroyed. @default true in prod stacks */
  readonly retainOnDelete?: boolean;
  /** Created after these (namespace, Secrets, NetworkPolicies). @default [] */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class ModelCache extends pulumi.ComponentResource {
  /** PersistentVolumeClaims by claim name. */
  readonly claims: Record<string, pulumi.CustomResource> = {};
  /** Download Jobs by model (Kubernetes) name; none for models whose server downloads itself. */
  readonly downloadJobs: Record<string, pulumi.CustomResource> = {};

  constructor(name: string, args: ModelCacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmstack:kubernetes:ModelCache", name, {}, opts);
    const { plan } = args;
    const retain = args.retainOnDelete ?? plan.config.environment === "prod";
    for (const cache of plan.caches) {
      this.claims[cache.name] = createResource(`${name}-${cache.name}`, cachePvcManifest(plan, cache), { parent: this, dependsOn: args.dependsOn ?? [], retainOnDelete: retain });
    }
    for (const m of plan.models) {
      if (m.download !== "job") continue; // the server's pod downloads (ReadWriteOnce cache)
      const timeout = `${downloadDeadlineSecs(m.placement.memory.weightsGiB) + 600}s`;
      this.downloadJobs[m.name] = createResource(`${name}-download-${m.name}`, downloadJobManifest(plan, m), {
        parent: this,
        dependsOn: [...(args.dependsOn ?? []), this.claims[m.cacheClaim]],
        customTimeouts: { create: timeout, update: timeout },
      });
    }
    this.registerOutputs({ claims: Object.keys(this.claims), downloadJobs: Object.keys(this.downloadJobs) });
  }
}
