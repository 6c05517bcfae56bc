/** The Kubernetes path: components, and the pure manifest builders they use. */
export { KubernetesPlatform, type KubernetesPlatformArgs, type ModelEndpoint } from "./platform";
export { PlatformNamespace, type PlatformNamespaceArgs } from "./namespace";
export { PlatformSecrets, type PlatformSecretsArgs } from "./secrets";
export { PlatformNetworkPolicies, type PlatformNetworkPoliciesArgs } from "./networkPolicies";
export { ModelCache, type ModelCacheArgs } from "./modelCache";
export { ModelServer, type ModelServerArgs } from "./modelServer";
export { VectorStore, type VectorStoreArgs } from "./vectorStore";
export { Ingestion, type IngestionArgs } from "./ingestion";
export { ChatUi, type ChatUiArgs } from "./chatUi";
export { renderKubernetesManifests, buildKubernetesManifests, flattenManifests, planKubernetesPlatform, type PlatformPlan, type PlatformManifests } from "./manifests";
export { renderPachydermPipelines, type PachydermOptions } from "./manifests/pachyderm";
