/**
 * A model served on SPCS: the vLLM server and gateway sidecar as one service, its SQL function
 * (chat completion or embedding) with batch settings matched to the gateway's limits, and who may
 * reach its endpoint.
 */
import * as pulumi from "@pulumi/pulumi";
import type { InstanceFamily } from "../../catalog/instanceFamilies";
import type { ResolvedModel } from "../../config/resolve";
import { modelFunction, type ModelFunctionArgs } from "./modelFunction";
import { modelServiceSpec, MODEL_ENDPOINT } from "./modelSpec";
import type { RoleProviders } from "./providers";
import { Service } from "./service";

export { modelFunction, type ModelFunctionArgs } from "./modelFunction";

export interface ModelServiceArgs {
  model: ResolvedModel;
  /** Instance family of the pool (from the catalog). */
  family: InstanceFamily;
  /** Compute pool name. */
  computePool: pulumi.Input<string>;
  /** GPUs per instance. @default 1 on GPU families, 0 otherwise */
  gpus?: number;
  database: pulumi.Input<string>;
  schema: pulumi.Input<string>;
  /** `/db/schema/repo/image:tag` of vLLM in the account repository. */
  modelImage: pulumi.Input<string>;
  /** `/db/schema/repo/image:tag` of the gateway; needed for the SQL function. */
  gatewayImage?: pulumi.Input<string>;
  /** Fully qualified Snowflake secret with the Hugging Face token. @default none (public models) */
  hfTokenSecret?: pulumi.Input<string>;
  /** Integrations that reach the weights' host. */
  externalAccessIntegrations: pulumi.Input<string>[];
  /** MIN_INSTANCES. @default 1 */
  minInstances?: number;
  /** MAX_INSTANCES. @default minInstances */
  maxInstances?: number;
  /** AUTO_SUSPEND_SECS. @default 1800, or 0 with a public endpoint (see Service) */
  autoSuspendSecs?: number;
  /** Keep a (billed) snapshot of the weight cache when the service is dropped (blockConfig.snapshotOnDelete). @default false */
  snapshotWeightsOnDelete?: boolean;
  /** Expose the OpenAI-compatible endpoint outside Snowflake. @default false */
  publicEndpoint?: boolean;
  /** Roles granted the service role (who may call the endpoint). @default [] */
  endpointRoles?: string[];
  /** The SQL function; false for none. @default {} */
  function?: ModelFunctionArgs | false;
  resources?: { requests?: { cpu?: string | number; memory?: string }; limits?: { cpu?: string | number; memory?: string } };
  provider: RoleProviders;
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class ModelService extends Service {
  /** Endpoint name of the OpenAI-compatible API. */
  static readonly apiEndpoint = MODEL_ENDPOINT;

  constructor(name: string, args: ModelServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const gpus = args.gpus ?? (args.family.gpu ? 1 : 0);
    const fn = args.function === false ? undefined : modelFunction(args.model, args.function ?? {});
    if (fn && !args.gatewayImage) {
      throw new Error(`model ${args.model.config.name}: a SQL function needs the gateway sidecar; pass gatewayImage or set function: false`);
    }
    const specification = pulumi
      .all([args.modelImage, args.gatewayImage, args.hfTokenSecret])
      .apply(([modelImage, gatewayImage, hfTokenSecret]) =>
        modelServiceSpec({
          model: args.model,
          family: args.family,
          gpus,
          modelImage,
          gatewayImage: fn ? gatewayImage : undefined,
          hfTokenSecret,
          publicEndpoint: args.publicEndpoint ?? false,
          snapshotWeightsOnDelete: args.snapshotWeightsOnDelete ?? false,
          resources: args.resources,
        }),
      );
    super(
      name,
      {
        serviceName: `${args.model.sfName}_SERVICE`,
        database: args.database,
        schema: args.schema,
        computePool: args.computePool,
        specification,
        externalAccessIntegrations: args.externalAccessIntegrations,
        minInstances: args.minInstances,
        maxInstances: args.maxInstances,
        autoSuspendSecs: args.autoSuspendSecs,
        endpointRoles: args.endpointRoles,
        functions: fn ? [fn] : [],
        provider: args.provider,
        dependsOn: args.dependsOn,
      },
      opts,
      "llmstack:snowflake:ModelService",
    );
  }
}
