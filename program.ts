/**
 * Builds the platform(s) a validated stack config asks for. `index.ts` calls it after loading the
 * config; the offline plan and the tests call it under mocks with the same config.
 */
import type { LoadedConfig } from "./config/load";
import type { StackConfig } from "./config/schema";
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
  kubernetes?: Record<string, unknown>;
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
  return out;
}
