/**
 * Every manifest of the Kubernetes platform, from the validated stack config, as plain objects.
 * The Pulumi components feed these to `@pulumi/kubernetes`; tests and the offline plan use them
 * directly (`renderKubernetesManifests`).
 */
import type { StackConfig } from "../../../config/schema";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { INamespace } from "kubernetes-models/v1/Namespace";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IPersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { ISecret } from "kubernetes-models/v1/Secret";
import type { IService } from "kubernetes-models/v1/Service";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { IStatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { namespaceManifest, secretShell, secretsUsed, serviceAccountManifest, type SecretName } from "./core";
import { ingestConfigMapManifest, ingestJobManifest } from "./ingestion";
import { cachePvcManifest, downloadJobManifest } from "./modelCache";
import { deploymentManifest, serverPdbManifest, serviceManifest } from "./modelServer";
import { networkPolicyManifests } from "./networkPolicies";
import { planKubernetesPlatform, type PlanOptions, type PlatformPlan } from "./plan";
import { uiDeploymentManifest, uiPdbManifest, uiPvcManifest, uiServiceManifest } from "./ui";
import { chromaPdbManifest, chromaServiceManifest, chromaStatefulSetManifest } from "./vectorStore";

export * from "./plan";

export interface ModelManifests {
  readonly name: string;
  /** The download Job; none when the server's own pod downloads (`download: "server"`). */
  readonly downloadJob?: IJob;
  readonly deployment: IDeployment;
  readonly service: IService;
  readonly pdb: IPodDisruptionBudget;
}

/** The manifests, grouped the way the components create them. */
export interface PlatformManifests {
  readonly plan: PlatformPlan;
  readonly namespace?: INamespace;
  readonly serviceAccount: IServiceAccount;
  readonly secrets: { readonly [K in SecretName]?: ISecret };
  readonly caches: readonly IPersistentVolumeClaim[];
  readonly models: readonly ModelManifests[];
  readonly vectorStore?: { readonly statefulSet: IStatefulSet; readonly service: IService; readonly pdb: IPodDisruptionBudget };
  readonly ingestion?: { readonly configMap: IConfigMap; readonly job: IJob };
  readonly ui?: { readonly pvc: IPersistentVolumeClaim; readonly deployment: IDeployment; readonly service: IService; readonly pdb: IPodDisruptionBudget };
  readonly networkPolicies: readonly INetworkPolicy[];
}

export function buildKubernetesManifests(plan: PlatformPlan): PlatformManifests {
  const secrets: { [K in SecretName]?: ISecret } = {};
  for (const s of secretsUsed(plan)) secrets[s] = secretShell(plan, s);
  return {
    plan,
    namespace: plan.k8s.createNamespace ? namespaceManifest(plan) : undefined,
    serviceAccount: serviceAccountManifest(plan),
    secrets,
    caches: plan.caches.map((c) => cachePvcManifest(plan, c)),
    models: plan.models.map((m) => ({
      name: m.name,
      downloadJob: m.download === "job" ? downloadJobManifest(plan, m) : undefined,
      deployment: deploymentManifest(plan, m),
      service: serviceManifest(plan, m),
      pdb: serverPdbManifest(plan, m),
    })),
    vectorStore: plan.chroma ? { statefulSet: chromaStatefulSetManifest(plan), service: chromaServiceManifest(plan), pdb: chromaPdbManifest(plan) } : undefined,
    ingestion: plan.ingestion ? { configMap: ingestConfigMapManifest(plan), job: ingestJobManifest(plan) } : undefined,
    ui: plan.ui ? { pvc: uiPvcManifest(plan), deployment: uiDeploymentManifest(plan), service: uiServiceManifest(plan), pdb: uiPdbManifest(plan) } : undefined,
    networkPolicies: networkPolicyManifests(plan),
  };
}

/** Flatten in apply order: namespace, identity, secrets, storage, policies, workloads, jobs. */
export function flattenManifests(m: PlatformManifests): object[] {
  const all: (object | undefined)[] = [
    ...(m.namespace ? [m.namespace] : []),
    m.serviceAccount,
    ...Object.values(m.secrets),
    ...m.caches,
    ...m.networkPolicies,
    ...m.models.flatMap((x) => [x.downloadJob, x.deployment, x.service, x.pdb]),
    ...(m.vectorStore ? [m.vectorStore.statefulSet, m.vectorStore.service, m.vectorStore.pdb] : []),
    ...(m.ingestion ? [m.ingestion.configMap, m.ingestion.job] : []),
    ...(m.ui ? [m.ui.pvc, m.ui.deployment, m.ui.service, m.ui.pdb] : []),
  ];
  return all.filter((x): x is object => x !== undefined);
}

/**
 * Every Kubernetes object the platform creates for a validated stack config, as plain manifests.
 * Secrets are empty shells naming the Pulumi secret that fills them: no value ever appears.
 */
export function renderKubernetesManifests(config: StackConfig, opts: PlanOptions = {}): object[] {
  return flattenManifests(buildKubernetesManifests(planKubernetesPlatform(config, opts)));
}
