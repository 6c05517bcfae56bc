/**
 * One model served by vLLM's OpenAI-compatible server: Deployment, Service and PodDisruptionBudget
 * (see manifests/modelServer.ts for the GPU, probe, shutdown and non-root details).
 */
import * as pulumi from "@pulumi/pulumi";
import { deploymentManifest, serverPdbManifest, serviceManifest, startupBudgetSecs } from "./manifests/modelServer";
import { downloadDeadlineSecs } from "./manifests/modelCache";
import type { ModelPlan, PlatformPlan } from "./manifests/plan";
import { createResource } from "./resources";

export interface ModelServerArgs {
  /** The planned platform. */
  readonly plan: PlatformPlan;
  /** `models[].name` of the model to serve (case-insensitive). */
  readonly model: string;
  /** The download Job that fills the model's cache: the Deployment is created once it has completed. @default none */
  readonly downloadJob?: pulumi.Resource;
  /** Created after these too (Secrets, NetworkPolicies). @default [] */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class ModelServer extends pulumi.ComponentResource {
  readonly deployment: pulumi.CustomResource;
  readonly service: pulumi.CustomResource;
  readonly podDisruptionBudget: pulumi.CustomResource;
  /** Service DNS name, `<model>.<namespace>.svc.<clusterDomain>`. */
  readonly dns: pulumi.Output<string>;
  /** `http://<dns>:8000`; the OpenAI API is under `/v1`. */
  readonly url: pulumi.Output<string>;
  /** The name clients send as `model`. */
  readonly servedModelName: pulumi.Output<string>;

  constructor(name: string, args: ModelServerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmstack:kubernetes:ModelServer", name, {}, opts);
    const m: ModelPlan | undefined = args.plan.models.find((x) => x.modelName.toUpperCase() === args.model.toUpperCase());
    if (!m) throw new pulumi.ResourceError(`model ${args.model} is not placed on Kubernetes`, this);
    const deps = [...(args.dependsOn ?? []), ...(args.downloadJob ? [args.downloadJob] : [])];
    // Image pull (vLLM images are several GB) plus the startup budget, plus the download when this pod does it.
    const download = m.download === "server" ? downloadDeadlineSecs(m.placement.memory.weightsGiB) : 0;
    const timeout = `${startupBudgetSecs(m) + download + 1200}s`;
    this.deployment = createResource(`${name}-deployment`, deploymentManifest(args.plan, m), { parent: this, dependsOn: deps, customTimeouts: { create: timeout, update: timeout } });
    this.service = createResource(`${name}-service`, serviceManifest(args.plan, m), { parent: this, dependsOn: args.dependsOn ?? [] });
    this.podDisruptionBudget = createResource(`${name}-pdb`, serverPdbManifest(args.plan, m), { parent: this, dependsOn: args.dependsOn ?? [] });
    this.dns = pulumi.output(m.service.dns);
    this.url = pulumi.output(m.service.url);
    this.servedModelName = pulumi.output(m.name);
    this.registerOutputs({ dns: this.dns, url: this.url, servedModelName: this.servedModelName });
  }
}
