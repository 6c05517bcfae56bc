/**
 * Builds the platform(s) a validated stack config asks for. `index.ts` calls it after loading the
 * config; the offline plan and the tests call it under mocks with the same config.
 */
import type { LoadedConfig } from "./config/load";
import type { StackConfig } from "./config/schema";
import { KubernetesPlatform } from "./components/kubernetes/platform";
import { SnowflakePlatform } from "./components/snowflake/platform";

export interface PlatformOutputs {
  snowflake?: {
    roleName: SnowflakePlatform["roleName"];
    warehouseName: SnowflakePlatform["warehouseName"];
    databaseName: SnowflakePlatform["databaseName"];
    schemaName: SnowflakePlatform["schemaName"];
    repositoryUrl: SnowflakePlatform["repositoryUrl"];
    poolNames: SnowflakePlatform["poolNames"];
    serviceNames: SnowflakePlatform["serviceNames"];
    functionNames: SnowflakePlatform["functionNames"];
    publicEndpoints: SnowflakePlatform["publicEndpoints"];
    oauthIntegrations: SnowflakePlatform["oauthIntegrations"];
  };
  kubernetes?: {
    namespace: KubernetesPlatform["namespaceName"];
    endpoints: KubernetesPlatform["endpoints"];
    vectorStoreUrl?: KubernetesPlatform["vectorStoreUrl"];
    uiUrl?: KubernetesPlatform["uiUrl"];
  };
}

/** The Kubernetes path runs when it is configured or a model is placed on it. */
export function wantsKubernetes(config: StackConfig): boolean {
  return config.kubernetes !== undefined || config.models.some((m) => m.kubernetes);
}

export function buildPlatform(config: StackConfig, secrets: LoadedConfig["secrets"]): PlatformOutputs {
  const out: PlatformOutputs = {};
  if (config.snowflake) {
    const p = new SnowflakePlatform("llmstack", { config, secrets });
    out.snowflake = {
      roleName: p.roleName,
      warehouseName: p.warehouseName,
      databaseName: p.databaseName,
      schemaName: p.schemaName,
      repositoryUrl: p.repositoryUrl,
      poolNames: p.poolNames,
      serviceNames: p.serviceNames,
      functionNames: p.functionNames,
      publicEndpoints: p.publicEndpoints,
      oauthIntegrations: p.oauthIntegrations,
    };
  }
  if (wantsKubernetes(config)) {
    const k = new KubernetesPlatform("llmstack-k8s", { config, secrets });
    out.kubernetes = { namespace: k.namespaceName, endpoints: k.endpoints, vectorStoreUrl: k.vectorStoreUrl, uiUrl: k.uiUrl };
  }
  return out;
}
