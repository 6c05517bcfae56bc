/**
 * The whole Snowflake (SPCS) platform, composed from the validated stack config: access, egress,
 * OAuth clients, compute pools, image repository and images, model services with their SQL
 * functions, generic services and jobs.
 */
import * as pulumi from "@pulumi/pulumi";
import * as snowflake from "@pulumi/snowflake";
import { instanceFamily } from "../../catalog/instanceFamilies";
import type { LoadedConfig } from "../../config/load";
import { resolveModel } from "../../config/resolve";
import type { StackConfig } from "../../config/schema";
import { ConfigError } from "../../config/validate";
import { ImageRepository } from "../../provider/sdk";
import { PlatformAccess } from "./access";
import { ComputePool } from "./computePool";
import { Egress } from "./egress";
import { genericServiceSpec, jobSpec, type SpecContext } from "./genericSpec";
import { MirroredImage } from "./images";
import { GatewayImage } from "./gatewayImage";
import { JobService } from "./jobService";
import { ModelService } from "./modelService";
import { accountObjectName, fqn, GATEWAY_IMAGE_NAME, specImagePath } from "./naming";
import { GATEWAY_VERSION } from "../../services/gateway/src/version";
import { mirroredName } from "../../validators/image";
import { OAuthClient } from "./oauth";
import { connectionFromConfig, roleProviders, type RoleProviders, type SnowflakeConnection } from "./providers";
import { Service } from "./service";

export interface SnowflakePlatformArgs {
  /** The validated stack config; its `snowflake` section must be set. */
  config: StackConfig;
  /** Secret config values (Pulumi secrets). */
  secrets: LoadedConfig["secrets"];
  /** Connection settings. @default read from the `snowflake:*` stack config */
  connection?: SnowflakeConnection;
  /**
   * Existing role-scoped providers to deploy with, instead of creating them from `connection`
   * (e.g. to share them with other stacks' components). @default created, one pair per role
   */
  providers?: { admin: RoleProviders; sysadmin: RoleProviders; platform: RoleProviders };
}

export { accountObjectName } from "./naming";

export class SnowflakePlatform extends pulumi.ComponentResource {
  readonly roleName: pulumi.Output<string>;
  readonly warehouseName: pulumi.Output<string>;
  readonly databaseName: pulumi.Output<string>;
  readonly schemaName: pulumi.Output<string>;
  readonly repositoryUrl: pulumi.Output<string>;
  /** Config key → compute pool name. */
  readonly poolNames: Record<string, pulumi.Output<string>>;
  /** Model or service name → fully qualified service name. */
  readonly serviceNames: Record<string, pulumi.Output<string>>;
  /** Function name → signature. */
  readonly functionNames: Record<string, pulumi.Output<string>>;
  /** Service → endpoint → public URL (public endpoints only; known after deployment). */
  readonly publicEndpoints: Record<string, pulumi.Output<Record<string, string> | undefined>>;
  readonly oauthIntegrations: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: SnowflakePlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("llmstack:snowflake:Platform", name, {}, opts);
    const cfg = args.config;
    const sf = cfg.snowflake;
    if (!sf) throw new ConfigError([{ path: "llmstack:snowflake", message: "is required for the Snowflake platform" }]);
    const prod = cfg.environment === "prod";
    const sfModels = cfg.models.filter((m) => m.snowflake);
    const push = cfg.images.push && (sfModels.length > 0);
    if (push && !args.secrets.registryToken) {
      throw new ConfigError([
        { path: "llmstack:registryToken", message: "is required to push images into the SPCS image repository (images.push is true)", hint: "pulumi config set --secret llmstack:registryToken <programmatic access token>" },
      ]);
    }

    const gated = sfModels.filter((m) => resolveModel(m)?.catalog?.gated);
    if (gated.length > 0 && !args.secrets.hfToken) {
      throw new ConfigError([
        {
          path: "llmstack:hfToken",
          message: `is required: ${gated.map((m) => m.source.huggingFaceId).join(", ")} ${gated.length === 1 ? "is a gated model" : "are gated models"} on the Hugging Face hub`,
          hint: "accept the model's licence on the hub, then pulumi config set --secret llmstack:hfToken hf_…",
        },
      ]);
    }

    // --- Providers, one per role: least privilege.
    const child = { parent: this };
    const made = (): NonNullable<SnowflakePlatformArgs["providers"]> => {
      const conn = args.connection ?? connectionFromConfig();
      return {
        admin: roleProviders(`${name}-admin`, sf.adminRole, conn, undefined, child),
        sysadmin: roleProviders(`${name}-sysadmin`, sf.sysadminRole, conn, undefined, child),
        platform: roleProviders(`${name}-platform`, sf.role.name, conn, undefined, child),
      };
    };
    const { admin, sysadmin, platform } = args.providers ?? made();

    const anyPublic =
      sfModels.some((m) => m.snowflake!.endpoint.public) || Object.values(sf.services).some((s) => s.endpoints.some((e) => e.public));
    const access = new PlatformAccess(
      `${name}-access`,
      {
        roleName: sf.role.name,
        grantToUsers: sf.role.grantToUsers,
        grantToRoles: sf.role.grantToRoles,
        warehouse: sf.warehouse,
        database: sf.database,
        schemas: sf.schemas,
        stageName: sf.stage.name,
        bindServiceEndpoint: anyPublic,
        protectData: prod,
        providers: { admin, sysadmin, platform },
      },
      child,
    );
    const db = access.databaseName;
    const schema = access.schemaNames[0];

    // --- Egress allow-lists.
    const egress: Record<string, Egress> = {};
    for (const [list, hostPorts] of Object.entries(sf.egress)) {
      egress[list] = new Egress(
        `${name}-egress-${list.toLowerCase()}`,
        {
          ruleName: `${list}_EGRESS`,
          integrationName: accountObjectName(sf, `${list}_EAI`),
          hostPorts,
          database: db,
          schema,
          grantUsageTo: access.roleName,
          providers: { admin, platform },
          dependsOn: access.ready,
        },
        child,
      );
    }

    // --- OAuth clients.
    this.oauthIntegrations = {};
    for (const [key, client] of Object.entries(sf.oauthClients)) {
      this.oauthIntegrations[key] = new OAuthClient(
        `${name}-oauth-${key.toLowerCase()}`,
        { integrationName: accountObjectName(sf, key), ...client, provider: admin },
        child,
      ).integrationName;
    }

    // --- Compute pools.
    const pools: Record<string, ComputePool> = {};
    this.poolNames = {};
    for (const [key, pool] of Object.entries(sf.computePools)) {
      pools[key] = new ComputePool(
        `${name}-pool-${key.toLowerCase()}`,
        {
          poolName: accountObjectName(sf, key),
          ...pool,
          grantTo: access.roleName,
          retainOnDelete: pool.retainOnDelete ?? prod,
          provider: admin,
        },
        child,
      );
      this.poolNames[key] = pools[key].poolName;
    }

    // --- Image repository and images.
    const repo = new ImageRepository(
      `${name}-images`,
      { database: db, schema, name: sf.imageRepository.name, encryption: sf.imageRepository.encryption, comment: "llmstack images" },
      { parent: this, provider: platform.spcs, dependsOn: access.ready, deleteBeforeReplace: true },
    );
    this.repositoryUrl = repo.repositoryUrl;
    const repositoryPath = pulumi.all([db, schema]).apply(([d, s]) => `/${d}/${s}/${sf.imageRepository.name}`.toLowerCase());
    const registry = { repositoryUrl: repo.repositoryUrl, registryUsername: cfg.images.registryUser ?? "", registryPassword: args.secrets.registryToken ?? "" };

    // An image in the repository: pushed by this program, or expected there under the same name.
    const imagesPushed: pulumi.Resource[] = [];
    // A pushed image is named by the digest the push reported (tag kept for readers), so a restart runs those bytes.
    const repoImage = (source: string, key: string): pulumi.Output<string> => {
      const path = pulumi.all([db, schema]).apply(([d, s]) => specImagePath(d, s, sf.imageRepository.name, mirroredName(source)));
      if (!push) return path;
      const mirrored = new MirroredImage(`${name}-mirror-${key}`, { source, ...registry }, child);
      imagesPushed.push(mirrored);
      return pulumi.interpolate`${path}@${mirrored.digest}`;
    };
    const needsGpu = sfModels.some((m) => instanceFamily(sf.computePools[m.snowflake!.pool].instanceFamily)?.gpu);
    const needsCpu = sfModels.some((m) => !instanceFamily(sf.computePools[m.snowflake!.pool].instanceFamily)?.gpu);
    const vllmGpu = needsGpu ? repoImage(cfg.images.vllm, "vllm") : undefined;
    const vllmCpu = needsCpu ? repoImage(cfg.images.vllmCpu, "vllm-cpu") : undefined;
    let gatewayImage: pulumi.Output<string> | undefined;
    if (sfModels.some((m) => m.snowflake!.function !== false)) {
      if (push) {
        const gw = new GatewayImage(`${name}-gateway`, { ...registry, tag: cfg.images.gatewayTag }, child);
        imagesPushed.push(gw);
        gatewayImage = pulumi.interpolate`${gw.specImage}@${gw.digest}`;
      } else {
        // Where the user pushes it themselves: the same name and default tag the GatewayImage would push.
        gatewayImage = repositoryPath.apply((p) => `${p}/${GATEWAY_IMAGE_NAME}:${cfg.images.gatewayTag ?? GATEWAY_VERSION}`);
      }
    }

    // --- Hugging Face token as a Snowflake secret (gated models).
    let hfTokenSecret: pulumi.Output<string> | undefined;
    if (args.secrets.hfToken) {
      const secret = new snowflake.SecretWithGenericString(
        `${name}-hf-token`,
        { database: db, schema, name: "HF_TOKEN", secretString: args.secrets.hfToken, comment: "llmstack: Hugging Face token" },
        { parent: this, provider: platform.snowflake, dependsOn: access.ready },
      );
      hfTokenSecret = pulumi.all([secret.database, secret.schema, secret.name]).apply(([d, s, n]) => fqn(d, s, n));
    }

    // --- Model services.
    this.serviceNames = {};
    this.functionNames = {};
    this.publicEndpoints = {};
    const integrationsFor = (lists: string[]) => lists.map((l) => egress[l].integrationName);
    const grantsFor = (lists: string[]) => lists.map((l) => egress[l].usageGrant);
    for (const model of sfModels) {
      const placement = model.snowflake!;
      const resolved = resolveModel(model)!;
      const family = instanceFamily(sf.computePools[placement.pool].instanceFamily)!;
      const lists = placement.egress ?? Object.keys(sf.egress);
      const svc = new ModelService(
        `${name}-model-${resolved.k8sName}`,
        {
          model: resolved,
          family,
          computePool: pools[placement.pool].poolName,
          gpus: placement.gpus,
          database: db,
          schema,
          modelImage: (family.gpu ? vllmGpu : vllmCpu)!,
          gatewayImage,
          hfTokenSecret,
          externalAccessIntegrations: integrationsFor(lists),
          minInstances: placement.minInstances,
          maxInstances: placement.maxInstances,
          autoSuspendSecs: placement.autoSuspendSecs,
          publicEndpoint: placement.endpoint.public,
          snapshotWeightsOnDelete: placement.snapshotWeightsOnDelete,
          endpointRoles: placement.endpoint.allowedRoles,
          function: placement.function,
          resources: placement.resources,
          provider: platform,
          dependsOn: [...access.ready, repo, pools[placement.pool].grant, ...grantsFor(lists), ...imagesPushed],
        },
        child,
      );
      this.serviceNames[model.name] = svc.serviceName;
      Object.assign(this.functionNames, svc.functionSignatures);
      if (placement.endpoint.public) this.publicEndpoints[model.name] = svc.ingressUrls;
    }

    // --- Generic services and jobs.
    const specCtx = pulumi.all([db, schema, repositoryPath]).apply(([database, s, repositoryPath]): SpecContext => ({ database, schema: s, repositoryPath }));
    for (const [key, svcCfg] of Object.entries(sf.services)) {
      const svc = new Service(
        `${name}-service-${key.toLowerCase()}`,
        {
          serviceName: key,
          database: db,
          schema,
          computePool: pools[svcCfg.pool].poolName,
          specification: specCtx.apply((c) => genericServiceSpec(svcCfg, c)),
          externalAccessIntegrations: integrationsFor(svcCfg.egress),
          minInstances: svcCfg.minInstances,
          maxInstances: svcCfg.maxInstances,
          autoSuspendSecs: svcCfg.autoSuspendSecs,
          endpointRoles: svcCfg.endpointRoles,
          functions: svcCfg.functions,
          provider: platform,
          dependsOn: [...access.ready, repo, pools[svcCfg.pool].grant, ...grantsFor(svcCfg.egress)],
        },
        child,
      );
      this.serviceNames[key] = svc.serviceName;
      Object.assign(this.functionNames, svc.functionSignatures);
      if (svcCfg.endpoints.some((e) => e.public)) this.publicEndpoints[key] = svc.ingressUrls;
    }
    for (const [key, job] of Object.entries(sf.jobs)) {
      const j = new JobService(
        `${name}-job-${key.toLowerCase()}`,
        {
          jobName: key,
          database: db,
          schema,
          computePool: pools[job.pool].poolName,
          specification: specCtx.apply((c) => jobSpec(job, c)),
          externalAccessIntegrations: integrationsFor(job.egress),
          replicas: job.replicas,
          queryWarehouse: access.warehouseName,
          provider: platform,
          dependsOn: [...access.ready, repo, pools[job.pool].grant, ...grantsFor(job.egress)],
        },
        child,
      );
      this.serviceNames[key] = pulumi.all([db, schema, j.jobName]).apply(([d, s, n]) => fqn(d, s, n));
    }

    this.roleName = access.roleName;
    this.warehouseName = access.warehouseName;
    this.databaseName = db;
    this.schemaName = schema;
    this.registerOutputs({
      roleName: this.roleName,
      repositoryUrl: this.repositoryUrl,
      poolNames: this.poolNames,
      serviceNames: this.serviceNames,
      functionNames: this.functionNames,
      publicEndpoints: this.publicEndpoints,
    });
  }
}
