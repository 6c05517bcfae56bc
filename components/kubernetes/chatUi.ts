/**
 * Open WebUI (optional): data PVC, Deployment (env-pinned settings), Service, PodDisruptionBudget.
 * Mind its branding-licence clause (components/kubernetes/README.md).
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformPlan } from "./manifests/plan";
import { uiDeploymentManifest, uiPdbManifest, uiPvcManifest, uiServiceManifest } from "./manifests/ui";
import { createResource } from "./resources";

export interface ChatUiArgs {
  /** The planned platform (`kubernetes.ui`). */
  readonly plan: PlatformPlan;
  /** Keep the data PVC (users, chats) when it leaves the stack. @default true in prod stacks */
  readonly retainOnDelete?: boolean;
  /** Created after these (Secrets, NetworkPolicies). @default [] */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class ChatUi extends pulumi.ComponentResource {
  readonly persistentVolumeClaim: pulumi.CustomResource;
  readonly deployment: pulumi.CustomResource;
  readonly service: pulumi.CustomResource;
  readonly podDisruptionBudget: pulumi.CustomResource;
  /** `http://open-webui.<namespace>.svc.<clusterDomain>:8080` */
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: ChatUiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmstack:kubernetes:ChatUi", name, {}, opts);
    const { plan } = args;
    if (!plan.ui) throw new pulumi.ResourceError("kubernetes.ui is disabled", this);
    const deps = args.dependsOn ?? [];
    const retain = args.retainOnDelete ?? plan.config.environment === "prod";
    this.persistentVolumeClaim = createResource(`${name}-data`, uiPvcManifest(plan), { parent: this, dependsOn: deps, retainOnDelete: retain });
    this.deployment = createResource(`${name}-deployment`, uiDeploymentManifest(plan), {
      parent: this,
      dependsOn: [...deps, this.persistentVolumeClaim],
      customTimeouts: { create: "20m", update: "20m" },
    });
    this.service = createResource(`${name}-service`, uiServiceManifest(plan), { parent: this, dependsOn: deps });
    this.podDisruptionBudget = createResource(`${name}-pdb`, uiPdbManifest(plan), { parent: this, dependsOn: deps });
    this.url = pulumi.output(plan.ui.service.url);
    this.registerOutputs({ url: this.url });
  }
}
