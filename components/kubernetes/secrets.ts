/**
 * The Secrets the platform reads: the Hugging Face token (download Jobs), the API key the model
 * servers require (and their clients send), Open WebUI's session key. Values come only from Pulumi
 * secrets and stay secret in state; the manifests carry only references (`secretKeyRef`).
 */
import * as pulumi from "@pulumi/pulumi";
import { secretKeys, secretShell, secretsUsed, type SecretName } from "./manifests/core";
import { SECRETS, type PlatformPlan } from "./manifests/plan";
import { createResource } from "./resources";

export interface PlatformSecretsArgs {
  /** The planned platform; says which secrets are used. */
  readonly plan: PlatformPlan;
  /** Hugging Face access token (`llmstack:hfToken`). The Secret exists only when it is set. @default none */
  readonly hfToken?: pulumi.Input<string>;
  /** API key of the model servers (`llmstack:apiKey`). Required when a model is placed on Kubernetes. */
  readonly apiKey?: pulumi.Input<string>;
  /** Open WebUI's `WEBUI_SECRET_KEY` (`llmstack:webuiSecretKey`). Required with the UI. */
  readonly webuiSecretKey?: pulumi.Input<string>;
  /** Created after these (the namespace). @default [] */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class PlatformSecrets extends pulumi.ComponentResource {
  /** The Kubernetes Secrets by config key. */
  readonly secrets: Partial<Record<SecretName, pulumi.CustomResource>> = {};

  constructor(name: string, args: PlatformSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmstack:kubernetes:PlatformSecrets", name, {}, opts);
    for (const which of secretsUsed(args.plan)) {
      const value = args[which];
      if (value === undefined) {
        if (which === "hfToken") continue;
        throw new pulumi.ResourceError(
          `${SECRETS[which].config} is not set but the Kubernetes platform needs it`,
          this,
        );
      }
      this.secrets[which] = createResource(
        `${name}-${SECRETS[which].name}`,
        secretShell(args.plan, which),
        { parent: this, dependsOn: args.dependsOn ?? [], additionalSecretOutputs: ["stringData", "data"] },
        { stringData: Object.fromEntries(Object.entries(secretKeys(args.plan, which)).map(([key, derive]) => [key, pulumi.secret(pulumi.output(value).apply(derive))])) },
      );
    }
    this.registerOutputs({ names: Object.keys(this.secrets).map((k) => SECRETS[k as SecretName].name) });
  }
}
