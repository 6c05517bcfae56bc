/**
 * The whole Kubernetes platform from one validated stack config: namespace, secrets, NetworkPolicies,
 * model cache and download Jobs, a vLLM server per model, Chroma, the ingestion Job and Open WebUI,
 * in dependency order. Pass a provider through `opts.provider`/`opts.providers` to target a cluster
 * other than the ambient kubeconfig's.
 */
import * as pulumi from "@pulumi/pulumi";
import type { LoadedConfig } from "../../config/load";
import type { StackConfig } from "../../config/schema";
import { ChatUi } from "./chatUi";
import { Ingestion } from "./ingestion";
import { planKubernetesPlatform, type PlatformPlan } from "./manifests/plan";
import { ModelCache } from "./modelCache";
import { ModelServer } from "./modelServer";
import { PlatformNamespace } from "./namespace";
import { PlatformNetworkPolicies } from "./networkPolicies";
import { PlatformSecrets } from "./secrets";
import { VectorStore } from "./vectorStore";

export interface KubernetesPlatformArgs {
  /** The validated stack config (`loadStackConfig().config`); models with `kubernetes:` placement are served. */
  readonly config: StackConfig;
  /** Secret config values as Pulumi secrets (`loadStackConfig().secrets`): apiKey (required with models), webuiSecretKey (with the UI), hfToken (gated models). */
  readonly secrets: LoadedConfig["secrets"];
}

/** Where a served model answers. */
export interface ModelEndpoint {
  readonly task: "chat" | "embedding";
  /** The `model` clients send. */
  readonly servedModelName: string;
  /** Service DNS name. */
  readonly dns: string;
  readonly port: number;
  /** OpenAI-compatible base URL (`…/v1`). */
  readonly openaiBaseUrl: string;
}

export class KubernetesPlatform extends pulumi.ComponentResource {
  readonly plan: PlatformPlan;
  readonly namespace: PlatformNamespace;
  readonly secrets: PlatformSecrets;
  readonly networkPolicies: PlatformNetworkPolicies;
  readonly modelCache: ModelCache;
  /** Model servers by `models[].name`. */
  readonly modelServers: Record<string, ModelServer> = {};
  readonly vectorStore?: VectorStore;
  readonly ingestion?: Ingestion;
  readonly ui?: ChatUi;

  /** Namespace everything lives in. */
  readonly namespaceName: pulumi.Output<string>;
  /** Endpoints by `models[].name`. */
  readonly endpoints: pulumi.Output<Record<string, ModelEndpoint>>;
  /** Chroma's URL, when enabled. */
  readonly vectorStoreUrl?: pulumi.Output<string>;
  /** Open WebUI's in-cluster URL, when enabled (`kubectl -n <ns> port-forward svc/open-webui 8080`). */
  readonly uiUrl?: pulumi.Output<string>;

  constructor(name: string, args: KubernetesPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmstack:kubernetes:KubernetesPlatform", name, {}, opts);
    const plan = (this.plan = planKubernetesPlatform(args.config, { hfToken: args.secrets.hfToken !== undefined }));
    const child = { parent: this };

    this.namespace = new PlatformNamespace(`${name}-ns`, { plan }, child);
    const nsDeps = [this.namespace];
    this.secrets = new PlatformSecrets(
      `${name}-secrets`,
      { plan, hfToken: args.secrets.hfToken, apiKey: args.secrets.apiKey, webuiSecretKey: args.secrets.webuiSecretKey, dependsOn: nsDeps },
      child,
    );
    this.networkPolicies = new PlatformNetworkPolicies(`${name}-netpol`, { plan, dependsOn: nsDeps }, child);
    const base = [this.namespace, this.secrets, this.networkPolicies];

    this.modelCache = new ModelCache(`${name}-cache`, { plan, dependsOn: base }, child);
    for (const m of plan.models) {
      this.modelServers[m.modelName] = new ModelServer(`${name}-${m.name}`, { plan, model: m.modelName, downloadJob: this.modelCache.downloadJobs[m.name], dependsOn: base }, child);
    }
    if (plan.chroma) this.vectorStore = new VectorStore(`${name}-chroma`, { plan, dependsOn: base }, child);
    if (plan.ingestion && plan.embedding && this.vectorStore) {
      this.ingestion = new Ingestion(
        `${name}-ingest`,
        { plan, vectorStore: this.vectorStore.statefulSet, embeddingServer: this.modelServers[plan.embedding.modelName].deployment, dependsOn: base },
        child,
      );
    }
    if (plan.ui) this.ui = new ChatUi(`${name}-ui`, { plan, dependsOn: base }, child);

    this.namespaceName = this.namespace.name;
    this.endpoints = pulumi.output(
      Object.fromEntries(
        plan.models.map((m) => [m.modelName, { task: m.task, servedModelName: m.name, dns: m.service.dns, port: m.service.port, openaiBaseUrl: `${m.service.url}/v1` }]),
      ),
    );
    this.vectorStoreUrl = this.vectorStore?.url;
    this.uiUrl = this.ui?.url;
    this.registerOutputs({ namespace: this.namespaceName, endpoints: this.endpoints, vectorStoreUrl: this.vectorStoreUrl, uiUrl: this.uiUrl });
  }
}
